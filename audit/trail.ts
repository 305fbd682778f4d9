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
 * the same trail), so neither imports the other for it.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
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
  /** HMAC-SHA256 (hex) of the line without this field, under audit.key; absent on entries written before MACs. */
  mac?: string;
}

export interface Anchor {
  seq: number;
  head: string;
  mac: string;
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

const hmac = (key: Buffer, text: string): string => createHmac('sha256', key).update(text, 'utf8').digest('hex');

const sameHex = (a: string, b: string): boolean =>
  a.length === b.length && /^[0-9a-f]*$/.test(a) && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/** An entry's line: its JSON with the MAC last, over the JSON without it. */
function sealLine(entry: AuditEntry, key: Buffer): string {
  const { mac: _drop, ...body } = entry;
  const text = JSON.stringify(body);
  return JSON.stringify({ ...body, mac: hmac(key, text) });
}

/**
 * Checks a whole trail file's text: every line parses, counts up, and names its predecessor's
 * digest; with the key, every MAC matches too (entries from before MACs are accepted only ahead of
 * the first MAC'd one).
 */
export function verifyChain(text: string, key: Buffer | null = null): ChainCheck {
  if (text === '') return { ok: true, lines: 0, head: GENESIS };
  const torn = !text.endsWith('\n');
  const lines = text.split('\n');
  if (!torn) lines.pop();
  let prev = GENESIS;
  // A crash mid-write leaves a last line without its newline: say so, whatever it holds.
  const complete = torn ? lines.length - 1 : lines.length;
  const parsed: Array<Partial<AuditEntry>> = [];
  for (let i = 0; i < complete; i++) {
    const line = lines[i]!;
    let entry: Partial<AuditEntry>;
    try {
      entry = JSON.parse(line) as Partial<AuditEntry>;
    } catch {
      return { ok: false, lines: lines.length, head: prev, brokenAt: i + 1, reason: 'line is not JSON' };
    }
    if (entry.prev !== prev)
      return {
        ok: false,
        lines: lines.length,
        head: prev,
        brokenAt: i + 1,
        reason: 'prev does not match the digest of the line before'
      };
    if (entry.seq !== i + 1)
      return {
        ok: false,
        lines: lines.length,
        head: prev,
        brokenAt: i + 1,
        reason: `seq ${entry.seq} where ${i + 1} was expected`
      };
    parsed.push(entry);
    prev = sha256(line);
  }
  if (torn)
    return {
      ok: false,
      lines: lines.length,
      head: prev,
      brokenAt: lines.length,
      reason: 'last line is incomplete (no newline)'
    };
  if (key) {
    let sealed = false;
    for (let i = 0; i < parsed.length; i++) {
      const entry = parsed[i]!;
      if (typeof entry.mac !== 'string') {
        if (sealed)
          return {
            ok: false,
            lines: lines.length,
            head: prev,
            brokenAt: i + 1,
            reason: "entry has no MAC after MAC'd entries (inserted or rewritten)"
          };
        continue;
      }
      sealed = true;
      const { mac, ...body } = entry;
      if (!sameHex(hmac(key, JSON.stringify(body)), mac)) {
        return {
          ok: false,
          lines: lines.length,
          head: prev,
          brokenAt: i + 1,
          reason: 'MAC does not match: the line was rewritten (or the chain re-hashed) without the key'
        };
      }
    }
  }
  return { ok: true, lines: lines.length, head: prev };
}

export const KEY_FILE = 'audit.key';
export const ANCHOR_FILE = 'audit.anchor';

/** The trail's MAC key: read from `<dataDir>/audit.key`, or created (0600) when the trail has no MAC'd entry yet. */
export async function trailKey(dataDir: string, create: boolean): Promise<Buffer | null> {
  const path = join(dataDir, KEY_FILE);
  if (existsSync(path)) {
    const hex = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new AuditError(`${path} is not a 64-hex-digit key`);
    try {
      chmodSync(path, 0o600);
    } catch {
      /* not ours to fix */
    }
    return Buffer.from(hex, 'hex');
  }
  if (!create) return null;
  const key = randomBytes(32);
  const h = await open(path, 'wx', 0o600);
  await h.writeFile(key.toString('hex') + '\n');
  await h.sync();
  await h.close();
  await syncDir(dataDir);
  return key;
}

const anchorMac = (key: Buffer, seq: number, head: string): string =>
  hmac(key, `ringsight audit anchor\u0000${seq}\u0000${head}`);

export function readAnchor(dataDir: string): Anchor | null {
  const path = join(dataDir, ANCHOR_FILE);
  if (!existsSync(path)) return null;
  try {
    const a = JSON.parse(readFileSync(path, 'utf8')) as Anchor;
    if (Number.isInteger(a.seq) && typeof a.head === 'string' && typeof a.mac === 'string') return a;
  } catch {
    /* reported below */
  }
  return { seq: -1, head: '', mac: '' };
}

async function writeAnchor(dataDir: string, key: Buffer, seq: number, head: string): Promise<void> {
  const path = join(dataDir, ANCHOR_FILE);
  const tmp = `${path}.tmp`;
  const h = await open(tmp, 'w', 0o600);
  await h.writeFile(JSON.stringify({ seq, head, mac: anchorMac(key, seq, head) }) + '\n');
  await h.sync();
  await h.close();
  await rename(tmp, path);
}

/** Whether the trail still reaches its anchor with the anchored line; null when it does. */
export function anchorProblem(
  anchor: Anchor | null,
  key: Buffer | null,
  text: string,
  check: ChainCheck,
  sealed: boolean
): string | null {
  if (anchor === null)
    return sealed ? `${ANCHOR_FILE} is missing although the trail has MAC'd entries (deleted?)` : null;
  if (!key) return `${KEY_FILE} is missing: the anchor and the MACs cannot be checked`;
  if (anchor.seq < 0 || !sameHex(anchorMac(key, anchor.seq, anchor.head), anchor.mac))
    return `${ANCHOR_FILE} is not valid (its MAC does not match)`;
  if (anchor.seq === 0) return null;
  if (check.lines < anchor.seq)
    return `the trail has ${check.lines} entries but was anchored at entry ${anchor.seq}: entries were cut off or the file was replaced`;
  const line = text.split('\n')[anchor.seq - 1] ?? '';
  if (sha256(line) !== anchor.head) return `entry ${anchor.seq} is not the one anchored: the trail was rewritten`;
  return null;
}

export interface TrailReport extends ChainCheck {
  /** Entries carrying a MAC (the rest predate MACs). */
  sealed: number;
  anchor: { seq: number } | null;
}

/** Every check on a data directory's trail, key and anchor, without opening it for writing (the CLI's `audit verify`). */
export async function inspectTrail(dataDir: string): Promise<TrailReport> {
  const path = join(dataDir, 'audit.jsonl');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const hasMacs = text.includes('"mac":"');
  const key = await trailKey(dataDir, false);
  if (hasMacs && !key)
    return {
      ok: false,
      lines: 0,
      head: GENESIS,
      reason: `${KEY_FILE} is missing: the MACs cannot be checked`,
      sealed: 0,
      anchor: null
    };
  const check = verifyChain(text, key);
  const sealed = text === '' ? 0 : text.split('\n').filter((l) => l.includes('"mac":"')).length;
  const anchor = readAnchor(dataDir);
  const out: TrailReport = { ...check, sealed, anchor: anchor ? { seq: anchor.seq } : null };
  if (!check.ok) return out;
  const problem = anchorProblem(anchor, key, text, check, sealed > 0);
  return problem ? { ...out, ok: false, reason: problem } : out;
}

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
        throw new AuditError(
          `${lockPath} is held by process ${pid}: one server per data directory, or the chain would fork`
        );
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
