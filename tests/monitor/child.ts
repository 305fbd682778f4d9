/**
 * Test helper: runs tests/monitor/fixtures/hold.ts in a child node process
 * (through tsx, in-process, so the child's pid is the lock owner's) and
 * waits until it has reached its hold point.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const fixture = resolve(import.meta.dirname, 'fixtures/hold.ts');

export interface Held {
  child: ChildProcess;
  pid: number;
  kill(): Promise<void>;
}

export async function holdInChild(args: string[], marker: string, timeoutMs = 60_000): Promise<Held> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const started = Date.now();
  while (!existsSync(marker) || readFileSync(marker, 'utf8') === '') {
    if (child.exitCode !== null) throw new Error(`fixture exited early (${child.exitCode}): ${stderr}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`fixture did not reach its hold point: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const text = readFileSync(marker, 'utf8');
  if (!/^\d+$/.test(text)) throw new Error(`fixture says "${text}"`);
  return {
    child,
    pid: Number(text),
    async kill() {
      child.kill('SIGKILL');
      await exited;
    }
  };
}

/** A pid that surely belongs to no process: one that has just exited. */
export function deadPid(): number {
  const res = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(res.stdout);
}
