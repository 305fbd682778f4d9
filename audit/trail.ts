/**
 * ringsight/audit/trail
 * =====================
 *
 * The append-only audit trail: one JSON object per line in
 * `<dataDir>/audit.jsonl`, each carrying `prev`, the SHA-256 (hex) of the
 * previous line's bytes (64 zeros for the first), and `mac`, an HMAC-SHA256
 * of the line without it under a key kept in `<dataDir>/audit.key` (32 random
 * bytes, mode 0600, created with the trail, never logged or served).
 * Editing, inserting or deleting a line breaks the chain at that point;
 * re-hashing the chain after an edit needs the key. Cutting lines off the
 * end, or deleting the file, is caught by the anchor `<dataDir>/audit.anchor`
 * — the last seq and head digest, MAC'd, rewritten (atomically) after every
 * commit: at start the trail must reach the anchor's seq with the anchored
 * line. A trail that fails any check is refused at start (keep it as
 * evidence); `ringsight audit verify --data DIR` runs the same checks offline.
 * Limits: whoever can read audit.key can forge entries and anchors; whoever
 * can delete all three files can start a new, empty trail.
 * Every append is fsync'd before it resolves, and callers await
 * it before disclosing anything: no audit entry, no data.
 *
 * Entries never hold raw identities: targets and refs are masked keys.
 * Without a data directory the trail lives in memory (tests, throw-away runs).
 * It sits below both api/ and reports/ (the server and `ringsight report` write
 * the same trail), so neither imports the other for it. The line format and
 * chain check live in audit/chain.ts, the key and anchor files in
 * audit/anchor.ts, the lock and directory fsync in audit/files.ts; this
 * module re-exports what callers use of them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ANCHOR_FILE, KEY_FILE, anchorProblem, readAnchor, trailKey, writeAnchor } from './anchor.js';
import {
  AuditError,
  GENESIS,
  sealLine,
  sha256,
  verifyChain,
  type AuditEntry,
  type AuditInput,
  type ChainCheck
} from './chain.js';
import { syncDir, takeLock } from './files.js';

export { GENESIS, AuditError, verifyChain, type AuditInput, type AuditEntry, type ChainCheck } from './chain.js';
export {
  KEY_FILE,
  ANCHOR_FILE,
  trailKey,
  readAnchor,
  anchorProblem,
  inspectTrail,
  type Anchor,
  type TrailReport
} from './anchor.js';

export interface AuditQuery {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  limit: number;
  offset: number;
}

interface Pending {
  input: AuditInput;
  resolve: (e: AuditEntry) => void;
  reject: (err: Error) => void;
}

export class AuditTrail {
  private readonly entries: AuditEntry[] = [];
  private head = GENESIS;
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private closed = false;

  private constructor(
    readonly path: string | null,
    private handle: FileHandle | null,
    private readonly lockPath: string | null,
    private readonly key: Buffer,
    private readonly dataDir: string | null
  ) {}

  /** Opens (creating) the trail under `dataDir`, refusing one whose chain is broken or that another process holds. */
  static async open(dataDir: string | null): Promise<AuditTrail> {
    if (dataDir === null) return new AuditTrail(null, null, null, randomBytes(32), null);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const path = join(dataDir, 'audit.jsonl');
    const lockPath = join(dataDir, 'audit.lock');
    await takeLock(lockPath);
    try {
      const existed = existsSync(path);
      const text = existed ? readFileSync(path, 'utf8') : '';
      const hasMacs = text.includes('"mac":"');
      if (hasMacs && !existsSync(join(dataDir, KEY_FILE))) {
        throw new AuditError(
          `${path} has MAC'd entries but ${join(dataDir, KEY_FILE)} is missing: restore the key; ` +
            'without it the trail cannot be verified. Keep the trail as evidence.'
        );
      }
      const key = (await trailKey(dataDir, true))!;
      const check = verifyChain(text, key);
      if (!check.ok) {
        throw new AuditError(
          `${path} fails verification at line ${check.brokenAt} (${check.reason}); ` +
            'it may have been tampered with. Keep it as evidence, move it aside, and start again.'
        );
      }
      const problem = anchorProblem(readAnchor(dataDir), key, text, check, hasMacs);
      if (problem) {
        throw new AuditError(
          `${path} fails verification against ${join(dataDir, ANCHOR_FILE)}: ${problem}; ` +
            'it may have been tampered with. Keep the trail, its key and anchor as evidence, move them aside, and start again.'
        );
      }
      const trail = new AuditTrail(path, await open(path, 'a', 0o600), lockPath, key, dataDir);
      for (const line of text.split('\n')) if (line !== '') trail.entries.push(JSON.parse(line) as AuditEntry);
      trail.head = check.head;
      if (!existed) await syncDir(dataDir);
      return trail;
    } catch (err) {
      await unlink(lockPath).catch(() => undefined);
      throw err;
    }
  }

  get size(): number {
    return this.entries.length;
  }

  get headDigest(): string {
    return this.head;
  }

  /**
   * Appends one entry and resolves once it is on disk. Appends are serialised,
   * so the chain never forks; those arriving while a write is in flight are
   * committed together with one fsync (group commit), so a busy server does
   * not wait on the disk once per request.
   */
  append(input: AuditInput): Promise<AuditEntry> {
    return new Promise<AuditEntry>((resolve, reject) => {
      if (this.closed) return reject(new AuditError('the trail is closed'));
      this.pending.push({ input, resolve, reject });
      this.flushing ??= this.flush().finally(() => {
        this.flushing = null;
      });
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      if (this.failure) {
        for (const p of batch)
          p.reject(new AuditError(`the trail stopped accepting entries after a failed write: ${this.failure.message}`));
        continue;
      }
      const at = new Date().toISOString();
      let head = this.head;
      const entries: AuditEntry[] = [];
      const lines: string[] = [];
      for (const p of batch) {
        const entry: AuditEntry = { seq: this.entries.length + entries.length + 1, at, ...p.input, prev: head };
        const line = sealLine(entry, this.key);
        entry.mac = (JSON.parse(line) as AuditEntry).mac;
        head = sha256(line);
        entries.push(entry);
        lines.push(line);
      }
      try {
        if (this.handle) {
          await this.handle.appendFile(lines.join('\n') + '\n');
          await this.handle.sync();
        }
      } catch (err) {
        // A half-written line would break the chain for every later entry: stop, and let callers fail closed.
        this.failure = err as Error;
        for (const p of batch) p.reject(new AuditError(`cannot write ${this.path}: ${(err as Error).message}`));
        continue;
      }
      this.entries.push(...entries);
      this.head = head;
      // The anchor follows the trail; a failed anchor write leaves an older anchor, which still verifies.
      if (this.dataDir) await writeAnchor(this.dataDir, this.key, this.entries.length, head).catch(() => undefined);
      batch.forEach((p, i) => p.resolve(entries[i]!));
    }
  }

  query(q: AuditQuery): { total: number; items: AuditEntry[] } {
    const inRange = (at: string, bound: string, cmp: 1 | -1): boolean => {
      const stamp = at.slice(0, bound.length);
      return cmp === 1 ? stamp >= bound : stamp <= bound;
    };
    const hits = this.entries.filter(
      (e) =>
        (!q.from || inRange(e.at, q.from, 1)) &&
        (!q.to || inRange(e.at, q.to, -1)) &&
        (!q.actor || e.actor === q.actor) &&
        (!q.action || e.action === q.action || e.action.startsWith(q.action + '.'))
    );
    // Newest first: an auditor starts from what just happened.
    hits.reverse();
    return { total: hits.length, items: hits.slice(q.offset, q.offset + q.limit) };
  }

  /** Re-reads the file and checks the whole chain, and that it ends where this process last wrote. */
  async verify(): Promise<ChainCheck> {
    await this.flushing;
    if (!this.path) return { ok: true, lines: this.entries.length, head: this.head };
    const text = await readFile(this.path, 'utf8');
    const check = verifyChain(text, this.key);
    if (check.ok && (check.head !== this.head || check.lines !== this.entries.length)) {
      return {
        ...check,
        ok: false,
        brokenAt: Math.min(check.lines, this.entries.length) + 1,
        reason: 'the file no longer ends with the last entry written'
      };
    }
    if (check.ok && this.dataDir) {
      const problem = anchorProblem(readAnchor(this.dataDir), this.key, text, check, text.includes('"mac":"'));
      if (problem) return { ...check, ok: false, reason: problem };
    }
    return check;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
    await this.handle?.close();
    this.handle = null;
    if (this.lockPath) await unlink(this.lockPath).catch(() => undefined);
  }
}
