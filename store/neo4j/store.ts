/**
 * ringsight/store/neo4j/store
 * ===========================
 *
 * The Neo4j store: the RingStore contract (store/types.ts) over a Neo4j 5
 * database, so the CLI, the API and monitoring run unchanged on it. Each job
 * lives in its own module — load, projection, neighbourhood, runs — and all
 * Cypher in cypher/*.cypher; this class only wires them to one connection.
 */
import type { Driver } from 'neo4j-driver';
import type { Claim, ClaimsBook, EntityType, WatchEntry } from '../../engine/model.js';
import type { RunDocument } from '../../engine/run.js';
import type { IngestMeta, IngestSummary, Neighbourhood, RingStore, RunSummary, StoreCounts } from '../types.js';
import { connect, connectionOptions, type ConnectionOptions } from './connection.js';
import { Db } from './db.js';
import { loadBook, loadWatchlist, type LoadOptions } from './load.js';
import { ENTITY_LABEL, DESCRIBED_TYPES, LINK_REL } from './model.js';
import { neighbourhood } from './neighbourhood.js';
import { claimFromRow, listWatch, projectBook, type ProjectionOptions } from './projection.js';
import { getRun, latestRun, listRuns, saveRun } from './runs.js';
import { clearGraph, ensureSchema } from './schema.js';

export const DEFAULTS = {
  /** Create constraints and indexes on open (idempotent, quick once they exist). */
  ensureSchema: true,
  /** Default load options for ingest(). */
  load: {} as Partial<LoadOptions>
};

export type Neo4jStoreOptions = typeof DEFAULTS & Partial<ConnectionOptions>;

export class Neo4jStore implements RingStore {
  readonly kind = 'neo4j' as const;

  private constructor(
    readonly db: Db,
    private readonly options: typeof DEFAULTS
  ) {}

  /** Connects (flags over NEO4J_* env over defaults), checks the login, and ensures the schema. */
  static async open(options: Partial<Neo4jStoreOptions> = {}): Promise<Neo4jStore> {
    const { ensureSchema: schema, load, ...connection } = { ...DEFAULTS, ...options };
    const target = connectionOptions(connection);
    const driver = await connect(target);
    const store = new Neo4jStore(new Db(driver, target), { ensureSchema: schema, load });
    try {
      if (schema) await ensureSchema(store.db);
    } catch (err) {
      await driver.close();
      throw err;
    }
    return store;
  }

  get driver(): Driver {
    return this.db.driver;
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.query('ping');
      return true;
    } catch {
      return false;
    }
  }

  async ingest(book: ClaimsBook, meta: IngestMeta, options: Partial<LoadOptions> = {}): Promise<IngestSummary> {
    return loadBook(this.db, book, meta, { ...this.options.load, ...options });
  }

  async projection(options: { asOf?: string | null } & Partial<ProjectionOptions> = {}): Promise<ClaimsBook> {
    return projectBook(this.db, { ...options, asOf: options.asOf ?? null });
  }

  async claims(ids: readonly string[]): Promise<Claim[]> {
    const found = new Map(
      (await this.db.query('claims-by-id', { ids: [...ids] })).map((r) => [r.id as string, claimFromRow(r)])
    );
    return ids.map((id) => found.get(id)).filter((c): c is Claim => c !== undefined);
  }

  async neighbourhood(
    type: EntityType | 'claim',
    key: string,
    hops: number,
    limit: number
  ): Promise<Neighbourhood | null> {
    return neighbourhood(this.db, type, key, hops, limit);
  }

  async listWatch(): Promise<WatchEntry[]> {
    return listWatch(this.db);
  }

  async addWatch(entry: WatchEntry): Promise<void> {
    await loadWatchlist(this.db, [entry], { batchId: 'watchlist-api', loadedAt: new Date().toISOString() });
  }

  async removeWatch(entity: string, key: string): Promise<boolean> {
    const [row] = await this.db.write((tx) => this.db.run(tx, 'watch-remove', { ref: `${entity}:${key}` }));
    return Number(row?.removed ?? 0) > 0;
  }

  async saveRun(doc: RunDocument): Promise<void> {
    await saveRun(this.db, doc);
  }

  async listRuns(): Promise<RunSummary[]> {
    return listRuns(this.db);
  }

  async getRun(id: string): Promise<RunDocument | null> {
    return getRun(this.db, id);
  }

  async latestRun(): Promise<RunDocument | null> {
    return latestRun(this.db);
  }

  async counts(): Promise<StoreCounts> {
    const count = async (name: string, fill: Record<string, string>): Promise<number> =>
      Number((await this.db.query(name, {}, fill))[0]?.n ?? 0);
    let links = 0;
    for (const rel of Object.values(LINK_REL)) links += await count('count-rel', { rel });
    let entities = 0;
    for (const type of DESCRIBED_TYPES) entities += await count('count-described', { label: ENTITY_LABEL[type] });
    return {
      claims: await count('count-label', { label: 'Claim' }),
      links,
      entities,
      watchlist: await count('count-label', { label: 'Watch' }),
      runs: await count('count-label', { label: 'DetectionRun' })
    };
  }

  /** Number of claims, from the count store (instant, unlike counts()). */
  async claimCount(): Promise<number> {
    return Number((await this.db.query('count-label', {}, { label: 'Claim' }))[0]?.n ?? 0);
  }

  /** Deletes everything ringsight stored (tests, `--reset`); other labels in the database are left alone. */
  async clear(): Promise<void> {
    await clearGraph(this.db);
  }

  async close(): Promise<void> {
    await this.db.driver.close();
  }
}
