/**
 * ringsight/store/neo4j/load-plan
 * ===============================
 *
 * What a load must know beyond each chunk's own claims, worked out in one
 * pass over the book in claim order, and only as far ahead of the chunks as
 * they need, so the client plans while the server writes:
 *
 * - which entities chunks in flight together would share (the load merges
 *   those first, a segment of chunks at a time, or a chunk creating one
 *   would make the others wait for its commit);
 * - which claim carries an entity's description (the first in book order
 *   that links to it) and whose insurer the node's provenance names;
 * - which descriptions no claim links to (orphans).
 *
 * Chunks start in book order with at most `concurrency` in flight, so a chunk
 * can only wait on one that started shortly before it: an entity named again
 * within `window` chunks of the first chunk naming it is shared; further on,
 * that chunk has committed it.
 */
import type { ClaimsBook, EntityInfo, Link } from '../../engine/model.js';
import { ENTITY_TYPES } from './model.js';

/** [key, info, insurer of the first claim naming it]; info = [name, region] or null. */
export type EntityRow = [string, [string | null, string | null] | null, string];

export const DEFAULTS = {
  /** Claims per chunk. */
  batchSize: 1000,
  /** Chunks in flight at once. */
  concurrency: 2,
  /** Chunks per segment, in windows: one first-phase merge per segment. */
  segmentWindows: 4
};

export type PlanOptions = typeof DEFAULTS;

export class PlanError extends Error {
  constructor(message: string) {
    super(`ringsight/neo4j-load-plan: ${message}`);
  }
}

export const TYPE_INDEX: ReadonlyMap<string, number> = new Map(ENTITY_TYPES.map((t, i) => [t, i]));

const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class LoadPlan {
  readonly linksByClaim = new Map<string, Link[]>();
  /** Chunks that may be in flight with a given one. */
  readonly window: number;
  /** Chunks per segment. */
  readonly segmentChunks: number;
  readonly segments: number;
  private readonly book: ClaimsBook;
  private readonly batchSize: number;
  /** Per entity type (model order): key → first description. */
  private readonly info = ENTITY_TYPES.map(() => new Map<string, EntityInfo>());
  /**
   * Per entity type: key → book position of the first claim naming it, or -(that position + 1)
   * once the entity is shared. Plain numbers: millions of entries, no object each.
   */
  private readonly first = ENTITY_TYPES.map(() => new Map<string, number>());
  /** Segment → the shared entities first named in it: [type, key]. */
  private readonly sharedIn: Array<Array<[number, string]>>;
  private planned = 0;

  constructor(book: ClaimsBook, options: Partial<PlanOptions> = {}) {
    const o = { ...DEFAULTS, ...options };
    this.book = book;
    this.batchSize = o.batchSize;
    this.window = 4 * o.concurrency;
    this.segmentChunks = o.segmentWindows * this.window;
    this.segments = Math.ceil(book.claims.length / (this.segmentChunks * o.batchSize));
    this.sharedIn = Array.from({ length: this.segments }, () => []);
    for (const l of book.links) {
      const list = this.linksByClaim.get(l.claim);
      if (list) list.push(l);
      else this.linksByClaim.set(l.claim, [l]);
    }
    for (const e of book.entities) {
      const byKey = this.info[TYPE_INDEX.get(e.type)!]!;
      if (!byKey.has(e.key)) byKey.set(e.key, e);
    }
  }

  /** Plans the claims before book position `end` (no further than the book). */
  through(end: number): void {
    const stop = Math.min(end, this.book.claims.length);
    for (let at = this.planned; at < stop; at++) {
      const chunk = Math.floor(at / this.batchSize);
      for (const l of this.linksByClaim.get(this.book.claims[at]!.id) ?? []) {
        const t = TYPE_INDEX.get(l.type)!;
        const first = this.first[t]!;
        const f = first.get(l.key);
        if (f === undefined) {
          first.set(l.key, at);
        } else if (f >= 0) {
          const firstChunk = Math.floor(f / this.batchSize);
          if (chunk !== firstChunk && chunk - firstChunk < this.window) {
            first.set(l.key, -f - 1);
            this.sharedIn[Math.floor(firstChunk / this.segmentChunks)]!.push([t, l.key]);
          }
        }
      }
    }
    this.planned = Math.max(this.planned, stop);
  }

  /** How far `through` must have got before segment `s`'s shared entities are all known. */
  endOfSegment(s: number): number {
    return ((s + 1) * this.segmentChunks + this.window) * this.batchSize;
  }

  /** Whether the plan has got far enough for segment `s`'s shared entities. */
  covers(s: number): boolean {
    return this.planned >= Math.min(this.endOfSegment(s), this.book.claims.length);
  }

  /** The shared entities first named in segment `s`, per type, sorted by key (the order locks are taken in). */
  sharedRows(s: number): EntityRow[][] {
    this.through(this.endOfSegment(s));
    const rows: EntityRow[][] = ENTITY_TYPES.map(() => []);
    for (const [t, key] of this.sharedIn[s] ?? []) {
      const at = -this.first[t]!.get(key)! - 1;
      const d = this.info[t]!.get(key);
      rows[t]!.push([key, d ? [d.name, d.region] : null, this.book.claims[at]!.insurer]);
    }
    for (const list of rows) list.sort((a, b) => byKey(a[0], b[0]));
    return rows;
  }

  /**
   * The description the link of the claim at book position `at` must write: the entity's, if this
   * claim is the first naming it and it is not shared (the first phase wrote a shared one's).
   */
  description(at: number, l: Link): EntityInfo | null {
    if (at >= this.planned) throw new PlanError(`claim ${at} asked for before it was planned (${this.planned})`);
    const t = TYPE_INDEX.get(l.type)!;
    return this.first[t]!.get(l.key) === at ? (this.info[t]!.get(l.key) ?? null) : null;
  }

  /** Descriptions of entities no claim of the book links to; plans the whole book. */
  orphans(): EntityInfo[] {
    this.through(this.book.claims.length);
    return this.info.flatMap((byKey, t) => [...byKey.values()].filter((e) => !this.first[t]!.has(e.key)));
  }
}
