/**
 * ringsight/cli/commands/generate
 * ===============================
 *
 * `ringsight generate --claims N --out DIR [--seed S]`: a synthetic claims
 * world with planted rings, in the batch input format, plus truth.json.
 */
import { resolve } from 'node:path';
import { generate } from '../../datasets/generator/index.js';
import { intFlag, parseFlags, requireFlag } from '../args.js';
import { createProgress, formatCount } from '../progress.js';

const FLAGS = {
  claims: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  quiet: { type: 'boolean' }
} as const;

export const GENERATE_USAGE = 'ringsight generate --claims N --out DIR [--seed 42] [--quiet]';

export async function generateCommand(args: string[]): Promise<number> {
  const flags = parseFlags('generate', args, FLAGS);
  const claims = intFlag('generate', 'claims', requireFlag('generate', 'claims', flags.claims), 0, 1);
  const seed = intFlag('generate', 'seed', flags.seed, 42, 0);
  const out = resolve(requireFlag('generate', 'out', flags.out));
  const progress = createProgress({ quiet: flags.quiet });
  const t0 = performance.now();
  const summary = await generate({ claims, out, seed });
  progress.stage(
    'generate',
    `${formatCount(summary.claims)} claims, ${formatCount(summary.rings)} planted rings, seed ${seed} → ${out}`,
    performance.now() - t0
  );
  return 0;
}
