/**
 * ringsight/cli/commands/detect
 * =============================
 *
 * `ringsight detect --input DIR --out rings.json`: the whole pipeline on the
 * embedded store — read and validate the batch, load it, project it, detect
 * and score rings, write the run document. Progress and problems go to
 * stderr; the exit code is 0 on success, 2 on bad input or usage, 1 on
 * anything else.
 */
import { dirname, join, resolve } from 'node:path';
import { detectRings } from '../../engine/detect/index.js';
import { buildRun } from '../../engine/run.js';
import { EmbeddedStore } from '../../store/embedded.js';
import { parseFlags, requireFlag } from '../args.js';
import { writeFileAtomic } from '../output.js';
import { readValidatedBatch } from '../batch.js';
import { DETECT_FLAGS, detectHooks, detectParamsFromFlags } from '../detect-flags.js';
import { createProgress, formatCount } from '../progress.js';

const FLAGS = {
  input: { type: 'string' },
  out: { type: 'string' },
  ...DETECT_FLAGS,
  'allow-partial': { type: 'boolean' },
  rejects: { type: 'string' },
  neo4j: { type: 'boolean' },
  engine: { type: 'string' },
  master: { type: 'string' },
  'spark-partition': { type: 'string' },
  quiet: { type: 'boolean' }
} as const;

export const DETECT_USAGE = `ringsight detect --input DIR [--out rings.json] [--seed N] [--threshold 50] [--min-score 20]
                 [--resolution 1] [--community louvain|leiden] [--quality modularity|cpm] [--cpm-resolution 0.001]
                 [--as-of YYYY-MM-DD] [--model model.json] [--allow-partial] [--rejects FILE] [--quiet]
                 [--engine embedded|spark] [--master local[2]] [--spark-partition component|global]`;

export async function detectCommand(args: string[]): Promise<number> {
  const flags = parseFlags('detect', args, FLAGS);
  if (flags.neo4j) {
    const { detectFromNeo4jCommand } = await import('./detect-neo4j.js');
    return detectFromNeo4jCommand(flags);
  }
  const input = resolve(requireFlag('detect', 'input', flags.input));
  const out = resolve(flags.out ?? 'rings.json');
  const params = detectParamsFromFlags('detect', flags);
  const progress = createProgress({ quiet: flags.quiet });
  const hooks = await detectHooks(flags, params, progress);
  const startedAt = new Date();

  const problemsPath = flags.rejects ? resolve(flags.rejects) : join(dirname(out), 'rejects.csv');
  const validation = await readValidatedBatch('detect', input, problemsPath, flags['allow-partial'] ?? false, progress);

  const store = new EmbeddedStore();
  const t1 = performance.now();
  const loaded = store.ingestSync(validation.book, { batchId: input, loadedAt: startedAt.toISOString() });
  progress.stage('store', `${formatCount(loaded.added)} claims loaded into the embedded store`, performance.now() - t1);

  const result = detectRings(store.projectionSync(), params, hooks);
  const count = (file: keyof typeof validation.files): number => validation.files[file]?.accepted ?? 0;
  const doc = buildRun(
    result,
    {
      source: input,
      claims: validation.book.claims.length,
      parties: count('parties.csv'),
      vehicles: count('vehicles.csv'),
      providers: count('providers.csv'),
      watchlist: count('watchlist.csv'),
      rejectedClaims: validation.rejectedClaims.length,
      warnings: validation.warnings
    },
    startedAt,
    new Date()
  );
  writeFileAtomic(out, JSON.stringify(doc, null, 1) + '\n');
  progress.done();
  progress.stage(
    'done',
    `${formatCount(result.stats.rings)} rings, ${formatCount(result.stats.flagged)} flagged → ${out}`
  );
  return 0;
}
