/**
 * A cross-process lock for test files that write ringsight data into the
 * shared test Neo4j. Vitest runs files in parallel forks against ONE server
 * (Community edition: one user database), and store suites clear and count
 * the whole ringsight graph, so two such files must never overlap: each takes
 * this lock in beforeAll and releases it in afterAll. A lock left by a dead
 * process is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for the lock of the server at `uri`; returns the release function. */
export async function lockNeo4j(uri: string, timeoutMs = 600_000): Promise<() => void> {
  const dir = join(tmpdir(), `ringsight-neo4j-test-${uri.replace(/[^a-z0-9]+/gi, '_')}.lock`);
  const owner = join(dir, 'pid');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(owner, String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let pid = 0;
    try {
      pid = Number(readFileSync(owner, 'utf8'));
    } catch {
      /* being created or removed right now */
    }
    if (pid > 0 && !alive(pid)) rmSync(dir, { recursive: true, force: true });
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for the test lock on ${uri} (held by pid ${pid})`);
    await sleep(200);
  }
}
