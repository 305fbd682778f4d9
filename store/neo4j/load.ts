/**
 * ringsight/neo4j-load
 * ====================
 *
 * Loads a validated claims book into Neo4j: chunks of whole claims, one
 * write transaction per chunk, each a few `UNWIND $rows … MERGE` statements.
 *
 * Two phases. First the nodes that chunks in flight together would share —
 * insurers, regions, and entities that new or changed claims of nearby
 * chunks link to — are merged in key-ordered batches, each key in exactly
 * one transaction. Then the claims, in chunks. This is what lets chunks run
 * side by side: a chunk that creates an entity holds an exclusive lock on
 * its key until it commits, and any other chunk naming that entity waits
 * for it (measured: chunks in flight spent about half their time so).
 *
 * A claim's node and all its relationships are written in the same
 * transaction, so a failure (server gone, process killed) never leaves half
 * a claim; it may leave entity nodes that no claim links to yet, which the
 * rerun uses. A claim already stored with the same fingerprint (its fields
 * and links) is skipped, which makes a reload a no-op and lets a rerun of an
 * interrupted load finish it; a claim stored with another fingerprint loses
 * its old relationships and gets the new ones in one transaction.
 */
import { createHash } from 'node:crypto';
import type { Claim, ClaimsBook, EntityInfo, EntityType, Link, WatchEntry } from '../../engine/model.js';
import { entityRef } from '../../engine/model.js';
import type { IngestMeta, IngestSummary } from '../types.js';
import type { Db } from './db.js';
import { ENTITY_LABEL, ENTITY_TYPES } from './model.js';

export interface ChunkProgress { chunk: number; chunks: number; claims: number; total: number; ms: number }
export interface EntityProgress { entities: number; total: number }

export const DEFAULTS = {
  /** Claims per transaction. */
  batchSize: 1000,
  /** Chunk transactions in flight at once (1: strictly one after the other). */
  concurrency: 2,
  /** Entity descriptions and watchlist entries per transaction when written on their own. */
  sideBatchSize: 10_000,
  /** Called after each committed chunk. */
  onChunk: null as ((progress: ChunkProgress) => void) | null,
  /** Called after each committed batch of the first phase (shared nodes merged ahead of the claims). */
  onEntities: null as ((progress: EntityProgress) => void) | null,
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

const CLAIM_FIELDS = ['insurer', 'policyNo', 'product', 'region', 'accidentDate', 'reportDate', 'policyStart', 'claimed', 'paid', 'status'] as const;
const WATCH_FIELDS = ['entity', 'key', 'reason', 'listedBy', 'listedAt', 'expiresAt'] as const;

/** Same claim and same links (in any order) ⇔ same fingerprint. */
export function claimFingerprint(claim: Claim, links: readonly Link[]): string {
  const parts = links.map((l) => `${l.type}|${l.key}|${l.role}|${l.person ?? ''}`).sort();
  const fields = [claim.id, ...CLAIM_FIELDS.map((f) => claim[f])];
  return createHash('sha1').update(JSON.stringify(fields)).update('\n').update(parts.join('\n')).digest('base64');
}

function watchFingerprint(w: WatchEntry): string {
  return JSON.stringify(WATCH_FIELDS.map((f) => w[f] ?? null));
}

/** [key, info, insurer of the first claim naming it]; info = [name, region] or null. */
type EntityRow = [string, [string | null, string | null] | null, string];
/** [claim #, entity #, role, person]: positions in the chunk's claim and entity lists. */
type LinkRow = [number, number, string, string | null];
interface DescribeRow { key: string; name: string | null; region: string | null; insurer: string | null }

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface Plan {
  linksByClaim: Map<string, Link[]>;
  /** Claim id → fingerprint, filled while finding which claims are new or changed. */
  prints: Map<string, string>;
  info: Map<string, EntityInfo>;
  /** Entity ref → the claim (first in book order) whose link carries its description. */
  owner: Map<string, string>;
}

function plan(book: ClaimsBook): Plan {
  const linksByClaim = new Map<string, Link[]>();
  for (const l of book.links) push(linksByClaim, l.claim, l);
  const info = new Map<string, EntityInfo>();
  for (const e of book.entities) {
    const ref = entityRef(e.type, e.key);
    if (!info.has(ref)) info.set(ref, e);
  }
  const owner = new Map<string, string>();
  for (const c of book.claims) {
    for (const l of linksByClaim.get(c.id) ?? []) {
      const ref = entityRef(l.type, l.key);
      if (info.has(ref) && !owner.has(ref)) owner.set(ref, c.id);
    }
  }
  return { linksByClaim, prints: new Map(), info, owner };
}

type Tally = Omit<IngestSummary, 'watchlist'>;

const TYPE_INDEX = new Map(ENTITY_TYPES.map((t, i) => [t, i]));

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Positions in a chunk's list of distinct keys, in key order (the order locks are taken in). */
function indexed<V>(rows: Map<string, V>): { rows: V[]; at: Map<string, number> } {
  const keys = [...rows.keys()].sort(byKey);
  return { rows: keys.map((k) => rows.get(k)!), at: new Map(keys.map((k, i) => [k, i])) };
}

/** One chunk of whole claims in one transaction; what it did comes back only once committed. */
async function loadChunk(db: Db, p: Plan, claims: readonly Claim[], chunk: number, base: { batch: string; loadedAt: string }, o: LoadOptions): Promise<Tally> {
  const prints = claims.map((c) => p.prints.get(c.id) ?? claimFingerprint(c, p.linksByClaim.get(c.id) ?? []));
  // Everything is worked out inside the transaction function: a retried transaction starts over.
  return db.write(async (tx) => {
    const stored = new Map((await db.run(tx, 'claim-fingerprints', { ids: claims.map((c) => c.id) }))
      .map((r) => [r.id as string, r.fingerprint as string | null]));
    const tally: Tally = { added: 0, updated: 0, unchanged: 0 };
    const changed: Array<{ claim: Claim; print: string }> = [];
    const updated: string[] = [];
    const describeByType = new Map<EntityType, DescribeRow[]>();
    claims.forEach((claim, i) => {
      const previous = stored.get(claim.id);
      if (previous === prints[i]) tally.unchanged++;
      else {
        if (previous === undefined) tally.added++;
        else { tally.updated++; updated.push(claim.id); }
        changed.push({ claim, print: prints[i]! });
      }
    });
    // Claims in region order, entities in key order: concurrent chunks lock shared nodes in one
    // global order, so they wait for each other instead of deadlocking.
    changed.sort((a, b) => byKey(a.claim.region, b.claim.region) || byKey(a.claim.id, b.claim.id));
    const insurerRows = new Map<string, [string, string]>();
    const regionRows = new Map<string, [string, string]>();
    const entityRows = ENTITY_TYPES.map(() => new Map<string, EntityRow>());
    for (const { claim } of changed) {
      if (!insurerRows.has(claim.insurer)) insurerRows.set(claim.insurer, [claim.insurer, claim.insurer]);
      if (!regionRows.has(claim.region)) regionRows.set(claim.region, [claim.region, claim.insurer]);
    }
    const changedIds = new Set(changed.map((c) => c.claim.id));
    for (const claim of claims) {
      const describedHere = new Set<string>();
      for (const l of p.linksByClaim.get(claim.id) ?? []) {
        const ref = entityRef(l.type, l.key);
        const description = p.owner.get(ref) === claim.id && !describedHere.has(ref) ? p.info.get(ref) : undefined;
        if (description) describedHere.add(ref);
        if (changedIds.has(claim.id)) {
          const rows = entityRows[TYPE_INDEX.get(l.type)!]!;
          let row = rows.get(l.key);
          if (!row) rows.set(l.key, (row = [l.key, null, claim.insurer]));
          if (description) row[1] = [description.name, description.region];
        } else if (description) {
          push(describeByType, l.type, { key: l.key, name: description.name, region: description.region, insurer: claim.insurer });
        }
      }
    }
    const pending: Array<Promise<unknown>> = [];
    // Pipelined: the statements are queued on the connection at once; Bolt runs them in order.
    if (updated.length > 0) pending.push(db.run(tx, 'claim-detach', { ids: updated }));
    if (changed.length > 0) {
      const insurers = indexed(insurerRows);
      const regions = indexed(regionRows);
      const entities = entityRows.map(indexed);
      const links: LinkRow[][] = ENTITY_TYPES.map(() => []);
      const claimRows = changed.map(({ claim, print }, n) => {
        for (const l of p.linksByClaim.get(claim.id) ?? []) {
          const t = TYPE_INDEX.get(l.type)!;
          links[t]!.push([n, entities[t]!.at.get(l.key)!, l.role, l.person]);
        }
        return [claim.id, print, ...CLAIM_FIELDS.map((f) => claim[f]), insurers.at.get(claim.insurer)!, regions.at.get(claim.region)!];
      });
      for (const rows of links) rows.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      pending.push(db.run(tx, 'chunk-load', {
        ...base, insurers: insurers.rows, regions: regions.rows, claims: claimRows, entities: entities.map((e) => e.rows), links
      }));
    }
    for (const type of ENTITY_TYPES) {
      const describe = describeByType.get(type)?.sort((a, b) => byKey(a.key, b.key));
      if (describe) pending.push(db.run(tx, 'entity-describe', { ...base, rows: describe }, { label: ENTITY_LABEL[type] }));
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

/** Book positions of the claims not stored with their current fingerprint (new or changed), in order. */
async function freshClaims(db: Db, p: Plan, book: ClaimsBook, o: LoadOptions): Promise<number[]> {
  const pages = Math.ceil(book.claims.length / o.sideBatchSize);
  const fresh: number[][] = [];
  await inParallel(o.concurrency, pages, async (page) => {
    const from = page * o.sideBatchSize;
    const claims = book.claims.slice(from, from + o.sideBatchSize);
    for (const c of claims) p.prints.set(c.id, claimFingerprint(c, p.linksByClaim.get(c.id) ?? []));
    const stored = new Map((await db.query('claim-fingerprints', { ids: claims.map((c) => c.id) }))
      .map((r) => [r.id as string, r.fingerprint as string | null]));
    fresh[page] = [];
    claims.forEach((c, i) => { if (stored.get(c.id) !== p.prints.get(c.id)) fresh[page]!.push(from + i); });
  });
  return fresh.flat();
}

/**
 * First phase: the insurers, regions and entities that fresh claims of chunks that may be in flight
 * together point at, each merged once, in key-ordered batches of `sideBatchSize`. Any other entity
 * is left to the first chunk naming it: no chunk can wait on it, it costs one MERGE instead of two,
 * and the claim and its entities stay side by side in the store. Provenance names the first
 * claim's insurer, as a chunk creating the node would; a description (first one wins) goes with it.
 */
async function mergeShared(db: Db, p: Plan, book: ClaimsBook, fresh: readonly number[], base: { batch: string; loadedAt: string }, o: LoadOptions): Promise<void> {
  const insurerRows = new Map<string, [string, string]>();
  const regionRows = new Map<string, [string, string]>();
  // Chunks start in book order with at most `concurrency` in flight, so a chunk can only wait on one
  // that started shortly before it; a chunk further on finds the node committed.
  const window = 4 * o.concurrency;
  /** Entity key → the first chunk naming it, or -1 once a chunk within `window` of it does too. */
  const chunkOf = ENTITY_TYPES.map(() => new Map<string, number>());
  for (const at of fresh) {
    const claim = book.claims[at]!;
    const chunk = Math.floor(at / o.batchSize);
    if (!insurerRows.has(claim.insurer)) insurerRows.set(claim.insurer, [claim.insurer, claim.insurer]);
    if (!regionRows.has(claim.region)) regionRows.set(claim.region, [claim.region, claim.insurer]);
    for (const l of p.linksByClaim.get(claim.id) ?? []) {
      const byKey = chunkOf[TYPE_INDEX.get(l.type)!]!;
      const first = byKey.get(l.key);
      if (first === undefined) byKey.set(l.key, chunk);
      else if (first >= 0 && chunk !== first && chunk - first < window) byKey.set(l.key, -1);
    }
  }
  // Second pass in book order, so the first claim naming a shared entity gives its provenance.
  const entityRows = ENTITY_TYPES.map(() => new Map<string, EntityRow>());
  for (const at of fresh) {
    const claim = book.claims[at]!;
    for (const l of p.linksByClaim.get(claim.id) ?? []) {
      const t = TYPE_INDEX.get(l.type)!;
      if (chunkOf[t]!.get(l.key) !== -1 || entityRows[t]!.has(l.key)) continue;
      const d = p.info.get(entityRef(l.type, l.key));
      entityRows[t]!.set(l.key, [l.key, d ? [d.name, d.region] : null, claim.insurer]);
    }
  }
  if (insurerRows.size > 0) {
    await db.write((tx) => db.run(tx, 'hub-merge', { ...base, insurers: indexed(insurerRows).rows, regions: indexed(regionRows).rows }));
  }
  const jobs: Array<{ label: string; rows: EntityRow[] }> = [];
  ENTITY_TYPES.forEach((type, t) => {
    const rows = indexed(entityRows[t]!).rows;
    for (let i = 0; i < rows.length; i += o.sideBatchSize) jobs.push({ label: ENTITY_LABEL[type], rows: rows.slice(i, i + o.sideBatchSize) });
  });
  const total = jobs.reduce((sum, j) => sum + j.rows.length, 0);
  let done = 0;
  await inParallel(o.concurrency, jobs.length, async (i) => {
    const job = jobs[i]!;
    await db.write((tx) => db.run(tx, 'entity-merge', { ...base, rows: job.rows }, { label: job.label }));
    done += job.rows.length;
    o.onEntities?.({ entities: done, total });
  });
}

export async function loadBook(db: Db, book: ClaimsBook, meta: IngestMeta, options: Partial<LoadOptions> = {}): Promise<IngestSummary> {
  const o = { ...DEFAULTS, ...options };
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) throw new LoadError(`batchSize must be a whole number ≥ 1, got ${o.batchSize}`);
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1) throw new LoadError(`concurrency must be a whole number ≥ 1, got ${o.concurrency}`);
  const base = { batch: meta.batchId, loadedAt: meta.loadedAt };
  const p = plan(book);
  const summary: IngestSummary = { added: 0, updated: 0, unchanged: 0, watchlist: 0 };
  const insurers = [...new Set(book.claims.map((c) => c.insurer))].sort();
  await db.write((tx) => db.run(tx, 'batch-begin', { ...base, insurers, claims: book.claims.length }));

  await mergeShared(db, p, book, await freshClaims(db, p, book, o), base, o);

  // Chunks touch disjoint claims, so they may commit in any order; a few run at once to keep the
  // server busy while the client prepares the next. The first failure stops new chunks.
  const chunks = Math.ceil(book.claims.length / o.batchSize);
  let done = 0;
  await inParallel(o.concurrency, chunks, async (chunk) => {
    const t0 = performance.now();
    const claims = book.claims.slice(chunk * o.batchSize, (chunk + 1) * o.batchSize);
    const tally = await loadChunk(db, p, claims, chunk, base, o);
    summary.added += tally.added;
    summary.updated += tally.updated;
    summary.unchanged += tally.unchanged;
    done += claims.length;
    o.onChunk?.({ chunk, chunks, claims: done, total: book.claims.length, ms: performance.now() - t0 });
  });

  // Descriptions no loaded claim links to (e.g. a party of a claim rejected by --allow-partial).
  const leftovers = new Map<EntityType, DescribeRow[]>();
  for (const [ref, e] of p.info) if (!p.owner.has(ref)) push(leftovers, e.type, { key: e.key, name: e.name, region: e.region, insurer: null });
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
export async function loadWatchlist(db: Db, entries: readonly WatchEntry[], meta: IngestMeta, sideBatchSize = DEFAULTS.sideBatchSize): Promise<number> {
  let changed = 0;
  for (let i = 0; i < entries.length; i += sideBatchSize) {
    const rows = entries.slice(i, i + sideBatchSize).map((w) => ({
      ref: `${w.entity}:${w.key}`,
      fingerprint: watchFingerprint(w),
      props: Object.fromEntries(WATCH_FIELDS.map((f) => [f, w[f] ?? null]))
    }));
    const [row] = await db.write((tx) => db.run(tx, 'watch-load', { rows, batch: meta.batchId, loadedAt: meta.loadedAt }));
    changed += Number(row?.changed ?? 0);
  }
  return changed;
}
