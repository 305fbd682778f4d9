/**
 * ringsight/engine/detect/time-slices
 * ===================================
 *
 * Gangs found inside a large unflagged candidate by cutting it in time. The
 * identity graph joins a crew's five staged claims to everything its members,
 * their families and their cars did in the book's other years: forty or sixty
 * claims in which the crew's red flags are diluted below the flag. A crew works
 * for a season; its members' own claims fall whenever life happens.
 *
 * A candidate's time slices: its claims joined only where they share an
 * identity (person, phone, account, vehicle; hubs left out as in the community
 * graph) and their accidents are at most `sliceGapDays` apart. Every slice of
 * `sliceMinClaims` or more claims out of an unflagged candidate of `sliceFrom`
 * or more is scored, and a slice that flags is a ring; the claims it takes
 * leave their candidate, which is scored again without them. A slice is held
 * to more than a candidate, because the slicing itself makes red flags:
 * - `claim_burst` and `intermediary_concentration` are not counted: a slice is
 *   bunched in time by construction, and its people go to their usual clinic
 *   and garage;
 * - every other red flag counts above the higher of two typical strengths
 *   (detect/common-signals): among the candidates of the slice's size, and
 *   among all the book's slices of its size — honest slices are the null, and
 *   the few gangs among them do not move their median;
 * - it needs two kinds of red flag: slicing searches many cuts of each
 *   candidate, and one red flag alone is what such a search finds by chance.
 */
import type { ClaimsIndex } from '../graph/claims-index.js';
import { identityLinksWithin } from '../graph/community-graph.js';
import type { IdentityType } from '../model.js';
import type { Calendar } from '../signals/burst.js';
import { redFlagKinds } from '../signals/corroboration.js';
import { SIGNALS, type BookStats } from '../signals/index.js';
import { claimOwners } from './claim-owners.js';
import type { Judged, PeerJudge } from './common-signals.js';
import { scoreCandidate, withSizeNote, type RingParams, type ScoredCandidate } from './ring.js';

export interface SliceParams {
  /** Unflagged candidates of at least this many claims are cut in time (0: never). */
  sliceFrom: number;
  /** Claims sharing an identity are in one slice when their accidents are at most this many days apart. */
  sliceGapDays: number;
  /** Fewest claims of a slice scored as a ring. */
  sliceMinClaims: number;
}

const BEHAVIOURAL: ReadonlySet<string> = new Set(SIGNALS.filter(([, kind]) => kind === 'behavioural').map(([n]) => n));
/**
 * Kinds of red flag a slice needs, each counting at least `KIND_POINTS` (signals/corroboration): slicing is a search over
 * many cuts of each candidate, and one red flag alone is what the search finds by chance. Nine of
 * the twelve honest slices that flagged on the project's and blind worlds (12-07) stood on one
 * phone given for several people and nothing else; every slice that was mostly a ring showed two
 * kinds or more.
 */
const MIN_KINDS = 2;

/** Kinds of behavioural red flag counting at least `KIND_POINTS` (a shared phone and account are one kind). */
function kinds(s: ScoredCandidate): number {
  return redFlagKinds(s.evidence, BEHAVIOURAL);
}

/** Who the slices are judged among, as the evidence says it. */
export const SLICE_PEERS = 'time slices of large candidates of this size';

/**
 * Red flags the slicing itself raises, not counted in a slice. Counted and judged among slices,
 * the slices of blind seeds 1, 2, 5 and 6 flagged 42 honest clusters, most on these two, to 9 rings.
 */
const DRAWN_BY: Partial<Record<string, string>> = {
  claim_burst: 'a time slice is bunched in time by construction',
  intermediary_concentration: "a time slice holds the same people's claims, who go to the same providers"
};

/**
 * The time slices of a candidate's claims of at least `sliceMinClaims` claims, each ascending,
 * ordered by least claim; none when the candidate is one slice. Entities marked in `unjoined`
 * (a dealer's desk phone or account, on its customers' claims in every season) join no claims.
 */
export function timeSlices(
  index: ClaimsIndex,
  claims: readonly number[],
  calendar: Calendar,
  params: SliceParams & { hubDegree: Record<IdentityType, number> },
  unjoined?: Uint8Array
): number[][] {
  const gap = params.sliceGapDays / calendar.days;
  const parent = new Map<number, number>();
  for (const c of claims) parent.set(c, c);
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    while (parent.get(x)! !== r) {
      const next = parent.get(x)!;
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  for (const [e, positions] of identityLinksWithin(index, claims, params.hubDegree)) {
    if (positions.length < 2 || unjoined?.[e]) continue;
    const list = positions.map((i) => claims[i]!);
    // Consecutive in time on one identity, ties by claim: a chain is deterministic.
    list.sort((a, b) => calendar.elapsed[a]! - calendar.elapsed[b]! || a - b);
    for (let i = 1; i < list.length; i++) {
      if (calendar.elapsed[list[i]!]! - calendar.elapsed[list[i - 1]!]! > gap) continue;
      const a = find(list[i]!),
        b = find(list[i - 1]!);
      if (a !== b) parent.set(Math.max(a, b), Math.min(a, b));
    }
  }
  const byRoot = new Map<number, number[]>();
  for (const c of claims) {
    const r = find(c);
    (byRoot.get(r) ?? byRoot.set(r, []).get(r)!).push(c);
  }
  if (byRoot.size <= 1) return [];
  return [...byRoot.values()]
    .filter((s) => s.length >= params.sliceMinClaims)
    .map((s) => s.sort((a, b) => a - b))
    .sort((a, b) => a[0]! - b[0]!);
}

/** A slice scored against the book's rates, with the red flags the slicing raises shown and not counted. */
export function scoreSlice(
  index: ClaimsIndex,
  claims: number[],
  params: RingParams,
  stats: BookStats
): ScoredCandidate {
  return scoreCandidate(index, claims, params, stats, DRAWN_BY);
}

/**
 * Flagged rings cut in time out of large unflagged candidates, appended to `claims` and `scored` in
 * place (their candidates scored again without them). `raw` scores a slice (`scoreSlice`),
 * `judgedBy` judges it among its peers. Returns how many rings were drawn.
 */
export function seedFromSlices(
  index: ClaimsIndex,
  calendar: Calendar,
  claims: number[][],
  scored: Array<ScoredCandidate | null>,
  params: SliceParams & { hubDegree: Record<IdentityType, number>; flagThreshold: number; minClaims: number },
  raw: (claims: number[]) => ScoredCandidate,
  peers: (sizes: readonly number[], population: ReadonlyArray<ScoredCandidate | null>) => PeerJudge,
  judgedBy: (judge: PeerJudge, s: ScoredCandidate, size: number) => ScoredCandidate,
  score: (claims: number[]) => ScoredCandidate
): number {
  if (params.sliceFrom <= 0) return 0;
  const slices: number[][] = [];
  const from: number[] = [];
  const count = claims.length;
  for (let i = 0; i < count; i++) {
    if (claims[i]!.length < params.sliceFrom || (scored[i]?.score ?? 0) >= params.flagThreshold) continue;
    for (const s of timeSlices(index, claims[i]!, calendar, params)) {
      slices.push(s);
      from.push(claims[i]!.length);
    }
  }
  if (slices.length === 0) return 0;
  const sizes = slices.map((s) => s.length);
  const population = slices.map((s) => {
    const r = raw(s);
    return r.evidence.some((e) => e.contribution > 0) ? r : null;
  });
  const judge = peers(sizes, population);
  const { move } = claimOwners(claims, scored, params, score);
  let drawn = 0;
  slices.forEach((slice, k) => {
    const s = population[k];
    if (!s) return;
    const judged = judgedBy(judge, s, slice.length);
    if (judged.score < params.flagThreshold || kinds(judged) < MIN_KINDS) return;
    drawn++;
    const note = `; cut in time out of a candidate of ${from[k]} claims (claims on one identity at most ${params.sliceGapDays} days apart), judged among ${slices.length} such slices`;
    move(slice, withSizeNote(judged, note));
  });
  return drawn;
}

/**
 * A judge holding each red flag to the higher of two nulls' typical strengths: a slice is judged
 * among slices (`name`) and among the candidates of its size, and counts above whichever shows more.
 */
export function stricter(first: PeerJudge, name: string, second: PeerJudge): PeerJudge {
  return (size, s) => {
    const a = first(size, s),
      b = second(size, s);
    if (!a.typical) return b;
    const out: Judged = { typical: { ...b.typical }, among: b.among ? { ...b.among } : null };
    for (const [signal, t] of Object.entries(a.typical) as Array<[keyof NonNullable<Judged['typical']>, number]>) {
      if (t <= (out.typical![signal] ?? 0)) continue;
      out.typical![signal] = t;
      (out.among ??= {})[signal] = a.among?.[signal] ?? name;
    }
    return out;
  };
}
