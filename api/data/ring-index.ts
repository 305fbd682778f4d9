/**
 * ringsight/api/data/ring-index
 * =============================
 *
 * One run's rings, indexed once when the run is first served, so list and
 * detail requests never do work proportional to the claims book: list items
 * are precomputed, each sort order is a ready index array, and rings are found
 * by id, by member (`type:key`) and by claim (`claim:id`).
 */
import type { EntityType, Ring } from '../../engine/model.js';
import { IDENTITY_TYPES, PROVIDER_KINDS } from '../../engine/model.js';
import type { RunDocument } from '../../engine/run.js';
import { normaliseEntityKey } from '../../engine/validate/rows.js';
import type { RingStore } from '../../store/types.js';

export const SORT_KEYS = ['score', 'claims', 'claimed', 'regions'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** The link between a ring's claim and an entity, enough to draw the ring. */
export interface RingLink {
  claim: string;
  type: EntityType;
  key: string;
  role: string;
}

export interface RingListItem {
  id: string;
  score: number;
  flagged: boolean;
  category: string;
  status: string;
  claims: number;
  members: number;
  regions: string[];
  insurers: string[];
  period: { from: string; to: string };
  amounts: { claimed: number; paid: number };
  topSignals: string[];
}

export interface RingQuery {
  region?: string;
  insurer?: string;
  category?: string;
  minScore?: number;
  flagged?: boolean;
  status?: string;
  from?: string;
  to?: string;
  q?: string;
  sort: SortKey;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Monitoring will set `status` on rings; until then every ring is "new". */
export function ringStatus(ring: Ring): string {
  return (ring as Ring & { status?: string }).status ?? 'new';
}

const list = (value: string | undefined): string[] | null =>
  value === undefined || value.trim() === ''
    ? null
    : value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');

/** GB/T 2260 code → the prefix rings' prefecture codes must start with (province 36, prefecture 3601). */
function regionPrefix(code: string): string {
  if (/^\d{6}$/.test(code)) return code.endsWith('0000') ? code.slice(0, 2) : code.slice(0, 4);
  return code;
}

const LINK_CACHE = 256;
const PERSONAL: ReadonlySet<string> = new Set(['person', 'phone', 'bank_account']);
const RESULT_CACHE = 64;

export class RingIndex {
  readonly runId: string;
  readonly rings: readonly Ring[];
  readonly items: readonly RingListItem[];
  private readonly byId = new Map<string, number>();
  private readonly byRef = new Map<string, number[]>();
  private readonly orders: Record<SortKey, Uint32Array>;
  private readonly text: string[];
  private readonly score: Float64Array;
  private readonly flagged: Uint8Array;
  /** `insurer:PICC`, `category:mixed`, `status:new`, `region:360100` → which rings have it (1/0 per ring). */
  private readonly has = new Map<string, Uint8Array>();
  /** Filtered, sorted ring positions per query (minus paging): paging and re-sorting stay cheap. */
  private readonly results = new Map<string, Uint32Array>();
  private readonly linkCache = new Map<string, Promise<RingLink[]>>();

  /** `claimLinks`: each ring claim's links, when the caller still holds the run's projection. */
  constructor(
    readonly doc: RunDocument,
    private readonly claimLinks: ReadonlyMap<string, RingLink[]> | null = null
  ) {
    this.runId = doc.run.id;
    this.rings = doc.rings;
    const n = doc.rings.length;
    this.score = new Float64Array(n);
    this.flagged = new Uint8Array(n);
    this.items = doc.rings.map((r) => ({
      id: r.id,
      score: r.score,
      flagged: r.flagged,
      category: r.category,
      status: ringStatus(r),
      claims: r.claims.length,
      members: r.members.length,
      regions: r.regions,
      insurers: r.insurers,
      period: r.period,
      amounts: r.amounts,
      topSignals: r.evidence.slice(0, 3).map((e) => e.signal)
    }));
    this.text = doc.rings.map((r) => [r.id, r.category, ...r.insurers, ...r.regions].join(' ').toLowerCase());
    const mark = (key: string, i: number): void => {
      let bits = this.has.get(key);
      if (!bits) this.has.set(key, (bits = new Uint8Array(n)));
      bits[i] = 1;
    };
    doc.rings.forEach((r, i) => {
      this.byId.set(r.id, i);
      this.score[i] = r.score;
      this.flagged[i] = r.flagged ? 1 : 0;
      mark(`category:${r.category}`, i);
      mark(`status:${this.items[i]!.status}`, i);
      for (const x of r.insurers) mark(`insurer:${x}`, i);
      for (const x of r.regions) mark(`region:${x}`, i);
      for (const m of r.members) this.addRef(`${m.type}:${m.key}`, i);
      for (const c of r.claims) this.addRef(`claim:${c}`, i);
    });
    const keys: Record<SortKey, Float64Array> = {
      score: this.score,
      claims: Float64Array.from(doc.rings, (r) => r.claims.length),
      claimed: Float64Array.from(doc.rings, (r) => r.amounts.claimed),
      regions: Float64Array.from(doc.rings, (r) => r.regions.length)
    };
    const evidenceSum = Float64Array.from(doc.rings, (r) => r.evidence.reduce((t, e) => t + e.contribution, 0));
    const claimed = keys.claimed;
    const order = (key: SortKey): Uint32Array => {
      const v = keys[key];
      const score = this.score;
      const id = (i: number): string => this.rings[i]!.id;
      // Many rings cap at 100: the evidence above the cap, then the amount claimed, rank them before the id does.
      return Uint32Array.from(this.rings.keys()).sort(
        (a, b) =>
          v[b]! - v[a]! ||
          score[b]! - score[a]! ||
          evidenceSum[b]! - evidenceSum[a]! ||
          claimed[b]! - claimed[a]! ||
          (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0)
      );
    };
    this.orders = {
      score: order('score'),
      claims: order('claims'),
      claimed: order('claimed'),
      regions: order('regions')
    };
  }

  private addRef(ref: string, ring: number): void {
    const at = this.byRef.get(ref);
    if (!at) this.byRef.set(ref, [ring]);
    else if (at[at.length - 1] !== ring) at.push(ring);
  }

  ring(id: string): Ring | null {
    const i = this.byId.get(id);
    return i === undefined ? null : this.rings[i]!;
  }

  /** Rings containing an entity (`type:key`) or claim (`claim:id`), highest score first. */
  ringsOf(ref: string): Ring[] {
    return (this.byRef.get(ref) ?? []).map((i) => this.rings[i]!).sort((a, b) => b.score - a.score);
  }

  /**
   * `scopeInsurer`: an insurer caller sees only rings with at least one of its own claims.
   * `personalRefs`: when set, `q` matches a person, phone or bank account member only if its ref
   * (`type:key`) is in the set — an insurer's exact lookups reach only its own claims' parties.
   */
  list(
    q: RingQuery,
    scopeInsurer: string | null,
    personalRefs: ReadonlySet<string> | null = null
  ): { total: number; items: RingListItem[] } {
    const key = JSON.stringify([
      scopeInsurer,
      q.region,
      q.insurer,
      q.category,
      q.minScore,
      q.flagged,
      q.status,
      q.from,
      q.to,
      q.q,
      q.sort,
      q.order,
      personalRefs === null ? null : [...personalRefs].sort()
    ]);
    let hits = this.results.get(key);
    if (hits) {
      this.results.delete(key); // most recently used last
    } else {
      hits = this.filter(q, scopeInsurer, personalRefs);
      if (this.results.size >= RESULT_CACHE) this.results.delete(this.results.keys().next().value!);
    }
    this.results.set(key, hits);
    const start = (q.page - 1) * q.pageSize;
    return { total: hits.length, items: Array.from(hits.subarray(start, start + q.pageSize), (i) => this.items[i]!) };
  }

  /** One bitmap per filter: a ring passes a filter when it has any of the asked values. */
  private anyOf(
    kind: string,
    values: readonly string[],
    match: (have: string, want: string) => boolean = (a, b) => a === b
  ): Uint8Array {
    const out = new Uint8Array(this.rings.length);
    for (const [k, bits] of this.has) {
      if (!k.startsWith(kind + ':')) continue;
      const have = k.slice(kind.length + 1);
      if (!values.some((v) => match(have, v))) continue;
      for (let i = 0; i < bits.length; i++) out[i]! |= bits[i]!;
    }
    return out;
  }

  private filter(q: RingQuery, scopeInsurer: string | null, personalRefs: ReadonlySet<string> | null): Uint32Array {
    const masks: Uint8Array[] = [];
    if (scopeInsurer !== null) masks.push(this.anyOf('insurer', [scopeInsurer]));
    const insurers = list(q.insurer);
    if (insurers) masks.push(this.anyOf('insurer', insurers));
    const categories = list(q.category);
    if (categories) masks.push(this.anyOf('category', categories));
    const statuses = list(q.status);
    if (statuses) masks.push(this.anyOf('status', statuses));
    const regions = list(q.region)?.map(regionPrefix);
    if (regions) masks.push(this.anyOf('region', regions, (have, prefix) => have.startsWith(prefix)));
    if (q.q) {
      const text = new Uint8Array(this.rings.length);
      for (const i of this.textMatches(q.q, personalRefs)) text[i] = 1;
      masks.push(text);
    }
    const order = this.orders[q.sort];
    const n = order.length;
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = order[q.order === 'desc' ? k : n - 1 - k]!;
      if (q.minScore !== undefined && this.score[i]! < q.minScore) continue;
      if (q.flagged !== undefined && (this.flagged[i] === 1) !== q.flagged) continue;
      let ok = true;
      for (const m of masks)
        if (m[i] === 0) {
          ok = false;
          break;
        }
      if (!ok) continue;
      // Periods overlap the asked window; dates compare as strings (YYYY-MM-DD).
      if (q.from || q.to) {
        const period = this.rings[i]!.period;
        if ((q.from && period.to < q.from) || (q.to && period.from > q.to)) continue;
      }
      out.push(i);
    }
    return Uint32Array.from(out);
  }

  /** `q` matches ring ids, categories, insurers, regions — or, exactly, a member's key or a claim id. */
  private textMatches(raw: string, personalRefs: ReadonlySet<string> | null): Set<number> {
    const q = raw.trim().toLowerCase();
    const hits = new Set<number>();
    this.text.forEach((t, i) => {
      if (t.includes(q)) hits.add(i);
    });
    for (const i of this.byRef.get(`claim:${raw.trim()}`) ?? []) hits.add(i);
    for (const type of [...IDENTITY_TYPES, ...PROVIDER_KINDS]) {
      const key = normaliseEntityKey(type, raw);
      if (!key.ok) continue;
      const ref = `${type}:${key.value}`;
      if (personalRefs !== null && PERSONAL.has(type) && !personalRefs.has(ref)) continue;
      for (const i of this.byRef.get(ref) ?? []) hits.add(i);
    }
    return hits;
  }

  /**
   * The links of a ring's claims: from the run's projection when this process
   * ran it, else from the store (one bounded neighbourhood per claim), cached.
   */
  ringLinks(ring: Ring, store: RingStore): Promise<RingLink[]> {
    if (this.claimLinks) return Promise.resolve(ring.claims.flatMap((c) => this.claimLinks!.get(c) ?? []));
    let cached = this.linkCache.get(ring.id);
    if (!cached) {
      cached = fetchLinks(ring.claims, store);
      cached.catch(() => this.linkCache.delete(ring.id));
      if (this.linkCache.size >= LINK_CACHE) this.linkCache.delete(this.linkCache.keys().next().value!);
      this.linkCache.set(ring.id, cached);
    }
    return cached;
  }
}

async function fetchLinks(claims: readonly string[], store: RingStore): Promise<RingLink[]> {
  const out: RingLink[] = [];
  const queue = [...claims];
  // A few at a time: a big ring must not open hundreds of store sessions at once.
  const worker = async (): Promise<void> => {
    for (let claim = queue.shift(); claim !== undefined; claim = queue.shift()) {
      const hood = await store.neighbourhood('claim', claim, 1, 10_000);
      for (const e of hood?.edges ?? []) {
        const target = e.source === `claim:${claim}` ? e.target : e.source;
        const colon = target.indexOf(':');
        out.push({ claim, type: target.slice(0, colon) as EntityType, key: target.slice(colon + 1), role: e.role });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, claims.length) }, worker));
  return out;
}

/** Each ring claim's links, picked out of a projection in one pass over its links. */
export function ringClaimLinks(
  doc: RunDocument,
  links: ReadonlyArray<{ claim: string; type: EntityType; key: string; role: string }>
): Map<string, RingLink[]> {
  const wanted = new Set<string>();
  for (const r of doc.rings) for (const c of r.claims) wanted.add(c);
  const out = new Map<string, RingLink[]>();
  for (const l of links) {
    if (!wanted.has(l.claim)) continue;
    let at = out.get(l.claim);
    if (!at) out.set(l.claim, (at = []));
    at.push({ claim: l.claim, type: l.type, key: l.key, role: l.role });
  }
  return out;
}
