import { existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, inspectLock, type LockInfo } from '../../monitor/lock.js';
import { monitorPaths } from '../../monitor/state.js';
import { deadPid, holdInChild } from './child.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'ringsight-lock-'));

function plant(path: string, info: Partial<LockInfo>): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    JSON.stringify({
      pid: 1,
      host: hostname(),
      processStart: null,
      startedAt: new Date().toISOString(),
      token: 'planted',
      purpose: 'test',
      ...info
    })
  );
}

describe('run lock', () => {
  it('is exclusive within a process and released cleanly', () => {
    const path = join(tmp(), 'run.lock');
    const a = acquireLock(path);
    expect(a.acquired).toBe(true);
    const b = acquireLock(path);
    expect(b).toMatchObject({ acquired: false, reason: 'in_process' });
    if (!a.acquired) return;
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      pid: process.pid,
      host: hostname(),
      token: a.lock.info.token
    });
    a.lock.release();
    expect(existsSync(path)).toBe(false);
    const c = acquireLock(path);
    expect(c.acquired).toBe(true);
    if (c.acquired) c.lock.release();
  });

  it('is busy while another live process holds it, and recovered once that process is SIGKILLed', async () => {
    const dir = tmp();
    const marker = join(dir, 'marker');
    const held = await holdInChild(['lock', dir, marker], marker);
    try {
      const busy = acquireLock(monitorPaths(dir).lock);
      expect(busy).toMatchObject({ acquired: false, reason: 'held', holder: { pid: held.pid } });
    } finally {
      await held.kill();
    }
    expect(inspectLock(monitorPaths(dir).lock)?.stale).toBe(`process ${held.pid} is gone`);
    const next = acquireLock(monitorPaths(dir).lock);
    expect(next.acquired).toBe(true);
    if (next.acquired) {
      expect(next.lock.info.pid).toBe(process.pid);
      next.lock.release();
    }
  });

  it('breaks a lock whose pid is dead, or is our own pid but not held by us (a restarted container)', () => {
    for (const pid of [deadPid(), process.pid]) {
      const path = join(tmp(), 'run.lock');
      plant(path, { pid });
      const attempt = acquireLock(path);
      expect(attempt.acquired, `pid ${pid}`).toBe(true);
      if (attempt.acquired) attempt.lock.release();
    }
  });

  it.skipIf(!existsSync('/proc/self/stat'))(
    'breaks a lock whose pid now belongs to a process started at another time',
    () => {
      const path = join(tmp(), 'run.lock');
      plant(path, { pid: process.ppid, processStart: '1' });
      expect(inspectLock(path)?.stale).toMatch(/now belongs to another process/);
    }
  );

  it('waits for an unreadable lock file to age before breaking it (its writer may be mid-write)', () => {
    const path = join(tmp(), 'run.lock');
    writeFileSync(path, '');
    expect(acquireLock(path)).toMatchObject({ acquired: false, reason: 'held', holder: null });
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const attempt = acquireLock(path);
    expect(attempt.acquired).toBe(true);
    if (attempt.acquired) attempt.lock.release();
  });

  it('leaves a live process on another host alone, unless maxAgeMs says it is too old', () => {
    const path = join(tmp(), 'run.lock');
    plant(path, { host: 'elsewhere', startedAt: new Date(Date.now() - 3_600_000).toISOString() });
    expect(acquireLock(path).acquired).toBe(false);
    const attempt = acquireLock(path, { maxAgeMs: 60_000 });
    expect(attempt.acquired).toBe(true);
    if (attempt.acquired) attempt.lock.release();
  });

  it('does not delete a lock it did not take', () => {
    const path = join(tmp(), 'run.lock');
    const a = acquireLock(path);
    if (!a.acquired) throw new Error('not acquired');
    plant(path, { pid: process.ppid, token: 'someone-else' }); // our lock was broken and retaken meanwhile
    a.lock.release();
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe('someone-else');
  });
});
