/**
 * ringsight/engine/detect/refine
 * ==============================
 *
 * Peels honest claims off a suspicious candidate. Modularity over the whole
 * book cannot cut a forty-claim component: next to the book's total weight
 * any split of it looks worthless (the resolution limit, Fortunato &
 * Barthélemy 2007), so a gang glued to a member's family claims, or to the
 * honest claims of a lured driver, reaches scoring whole and either reads as
 * a ring three times its size or is diluted below the flag.
 *
 * A candidate of at least `refineFrom` claims whose promise reaches
 * `refinePromise` (./ring: flagged, or flagged were structure counted beside
 * its one red flag) is cut again with modularity over its own links alone (seeded Louvain, resolution 1:
 * ./small-louvain; each community split into its connected parts). The
 * part with the most evidence is kept apart from the rest only when the rest,
 * taken together, shows less than `refineRestBelow` points: the cut takes off
 * claims that say nothing, never half of a gang (a gang cut in two leaves
 * evidence in both halves, and then the candidate stays whole). This is
 * evidence-guided peeling in the spirit of dense-subgraph fraud detection
 * (Hooi et al. 2016, FRAUDAR: drop what lowers suspiciousness), with the
 * community step choosing what may be dropped. The kept part is refined again
 * while it is large enough.
 *
 * A broker's victims are linked to each other only through the clinic and the
 * broker's phone, and each to a family of their own: cut over its links, such a
 * candidate falls into family-sized pieces none of which stands alone. Then the
 * claims on an entity a behavioural red flag names (the clinic, the pooled phone
 * or account) are tried as the part, under the same two tests. That part is
 * chosen by the evidence, not picked as the best of many cuts, so it is held
 * only to `minClaims`, not to `refineMinClaims`.
 *
 * The same people ride together in a crew's season and in their own years of
 * claims, so the cut over links mixes the two. Before the cut's strongest
 * part, the candidate's time slices (./time-slices; a dealer's desk joins no
 * season) are tried: the one with the most evidence is the part, under the
 * same two tests, when it holds at most `refineSeasonShare` of the claims and
 * shows `refineSeasonGain` points more than both the whole and the cut's
 * strongest part. A long-running shop ring's busiest window shows about what
 * the ring does, and gains too little to be taken.
 *
 * Where neither peels — a gang cut into three pieces that each speak leaves
 * evidence in every rest — the cut's large silent parts go: a part of
 * `refineFrom` claims or more that shows under `refineRestBelow` points alone is
 * honest structure (a shop's 28 customers glued to a 13-claim crew by its desk
 * phone), and the candidate without them is kept if it still stands flagged.
 */
import { claimEntities, refOf, type ClaimsIndex } from '../graph/claims-index.js';
import { identityLinksWithin } from '../graph/community-graph.js';
import type { IdentityType } from '../model.js';
import { SIGNALS } from '../signals/index.js';
import { seededRandom } from '../util/random.js';
import type { ScoredCandidate } from './ring.js';
import { smallLouvain } from './small-louvain.js';

export interface RefineParams {
  /** Candidates of at least this many claims are cut again over their own links (0: never). */
  refineFrom: number;
  /**
   * Promise (detect/ring: the score with structure counted beside a single red flag) from which a
   * candidate is cut again. A part is kept only where it flags on its own score.
   */
  refinePromise: number;
  /** Most points the claims left after the strongest part may show together for the cut to stand. */
  refineRestBelow: number;
  /** Fewest claims of a cut's part kept apart: a smaller one, picked as the best of many, is a selection artefact. */
  refineMinClaims: number;
  /** Largest share of the candidate's claims a time slice may hold to be tried as its season (0: never). */
  refineSeasonShare: number;
  /** Points a season must show beyond both the whole candidate and the strongest part of the cut. */
  refineSeasonGain: number;
}

/** A set of claims cut in time: the parts its identity links join within a season (./time-slices). */
export type Slicer = (claims: readonly number[]) => number[][];

export interface LinkParams {
  seed: number;
  minClaims: number;
  hubDegree: Record<IdentityType, number>;
  linkWeight: Record<IdentityType, number>;
}

/** Uncapped evidence: two parts both at the 100 cap still differ in how much they show. */
function points(s: ScoredCandidate): number {
  let sum = 0;
  for (const e of s.evidence) sum += e.contribution;
  return sum;
}

/**
 * A candidate's claims cut by modularity over its own identity links: parts (claim indices,
 * ascending) in order of least claim. Claims linked to nothing else inside are parts alone.
 */
export function cutCandidate(index: ClaimsIndex, claims: readonly number[], params: LinkParams): number[][] {
  const on = identityLinksWithin(index, claims, params.hubDegree);
  // Nodes: the claims 0..m-1, then each entity on two or more of them, in index order.
  const m = claims.length;
  const entities = [...on.keys()].filter((e) => on.get(e)!.length >= 2).sort((a, b) => a - b);
  const n = m + entities.length;
  const degree = new Int32Array(n);
  entities.forEach((e, j) => {
    for (const i of on.get(e)!) {
      degree[i]!++;
      degree[m + j]!++;
    }
  });
  const start = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) start[u + 1] = start[u]! + degree[u]!;
  const target = new Int32Array(start[n]!);
  const weight = new Float64Array(start[n]!);
  const fill = start.slice(0, n);
  entities.forEach((e, j) => {
    const type = index.entityType[e] as IdentityType;
    const w = params.linkWeight[type] / Math.log2(1 + index.degree[e]!);
    for (const i of on.get(e)!) {
      target[fill[i]!] = m + j;
      weight[fill[i]!++] = w;
      target[fill[m + j]!] = i;
      weight[fill[m + j]!++] = w;
    }
  });
  const community = smallLouvain({ n, start, target, weight }, seededRandom(params.seed));
  // Connected parts of each community, over claim and entity nodes alike.
  const part = new Int32Array(n).fill(-1);
  const parts: number[][] = [];
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if (part[s] !== -1) continue;
    const found: number[] = [];
    part[s] = parts.length;
    stack.push(s);
    while (stack.length > 0) {
      const u = stack.pop()!;
      if (u < m) found.push(claims[u]!);
      for (let k = start[u]!; k < start[u + 1]!; k++) {
        const v = target[k]!;
        if (part[v] === -1 && community[v] === community[s]) {
          part[v] = parts.length;
          stack.push(v);
        }
      }
    }
    if (found.length > 0) parts.push(found.sort((a, b) => a - b));
  }
  return parts.sort((a, b) => a[0]! - b[0]!);
}

/**
 * The claims a flagged candidate should be reported as: itself, or its strongest part once
 * nothing it leaves behind shows evidence (see the banner). `score` scores a set of claims
 * the way the candidate itself was scored (the trimmed null, judged among the same peers).
 */
export function refineCandidate(
  index: ClaimsIndex,
  claims: number[],
  whole: ScoredCandidate,
  params: RefineParams & LinkParams & { flagThreshold: number },
  score: (claims: number[]) => ScoredCandidate,
  slices?: Slicer
): { claims: number[]; scored: ScoredCandidate } {
  let keep = { claims, scored: whole };
  let inTime = false;
  const smallest = Math.max(params.minClaims, params.refineMinClaims);
  // The part must stand on its own as the candidate did, and what it leaves must say nothing.
  const peels = (part: { claims: number[]; scored: ScoredCandidate } | null): boolean => {
    if (!part || part.scored.score < params.flagThreshold) return false;
    const inPart = new Set(part.claims);
    const rest = score(keep.claims.filter((c) => !inPart.has(c)));
    // Exculpatory evidence left in the rest (an agent's practice, a fleet) explains the whole where
    // its agent or fleet reaches into the part: keep it whole. Where it does not, the rest is that
    // agent's or fleet's ordinary book, glued on through some customer, and is what to peel off.
    const excuses = rest.evidence.filter((e) => e.contribution < 0);
    if (excuses.length > 0) {
      const onPart = new Set<string>();
      for (const c of part.claims) for (const e of claimEntities(index, c)) onPart.add(refOf(index, e));
      if (excuses.some((e) => e.refs.some((r) => onPart.has(r)))) return false;
    }
    return points(rest) < params.refineRestBelow;
  };
  // A candidate with exculpatory evidence (an agent's practice, a fleet) is explained as a whole:
  // a part of it would lose the explanation and read as a gang.
  while (keep.claims.length >= params.refineFrom && !keep.scored.evidence.some((e) => e.contribution < 0)) {
    const parts = cutCandidate(index, keep.claims, params);
    const scoredParts = new Map<number[], ScoredCandidate>();
    const scorePart = (p: number[]): ScoredCandidate => scoredParts.get(p) ?? scoredParts.set(p, score(p)).get(p)!;
    let best: { claims: number[]; scored: ScoredCandidate } | null = null;
    for (const p of parts.length < 2 ? [] : parts) {
      if (p.length < smallest) continue;
      const s = scorePart(p);
      if (!best || points(s) > points(best.scored)) best = { claims: p, scored: s };
    }
    // A gang's season among its members' years of their own claims: cut in time, not over links.
    // Tried on the candidate as it came only: what a cut kept is one piece of it already, and
    // each slice costs a scoring (over the 86 quality worlds, retrying on kept parts found nothing).
    const season = slices && keep.claims === claims ? seasonOf(keep, best, smallest, params, score, slices) : null;
    if (season && peels(season)) {
      keep = season;
      inTime = true;
      continue;
    }
    if (peels(best)) {
      keep = best!;
      continue;
    }
    // Claims a gang shares only through its broker's clinic or pooled phone fall apart when cut
    // over their links; the claims carrying the red flags' own references are tried as the part.
    const core = evidenceCore(index, keep.claims, keep.scored);
    if (core.length >= params.minClaims && core.length < keep.claims.length) {
      const part = { claims: core, scored: score(core) };
      if (peels(part)) {
        keep = part;
        continue;
      }
    }
    const speaking = withoutSilentParts(index, keep.claims, parts, smallest, params, score, scorePart);
    if (!speaking) break;
    keep = speaking;
  }
  if (keep.claims === claims) return keep;
  // Say so where the ring's size is explained: an analyst may want the claims left out.
  const season = inTime ? ', the season with the most evidence cut out in time' : '';
  const note = `; cut from a linked cluster of ${claims.length}${season}: the other ${claims.length - keep.claims.length} showed no evidence of their own and were left out`;
  const evidence = keep.scored.evidence.map((e) => (e.signal === 'ring_size' ? { ...e, detail: e.detail + note } : e));
  return { claims: keep.claims, scored: { ...keep.scored, evidence } };
}

/**
 * The candidate's time slice with the most evidence, when it holds at most `refineSeasonShare` of
 * the claims and shows `refineSeasonGain` points more than both the whole and the cut's strongest
 * part (`best`); null otherwise. The caller still requires what it leaves to be silent.
 */
function seasonOf(
  keep: { claims: number[]; scored: ScoredCandidate },
  best: { claims: number[]; scored: ScoredCandidate } | null,
  smallest: number,
  params: RefineParams,
  score: (claims: number[]) => ScoredCandidate,
  slices: Slicer
): { claims: number[]; scored: ScoredCandidate } | null {
  if (params.refineSeasonShare <= 0) return null;
  let top: { claims: number[]; scored: ScoredCandidate } | null = null;
  for (const p of slices(keep.claims)) {
    if (p.length < smallest || p.length > params.refineSeasonShare * keep.claims.length) continue;
    const s = score(p);
    if (!top || points(s) > points(top.scored)) top = { claims: p, scored: s };
  }
  if (!top) return null;
  const bar = Math.max(points(keep.scored), best ? points(best.scored) : -Infinity) + params.refineSeasonGain;
  return points(top.scored) >= bar ? top : null;
}

/**
 * The candidate without its large silent parts, where what is left still stands flagged; null when
 * there is no such part. A part of `refineFrom` claims or more that shows under `refineRestBelow`
 * points on its own is honest structure a gang was glued to: a candidate of that size is worth
 * judging alone, and it says nothing. A small silent part is not evidence of anything (a gang's
 * pieces of three or five claims are often silent apart), so it stays.
 */
function withoutSilentParts(
  index: ClaimsIndex,
  claims: readonly number[],
  parts: readonly number[][],
  smallest: number,
  params: RefineParams & { flagThreshold: number },
  score: (claims: number[]) => ScoredCandidate,
  scorePart: (part: number[]) => ScoredCandidate
): { claims: number[]; scored: ScoredCandidate } | null {
  const silent = new Set<number>();
  const excused: string[] = [];
  for (const p of parts) {
    if (p.length < params.refineFrom) continue;
    const s = scorePart(p);
    if (points(s) >= params.refineRestBelow) continue;
    for (const c of p) silent.add(c);
    for (const e of s.evidence) if (e.contribution < 0) excused.push(...e.refs);
  }
  if (silent.size === 0) return null;
  const left = claims.filter((c) => !silent.has(c));
  if (left.length < smallest) return null;
  // As in the peel: an agent or fleet whose excuse reaches into what is left explains the whole.
  if (excused.length > 0) {
    const refs = new Set(excused);
    if (left.some((c) => claimEntities(index, c).some((e) => refs.has(refOf(index, e))))) return null;
  }
  const scored = score(left);
  return scored.score >= params.flagThreshold ? { claims: left, scored } : null;
}

const BEHAVIOURAL: ReadonlySet<string> = new Set(
  SIGNALS.filter(([, kind]) => kind === 'behavioural').map(([name]) => name)
);

/** The candidate's claims on an entity a behavioural red flag names (its provider, pooled phone or account). */
function evidenceCore(index: ClaimsIndex, claims: readonly number[], scored: ScoredCandidate): number[] {
  const refs = new Set<string>();
  for (const e of scored.evidence)
    if (e.contribution > 0 && BEHAVIOURAL.has(e.signal)) for (const r of e.refs) refs.add(r);
  if (refs.size === 0) return [];
  return claims.filter((c) => claimEntities(index, c).some((e) => refs.has(refOf(index, e))));
}
