/**
 * ringsight/neo4j-load
 * ====================
 *
 * Loads a validated claims book into Neo4j: chunks of whole claims, one
 * write transaction per chunk, each a few `UNWIND $rows … MERGE` statements.
 *
 * A claim's node and all its relationships are written in the same
 * transaction, so a failure (server gone, process killed) never leaves half
 * a claim. A claim already stored with the same fingerprint (its fields and
 * links) is skipped, which makes a reload a no-op and lets a rerun of an
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
  return { linksByClaim, info, owner };
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
  const prints = claims.map((c) => claimFingerprint(c, p.linksByClaim.get(c.id) ?? []));
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

export async function loadBook(db: Db, book: ClaimsBook, meta: IngestMeta, options: Partial<LoadOptions> = {}): Promise<IngestSummary> {
  const o = { ...DEFAULTS, ...options };
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) throw new LoadError(`batchSize must be a whole number ≥ 1, got ${o.batchSize}`);
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1) throw new LoadError(`concurrency must be a whole number ≥ 1, got ${o.concurrency}`);
  const base = { batch: meta.batchId, loadedAt: meta.loadedAt };
  const p = plan(book);
  const summary: IngestSummary = { added: 0, updated: 0, unchanged: 0, watchlist: 0 };
  const insurers = [...new Set(book.claims.map((c) => c.insurer))].sort();
  await db.write((tx) => db.run(tx, 'batch-begin', { ...base, insurers, claims: book.claims.length }));

  // Chunks touch disjoint claims, so they may commit in any order; a few run at once to keep the
  // server busy while the client prepares the next. The first failure stops new chunks.
  const chunks = Math.ceil(book.claims.length / o.batchSize);
  let next = 0;
  let done = 0;
  let failure: unknown = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < chunks) {
      const chunk = next++;
      const t0 = performance.now();
      const claims = book.claims.slice(chunk * o.batchSize, (chunk + 1) * o.batchSize);
      try {
        const tally = await loadChunk(db, p, claims, chunk, base, o);
        summary.added += tally.added;
        summary.updated += tally.updated;
        summary.unchanged += tally.unchanged;
        done += claims.length;
        o.onChunk?.({ chunk, chunks, claims: done, total: book.claims.length, ms: performance.now() - t0 });
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency, chunks) }, worker));
  if (failure !== null) throw failure;

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
