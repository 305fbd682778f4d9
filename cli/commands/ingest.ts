/**
 * ringsight/cli/commands/ingest
 * =============================
 *
 * `ringsight ingest --input DIR`: validate a batch exactly as `detect` does
 * (same reader, same rules, same problem report) and load it into Neo4j in
 * chunked transactions of whole claims. Loading the same batch again changes
 * nothing; a load cut short (server stopped, process killed) leaves only
 * whole claims and is finished by running the same command again.
 * Connection: --uri/--user/--password/--database over NEO4J_URI, NEO4J_USER,
 * NEO4J_PASSWORD, NEO4J_DATABASE. Exit 0 on success, 2 on bad input or
 * usage, 1 when Neo4j cannot be reached or the load fails.
 */
import { basename, resolve } from 'node:path';
import { connectionOptions, Neo4jConnectionError, type ConnectionOptions } from '../../store/neo4j/connection.js';
import { DEFAULTS as LOAD_DEFAULTS } from '../../store/neo4j/load.js';
import { Neo4jStore } from '../../store/neo4j/store.js';
import { CliError, intFlag, parseFlags, requireFlag } from '../args.js';
import { batchFilesDigest, readValidatedBatch } from '../batch.js';
import { createProgress, formatCount } from '../progress.js';

const FLAGS = {
  input: { type: 'string' },
  'batch-size': { type: 'string' },
  'batch-id': { type: 'string' },
  'allow-partial': { type: 'boolean' },
  rejects: { type: 'string' },
  uri: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  database: { type: 'string' },
  quiet: { type: 'boolean' }
} as const;

export const INGEST_USAGE = `ringsight ingest --input DIR [--batch-size ${LOAD_DEFAULTS.batchSize}] [--batch-id ID] [--allow-partial] [--rejects FILE]
                 [--uri bolt://127.0.0.1:7687] [--user neo4j] [--password …] [--database neo4j] [--quiet]`;

/** Opens the Neo4j store, a connection problem becoming one line and exit code 1. */
export async function openNeo4jStore(command: string, connection: ConnectionOptions): Promise<Neo4jStore> {
  try {
    return await Neo4jStore.open(connection);
  } catch (err) {
    throw asCliError(command, err);
  }
}

export function asCliError(command: string, err: unknown, hint = ''): unknown {
  if (err instanceof Neo4jConnectionError)
    return new CliError(`ringsight ${command}: ${err.message.replace(/^ringsight\/[\w-]+: /, '')}${hint}`, 1);
  return err;
}

/** Where a URI points, without any credentials it may carry. */
export function describeTarget(c: ConnectionOptions): string {
  return `${c.uri.replace(/\/\/[^@/]*@/, '//')} (database ${c.database})`;
}

/** The same files give the same id, so loading a batch again is recognisably the same batch. */
export async function batchDigest(dir: string): Promise<string> {
  return `${basename(dir)}@${(await batchFilesDigest(dir)).slice(0, 12)}`;
}

export async function ingestCommand(args: string[]): Promise<number> {
  const flags = parseFlags('ingest', args, FLAGS);
  const input = resolve(requireFlag('ingest', 'input', flags.input));
  const batchSize = intFlag('ingest', 'batch-size', flags['batch-size'], LOAD_DEFAULTS.batchSize, 1);
  const problemsPath = resolve(flags.rejects ?? 'rejects.csv');
  const progress = createProgress({ quiet: flags.quiet });
  const connection = connectionOptions({
    uri: flags.uri,
    user: flags.user,
    password: flags.password,
    database: flags.database
  });
  const loadedAt = new Date().toISOString();

  // Connect before reading: no point validating a million rows for a server that is not there.
  const t0 = performance.now();
  const store = await openNeo4jStore('ingest', connection);
  progress.stage('connect', `Neo4j at ${describeTarget(connection)}`, performance.now() - t0);
  try {
    const validation = await readValidatedBatch(
      'ingest',
      input,
      problemsPath,
      flags['allow-partial'] ?? false,
      progress
    );
    const batchId = flags['batch-id'] ?? (await batchDigest(input));
    const rows = Object.values(validation.files).reduce((sum, f) => sum + (f?.rows ?? 0), 0);
    const total = validation.book.claims.length;
    let loaded = 0;
    const t1 = performance.now();
    let summary;
    try {
      summary = await store.ingest(
        validation.book,
        { batchId, loadedAt },
        {
          batchSize,
          onChunk: (p) => {
            loaded = p.claims;
            progress.bar('loading claims', p.claims, p.total);
          }
        }
      );
    } catch (err) {
      progress.done();
      throw asCliError(
        'ingest',
        err,
        `; at least ${formatCount(loaded)} of ${formatCount(total)} claims were loaded, each whole. ` +
          'Run the same command again to finish: claims already loaded are skipped.'
      );
    }
    const ms = performance.now() - t1;
    progress.done();
    progress.stage(
      'load',
      `${formatCount(summary.added)} claims added, ${formatCount(summary.updated)} updated, ` +
        `${formatCount(summary.unchanged)} unchanged, ${formatCount(summary.watchlist)} watchlist entries ` +
        `(${formatCount(Math.round(rows / (ms / 1000)))} input rows/s)`,
      ms
    );
    progress.stage('done', `batch ${batchId} → Neo4j at ${describeTarget(connection)}`);
    return 0;
  } finally {
    await store.close();
  }
}
