/**
 * ringsight/detect/trimmed-null
 * =============================
 *
 * Scores every candidate against the book's base rates, then takes the
 * suspicious candidates out of those rates and scores again: a trimmed
 * empirical null. The base rates are meant to describe honest structure, but a
 * book with a dozen fake-death gangs "shows" people dying twice at a dozen gangs'
 * rate, and each gang makes the others look ordinary. Candidates scoring at or
 * above `trimAbove` are removed from the rates (their own events and units,
 * noted while they were scored), and the candidates with any behavioural
 * evidence are scored again; this repeats until the trimmed set stops growing
 * (at most `trimPasses` times). Lowering a rate can only raise a score, so
 * candidates with no behavioural evidence need no second look.
 */
import type { ClaimsIndex } from '../graph/claims-index.js';
import { trimRates, type Tally } from '../signals/base-rates.js';
import type { BookStats } from '../signals/index.js';
import { scoreCandidate, type RingParams, type ScoredCandidate } from './ring.js';

export interface TrimParams {
  /** Score at which a candidate is taken out of the base rates as suspicious. */
  trimAbove: number;
  /** Rescoring passes at most. */
  trimPasses: number;
}

export function scoreWithTrimmedNull(index: ClaimsIndex, candidates: ReadonlyArray<{ claims: number[] }>, params: RingParams & TrimParams, stats: BookStats): ScoredCandidate[] {
  const scored = candidates.map((cand) => scoreCandidate(index, cand.claims, params, stats));
  // Tallies from the first pass: a candidate's events and units do not depend on the rates.
  const tallies = scored.map((s) => s.ctx.tally);
  const live = scored.map((s, i) => (s.evidence.some((e) => e.contribution > 0) ? i : -1)).filter((i) => i >= 0);
  let taken = new Map<number, Tally>();
  for (let pass = 0; pass < params.trimPasses; pass++) {
    const next = new Map<number, Tally>();
    for (const i of live) {
      if (scored[i]!.score >= params.trimAbove && Object.keys(tallies[i]!).length > 0) next.set(candidates[i]!.claims[0]!, tallies[i]!);
    }
    if (next.size === taken.size) break;
    taken = next;
    const trimmed: BookStats = { ...stats, rates: trimRates(stats.rates, taken) };
    for (const i of live) scored[i] = scoreCandidate(index, candidates[i]!.claims, params, trimmed);
  }
  return scored;
}
