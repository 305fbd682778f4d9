/**
 * ringsight/store/types
 * =====================
 *
 * The contract every store (embedded, Neo4j) fulfils, so the CLI, the API and
 * monitoring run unchanged on either. Stores hold claims, entities, the
 * watchlist and detection runs; they never detect anything themselves.
 */
import type { Claim, ClaimsBook, EntityType, WatchEntry } from '../engine/model.js';
import type { RunDocument } from '../engine/run.js';

export interface IngestSummary {
  added: number;
  updated: number;
  unchanged: number;
  watchlist: number;
}

export interface IngestMeta {
  batchId: string;
  loadedAt: string;
}

export interface RunSummary {
  id: string;
  startedAt: string;
  finishedAt: string;
  rings: number;
  flagged: number;
  claims: number;
}

export interface NeighbourNode {
  id: string;
  type: EntityType | 'claim';
  key: string;
  label: string | null;
  degree: number;
}
export interface NeighbourEdge {
  source: string;
  target: string;
  role: string;
}
export interface Neighbourhood {
  nodes: NeighbourNode[];
  edges: NeighbourEdge[];
  more: boolean;
}

export interface StoreCounts {
  claims: number;
  links: number;
  entities: number;
  watchlist: number;
  runs: number;
}

export interface RingStore {
  readonly kind: 'embedded' | 'neo4j';
  ping(): Promise<boolean>;
  ingest(book: ClaimsBook, meta: IngestMeta): Promise<IngestSummary>;
  projection(options?: { asOf?: string | null }): Promise<ClaimsBook>;
  claims(ids: readonly string[]): Promise<Claim[]>;
  /** Bounded neighbourhood: `hops` steps from the entity (or claim), at most `limit` nodes; `more` when cut. */
  neighbourhood(type: EntityType | 'claim', key: string, hops: number, limit: number): Promise<Neighbourhood | null>;
  listWatch(): Promise<WatchEntry[]>;
  addWatch(entry: WatchEntry): Promise<void>;
  removeWatch(entity: string, key: string): Promise<boolean>;
  /** Stores a run whole: a crash part-way leaves the previous runs as they were. */
  saveRun(doc: RunDocument): Promise<void>;
  listRuns(): Promise<RunSummary[]>;
  getRun(id: string): Promise<RunDocument | null>;
  latestRun(): Promise<RunDocument | null>;
  counts(): Promise<StoreCounts>;
  close(): Promise<void>;
}

export function summariseRun(doc: RunDocument): RunSummary {
  return {
    id: doc.run.id,
    startedAt: doc.run.startedAt,
    finishedAt: doc.run.finishedAt,
    rings: doc.rings.length,
    flagged: doc.rings.filter((r) => r.flagged).length,
    claims: doc.run.input.claims
  };
}
