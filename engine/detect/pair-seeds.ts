/**
 * ringsight/engine/detect/pair-seeds
 * ==================================
 *
 * Rings drawn from the provider pairs alone, where no flagged ring holds the
 * pair's claims to grow from (./grow). A broker who recruits every victim
 * separately leaves claims that share no phone, account or car: the identity
 * graph hands scoring a few pairs of relatives and a family cluster, none with
 * evidence enough, and nothing is grown. The pair — a clinic and an appraiser
 * or law firm used together far beyond chance within the districts where the
 * claims happened (./grow, `linkingPairs`) — is then the only thing that
 * draws the ring.
 *
 * A pair seeds when it sits on fewer than three claims of flagged rings (from
 * three it is that ring's to grow) and its count is at least `SEED_RATIO`
 * times the expected, not only improbable: a city's busy clinic and appraiser
 * pass the Poisson bar on volume at a few times the expected. Pairs that share
 * claims are joined (a broker's clinic, appraiser and law firm make three pairs
 * on one set of victims); their claims outside flagged rings form a
 * candidate, judged like every other. It is kept only when flagged, and the
 * claims it takes leave the candidates they were in, which are scored again.
 */
import type { ClaimsIndex } from '../graph/claims-index.js';
import { withPairNote, type ProviderPair } from './grow.js';
import type { ScoredCandidate } from './ring.js';

/** Claims of a pair, outside flagged rings, from which it draws a ring (the pair test's own floor). */
const SEED_MIN = 4;
/**
 * Times its expected count a pair must reach to seed. The Poisson bar alone lets through a busy
 * city clinic's referral route of 15–50 claims at 2.5–6.5 times the expected; the brokers' pairs
 * run at a median of 20 times (blind book seeds 1–2 and the tuning worlds, 12-07).
 */
const SEED_RATIO = 8;
/** Claims of a flagged ring a pair may sit on and still seed: from as many as grow needs, it is that ring's. */
const SEED_IN_RING = 3;

/**
 * New flagged rings from provider pairs, appended to `claims` and `scored` in place; the candidates
 * they take claims from are scored again without them (or dropped below `minClaims`). Returns how
 * many rings were drawn.
 */
export function seedFromPairs(
  index: ClaimsIndex,
  pairs: readonly ProviderPair[],
  claims: number[][],
  scored: Array<ScoredCandidate | null>,
  params: { flagThreshold: number; minClaims: number },
  score: (claims: number[]) => ScoredCandidate
): number {
  if (pairs.length === 0) return 0;
  const owner = new Map<number, number>();
  claims.forEach((list, i) => {
    for (const c of list) owner.set(c, i);
  });
  const flagged = (i: number | undefined): boolean =>
    i !== undefined && (scored[i]?.score ?? 0) >= params.flagThreshold;
  // The pairs that may seed, each as its claims outside flagged rings.
  const free: number[][] = [];
  const seeding: ProviderPair[] = [];
  for (const pair of pairs) {
    if (pair.claims.length < SEED_RATIO * pair.expected) continue;
    const out = pair.claims.filter((c) => !flagged(owner.get(c)));
    if (out.length < SEED_MIN || pair.claims.length - out.length >= SEED_IN_RING) continue;
    free.push(out);
    seeding.push(pair);
  }
  if (free.length === 0) return 0;
  // Pairs sharing a claim are one broker's: union-find over the pairs by their claims.
  const parent = free.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const firstPair = new Map<number, number>();
  free.forEach((list, p) => {
    for (const c of list) {
      const q = firstPair.get(c);
      if (q === undefined) firstPair.set(c, p);
      else parent[find(p)] = find(q);
    }
  });
  const groups = new Map<number, { claims: Set<number>; through: ProviderPair[] }>();
  free.forEach((list, p) => {
    const root = find(p);
    const group = groups.get(root) ?? groups.set(root, { claims: new Set(), through: [] }).get(root)!;
    for (const c of list) group.claims.add(c);
    group.through.push(seeding[p]!);
  });
  const ordered = [...groups.values()]
    .map((g) => ({ claims: [...g.claims].sort((a, b) => a - b), through: g.through }))
    .sort((a, b) => a.claims[0]! - b.claims[0]!);
  let drawn = 0;
  for (const group of ordered) {
    // A ring drawn earlier may have taken some of these claims.
    const mine = group.claims.filter((c) => !flagged(owner.get(c)));
    if (mine.length < SEED_MIN) continue;
    const s = withPairNote(index, score(mine), null, group.through);
    if (s.score < params.flagThreshold) continue;
    drawn++;
    const i = claims.length;
    const from = new Set<number>();
    for (const c of mine) {
      const o = owner.get(c);
      if (o !== undefined) from.add(o);
      owner.set(c, i);
    }
    claims.push(mine);
    scored.push(s);
    for (const o of [...from].sort((a, b) => a - b)) {
      claims[o] = claims[o]!.filter((c) => owner.get(c) === o);
      scored[o] = claims[o]!.length >= Math.max(2, params.minClaims) ? score(claims[o]!) : null;
    }
  }
  return drawn;
}
