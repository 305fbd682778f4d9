/**
 * ringsight/monitor/fs
 * ====================
 *
 * The file primitives monitoring's crash safety rests on: a JSON write that
 * is all-or-nothing (temporary file, fsync, rename, fsync of the directory),
 * a JSON read that tells "missing" from "corrupt", and a one-line append for
 * the review log.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

export class StateFileError extends Error {
  constructor(message: string) {
    super(`ringsight/monitor/fs: ${message}`);
  }
}

function fsyncDir(dir: string): void {
  // Makes the rename itself durable; some platforms refuse to open a directory, which only costs durability there.
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

export function writeFileAtomic(path: string, content: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  // pid plus random: two writers (a run and a crashed run's leftover) never share a temp name.
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dir);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value) + '\n');
}

/** The parsed file, or null when it does not exist; a file that is there but unreadable is an error, never "empty". */
export function readJson<T>(path: string): T | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new StateFileError(
      `${path} is not valid JSON (${(err as Error).message}); it was not written by ringsight or was damaged`
    );
  }
}

/** Appends one line in a single write, so concurrent appenders never interleave within a line. */
export function appendLine(path: string, line: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a', 0o600);
  try {
    writeSync(fd, line.endsWith('\n') ? line : line + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Lines of a JSON-lines file; a torn last line (a crash mid-append) is skipped rather than failing every reader. */
export function readJsonLines<T>(path: string): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      /* torn line */
    }
  }
  return out;
}
