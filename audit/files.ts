/**
 * ringsight/audit/files
 * =====================
 *
 * The file-system care the trail needs to be safe on a crash and against a
 * second writer: a pid lock file (one process per data directory, or the
 * chain would fork; a stale lock from a dead process is taken over) and the
 * directory fsync that makes a newly created file's entry durable.
 */
import { open, readFile, unlink } from 'node:fs/promises';
import { AuditError } from './chain.js';

export async function takeLock(lockPath: string): Promise<void> {
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

export async function syncDir(dir: string): Promise<void> {
  // A new file's directory entry is only durable once the directory itself is synced.
  const h = await open(dir, 'r').catch(() => null);
  if (!h) return;
  await h.sync().catch(() => undefined);
  await h.close();
}
