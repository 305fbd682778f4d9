/**
 * ringsight/store/embedded
 * ========================
 *
 * The embedded store: the claims book held in memory, for quick starts, the
 * CLI and tests — no database needed. Ingest merges by claim_id: a claim sent
 * again unchanged changes nothing; a claim sent again with new content (an
 * insurer's update, e.g. status open → paid) replaces the old version with
 * all its parties, vehicles and providers, so no claim is ever half old, half
 * new. Each ingest is applied whole or not at all.
 */
import type { Claim, ClaimsBook, EntityInfo, EntityType, Link, WatchEntry } from '../engine/model.js';
import { bookAsOf } from '../engine/detect/index.js';
import { entityRef } from '../engine/model.js';
import type { RunDocument } from '../engine/run.js';
import type {
  IngestMeta,
  IngestSummary,
  Neighbourhood,
  NeighbourNode,
  RingStore,
  RunSummary,
  StoreCounts
} from './types.js';
import { summariseRun } from './types.js';

// The fingerprint is computed only when a claim arrives again, which keeps a first load cheap.
interface StoredClaim {
  claim: Claim;
  links: Link[];
  fingerprint: string | null;
  batchId: string;
}

function fingerprint(claim: Claim, links: readonly Link[]): string {
  const parts = links.map((l) => `${l.type}|${l.key}|${l.role}|${l.person ?? ''}`).sort();
  return JSON.stringify(claim) + '\n' + parts.join('\n');
}

/** Claims after the last one a link run named that its claim id is compared with before the map is asked. */
const LOOKAHEAD = 16;

/**
 * The stored claims of a first load, by id, each holding its links; null when an id repeats in the
 * book (stageChanges then keeps the last, as for any reload). Links come in runs of one claim, in
 * much the claims' order, so the next few claims are compared before the map is asked: at a
 * million claims, a million-entry map lookup per run cost seconds of cache misses.
 */
function firstLoad(book: ClaimsBook, batchId: string): Map<string, StoredClaim> | null {
  const byId = new Map<string, StoredClaim>();
  const stored: StoredClaim[] = new Array(book.claims.length);
  for (let p = 0; p < book.claims.length; p++) {
    const claim = book.claims[p]!;
    const s: StoredClaim = { claim, links: [], fingerprint: null, batchId };
    byId.set(claim.id, s);
    if (byId.size === p) return null;
    stored[p] = s;
  }
  let runClaim: string | null = null;
  let run: Link[] = [];
  let next = 0;
  // Runs in a row the walk has not found: links in no particular order (a shuffled book) go
  // straight to the map, the walk tried again only now and then.
  let lost = 0;
  let runs = 0;
  for (const l of book.links) {
    if (l.claim !== runClaim) {
      runClaim = l.claim;
      const walk = lost < GIVE_UP || runs++ % RETRY === 0;
      let q = walk ? near(stored, next, l.claim) : -1;
      // Each file starts again from the first claim.
      if (q < 0 && walk) q = near(stored, 0, l.claim);
      const s = q >= 0 ? stored[q] : byId.get(l.claim);
      // After a longer jump, the claim found in the map is looked for ahead (a pointer compare
      // per claim) so that the following runs are found near it again.
      if (q < 0 && s && walk) q = ahead(stored, next, s);
      if (q >= 0) {
        next = q + 1;
        lost = 0;
      } else lost++;
      // A link to a claim not in the book has nowhere to go (as before: it was never stored).
      run = s ? s.links : [];
    }
    run.push(l);
  }
  return byId;
}

/** Position of the claim `id` among the LOOKAHEAD claims from `from`, or -1. */
function near(stored: readonly StoredClaim[], from: number, id: string): number {
  const last = Math.min(from + LOOKAHEAD, stored.length);
  for (let q = from; q < last; q++) if (stored[q]!.claim.id === id) return q;
  return -1;
}

/** Claims ahead that a claim found in the map is looked for among, to pick up the file's order again. */
const RESYNC = 256;
/** Runs not found by the walk after which it is given up, and tried again once every RETRY runs. */
const GIVE_UP = 8;
const RETRY = 64;

/** Position of `s` among the RESYNC claims from `from`, or -1. */
function ahead(stored: readonly StoredClaim[], from: number, s: StoredClaim): number {
  const last = Math.min(from + RESYNC, stored.length);
  for (let q = from; q < last; q++) if (stored[q] === s) return q;
  return -1;
}

export class EmbeddedStore implements RingStore {
  readonly kind = 'embedded' as const;
  private claimsById = new Map<string, StoredClaim>();
  /** Per type, key → info: no `type:key` string is built per entity on ingest. */
  private readonly entities = new Map<EntityType, Map<string, EntityInfo>>();
  private entityCount = 0;
  private readonly watchlist = new Map<string, WatchEntry>();
  private readonly runs: RunDocument[] = [];
  /** entity ref → claim ids; built on first neighbourhood query, dropped on change. */
  private adjacency: Map<string, string[]> | null = null;

  async ping(): Promise<boolean> {
    return true;
  }

  async ingest(
    book: ClaimsBook,
    meta: IngestMeta = { batchId: 'batch', loadedAt: new Date(0).toISOString() }
  ): Promise<IngestSummary> {
    return this.ingestSync(book, meta);
  }

  ingestSync(book: ClaimsBook, meta: IngestMeta): IngestSummary {
    // Stage every change first, then apply: an exception part-way leaves the store as it was.
    const summary: IngestSummary = { added: 0, updated: 0, unchanged: 0, watchlist: 0 };
    // A first load (every CLI detect) has nothing to compare against.
    const fresh = this.claimsById.size === 0 ? firstLoad(book, meta.batchId) : null;
    const staged = fresh ? [] : this.stageChanges(book, meta.batchId, summary);
    if (fresh) summary.added = fresh.size;
    const stagedWatch = book.watchlist.filter((w) => {
      const current = this.watchlist.get(`${w.entity}:${w.key}`);
      return !current || JSON.stringify(current) !== JSON.stringify(w);
    });
    summary.watchlist = stagedWatch.length;

    if (fresh) this.claimsById = fresh;
    for (const s of staged) this.claimsById.set(s.claim.id, s);
    for (const e of book.entities) {
      let byKey = this.entities.get(e.type);
      if (!byKey) this.entities.set(e.type, (byKey = new Map()));
      if (!byKey.has(e.key)) {
        byKey.set(e.key, e);
        this.entityCount++;
      }
    }
    for (const w of stagedWatch) this.watchlist.set(`${w.entity}:${w.key}`, w);
    if (staged.length > 0 || (fresh && fresh.size > 0)) this.adjacency = null;
    return summary;
  }

  /** The claims that are new or changed, each with all its links; counts the rest as unchanged. */
  private stageChanges(book: ClaimsBook, batchId: string, summary: IngestSummary): StoredClaim[] {
    const linksByClaim = new Map<string, Link[]>();
    // A claim's links arrive in runs (one per file): look its list up once per run, not per link.
    let runClaim: string | null = null;
    let run: Link[] = [];
    for (const l of book.links) {
      if (l.claim !== runClaim) {
        runClaim = l.claim;
        let list = linksByClaim.get(l.claim);
        if (!list) linksByClaim.set(l.claim, (list = []));
        run = list;
      }
      run.push(l);
    }
    const staged: StoredClaim[] = [];
    for (const claim of book.claims) {
      const links = linksByClaim.get(claim.id) ?? [];
      const previous = this.claimsById.get(claim.id);
      if (!previous) {
        summary.added++;
        staged.push({ claim, links, fingerprint: null, batchId });
        continue;
      }
      const fp = fingerprint(claim, links);
      previous.fingerprint ??= fingerprint(previous.claim, previous.links);
      if (previous.fingerprint === fp) {
        summary.unchanged++;
        continue;
      }
      summary.updated++;
      staged.push({ claim, links, fingerprint: fp, batchId });
    }
    return staged;
  }

  async projection(options: { asOf?: string | null } = {}): Promise<ClaimsBook> {
    return this.projectionSync(options.asOf ?? null);
  }

  /** The analysis projection: the whole book (as of a date) as the engine consumes it. */
  projectionSync(asOf: string | null = null): ClaimsBook {
    const claims: Claim[] = new Array(this.claimsById.size);
    let total = 0;
    for (const s of this.claimsById.values()) total += s.links.length;
    const links: Link[] = new Array(total);
    let c = 0;
    let i = 0;
    for (const s of this.claimsById.values()) {
      claims[c++] = s.claim;
      for (const l of s.links) links[i++] = l;
    }
    return bookAsOf(
      {
        claims,
        links,
        entities: [...this.entities.values()].flatMap((byKey) => [...byKey.values()]),
        watchlist: [...this.watchlist.values()]
      },
      asOf
    );
  }

  async claims(ids: readonly string[]): Promise<Claim[]> {
    return ids.map((id) => this.claimsById.get(id)?.claim).filter((c): c is Claim => c !== undefined);
  }

  async neighbourhood(
    type: EntityType | 'claim',
    key: string,
    hops: number,
    limit: number
  ): Promise<Neighbourhood | null> {
    const start = type === 'claim' ? `claim:${key}` : entityRef(type, key);
    if (type === 'claim' ? !this.claimsById.has(key) : !this.adjacencyMap().has(start)) return null;
    const adjacency = this.adjacencyMap();
    const nodes = new Map<string, NeighbourNode>();
    const edges: Neighbourhood['edges'] = [];
    const edgeSeen = new Set<string>();
    let more = false;
    const addNode = (id: string): boolean => {
      if (nodes.has(id)) return true;
      if (nodes.size >= limit) {
        more = true;
        return false;
      }
      const colon = id.indexOf(':');
      const nodeType = id.slice(0, colon) as EntityType | 'claim';
      const nodeKey = id.slice(colon + 1);
      const degree =
        nodeType === 'claim' ? (this.claimsById.get(nodeKey)?.links.length ?? 0) : (adjacency.get(id)?.length ?? 0);
      const label = nodeType === 'claim' ? nodeKey : (this.entities.get(nodeType)?.get(nodeKey)?.name ?? null);
      nodes.set(id, { id, type: nodeType, key: nodeKey, label, degree });
      return true;
    };
    addNode(start);
    let frontier = [start];
    for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const [other, role] of this.neighboursOf(id, adjacency)) {
          const known = nodes.has(other);
          if (!addNode(other)) continue;
          const [a, b] = id.startsWith('claim:') ? [id, other] : [other, id];
          const edgeKey = `${a}|${b}|${role}`;
          if (!edgeSeen.has(edgeKey)) {
            edgeSeen.add(edgeKey);
            edges.push({ source: a, target: b, role });
          }
          if (!known) next.push(other);
        }
      }
      frontier = next;
    }
    return { nodes: [...nodes.values()], edges, more };
  }

  private neighboursOf(id: string, adjacency: Map<string, string[]>): Array<[string, string]> {
    if (id.startsWith('claim:')) {
      const stored = this.claimsById.get(id.slice(6));
      return stored ? stored.links.map((l) => [entityRef(l.type, l.key), l.role] as [string, string]) : [];
    }
    const out: Array<[string, string]> = [];
    for (const claimId of adjacency.get(id) ?? []) {
      for (const l of this.claimsById.get(claimId)!.links)
        if (entityRef(l.type, l.key) === id) out.push([`claim:${claimId}`, l.role]);
    }
    return out;
  }

  private adjacencyMap(): Map<string, string[]> {
    if (this.adjacency) return this.adjacency;
    const adjacency = new Map<string, string[]>();
    for (const s of this.claimsById.values()) {
      for (const l of s.links) {
        const ref = entityRef(l.type, l.key);
        let list = adjacency.get(ref);
        if (!list) adjacency.set(ref, (list = []));
        if (list[list.length - 1] !== s.claim.id) list.push(s.claim.id);
      }
    }
    this.adjacency = adjacency;
    return adjacency;
  }

  async listWatch(): Promise<WatchEntry[]> {
    return [...this.watchlist.values()];
  }

  async addWatch(entry: WatchEntry): Promise<void> {
    this.watchlist.set(`${entry.entity}:${entry.key}`, entry);
  }

  async removeWatch(entity: string, key: string): Promise<boolean> {
    return this.watchlist.delete(`${entity}:${key}`);
  }

  async saveRun(doc: RunDocument): Promise<void> {
    this.runs.push(structuredClone(doc));
  }

  async listRuns(): Promise<RunSummary[]> {
    return this.runs.map(summariseRun).reverse();
  }

  async getRun(id: string): Promise<RunDocument | null> {
    return this.runs.find((r) => r.run.id === id) ?? null;
  }

  async latestRun(): Promise<RunDocument | null> {
    return this.runs[this.runs.length - 1] ?? null;
  }

  async counts(): Promise<StoreCounts> {
    let links = 0;
    for (const s of this.claimsById.values()) links += s.links.length;
    return {
      claims: this.claimsById.size,
      links,
      entities: this.entityCount,
      watchlist: this.watchlist.size,
      runs: this.runs.length
    };
  }

  async close(): Promise<void> {}
}
