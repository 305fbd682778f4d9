/**
 * ringsight/store/neo4j/load
 * ==========================
 *
 * Loads a validated claims book into Neo4j in chunks of whole claims, one
 * write transaction per chunk (a few `UNWIND $rows … MERGE` statements).
 *
 * Chunks run side by side, and two chunks that MERGE the same new entity
 * serialise on its key lock. So the nodes chunks in flight would share —
 * entities that claims of nearby chunks link to
 * (load-plan.ts) — are merged first, a segment at a time, each key in exactly
 * one transaction, and the chunks only find them. The next segment's merge
 * runs while this segment loads, so the client plans while the server writes.
 *
 * Whole claims, because a claim's node and relationships commit together: a
 * failure never leaves half a claim (entity nodes no claim links to yet may
 * remain; the rerun reuses them). Fingerprints (a claim's fields and links),
 * because a claim stored with the same one is skipped: a reload is a no-op and
 * rerunning an interrupted load finishes it; a changed claim swaps its old
 * relationships for the new ones in one transaction.
 */
import { createHash } from 'node:crypto';
import type { Claim, ClaimsBook, EntityType, Link, WatchEntry } from '../../engine/model.js';
import type { IngestMeta, IngestSummary } from '../types.js';
import type { Db } from './db.js';
import { encodeLinks } from './chunk-links.js';
import { LoadPlan, TYPE_INDEX, type EntityRow } from './load-plan.js';
import { ENTITY_LABEL, ENTITY_TYPES } from './model.js';

export interface ChunkProgress {
  chunk: number;
  chunks: number;
  claims: number;
  total: number;
  ms: number;
}

export const DEFAULTS = {
  /** Claims per transaction. */
  batchSize: 1000,
  /** Chunk transactions in flight at once (1: strictly one after the other). */
  concurrency: 2,
  /** Entity descriptions and watchlist entries per transaction when written on their own. */
  sideBatchSize: 10_000,
  /** Called after each committed chunk. */
  onChunk: null as ((progress: ChunkProgress) => void) | null,
  /**
   * Called inside each chunk's transaction after its writes, before the commit; a throw rolls the
   * chunk back. For tests that must interrupt a load at a precise point; never set in production.
   */
  faultHook: null as ((chunk: number) => void | Promise<void>) | null
};

export type LoadOptions = typeof DEFAULTS;

export class LoadError extends Error {
  constructor(message: string) {
    super(`ringsight/neo4j-load: ${message}`);
  }
}

const CLAIM_FIELDS = [
  'insurer',
  'policyNo',
  'product',
  'region',
  'accidentDate',
  'reportDate',
  'policyStart',
  'claimed',
  'paid',
  'status'
] as const;
const WATCH_FIELDS = ['entity', 'key', 'reason', 'listedBy', 'listedAt', 'expiresAt'] as const;

/**
 * Same claim and same links (in any order) ⇔ same fingerprint: 80 bits of a SHA-1, as 20 hex digits.
 * That short it is stored inline in the claim's property record (Neo4j packs a lowercase-hex string
 * at 4 bits a character); the full base64 digest took a string-store record per claim. 80 bits only
 * ever compare one claim's stored version with its incoming one, so a collision is out of reach.
 */
export function claimFingerprint(claim: Claim, links: readonly Link[]): string {
  const parts = links.map((l) => `${l.type}|${l.key}|${l.role}|${l.person ?? ''}`).sort();
  const fields = [claim.id, ...CLAIM_FIELDS.map((f) => claim[f])];
  return createHash('sha1')
    .update(JSON.stringify(fields))
    .update('\n')
    .update(parts.join('\n'))
    .digest('hex')
    .slice(0, 20);
}

function watchFingerprint(w: WatchEntry): string {
  return JSON.stringify(WATCH_FIELDS.map((f) => w[f] ?? null));
}

interface DescribeRow {
  key: string;
  name: string | null;
  region: string | null;
  insurer: string | null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

type Tally = Omit<IngestSummary, 'watchlist'>;
type Base = { batch: string; loadedAt: string };

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Positions in a chunk's list of distinct keys, in key order (the order locks are taken in). */
function indexed<V>(rows: Map<string, V>): { rows: V[]; at: Map<string, number> } {
  const keys = [...rows.keys()].sort(byKey);
  return { rows: keys.map((k) => rows.get(k)!), at: new Map(keys.map((k, i) => [k, i])) };
}

/** Thrown inside a chunk's transaction (so it rolls back) when another load wrote some of its claims meanwhile. */
class ClaimRace extends Error {
  constructor(readonly claims: number) {
    super(`ringsight/neo4j-load: ${claims} claims were written by another load during this chunk`);
  }
}

/** How many times a chunk is rolled back and run again because another load wrote its claims meanwhile. */
const RACE_ATTEMPTS = 5;

/**
 * A chunk, run again while another load (the same batch ingested twice at once, say) writes some of
 * its claims between its fingerprint check and its writes: each attempt reads the fingerprints
 * afresh, so a claim the other load stored the same way is then unchanged.
 */
async function loadChunkRetried(
  db: Db,
  p: LoadPlan,
  claims: readonly Claim[],
  chunk: number,
  base: Base,
  o: LoadOptions
): Promise<Tally> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await loadChunk(db, p, claims, chunk, base, o);
    } catch (err) {
      if (!(err instanceof ClaimRace)) throw err;
      if (attempt === RACE_ATTEMPTS) {
        throw new LoadError(
          `chunk ${chunk}: another load kept writing the same claims (${err.claims} in the last of ${RACE_ATTEMPTS} attempts); nothing of this chunk was written, run the load again`
        );
      }
    }
  }
}

/** One chunk of whole claims in one transaction; what it did comes back only once committed. */
async function loadChunk(
  db: Db,
  p: LoadPlan,
  claims: readonly Claim[],
  chunk: number,
  base: Base,
  o: LoadOptions
): Promise<Tally> {
  const prints = claims.map((c) => claimFingerprint(c, p.linksByClaim.get(c.id) ?? []));
  // Everything is worked out inside the transaction function: a retried transaction starts over.
  return db.write(async (tx) => {
    const stored = new Map(
      (await db.run(tx, 'claim-fingerprints', { ids: claims.map((c) => c.id) })).map((r) => [
        r.id as string,
        r.fingerprint as string | null
      ])
    );
    const tally: Tally = { added: 0, updated: 0, unchanged: 0 };
    const changed: Array<{ claim: Claim; print: string; previous: string | null }> = [];
    const updated: string[] = [];
    const describeByType = new Map<number, Map<string, DescribeRow>>();
    claims.forEach((claim, i) => {
      const previous = stored.get(claim.id);
      if (previous === prints[i]) tally.unchanged++;
      else {
        if (previous === undefined) tally.added++;
        else {
          tally.updated++;
          updated.push(claim.id);
        }
        changed.push({ claim, print: prints[i]!, previous: previous ?? null });
      }
    });
    // Entities in key order (indexed, below): concurrent chunks lock shared nodes in one global
    // order, so they wait for each other instead of deadlocking. Claims in id order: the same input
    // writes the same statement whatever order the chunk came in.
    changed.sort((a, b) => byKey(a.claim.id, b.claim.id));
    const entityRows = ENTITY_TYPES.map(() => new Map<string, EntityRow>());
    const changedIds = new Set(changed.map((c) => c.claim.id));
    claims.forEach((claim, i) => {
      const isChanged = changedIds.has(claim.id);
      for (const l of p.linksByClaim.get(claim.id) ?? []) {
        const t = TYPE_INDEX.get(l.type)!;
        const info = p.description(chunk * o.batchSize + i, l);
        if (isChanged) {
          const rows = entityRows[t]!;
          let row = rows.get(l.key);
          if (!row) rows.set(l.key, (row = [l.key, null, claim.insurer]));
          if (info) row[1] = [info.name, info.region];
        } else if (info) {
          let rows = describeByType.get(t);
          if (!rows) describeByType.set(t, (rows = new Map()));
          rows.set(l.key, { key: l.key, name: info.name, region: info.region, insurer: claim.insurer });
        }
      }
    });
    const pending: Array<Promise<unknown>> = [];
    // Pipelined: the statements are queued on the connection at once; Bolt runs them in order.
    if (updated.length > 0) pending.push(db.run(tx, 'claim-detach', { ids: updated }));
    if (changed.length > 0) {
      const entities = entityRows.map(indexed);
      const claimRows = changed.map(({ claim, print, previous }) => [
        claim.id,
        print,
        ...CLAIM_FIELDS.map((f) => claim[f]),
        previous
      ]);
      const { links, roles, persons } = encodeLinks(
        changed.map((c) => p.linksByClaim.get(c.claim.id) ?? []),
        entities.map((e) => e.at)
      );
      pending.push(
        db
          .run(tx, 'chunk-load', {
            ...base,
            claims: claimRows,
            entities: entities.map((e) => e.rows),
            links,
            roles,
            persons
          })
          .then(([row]) => {
            if (Number(row?.raced ?? 0) > 0) throw new ClaimRace(Number(row!.raced));
          })
      );
    }
    for (const [t, byKeyRows] of describeByType) {
      const rows = [...byKeyRows.values()].sort((a, b) => byKey(a.key, b.key));
      pending.push(db.run(tx, 'entity-describe', { ...base, rows }, { label: ENTITY_LABEL[ENTITY_TYPES[t]!] }));
    }
    await Promise.all(pending);
    await o.faultHook?.(chunk);
    return tally;
  });
}

/**
 * Runs jobs 0‥n-1 with at most `width` in flight, in order of index; the first failure stops new
 * jobs and is rethrown once those in flight have settled.
 */
async function inParallel(width: number, n: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < n) {
      const i = next++;
      try {
        await job(i);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, worker));
  if (failure !== null) throw failure;
}

const NO_LINKS: number[][] = ENTITY_TYPES.map(() => []);

/**
 * The first phase of segment `s`, in one transaction: the shared entities first named in it,
 * through the chunk statement with no claims. Provenance names the insurer of the first claim
 * naming each node, as a chunk creating it would; the description goes with it (the first one wins).
 */
async function mergeSegment(db: Db, p: LoadPlan, s: number, base: Base): Promise<void> {
  const entities = p.sharedRows(s);
  if (entities.every((rows) => rows.length === 0)) return;
  await db.write((tx) =>
    db.run(tx, 'chunk-load', { ...base, claims: [], entities, links: NO_LINKS, roles: [], persons: [] })
  );
}

export async function loadBook(
  db: Db,
  book: ClaimsBook,
  meta: IngestMeta,
  options: Partial<LoadOptions> = {}
): Promise<IngestSummary> {
  const o = { ...DEFAULTS, ...options };
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1)
    throw new LoadError(`batchSize must be a whole number ≥ 1, got ${o.batchSize}`);
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1)
    throw new LoadError(`concurrency must be a whole number ≥ 1, got ${o.concurrency}`);
  const base: Base = { batch: meta.batchId, loadedAt: meta.loadedAt };
  const p = new LoadPlan(book, { batchSize: o.batchSize, concurrency: o.concurrency });
  const summary: IngestSummary = { added: 0, updated: 0, unchanged: 0, watchlist: 0 };
  const insurers = [...new Set(book.claims.map((c) => c.insurer))].sort();
  await db.write((tx) => db.run(tx, 'batch-begin', { ...base, insurers, claims: book.claims.length }));

  // Segment s's merge starts with the segment before it and must be done before its first chunk.
  const merges = new Map<number, Promise<void>>();
  const merged = (s: number): Promise<void> => {
    let m = merges.get(s);
    if (!m) {
      m = s < p.segments ? mergeSegment(db, p, s, base) : Promise.resolve();
      m.catch(() => {}); // awaited by the segment's first chunk, or settled below
      merges.set(s, m);
    }
    return m;
  };

  // Chunks touch disjoint claims, so they may commit in any order; a few run at once to keep the
  // server busy while the client prepares the next. The first failure stops new chunks.
  const chunks = Math.ceil(book.claims.length / o.batchSize);
  let done = 0;
  try {
    await inParallel(o.concurrency, chunks, async (chunk) => {
      const t0 = performance.now();
      const s = Math.floor(chunk / p.segmentChunks);
      // Two chunks' worth of planning per chunk: the plan covers the next segment by the middle of
      // this one, whose merge then starts, without the client planning a whole segment at once.
      p.through(p.endOfSegment(s) + 2 * ((chunk % p.segmentChunks) + 1) * o.batchSize);
      if (p.covers(s + 1)) void merged(s + 1);
      await merged(s);
      const claims = book.claims.slice(chunk * o.batchSize, (chunk + 1) * o.batchSize);
      const tally = await loadChunkRetried(db, p, claims, chunk, base, o);
      summary.added += tally.added;
      summary.updated += tally.updated;
      summary.unchanged += tally.unchanged;
      done += claims.length;
      o.onChunk?.({ chunk, chunks, claims: done, total: book.claims.length, ms: performance.now() - t0 });
    });
  } finally {
    // No merge may still be writing once the load returns or fails.
    await Promise.allSettled(merges.values());
  }

  // Descriptions no loaded claim links to (e.g. a party of a claim rejected by --allow-partial).
  const leftovers = new Map<EntityType, DescribeRow[]>();
  for (const e of p.orphans()) push(leftovers, e.type, { key: e.key, name: e.name, region: e.region, insurer: null });
  for (const [type, rows] of leftovers) {
    for (let i = 0; i < rows.length; i += o.sideBatchSize) {
      const slice = rows.slice(i, i + o.sideBatchSize);
      await db.write((tx) => db.run(tx, 'entity-describe', { ...base, rows: slice }, { label: ENTITY_LABEL[type] }));
    }
  }

  summary.watchlist = await loadWatchlist(db, book.watchlist, meta, o.sideBatchSize);
  await db.write((tx) => db.run(tx, 'batch-end', { batch: meta.batchId, ...summary }));
  return summary;
}

/** Writes watchlist entries that are new or changed; returns how many. */
export async function loadWatchlist(
  db: Db,
  entries: readonly WatchEntry[],
  meta: IngestMeta,
  sideBatchSize = DEFAULTS.sideBatchSize
): Promise<number> {
  let changed = 0;
  for (let i = 0; i < entries.length; i += sideBatchSize) {
    const rows = entries.slice(i, i + sideBatchSize).map((w) => ({
      ref: `${w.entity}:${w.key}`,
      fingerprint: watchFingerprint(w),
      props: Object.fromEntries(WATCH_FIELDS.map((f) => [f, w[f] ?? null]))
    }));
    const [row] = await db.write((tx) =>
      db.run(tx, 'watch-load', { rows, batch: meta.batchId, loadedAt: meta.loadedAt })
    );
    changed += Number(row?.changed ?? 0);
  }
  return changed;
}
