/**
 * ringsight/cli/commands/calibrate
 * ================================
 *
 * `ringsight calibrate --input DIR --truth truth.json --out model.json`: fits
 * the signal weights to a labelled book (every ring in truth.json is fraud,
 * every other candidate honest) and writes a versioned scoring model for
 * `detect --model`. The book is read and validated exactly as `detect` reads it.
 */
import { dirname, join, resolve } from 'node:path';
import { calibrate } from '../../engine/calibrate/index.js';
import { CliError, parseFlags, readJsonFlag, requireFlag } from '../args.js';
import { readValidatedBatch } from '../batch.js';
import { writeFileAtomic } from '../output.js';
import { createProgress } from '../progress.js';
import { detectFlags, detectParamsFromFlags } from '../detect-flags.js';

const FLAGS = {
  input: { type: 'string' },
  truth: { type: 'string' },
  out: { type: 'string' },
  ...detectFlags('seed', 'model'),
  'allow-partial': { type: 'boolean' },
  rejects: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' }
} as const;

export const CALIBRATE_USAGE = `ringsight calibrate --input DIR --truth truth.json --out model.json [--model start.json] [--seed N]
                    [--allow-partial] [--rejects FILE] [--quiet]`;

function readTruthRings(path: string): string[][] {
  const doc = readJsonFlag('calibrate', 'truth', path) as { rings?: unknown } | null;
  if (!Array.isArray(doc?.rings))
    throw new CliError(`ringsight calibrate: --truth file "${path}" has no "rings" array`);
  return doc.rings.map((r: unknown, i: number) => {
    const claims = (r as { claims?: unknown })?.claims;
    if (!Array.isArray(claims) || !claims.every((c) => typeof c === 'string')) {
      throw new CliError(
        `ringsight calibrate: --truth file "${path}": rings[${i}].claims must be an array of claim ids`
      );
    }
    return claims as string[];
  });
}

export async function calibrateCommand(args: string[]): Promise<number> {
  const flags = parseFlags('calibrate', args, FLAGS);
  if (flags.help) {
    process.stdout.write(`usage: ${CALIBRATE_USAGE}\n`);
    return 0;
  }
  const input = resolve(requireFlag('calibrate', 'input', flags.input));
  const truthPath = resolve(requireFlag('calibrate', 'truth', flags.truth));
  const out = resolve(requireFlag('calibrate', 'out', flags.out));
  const rings = readTruthRings(truthPath);
  // --model: start from (and regularise towards) an earlier model instead of the built-in weights.
  const params = detectParamsFromFlags('calibrate', { seed: flags.seed, model: flags.model });
  const progress = createProgress({ quiet: flags.quiet });
  const problemsPath = resolve(flags.rejects ?? join(dirname(out), 'rejects.csv'));
  const validation = await readValidatedBatch(
    'calibrate',
    input,
    problemsPath,
    flags['allow-partial'] ?? false,
    progress
  );
  const t0 = performance.now();
  const model = calibrate(
    [{ book: validation.book, labels: rings.map((claims) => ({ claims, fraud: true })), complete: true }],
    { params, source: truthPath }
  );
  progress.stage(
    'calibrate',
    `${model.trainedOn.candidates} candidate rings, ${model.trainedOn.positives} matching labelled rings; model ${model.id}, loss ${model.fit.loss}`,
    performance.now() - t0
  );
  writeFileAtomic(out, JSON.stringify(model, null, 2) + '\n');
  if (!flags.quiet) {
    const lines = Object.entries(model.weights).map(([s, w]) => `  ${s.padEnd(28)} ${w}`);
    process.stderr.write(`weights (points at full strength):\n${lines.join('\n')}\n`);
  }
  return 0;
}
