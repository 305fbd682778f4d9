/**
 * ringsight/api/data/audit-trail
 * ==============================
 *
 * The append-only audit trail: one JSON object per line in
 * `<dataDir>/audit.jsonl`, each carrying `prev`, the SHA-256 (hex) of the
 * previous line's bytes (64 zeros for the first). Editing, inserting or
 * deleting a line breaks the chain at that point; cutting lines off the end
 * does not, which is why the head digest is reported so operators can anchor
 * it elsewhere. Every append is fsync'd before it resolves, and callers await
 * it before disclosing anything: no audit entry, no data.
 *
 * Entries never hold raw identities: targets and refs are masked keys.
 * Without a data directory the trail lives in memory (tests, throw-away runs).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export const GENESIS = '0'.repeat(64);

export interface AuditInput {
  actor: string;
  role: string;
  insurer: string | null;
  action: string;
  target: string;
  caseReference: string | null;
  details: Record<string, unknown>;
  request: { id: string; method: string; route: string; ip: string } | null;
}

export interface AuditEntry extends AuditInput {
  seq: number;
  at: string;
  prev: string;
}

export interface ChainCheck {
  ok: boolean;
  lines: number;
  head: string;
  /** 1-based line where the chain first breaks. */
  brokenAt?: number;
  reason?: string;
}

export class AuditError extends Error {
  constructor(message: string) {
    super(`ringsight/api/audit: ${message}`);
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Checks a whole trail file's text: every line parses, counts up, and names its predecessor's digest. */
export function verifyChain(text: string): ChainCheck {
  if (text === '') return { ok: true, lines: 0, head: GENESIS };
  const torn = !text.endsWith('\n');
  const lines = text.split('\n');
  if (!torn) lines.pop();
  let prev = GENESIS;
  // A crash mid-write leaves a last line without its newline: say so, whatever it holds.
  const complete = torn ? lines.length - 1 : lines.length;
  for (let i = 0; i < complete; i++) {
    const line = lines[i]!;
    let entry: Partial<AuditEntry>;
    try {
      entry = JSON.parse(line) as Partial<AuditEntry>;
    } catch {
      return { ok: false, lines: lines.length, head: prev, brokenAt: i + 1, reason: 'line is not JSON' };
    }
    if (entry.prev !== prev) return { ok: false, lines: lines.length, head: prev, brokenAt: i + 1, reason: 'prev does not match the digest of the line before' };
    if (entry.seq !== i + 1) return { ok: false, lines: lines.length, head: prev, brokenAt: i + 1, reason: `seq ${entry.seq} where ${i + 1} was expected` };
    prev = sha256(line);
  }
  if (torn) return { ok: false, lines: lines.length, head: prev, brokenAt: lines.length, reason: 'last line is incomplete (no newline)' };
  return { ok: true, lines: lines.length, head: prev };
}

export interface AuditQuery {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  limit: number;
  offset: number;
}

interface Pending { input: AuditInput; resolve: (e: AuditEntry) => void; reject: (err: Error) => void }

export class AuditTrail {
  private readonly entries: AuditEntry[] = [];
  private head = GENESIS;
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private closed = false;

  private constructor(readonly path: string | null, private handle: FileHandle | null, private readonly lockPath: string | null) {}

  /** Opens (creating) the trail under `dataDir`, refusing one whose chain is broken or that another process holds. */
  static async open(dataDir: string | null): Promise<AuditTrail> {
    if (dataDir === null) return new AuditTrail(null, null, null);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const path = join(dataDir, 'audit.jsonl');
    const lockPath = join(dataDir, 'audit.lock');
    await takeLock(lockPath);
    try {
      const existed = existsSync(path);
      const text = existed ? readFileSync(path, 'utf8') : '';
      const check = verifyChain(text);
      if (!check.ok) {
        throw new AuditError(`${path} fails verification at line ${check.brokenAt} (${check.reason}); ` +
          'it may have been tampered with. Keep it as evidence, move it aside, and start again.');
      }
      const trail = new AuditTrail(path, await open(path, 'a', 0o600), lockPath);
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
      this.flushing ??= this.flush().finally(() => { this.flushing = null; });
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      if (this.failure) {
        for (const p of batch) p.reject(new AuditError(`the trail stopped accepting entries after a failed write: ${this.failure.message}`));
        continue;
      }
      const at = new Date().toISOString();
      let head = this.head;
      const entries: AuditEntry[] = [];
      const lines: string[] = [];
      for (const p of batch) {
        const entry: AuditEntry = { seq: this.entries.length + entries.length + 1, at, ...p.input, prev: head };
        const line = JSON.stringify(entry);
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
      batch.forEach((p, i) => p.resolve(entries[i]!));
    }
  }

  query(q: AuditQuery): { total: number; items: AuditEntry[] } {
    const inRange = (at: string, bound: string, cmp: 1 | -1): boolean => {
      const stamp = at.slice(0, bound.length);
      return cmp === 1 ? stamp >= bound : stamp <= bound;
    };
    const hits = this.entries.filter((e) =>
      (!q.from || inRange(e.at, q.from, 1)) && (!q.to || inRange(e.at, q.to, -1)) &&
      (!q.actor || e.actor === q.actor) && (!q.action || e.action === q.action || e.action.startsWith(q.action + '.')));
    // Newest first: an auditor starts from what just happened.
    hits.reverse();
    return { total: hits.length, items: hits.slice(q.offset, q.offset + q.limit) };
  }

  /** Re-reads the file and checks the whole chain, and that it ends where this process last wrote. */
  async verify(): Promise<ChainCheck> {
    await this.flushing;
    if (!this.path) return { ok: true, lines: this.entries.length, head: this.head };
    const check = verifyChain(await readFile(this.path, 'utf8'));
    if (check.ok && (check.head !== this.head || check.lines !== this.entries.length)) {
      return { ...check, ok: false, brokenAt: Math.min(check.lines, this.entries.length) + 1, reason: 'the file no longer ends with the last entry written' };
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

async function takeLock(lockPath: string): Promise<void> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const h = await open(lockPath, 'wx', 0o600);
      await h.write(String(process.pid));
      await h.close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new AuditError(`${lockPath} is held by process ${pid}: one server per data directory, or the chain would fork`);
      }
      await unlink(lockPath).catch(() => undefined); // stale: its process is gone
    }
  }
  throw new AuditError(`cannot take ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function syncDir(dir: string): Promise<void> {
  // A new file's directory entry is only durable once the directory itself is synced.
  const h = await open(dir, 'r').catch(() => null);
  if (!h) return;
  await h.sync().catch(() => undefined);
  await h.close();
}
