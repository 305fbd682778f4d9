/**
 * ringsight/cli/commands/export
 * =============================
 *
 * `ringsight export --parquet --input DIR --out DIR`: the identity-link
 * projection of a batch as Parquet, for engines outside this process (the
 * Spark job in spark/). One row per claim and identity it carries — `order`
 * (the row's place: claims ascending, each claim's entities in index order,
 * the order the TypeScript engine adds edges in), `claim` and `entity` (the
 * claims index's integers), `type` (person | phone | bank_account | vehicle).
 * Keys, names and amounts are not exported: the file carries no personal data,
 * only the graph's shape, and indices map back through the same book.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { bookAsOf } from '../../engine/detect/index.js';
import { claimEntities, indexBook, type ClaimsIndex } from '../../engine/graph/claims-index.js';
import { isIdentity } from '../../engine/graph/community-graph.js';
import { normaliseDate } from '../../engine/normalise/index.js';
import { CliError, parseFlags, requireFlag } from '../args.js';
import { readValidatedBatch } from '../batch.js';
import { createProgress, formatCount } from '../progress.js';

const MODULE = 'ringsight/cli/export';

const FLAGS = {
  input: { type: 'string' },
  out: { type: 'string' },
  parquet: { type: 'boolean' },
  'as-of': { type: 'string' },
  'allow-partial': { type: 'boolean' },
  rejects: { type: 'string' },
  quiet: { type: 'boolean' }
} as const;

export const EXPORT_USAGE =
  'ringsight export --parquet --input DIR --out DIR [--as-of YYYY-MM-DD] [--allow-partial] [--rejects FILE] [--quiet]';

export const LINKS_FILE = 'links.parquet';

/** Writes the identity links of `index` to `file`; returns the number of rows. */
export function writeLinksParquet(index: ClaimsIndex, file: string): number {
  const order: number[] = [],
    claim: number[] = [],
    entity: number[] = [],
    type: string[] = [];
  for (let c = 0; c < index.claims.length; c++) {
    for (const e of claimEntities(index, c)) {
      const t = index.entityType[e]!;
      if (!isIdentity(t)) continue;
      order.push(order.length);
      claim.push(c);
      entity.push(e);
      type.push(t);
    }
  }
  if (order.length > 2 ** 31 - 1) throw new Error(`${MODULE}: ${order.length} links do not fit the INT32 order column`);
  mkdirSync(dirname(file), { recursive: true });
  parquetWriteFile({
    filename: file,
    columnData: [
      { name: 'order', data: order, type: 'INT32', nullable: false },
      { name: 'claim', data: claim, type: 'INT32', nullable: false },
      { name: 'entity', data: entity, type: 'INT32', nullable: false },
      { name: 'type', data: type, type: 'STRING', nullable: false }
    ],
    createdBy: 'ringsight export'
  });
  return order.length;
}

export async function exportCommand(args: string[]): Promise<number> {
  const flags = parseFlags('export', args, FLAGS);
  if (!flags.parquet)
    throw new CliError(`ringsight export: say the format: --parquet (the only one so far)\nusage: ${EXPORT_USAGE}`);
  const input = resolve(requireFlag('export', 'input', flags.input));
  const out = resolve(requireFlag('export', 'out', flags.out));
  const asOf = flags['as-of'] ?? null;
  if (asOf !== null && !normaliseDate(asOf).ok)
    throw new CliError(`ringsight export: --as-of must be a date YYYY-MM-DD, got "${asOf}"`);
  const progress = createProgress({ quiet: flags.quiet });
  const problemsPath = flags.rejects ? resolve(flags.rejects) : join(out, 'rejects.csv');
  const validation = await readValidatedBatch('export', input, problemsPath, flags['allow-partial'] ?? false, progress);
  const t = performance.now();
  const index = indexBook(bookAsOf(validation.book, asOf));
  const file = join(out, LINKS_FILE);
  const rows = writeLinksParquet(index, file);
  progress.done();
  progress.stage(
    'export',
    `${formatCount(rows)} identity links of ${formatCount(index.claims.length)} claims → ${file}`,
    performance.now() - t
  );
  return 0;
}
