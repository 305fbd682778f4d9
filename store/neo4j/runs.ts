/**
 * ringsight/store/neo4j/runs
 * ==========================
 *
 * Detection runs in Neo4j: a DetectionRun node and one Ring node per ring,
 * linked to the claims they hold and to their member entities, written in
 * ONE transaction — a run that fails part-way is rolled back whole and the
 * previous runs stay as they were. The run header and each ring are also
 * stored as JSON, so getRun returns the very document that was saved.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { EntityType, Ring } from '../../engine/model.js';
import type { RunDocument } from '../../engine/run.js';
import { summariseRun, type RunSummary } from '../types.js';
import type { Db } from './db.js';
import { ENTITY_LABEL } from './model.js';

export const DEFAULTS = {
  /** Rings per statement inside the run's single transaction. */
  ringsPerStatement: 500
};

export class RunStoreError extends Error {
  constructor(message: string) {
    super(`ringsight/neo4j-runs: ${message}`);
  }
}

/**
 * A ring's JSON, gzipped: a 1M-claim run holds ~60 MB of ring JSON, and the whole run must fit in
 * one transaction's memory on the server (dbms.memory.transaction.total.max, 70% of the heap).
 */
function packJson(value: unknown): Int8Array {
  const gz = gzipSync(JSON.stringify(value));
  return new Int8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}

function unpackJson<T>(value: Int8Array | string): T {
  if (typeof value === 'string') return JSON.parse(value) as T;
  return JSON.parse(gunzipSync(Buffer.from(value.buffer, value.byteOffset, value.byteLength)).toString('utf8')) as T;
}

export async function saveRun(db: Db, doc: RunDocument, options: Partial<typeof DEFAULTS> = {}): Promise<void> {
  const o = { ...DEFAULTS, ...options };
  const summary = summariseRun(doc);
  const runId = doc.run.id;
  const ringRows = doc.rings.map((ring, rank) => ({
    id: ring.id,
    rank,
    score: ring.score,
    flagged: ring.flagged,
    category: ring.category,
    claims: ring.claims.length,
    json: packJson(ring),
    claimIds: ring.claims
  }));
  const members = new Map<EntityType, Array<[string, string, string[], boolean]>>();
  for (const ring of doc.rings) {
    // Organisers are named by person key.
    const organisers = new Set(ring.organisers);
    for (const m of ring.members) {
      let rows = members.get(m.type);
      if (!rows) members.set(m.type, (rows = []));
      rows.push([`${runId}/${ring.id}`, m.key, m.roles, m.type === 'person' && organisers.has(m.key)]);
    }
  }
  await db.write(async (tx) => {
    await db.run(tx, 'run-delete', { id: runId });
    await db.run(tx, 'run-create', { run: summary, header: JSON.stringify(doc.run) });
    for (let i = 0; i < ringRows.length; i += o.ringsPerStatement) {
      await db.run(tx, 'ring-create', { run: runId, rows: ringRows.slice(i, i + o.ringsPerStatement) });
    }
    for (const [type, rows] of members) {
      const label = ENTITY_LABEL[type];
      if (!label) throw new RunStoreError(`ring member of unknown entity type "${type}"`);
      for (let i = 0; i < rows.length; i += o.ringsPerStatement * 10) {
        await db.run(tx, 'ring-members', { rows: rows.slice(i, i + o.ringsPerStatement * 10) }, { label });
      }
    }
  });
}

export async function listRuns(db: Db): Promise<RunSummary[]> {
  return (await db.query('runs-list')).map((r) => ({
    id: r.id as string,
    startedAt: r.startedAt as string,
    finishedAt: r.finishedAt as string,
    rings: r.rings as number,
    flagged: r.flagged as number,
    claims: r.claims as number
  }));
}

export async function getRun(db: Db, id: string): Promise<RunDocument | null> {
  const [row] = await db.query('run-get', { id });
  if (!row) return null;
  const rings = (row.rings as Array<[number, Int8Array]>)
    .sort((a, b) => a[0] - b[0])
    .map(([, json]) => unpackJson<Ring>(json));
  return { run: JSON.parse(row.header as string) as RunDocument['run'], rings };
}

export async function latestRun(db: Db): Promise<RunDocument | null> {
  const [row] = await db.query('run-latest');
  return row ? getRun(db, row.id as string) : null;
}
