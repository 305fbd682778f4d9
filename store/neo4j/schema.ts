/**
 * ringsight/store/neo4j/schema
 * ============================
 *
 * Creates the constraints and indexes of cypher/schema.cypher (idempotent)
 * and waits for them to come online, brings a store written by an older
 * ringsight up to date, and clears ringsight's part of a database. Clearing
 * touches only ringsight's labels, so other data in the same database (e.g.
 * the server smoke test's nodes) is left alone.
 *
 * The store has no schema version: each change of the model is a step that
 * finds what it has to change by itself and costs a count-store lookup once
 * done, so opening any store, old or new, runs every step safely.
 */
import { int, type Db } from './db.js';
import { LABELS, RETIRED } from './model.js';

export const DEFAULTS = {
  /** Nodes deleted per transaction when clearing: bounded memory on the server. */
  clearBatch: 10_000,
  /** Seconds to wait for new indexes to come online. */
  indexWaitSeconds: 300
};

export class SchemaError extends Error {
  constructor(message: string) {
    super(`ringsight/neo4j-schema: ${message}`);
  }
}

export async function ensureSchema(db: Db, options: Partial<typeof DEFAULTS> = {}): Promise<void> {
  const o = { ...DEFAULTS, ...options };
  const session = db.driver.session({ database: db.target.database });
  try {
    // Schema statements cannot share a transaction with anything else: each runs on its own.
    for (const statement of db.cypher.statements('schema')) {
      try {
        await session.run(statement);
      } catch (err) {
        // Two processes creating the same constraint at once: the loser sees it already exists, which is fine.
        if ((err as { code?: string }).code !== 'Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists') throw err;
      }
    }
    await session.run('CALL db.awaitIndexes($seconds)', { seconds: int(o.indexWaitSeconds) });
  } catch (err) {
    throw new SchemaError(`could not create constraints and indexes: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await session.close();
  }
  await retireInsurerRegionNodes(db, o.clearBatch);
}

/**
 * Stores written before the claim's insurer and region became indexed properties link every claim
 * to an Insurer and a Region node. The claims already carry both as properties, so the links and
 * nodes are deleted, in bounded transactions; once gone this is two count-store lookups.
 */
export async function retireInsurerRegionNodes(db: Db, batch = DEFAULTS.clearBatch): Promise<void> {
  const count = async (name: string, fill: Record<string, string>): Promise<number> =>
    Number((await db.query(name, {}, fill))[0]?.n ?? 0);
  for (const rel of RETIRED.rels) {
    if ((await count('count-rel', { rel })) === 0) continue;
    for (;;) {
      const [row] = await db.write((tx) => db.run(tx, 'delete-rels', { limit: int(batch) }, { rel }));
      if (Number(row?.deleted ?? 0) === 0) break;
    }
  }
  for (const label of RETIRED.labels) {
    if ((await count('count-label', { label })) === 0) continue;
    for (;;) {
      const [row] = await db.write((tx) => db.run(tx, 'clear-label', { limit: int(batch) }, { label }));
      if (Number(row?.deleted ?? 0) === 0) break;
    }
  }
}

/** Claims first: deleting them first leaves entity nodes without relationships, cheap to delete. */
const CLEAR_ORDER = [
  'Ring',
  'DetectionRun',
  'Claim',
  ...LABELS.filter((l) => !['Ring', 'DetectionRun', 'Claim'].includes(l))
];

/** Deletes every ringsight node and relationship, in bounded transactions. */
export async function clearGraph(db: Db, options: Partial<typeof DEFAULTS> = {}): Promise<void> {
  const o = { ...DEFAULTS, ...options };
  for (const label of CLEAR_ORDER) {
    for (;;) {
      const [row] = await db.write((tx) => db.run(tx, 'clear-label', { limit: int(o.clearBatch) }, { label }));
      if (Number(row?.deleted ?? 0) === 0) break;
    }
  }
}
