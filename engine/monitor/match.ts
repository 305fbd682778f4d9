/**
 * ringsight/engine/monitor/match
 * ==============================
 *
 * Links the rings of a new run to the rings of the previous run by overlap of
 * claims and identity members, then decides which new ring carries which old
 * id. Pure: two lists in, links and an id assignment out.
 *
 * Link rule — a previous ring A and a new ring B are linked when either
 *   - Jaccard(claims A, claims B) ≥ minJaccard (0.3), or
 *   - Jaccard(identities A, identities B) ≥ minJaccard (0.3), or
 *   - they share ≥ minShared (2) claims and those are ≥ minContainment (0.5)
 *     of the smaller ring's claims.
 * Jaccard alone keeps a ring that gains a few claims (10 → 13: 0.77); the
 * containment clause keeps a ring that doubles or triples between monthly
 * runs (5 → 20: Jaccard 0.25, containment 1) and is what links the pieces
 * of a merge or a split. Identities are people, phones, accounts and
 * vehicles: providers are shared by honest claims and would link unrelated
 * rings.
 *
 * Id rule — links are taken strongest first (shared claims, then shared
 * identities, then claim Jaccard); a link hands A's id to B when neither is
 * taken yet. So in a merge the biggest contributor's id survives, in a split
 * the biggest piece keeps the id, and every id is carried by at most one ring.
 */
import { IDENTITY_TYPES, entityRef, type Ring } from '../model.js';
import type { TrackedRing } from './types.js';

export interface MatchOptions {
  minJaccard: number;
  minContainment: number;
  minShared: number;
}

export const DEFAULTS: MatchOptions = { minJaccard: 0.3, minContainment: 0.5, minShared: 2 };

export interface RingLink {
  prev: number;
  cur: number;
  sharedClaims: number;
  sharedIdentities: number;
  claimJaccard: number;
  identityJaccard: number;
  /** Shared claims over the smaller ring's claims. */
  containment: number;
}

export interface Lineage {
  links: RingLink[];
  /** Per new ring: links to previous rings, strongest first. */
  predecessors: RingLink[][];
  /** Per previous ring: links to new rings, strongest first. */
  successors: RingLink[][];
  /** Per new ring: index of the previous ring whose id it carries, or -1. */
  inherits: number[];
  /** Per previous ring: index of the new ring carrying its id, or -1. */
  carriedBy: number[];
}

/** The part of a ring matching looks at. */
export interface MatchableRing {
  claims: readonly string[];
  identities: readonly string[];
}

const IDENTITY = new Set<string>(IDENTITY_TYPES);

export function identitiesOf(ring: Pick<Ring, 'members'>): string[] {
  return ring.members
    .filter((m) => IDENTITY.has(m.type))
    .map((m) => entityRef(m.type, m.key))
    .sort();
}

export function mergeMatchOptions(options: Partial<MatchOptions> = {}): MatchOptions {
  const opts = { ...DEFAULTS, ...options };
  for (const [name, value] of Object.entries(opts)) {
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`ringsight/monitor: match option ${name} must be a number ≥ 0, got ${value}`);
  }
  if (opts.minJaccard > 1 || opts.minContainment > 1)
    throw new Error('ringsight/monitor: minJaccard and minContainment are shares in [0, 1]');
  return opts;
}

function stronger(a: RingLink, b: RingLink): number {
  return (
    b.sharedClaims - a.sharedClaims ||
    b.sharedIdentities - a.sharedIdentities ||
    b.claimJaccard - a.claimJaccard ||
    a.prev - b.prev ||
    a.cur - b.cur
  );
}

/** Counts, per previous ring, how many of `keys` it holds — through an inverted index, so only touching pairs cost. */
function countShared(index: ReadonlyMap<string, number[]>, keys: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const key of keys) for (const p of index.get(key) ?? []) counts.set(p, (counts.get(p) ?? 0) + 1);
  return counts;
}

function invert(lists: ReadonlyArray<readonly string[]>): Map<string, number[]> {
  const index = new Map<string, number[]>();
  lists.forEach((list, i) => {
    for (const key of new Set(list)) {
      let owners = index.get(key);
      if (!owners) index.set(key, (owners = []));
      owners.push(i);
    }
  });
  return index;
}

export function linkRings(
  previous: readonly MatchableRing[],
  current: readonly MatchableRing[],
  options: Partial<MatchOptions> = {}
): RingLink[] {
  const opts = mergeMatchOptions(options);
  const byClaim = invert(previous.map((r) => r.claims));
  const byIdentity = invert(previous.map((r) => r.identities));
  const prevClaimSize = previous.map((r) => new Set(r.claims).size);
  const prevIdentitySize = previous.map((r) => new Set(r.identities).size);
  const links: RingLink[] = [];
  current.forEach((ring, cur) => {
    const claims = [...new Set(ring.claims)];
    const identities = [...new Set(ring.identities)];
    const sharedClaims = countShared(byClaim, claims);
    const sharedIdentities = countShared(byIdentity, identities);
    for (const prev of new Set([...sharedClaims.keys(), ...sharedIdentities.keys()])) {
      const sc = sharedClaims.get(prev) ?? 0;
      const si = sharedIdentities.get(prev) ?? 0;
      const claimJaccard = sc / (prevClaimSize[prev]! + claims.length - sc);
      const identityUnion = prevIdentitySize[prev]! + identities.length - si;
      const identityJaccard = identityUnion === 0 ? 0 : si / identityUnion;
      const smaller = Math.min(prevClaimSize[prev]!, claims.length);
      const containment = smaller === 0 ? 0 : sc / smaller;
      const linked =
        claimJaccard >= opts.minJaccard ||
        identityJaccard >= opts.minJaccard ||
        (sc >= opts.minShared && containment >= opts.minContainment);
      if (linked)
        links.push({ prev, cur, sharedClaims: sc, sharedIdentities: si, claimJaccard, identityJaccard, containment });
    }
  });
  return links.sort(stronger);
}

export function matchRings(
  previous: readonly MatchableRing[],
  current: readonly MatchableRing[],
  options: Partial<MatchOptions> = {}
): Lineage {
  const links = linkRings(previous, current, options);
  const predecessors: RingLink[][] = current.map(() => []);
  const successors: RingLink[][] = previous.map(() => []);
  const inherits = current.map(() => -1);
  const carriedBy = previous.map(() => -1);
  // `links` is sorted strongest first, so these lists are too and the greedy pass sees the best pairs first.
  for (const link of links) {
    predecessors[link.cur]!.push(link);
    successors[link.prev]!.push(link);
    if (inherits[link.cur] === -1 && carriedBy[link.prev] === -1) {
      inherits[link.cur] = link.prev;
      carriedBy[link.prev] = link.cur;
    }
  }
  return { links, predecessors, successors, inherits, carriedBy };
}

export function toTracked(
  ring: Ring & Partial<Pick<TrackedRing, 'history' | 'firstSeen'>>,
  fallback: TrackedRing['firstSeen']
): TrackedRing {
  return {
    id: ring.id,
    score: ring.score,
    flagged: ring.flagged,
    category: ring.category,
    claims: [...ring.claims],
    identities: identitiesOf(ring),
    regions: [...ring.regions],
    insurers: [...ring.insurers],
    history: ring.history ? [...ring.history] : [],
    firstSeen: ring.firstSeen ?? fallback
  };
}
