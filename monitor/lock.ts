/**
 * ringsight/monitor/lock
 * ======================
 *
 * Makes sure two monitoring runs never overlap, whether they come from two
 * schedule ticks in one process or from cron and a server in two processes.
 *
 * - In process: a set of held lock paths, checked synchronously, so two
 *   ticks in the same event loop cannot both get through.
 * - Across processes: a lock file created with O_EXCL holding the owner's
 *   pid, host, process start time and a random token.
 * - Stale recovery: a lock whose process is gone (no such pid, or the pid
 *   now belongs to a process started at another time, or it is our own pid
 *   but not held by us — a container restart reuses pids) is broken. Breaking
 *   goes through a second O_EXCL file and re-reads the token first, so two
 *   processes recovering the same stale lock cannot delete each other's
 *   fresh one.
 * Acquiring never waits: a busy lock is reported, and a schedule tick skips.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface LockOptions {
  /** A lock file that is empty or unparsable (its writer died between create and write) is stale after this. */
  unreadableStaleMs: number;
  /** A lock held longer than this is stale even if its pid looks alive; null never (a run may legitimately be slow). */
  maxAgeMs: number | null;
  /** The breaker file of a process that died while breaking a lock is ignored after this. */
  breakerStaleMs: number;
  /** What the lock is for, shown to whoever finds it busy. */
  purpose: string;
}

export const DEFAULTS: LockOptions = {
  unreadableStaleMs: 10_000,
  maxAgeMs: null,
  breakerStaleMs: 10_000,
  purpose: 'monitor run'
};

export interface LockInfo {
  pid: number;
  host: string;
  /** Start time of the owning process as the kernel reports it (Linux), to tell a reused pid. */
  processStart: string | null;
  startedAt: string;
  token: string;
  purpose: string;
}

export type LockAttempt =
  { acquired: true; lock: RunLock } | { acquired: false; reason: 'in_process' | 'held'; holder: LockInfo | null };

export class LockError extends Error {
  constructor(message: string) {
    super(`ringsight/monitor/lock: ${message}`);
  }
}

const held = new Map<string, string>(); // path → token
let exitHookInstalled = false;

function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; fields after the last ')' are fixed.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): { info: LockInfo | null; mtimeMs: number } | null {
  try {
    const mtimeMs = statSync(path).mtimeMs;
    const text = readFileSync(path, 'utf8');
    try {
      const info = JSON.parse(text) as LockInfo;
      return { info: Number.isInteger(info?.pid) && typeof info.token === 'string' ? info : null, mtimeMs };
    } catch {
      return { info: null, mtimeMs };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Why a lock is stale, or null when its owner may still be running. */
export function staleReason(
  info: LockInfo | null,
  mtimeMs: number,
  options: LockOptions,
  now = Date.now()
): string | null {
  if (!info) return now - mtimeMs > options.unreadableStaleMs ? 'unreadable lock file' : null;
  if (options.maxAgeMs !== null && now - Date.parse(info.startedAt) > options.maxAgeMs) return 'older than maxAgeMs';
  if (info.host !== hostname()) return null; // another machine's pid cannot be checked from here
  if (info.pid === process.pid)
    return [...held.values()].includes(info.token) ? null : 'left by an earlier process with our pid';
  if (!pidAlive(info.pid)) return `process ${info.pid} is gone`;
  const start = processStart(info.pid);
  if (info.processStart && start && start !== info.processStart)
    return `pid ${info.pid} now belongs to another process`;
  return null;
}

function tryCreate(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(info) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function breakStale(path: string, token: string | null, mtimeMs: number, options: LockOptions): void {
  const breaker = `${path}.break`;
  const mine = `${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    const fd = openSync(breaker, 'wx', 0o600);
    try {
      writeSync(fd, mine);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age = Date.now() - (readLock(breaker)?.mtimeMs ?? Date.now());
    if (age > options.breakerStaleMs) rmSync(breaker, { force: true });
    return;
  }
  try {
    // Only delete the lock we judged stale: if someone replaced it meanwhile, leave theirs alone.
    const again = readLock(path);
    if (again && (again.info?.token ?? null) === token && again.mtimeMs === mtimeMs) rmSync(path, { force: true });
  } finally {
    let owner: string | null = null;
    try {
      owner = readFileSync(breaker, 'utf8');
    } catch {
      /* already cleared as stale */
    }
    if (owner === mine) rmSync(breaker, { force: true });
  }
}

export class RunLock {
  private released = false;
  constructor(
    readonly path: string,
    readonly info: LockInfo
  ) {}

  release(): void {
    if (this.released) return;
    this.released = true;
    if (held.get(this.path) === this.info.token) held.delete(this.path);
    const current = readLock(this.path);
    if (current?.info?.token === this.info.token) rmSync(this.path, { force: true });
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A clean exit (or an uncaught error) leaves no lock behind; SIGKILL is what stale recovery is for.
  process.once('exit', () => {
    for (const [path, token] of held) {
      try {
        if (readLock(path)?.info?.token === token) rmSync(path, { force: true });
      } catch {
        /* exiting */
      }
    }
  });
}

/** Takes the lock at `path` now, or reports who holds it. Synchronous, so no tick can slip in between check and take. */
export function acquireLock(path: string, options: Partial<LockOptions> = {}): LockAttempt {
  const opts = { ...DEFAULTS, ...options };
  const full = resolve(path);
  if (held.has(full)) return { acquired: false, reason: 'in_process', holder: readLock(full)?.info ?? null };
  mkdirSync(dirname(full), { recursive: true });
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    processStart: processStart(process.pid),
    startedAt: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
    purpose: opts.purpose
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(full, info)) {
      held.set(full, info.token);
      installExitHook();
      return { acquired: true, lock: new RunLock(full, info) };
    }
    const current = readLock(full);
    if (!current) continue; // released between our create and our read
    if (!staleReason(current.info, current.mtimeMs, opts))
      return { acquired: false, reason: 'held', holder: current.info };
    breakStale(full, current.info?.token ?? null, current.mtimeMs, opts);
  }
  const holder = readLock(full)?.info ?? null;
  if (!holder) throw new LockError(`could not take ${full}: it keeps changing (another process is recovering it)`);
  return { acquired: false, reason: 'held', holder };
}

/** Who holds the lock at `path`, and whether it is stale — for status output. */
export function inspectLock(
  path: string,
  options: Partial<LockOptions> = {}
): { holder: LockInfo | null; stale: string | null } | null {
  const current = readLock(resolve(path));
  if (!current) return null;
  return { holder: current.info, stale: staleReason(current.info, current.mtimeMs, { ...DEFAULTS, ...options }) };
}
