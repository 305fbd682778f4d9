/**
 * ringsight/datasets/worlds/cli
 * =============================
 *
 * Writes one world from the command line:
 *   node --import tsx datasets/worlds/cli.ts --profile flood-year --seed 7 [--claims 25000] --out DIR
 *   node --import tsx datasets/worlds/cli.ts --list
 */
import { parseArgs } from 'node:util';
import { generateWorld, PROFILES } from './index.js';

const { values } = parseArgs({
  options: {
    profile: { type: 'string' },
    seed: { type: 'string' },
    claims: { type: 'string' },
    out: { type: 'string' },
    list: { type: 'boolean' }
  }
});

if (values.list) {
  for (const p of PROFILES) process.stdout.write(`${p.name}${p.heldOut ? ' (held out)' : ''}: ${p.description}\n`);
} else {
  if (!values.out) throw new Error('ringsight/worlds: --out DIR is required (or --list)');
  const t0 = performance.now();
  const r = generateWorld({
    out: values.out,
    ...(values.profile ? { profile: values.profile } : {}),
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    ...(values.claims ? { claims: Number(values.claims) } : {})
  });
  process.stdout.write(
    `${r.truth.profile} seed ${r.truth.seed}: ${r.truth.claims} claims, ${r.rings} rings (${r.ringClaims} ring claims) → ${r.out} in ${Math.round(performance.now() - t0)} ms\n`
  );
}
