/**
 * ringsight/cli/commands/evaluate
 * ===============================
 *
 * `ringsight evaluate --truth truth.json --rings rings.json [--json]`: ring
 * recall, flag precision and claim-level precision/recall against ground truth.
 */
import { evaluate } from '../../engine/evaluate.js';
import { CliError, numberFlag, parseFlags, readJsonFlag, requireFlag } from '../args.js';

const FLAGS = {
  truth: { type: 'string' },
  rings: { type: 'string' },
  'match-f1': { type: 'string' },
  json: { type: 'boolean' }
} as const;

export const EVALUATE_USAGE = 'ringsight evaluate --truth truth.json --rings rings.json [--match-f1 0.5] [--json]';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export async function evaluateCommand(args: string[]): Promise<number> {
  const flags = parseFlags('evaluate', args, FLAGS);
  const truth = readJsonFlag('evaluate', 'truth', requireFlag('evaluate', 'truth', flags.truth)) as { rings: [] };
  const rings = readJsonFlag('evaluate', 'rings', requireFlag('evaluate', 'rings', flags.rings)) as { rings: [] };
  const matchF1 = numberFlag('evaluate', 'match-f1', flags['match-f1']) ?? 0.5;
  let result;
  try {
    result = evaluate(truth, rings?.rings, { matchF1 });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (flags.json) {
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return 0;
  }
  const lines = [
    `planted rings      ${result.planted}`,
    `flagged rings      ${result.flagged}`,
    `ring recall        ${pct(result.ringRecall)}  (${result.found}/${result.planted} planted rings matched by a flagged ring with F1 ≥ ${matchF1})`,
    `flag precision     ${pct(result.flagPrecision)}  (${result.real}/${result.flagged} flagged rings match a planted ring)`,
    `claim precision    ${pct(result.claimPrecision)}`,
    `claim recall       ${pct(result.claimRecall)}`,
    `category accuracy  ${pct(result.categoryAccuracy)}  (of matched rings)`,
    'by category:',
    ...Object.entries(result.byCategory)
      .sort()
      .map(([cat, c]) => `  ${cat.padEnd(18)} ${c.found}/${c.planted}  ${pct(c.recall)}`)
  ];
  if (result.missed.length > 0)
    lines.push(
      `missed: ${result.missed.map((m) => `${m.id} (${m.category}, ${m.claims} claims, best F1 ${m.bestF1})`).join('; ')}`
    );
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
