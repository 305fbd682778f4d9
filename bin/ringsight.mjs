#!/usr/bin/env node
// ringsight CLI entry: runs the TypeScript CLI through tsx so `npx ringsight` works straight after `npm ci`.
// A million-claim book needs more heap than node's default (~4 GB here): re-run once with a larger
// limit unless the caller chose one (RINGSIGHT_HEAP_MB, default 8192), and a larger young generation:
// parsing allocates millions of short-lived row arrays, and promoting them costs more than parsing.
// The re-run is tied to this process: signals are passed on, and if this process dies (even by
// SIGKILL) the IPC channel closes and the child stops too, so killing the command kills the work.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { getHeapStatistics } from 'node:v8';

const wantMb = Number(process.env.RINGSIGHT_HEAP_MB ?? 8192);
const haveMb = getHeapStatistics().heap_size_limit / 2 ** 20;
const reexec =
  !process.env.RINGSIGHT_CHILD &&
  haveMb < wantMb * 0.9 &&
  !process.execArgv.some((a) => a.startsWith('--max-old-space-size'));

if (reexec) {
  const child = spawn(
    process.execPath,
    [`--max-old-space-size=${wantMb}`, '--max-semi-space-size=128', ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, RINGSIGHT_CHILD: '1' }
    }
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    process.stderr.write(`ringsight: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
} else {
  if (process.channel) {
    process.channel.unref();
    process.on('disconnect', () => process.exit(137));
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
