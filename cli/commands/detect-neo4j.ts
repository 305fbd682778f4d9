/**
 * ringsight/cli/commands/detect-neo4j
 * ===================================
 *
 * `ringsight detect --neo4j [--out rings.json]`: stream the analysis graph
 * out of Neo4j (loaded with `ringsight ingest`), run the same engine as the
 * embedded path, and write the run back — a DetectionRun node and its Ring
 * nodes in one transaction, so a run that fails leaves the previous results
 * intact — then write the run document to --out. Connection from NEO4J_URI,
 * NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE.
 */
import { resolve } from 'node:path';
import { detectRings } from '../../engine/detect/index.js';
import { PROVIDER_KINDS, type ClaimsBook } from '../../engine/model.js';
import { buildRun, type RunInput } from '../../engine/run.js';
import { connectionOptions } from '../../store/neo4j/connection.js';
import { CliError } from '../args.js';
import { writeFileAtomic } from '../output.js';
import { createProgress, formatCount } from '../progress.js';
import { detectHooks, detectParamsFromFlags } from '../detect-flags.js';
import { asCliError, describeTarget, openNeo4jStore } from './ingest.js';

const PROVIDER_TYPES: ReadonlySet<string> = new Set(PROVIDER_KINDS);

/** What the run document says about its input; Neo4j holds links, not the batch files' rows. */
function runInput(source: string, book: ClaimsBook): RunInput {
  let parties = 0;
  let vehicles = 0;
  let providers = 0;
  for (const l of book.links) {
    if (l.type === 'person') parties++;
    else if (l.type === 'vehicle') vehicles++;
    else if (PROVIDER_TYPES.has(l.type)) providers++;
  }
  return {
    source,
    claims: book.claims.length,
    parties,
    vehicles,
    providers,
    watchlist: book.watchlist.length,
    rejectedClaims: 0,
    warnings: 0
  };
}

export async function detectFromNeo4jCommand(flags: Record<string, string | boolean | undefined>): Promise<number> {
  for (const flag of ['input', 'allow-partial', 'rejects']) {
    if (flags[flag] !== undefined) {
      throw new CliError(
        `ringsight detect: --${flag} does not apply with --neo4j, which reads the claims already in Neo4j (load a batch with \`ringsight ingest --input DIR\`)`
      );
    }
  }
  const out = resolve((flags.out as string | undefined) ?? 'rings.json');
  const params = detectParamsFromFlags('detect', flags);
  const progress = createProgress({ quiet: flags.quiet === true });
  const hooks = await detectHooks(flags, params, progress);
  const connection = connectionOptions();
  const startedAt = new Date();

  let t = performance.now();
  const store = await openNeo4jStore('detect', connection);
  progress.stage('connect', `Neo4j at ${describeTarget(connection)}`, performance.now() - t);
  try {
    t = performance.now();
    let book: ClaimsBook;
    try {
      const total = await store.claimCount();
      book = await store.projection({
        asOf: params.asOf ?? null,
        onPage: (p) => progress.bar('reading claims from Neo4j', p.claims, total)
      });
      progress.done();
    } catch (err) {
      throw asCliError('detect', err);
    }
    progress.stage(
      'projection',
      `${formatCount(book.claims.length)} claims, ${formatCount(book.links.length)} links, ` +
        `${formatCount(book.entities.length)} entities, ${formatCount(book.watchlist.length)} watchlist entries`,
      performance.now() - t
    );
    if (book.claims.length === 0)
      throw new CliError(
        `ringsight detect: Neo4j at ${describeTarget(connection)} holds no claims; load a batch with \`ringsight ingest --input DIR\``
      );

    const result = detectRings(book, params, hooks);
    const doc = buildRun(result, runInput(`neo4j ${describeTarget(connection)}`, book), startedAt, new Date());

    t = performance.now();
    try {
      await store.saveRun(doc);
    } catch (err) {
      if ((err as { code?: string }).code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError') {
        throw new CliError(
          `ringsight detect: the run (${formatCount(doc.rings.length)} rings) does not fit in one transaction on Neo4j at ${describeTarget(connection)}; ` +
            'give the server more heap (a transaction may use 70% of it; ~1.5 KB per ring member). The run was not stored; the previous runs are unchanged',
          1
        );
      }
      throw asCliError('detect', err, '; the run was not stored and the previous runs are unchanged');
    }
    progress.stage(
      'write-back',
      `run ${doc.run.id}: ${formatCount(doc.rings.length)} rings stored in Neo4j`,
      performance.now() - t
    );
    writeFileAtomic(out, JSON.stringify(doc, null, 1) + '\n');
    progress.stage(
      'done',
      `${formatCount(result.stats.rings)} rings, ${formatCount(result.stats.flagged)} flagged → ${out}`
    );
    return 0;
  } finally {
    await store.close();
  }
}
