/**
 * ringsight/engine/detect/trimmed-null
 * ====================================
 *
 * Scores every candidate against the book's base rates after taking the
 * suspicious ones out of those rates: a trimmed empirical null. The base rates
 * are meant to describe honest structure, but a book with a dozen fake-death
 * gangs "shows" people dying twice at a dozen gangs' rate, and each gang makes
 * the others look ordinary.
 *
 * Two trims, both noted from what each candidate contributed to each rate while
 * it was first scored (its own events and units, which do not depend on the rates):
 * 1. per rate: a candidate with at least two events whose own count is already
 *    a chance below 10^-evidenceScale[0] at the rate without it is out of that rate; repeated
 *    until the set stops changing. Honest events are spread thin — one switching
 *    driver per family — so they stay; a gang's events come bunched and leave.
 *    This is robust estimation of the null's centre (Efron 2004, §4), per signal.
 * 2. by score: candidates scoring at or above `trimAbove` leave every rate they
 *    were counted in (what several weak signals together say about a candidate).
 * Candidates with any behavioural evidence are then scored again, up to
 * `trimPasses` times while the trimmed set grows. Lowering a rate can only raise
 * a score, so candidates with no behavioural evidence need no second look.
 */
import type { ClaimsIndex } from '../graph/claims-index.js';
import { RATE_NAMES, rateWithout, trimRates, type RateName, type Tally } from '../signals/base-rates.js';
import type { BookStats } from '../signals/index.js';
import { log10BinomialTail } from '../signals/surprise.js';
import { SIGNALS } from '../signals/index.js';
import { peerJudge, type CommonSignalParams, type PeerJudge } from './common-signals.js';
import { growRings, linkingPairs, type GrowParams } from './grow.js';
import { seedFromPairs } from './pair-seeds.js';
import { scoreDeskPart, seedFromDesks, type DeskSeedParams } from './desk-seeds.js';
import { batchIdentifiers, seedFromBatches } from './batch-seeds.js';
import { refineCandidate, type Slicer, type LinkParams, type RefineParams } from './refine.js';
import { scoreSlice, seedFromSlices, SLICE_PEERS, stricter, timeSlices, type SliceParams } from './time-slices.js';
import { scoreCandidate, scoreContext, type RingParams, type ScoredCandidate } from './ring.js';

export interface TrimParams extends CommonSignalParams, RefineParams, GrowParams, SliceParams, DeskSeedParams {
  /** Score at which a candidate is taken out of the base rates as suspicious. */
  trimAbove: number;
  /** Rescoring passes at most. */
  trimPasses: number;
}

const BEHAVIOURAL: ReadonlySet<string> = new Set(SIGNALS.filter(([, kind]) => kind === 'behavioural').map(([n]) => n));

type Taken = Partial<Record<RateName, Map<number, Tally>>>;

/**
 * Fewest events a candidate needs for the per-rate trim. One event is never bunched: where a rate
 * is under 10^-evidenceScale[0], every candidate holding a single one is "significant" without it,
 * each one out lowers the rate, and the fixed point takes every honest event out of the null.
 */
const BUNCHED_EVENTS = 2;

/** Per rate, the candidates whose own events are already significant at the rate without them, to a fixed point. */
function trimPerRate(stats: BookStats, keys: readonly number[], tallies: readonly Tally[], from: number): Taken {
  const taken: Taken = {};
  for (const name of RATE_NAMES) {
    const base = stats.rates[name];
    const holders = tallies.map((t, i) => (t[name] && t[name]![0] >= BUNCHED_EVENTS ? i : -1)).filter((i) => i >= 0);
    let out = new Map<number, Tally>();
    for (let round = 0; round < 10; round++) {
      let events = 0,
        units = 0;
      for (const t of out.values()) {
        events += t[name]![0];
        units += t[name]![1];
      }
      const next = new Map<number, Tally>();
      for (const i of holders) {
        const [e, u] = tallies[i]![name]!;
        // The rate without this candidate and without those already out.
        const inOut = out.has(keys[i]!);
        const rate = rateWithout(base, events + (inOut ? 0 : e), units + (inOut ? 0 : u));
        if (log10BinomialTail(e, u, rate) < -from) next.set(keys[i]!, tallies[i]!);
      }
      const same = next.size === out.size && [...next.keys()].every((k) => out.has(k));
      out = next;
      if (same) break;
    }
    if (out.size > 0) taken[name] = out;
  }
  return taken;
}

/**
 * Every candidate scored against the trimmed null; returned are those that score at
 * least `keepFrom` (the rest are left out as they are scored: a million-claim book has
 * a hundred thousand candidates, and holding each one's context is a gigabyte).
 * A candidate without behavioural evidence is final at its first score.
 */
export function scoreWithTrimmedNull(
  index: ClaimsIndex,
  candidates: ReadonlyArray<{ claims: number[] }>,
  params: RingParams & TrimParams & LinkParams,
  stats: BookStats,
  keepFrom = 0,
  /** Desk identities (../graph/desk-identities); none when absent. */
  desk?: Uint8Array
): { scored: ScoredCandidate[]; refined: number; grown: number; seeded: number } {
  // Tallies are noted before any rescoring replaces them (a trimmed rate no longer notes its candidates).
  const tallies: Tally[] = new Array(candidates.length);
  const keys: number[] = new Array(candidates.length);
  const scored: Array<ScoredCandidate | null> = new Array(candidates.length);
  const live: number[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const s = scoreCandidate(index, candidates[i]!.claims, params, stats);
    tallies[i] = s.ctx.tally;
    keys[i] = candidates[i]!.claims[0]!;
    const isLive = s.evidence.some((e) => e.contribution > 0);
    if (isLive) live.push(i);
    scored[i] = isLive || s.score >= keepFrom ? s : null;
  }
  const perRate = trimPerRate(stats, keys, tallies, params.evidenceScale[0]);
  let byScore = new Set<number>();
  let current = stats;
  for (let pass = 0; pass < params.trimPasses; pass++) {
    const taken: Taken = {};
    for (const name of RATE_NAMES) {
      const these = new Map(perRate[name] ?? []);
      for (const i of byScore) if (tallies[i]![name]) these.set(keys[i]!, tallies[i]!);
      if (these.size > 0) taken[name] = these;
    }
    if (pass > 0 && Object.keys(taken).length === 0) break;
    const trimmed: BookStats = { ...stats, rates: trimRates(stats.rates, taken) };
    // Only a ring judged at a rate that moved (by over 1%) can score differently.
    let moved = 0;
    RATE_NAMES.forEach((name, bit) => {
      const was = current.rates[name].rate,
        now = trimmed.rates[name].rate;
      if (Math.abs(now - was) > 0.01 * was || current.rates.trimmed[name]?.size !== trimmed.rates.trimmed[name]?.size)
        moved |= 1 << bit;
    });
    current = trimmed;
    for (const i of live) {
      if ((scored[i]!.ctx.ratesUsed & moved) === 0) continue;
      const ctx = scored[i]!.ctx;
      ctx.stats = trimmed;
      scored[i] = scoreContext(ctx, params);
    }
    const next = new Set(
      live.filter((i) => scored[i]!.score >= params.trimAbove && Object.keys(tallies[i]!).length > 0)
    );
    if (next.size === byScore.size) break;
    byScore = next;
  }
  // Last, the candidate population as the null of each red flag: one common among honest peers counts less.
  const sizes = candidates.map((c) => c.claims.length);
  // Among time slices every slice is a reference: an honest family's season at its garage shows
  // several red flags at once, so the candidates' rule (no other red flag) would leave no null, and
  // the few gangs among all the book's slices do not move the median.
  const peers = (sizes: readonly number[], population: ReadonlyArray<ScoredCandidate | null>, allReferences = false) =>
    peerJudge(
      sizes,
      population,
      BEHAVIOURAL,
      params.structuralGate[0],
      allReferences ? { ...params, commonNullOthers: Infinity, commonNullMaxSuspect: 1 } : params
    );
  const judgedBy = (judge: PeerJudge, s: ScoredCandidate, size: number): ScoredCandidate => {
    const { typical, among } = judge(size, s);
    if (!typical) return s;
    s.ctx.typical = typical;
    s.ctx.typicalAmong = among ?? undefined;
    return scoreContext(s.ctx, params);
  };
  const judge = peers(sizes, scored);
  const judged = (s: ScoredCandidate, size: number): ScoredCandidate => judgedBy(judge, s, size);
  for (let i = 0; i < candidates.length; i++) if (scored[i]) scored[i] = judged(scored[i]!, sizes[i]!);
  // Promising candidates cut again over their own links, the honest claims they carry peeled off,
  // each part judged among the same peers (the population the null was drawn from is unchanged).
  let refined = 0;
  // A dealer's desk phone or account joins its customers' claims in any season: it joins no season.
  const seasons: Slicer = (c) =>
    timeSlices(index, c, stats.calendar, { ...params, sliceMinClaims: params.minClaims }, desk);
  const score = (claims: number[]) => judged(scoreCandidate(index, claims, params, current), claims.length);
  const claims = candidates.map((c) => c.claims);
  for (let i = 0; i < candidates.length; i++) {
    const s = scored[i];
    if (!s || params.refineFrom <= 0 || sizes[i]! < params.refineFrom || s.promise < params.refinePromise) continue;
    const kept = refineCandidate(index, candidates[i]!.claims, s, params, score, seasons);
    if (kept.claims.length < sizes[i]!) refined++;
    claims[i] = kept.claims;
    scored[i] = kept.scored;
  }
  // Crews diluted among a dealer's customers by its desk phone or account, cut out at the desk.
  const desked = desk
    ? seedFromDesks(index, desk, claims, scored, params, score, (c) =>
        judged(scoreDeskPart(index, c, params, current), c.length)
      )
    : 0;
  // Crews diluted in large unflagged candidates, cut out in time and judged among slices and candidates.
  const sliced = seedFromSlices(
    index,
    stats.calendar,
    claims,
    scored,
    params,
    (c) => scoreSlice(index, c, params, current),
    (sizes, population) => stricter(peers(sizes, population, true), SLICE_PEERS, judge),
    judgedBy,
    score
  );
  // Flagged rings grown along the provider pairs their claims go through (victims sharing no identity).
  const pairs = linkingPairs(index, params.growEvidence, stats.calendar);
  const grown = growRings(index, claims, scored, params, score, pairs);
  // Then rings only a provider pair draws: victims recruited one by one, no flagged ring to grow.
  let seeded = desked + sliced + seedFromPairs(index, pairs, claims, scored, params, score);
  // And rings a batch identifier draws: a crew's account for one batch of a shop's "customers".
  seeded += seedFromBatches(index, batchIdentifiers(index, stats.spans), claims, scored, params, score);
  const out: ScoredCandidate[] = [];
  for (const s of scored) if (s && s.score >= keepFrom) out.push(s);
  return { scored: out, refined, grown, seeded };
}
