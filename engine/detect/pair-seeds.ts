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
 * pass the Poisson bar on volume at a few times the expected. A pair that
 * closes a triangle (clinic, appraiser and law firm each a pair with the
 * others) is the broker's whole chain and needs only `TRIANGLE_RATIO`; so does
 * a pair whose claims bunch in time (`BUNCHED`: a season's work, where a
 * referral route runs all the book's years). Pairs that share
 * claims are joined (a broker's clinic, appraiser and law firm make three pairs
 * on one set of victims); their claims outside flagged rings form a
 * candidate, judged like every other. It is kept only when flagged, and the
 * claims it takes leave the candidates they were in, which are scored again.
 *
 * The same pair also splits a broker's victims off another gang's flagged
 * ring, where the two were glued together through an honest family that knows
 * someone on each side: when the pair's claims are under `SPLIT_SHARE` of the
 * ring, under half of them share any identity with the rest and under half of
 * the rest with them (`hangsLoose`), and both sides stand flagged apart. A
 * gang's own broker arm never hangs loose: its organisers' phones and
 * accounts run through both sides (on the tuning worlds, every claim of such
 * an arm touches the rest; in the blind merge that was split, 4 of 12).
 */
import type { ClaimsIndex } from '../graph/claims-index.js';
import { isIdentity } from '../graph/community-graph.js';
import { withPairNote, type ProviderPair } from './grow.js';
import { claimOwners } from './claim-owners.js';
import type { ScoredCandidate } from './ring.js';

/** Claims of a pair, outside flagged rings, from which it draws a ring (the pair test's own floor). */
const SEED_MIN = 4;
/**
 * Times its expected count a pair must reach to seed. The Poisson bar alone lets through a busy
 * city clinic's referral route of 15–50 claims at 2.5–6.5 times the expected; the brokers' pairs
 * run at a median of 20 times (blind book seeds 1–2 and the tuning worlds, 12-07).
 */
const SEED_RATIO = 8;
/**
 * The same for a pair whose providers each make a pair with one third provider too: a clinic,
 * an appraiser and a law firm all chosen together is a broker's chain, and no honest referral route
 * formed one in the 46 worlds measured (12-07); the brokers' triangles ran at 3.7–7.9 times.
 */
const TRIANGLE_RATIO = 3;
/**
 * log10 of the chance of the pair's dates (./grow, `bunched`) under which the pair is a season's
 * work, not a referral route, and needs only `TRIANGLE_RATIO`: a busy clinic's route at 2.5–6.5
 * times runs all the book's years. At 1 in 100 and 1 in 10,000 the blind and tuning worlds gave
 * the same rings as at 1 in 1,000 (12-07).
 */
const BUNCHED = -3;
/** Claims of a flagged ring a pair may sit on and still seed: from as many as grow needs, it is that ring's. */
const SEED_IN_RING = 3;
/** Share of a flagged ring's claims under which a pair's claims in it may be split off as a ring of their own. */
const SPLIT_SHARE = 0.4;
/** Share of each side's claims under which the two sides hang loose (see `hangsLoose`). */
const LOOSE_SHARE = 0.5;

/**
 * New flagged rings from provider pairs (split off a flagged ring, or drawn from claims outside
 * flagged rings), appended to `claims` and `scored` in place; the candidates they take claims from
 * are scored again without them (or dropped below `minClaims`). Returns how many rings were drawn.
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
  const { of: owner, flagged, move } = claimOwners(claims, scored, params, score);
  let drawn = 0;
  // A broker's victims glued into another gang's flagged ring through a few honest claims: split off.
  for (const pair of pairs) {
    if (pair.claims.length < SEED_RATIO * pair.expected) continue;
    const rings = new Set<number>();
    for (const c of pair.claims) if (flagged(owner(c))) rings.add(owner(c)!);
    if (rings.size !== 1) continue;
    const [r] = rings;
    const part = pair.claims.filter((c) => owner(c) === r || !flagged(owner(c)));
    const inRing = part.filter((c) => owner(c) === r).length;
    if (inRing < SEED_MIN || inRing >= SPLIT_SHARE * claims[r!]!.length) continue;
    const inPart = new Set(part);
    const rest = claims[r!]!.filter((c) => !inPart.has(c));
    if (!hangsLoose(index, part, rest)) continue;
    const s = score(part);
    if (s.score < params.flagThreshold || score(rest).score < params.flagThreshold) continue;
    drawn++;
    move(part, withPairNote(index, s, null, [pair]));
  }
  // The pairs that may seed, each as its claims outside flagged rings.
  const free: number[][] = [];
  const seeding: ProviderPair[] = [];
  const tri = inTriangle(pairs);
  for (const [p, pair] of pairs.entries()) {
    const bar = tri[p] || pair.bunched < BUNCHED ? TRIANGLE_RATIO : SEED_RATIO;
    if (pair.claims.length < bar * pair.expected) continue;
    const out = pair.claims.filter((c) => !flagged(owner(c)));
    if (out.length < SEED_MIN || pair.claims.length - out.length >= SEED_IN_RING) continue;
    free.push(out);
    seeding.push(pair);
  }
  if (free.length === 0) return drawn;
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
  for (const group of ordered) {
    // A ring drawn earlier may have taken some of these claims.
    const mine = group.claims.filter((c) => !flagged(owner(c)));
    if (mine.length < SEED_MIN) continue;
    const s = withPairNote(index, score(mine), null, group.through);
    if (s.score < params.flagThreshold) continue;
    drawn++;
    move(mine, s);
  }
  return drawn;
}

/** Per pair, whether its two providers and a third are pairwise pairs too (clinic, appraiser and law firm). */
function inTriangle(pairs: readonly ProviderPair[]): boolean[] {
  const key = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);
  const present = new Set(pairs.map((p) => key(p.providers[0], p.providers[1])));
  const partners = new Map<number, number[]>();
  for (const p of pairs)
    for (const [x, y] of [p.providers, [p.providers[1], p.providers[0]]] as const)
      (partners.get(x) ?? partners.set(x, []).get(x)!).push(y);
  return pairs.map((p) => {
    const [a, b] = p.providers;
    return (partners.get(a) ?? []).some((c) => c !== b && present.has(key(b, c)));
  });
}

/** Identity entities (people, phones, accounts, vehicles) on any of the claims. */
function identities(index: ClaimsIndex, claims: readonly number[]): Set<number> {
  const out = new Set<number>();
  for (const c of claims)
    for (let k = index.linkStart[c]!; k < index.linkStart[c + 1]!; k++)
      if (isIdentity(index.entityType[index.linkEntity[k]!]!)) out.add(index.linkEntity[k]!);
  return out;
}

/** Claims of `claims` carrying any of the entities. */
function touching(index: ClaimsIndex, claims: readonly number[], entities: ReadonlySet<number>): number {
  let n = 0;
  for (const c of claims)
    for (let k = index.linkStart[c]!; k < index.linkStart[c + 1]!; k++)
      if (entities.has(index.linkEntity[k]!)) {
        n++;
        break;
      }
  return n;
}

/**
 * Whether a pair's claims hang on the rest of a ring by a few claims on each side: under half of
 * either side shares any identity with the other. One gang's broker arm is tied in on every claim
 * (its organisers' phones and accounts run through both); two gangs meet through one honest family.
 */
function hangsLoose(index: ClaimsIndex, part: readonly number[], rest: readonly number[]): boolean {
  return (
    touching(index, part, identities(index, rest)) < LOOSE_SHARE * part.length &&
    touching(index, rest, identities(index, part)) < LOOSE_SHARE * rest.length
  );
}
