#!/usr/bin/env node
// ringsight CLI entry: runs the TypeScript CLI through tsx so `npx ringsight` works straight after `npm ci`.
// A million-claim book needs more heap than node's default (~4 GB here): re-run once with a larger
// limit unless the caller chose one (RINGSIGHT_HEAP_MB, default 8192), and a larger young generation:
// parsing allocates millions of short-lived row arrays, and promoting them costs more than parsing.
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';

const wantMb = Number(process.env.RINGSIGHT_HEAP_MB ?? 8192);
const haveMb = getHeapStatistics().heap_size_limit / 2 ** 20;
if (!process.env.RINGSIGHT_CHILD && haveMb < wantMb * 0.9 && !process.execArgv.some((a) => a.startsWith('--max-old-space-size'))) {
  const child = spawnSync(process.execPath, [`--max-old-space-size=${wantMb}`, '--max-semi-space-size=64', ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, RINGSIGHT_CHILD: '1' }
  });
  if (child.error) throw child.error;
  process.exit(child.status ?? (child.signal ? 1 : 0));
}
const { register } = await import('tsx/esm/api');
register();
await import('../cli/main.ts');
