/**
 * ringsight/engine/signals/burst
 * ==============================
 *
 * Claims bunched in time (短期集中出险): a gang stages its crashes, pads its
 * repairs or sends its "patients" over a few months and then stops, while the
 * claims that honest structure joins together — a household, a dealer's
 * customers, a clinic's patients — fall whenever life happens over the book's
 * years.
 *
 * Judged on the book's own calendar rather than in days: each accident date
 * stands at its quantile among all the book's accident dates (mid-rank), so a
 * busy season, a catastrophe month or a book that grows year on year is
 * already in the yardstick. If the ring's accident dates were independent draws
 * from the book's dates, their quantiles would be uniform, and k given ones of
 * them lying within a quantile range w has chance k·w^(k−1) − (k−1)·w^k ≤ k·w^(k−1)
 * (the range of k uniform points). The densest run of at least `CORE_SHARE` of
 * the dates is taken, over every k from there to all of them (a union bound:
 * C(m, k) choices of which k, and the number of k tried), so a few honest claims
 * the candidate carried, or a member's claim from another year, do not hide the
 * burst.
 *
 * The stretch is also measured in days, as a share of the book's span, and the
 * wider of the two counts: where one insurer pooled years of history and the
 * others only this year, a household's claims over six of those early years sit
 * in a thin slice of the book's claims without being bunched at all.
 *
 * One accident date is one event: a death claimed at three insurers, the auto
 * and injury claims of one crash, a catastrophe's claims of one day count once.
 * Honest dependence this null does not know (a household's claims after one
 * move, a fleet's bad winter) is what the empirical null (detect/common-signals)
 * is for: where honest candidates of a size often show it, it counts less.
 */
import type { ClaimsIndex } from '../graph/claims-index.js';
import { dayNumber } from '../util/dates.js';
import { evidence, strengthFrom, weighted, type Signal } from './context.js';
import { chanceText, log10Choose } from './surprise.js';

/** Fewest separate accident dates a ring needs: two dates close together are any family's luck. */
const MIN_EVENTS = 3;
/** The bunched core must hold at least this share of the ring's accident dates. */
const CORE_SHARE = 0.6;

/** Where each claim's accident date stands on the book's calendar. */
export interface Calendar {
  /** Per claim (index order): the date's mid-rank quantile among the book's accident dates. */
  quantile: Float64Array;
  /** Per claim: the date's share of the way from the book's first accident date to one day past its last. */
  elapsed: Float64Array;
  /** Days from the book's first accident date to one day past its last. */
  days: number;
}

export function bookCalendar(index: ClaimsIndex): Calendar {
  const n = index.claims.length;
  const day = new Int32Array(n);
  let first = Infinity,
    last = -Infinity;
  for (let c = 0; c < n; c++) {
    const d = dayNumber(index.claims[c]!.accidentDate);
    day[c] = d;
    if (d < first) first = d;
    if (d > last) last = d;
  }
  const quantile = new Float64Array(n),
    elapsed = new Float64Array(n);
  if (n === 0) return { quantile, elapsed, days: 1 };
  // A counting sort over the book's days: a million claims span a few thousand of them.
  const days = last - first + 1;
  const below = new Float64Array(days + 1);
  for (let c = 0; c < n; c++) below[day[c]! - first + 1]!++;
  const onDay = Float64Array.from(below);
  for (let d = 1; d < below.length; d++) below[d]! += below[d - 1]!;
  for (let c = 0; c < n; c++) {
    const d = day[c]! - first;
    quantile[c] = (below[d]! + onDay[d + 1]! / 2) / n;
    elapsed[c] = d / days;
  }
  return { quantile, elapsed, days };
}

/**
 * The bunched core of a ring's separate dates, given ascending by quantile with their elapsed
 * shares alongside (`elapsed` absent: the same as the quantiles): its size, where it starts, and
 * its chance (log10, corrected for the sizes tried).
 */
export function densestRun(
  quantiles: readonly number[],
  elapsed: readonly number[] = quantiles
): { k: number; start: number; chance: number } | null {
  const m = quantiles.length;
  if (m < MIN_EVENTS) return null;
  const from = Math.max(MIN_EVENTS, Math.ceil(CORE_SHARE * m));
  let best = { k: m, start: 0, chance: 0 };
  for (let k = from; k <= m; k++) {
    let w = Infinity,
      start = 0;
    for (let i = 0; i + k - 1 < m; i++) {
      const span = Math.max(quantiles[i + k - 1]! - quantiles[i]!, elapsed[i + k - 1]! - elapsed[i]!);
      if (span < w) {
        w = span;
        start = i;
      }
    }
    const chance = log10Choose(m, k) + Math.log10(k) + (k - 1) * Math.log10(Math.max(w, Number.MIN_VALUE));
    if (chance < best.chance) best = { k, start, chance };
  }
  // Several core sizes were tried: the best is paid for them (Bonferroni).
  const chance = Math.min(0, best.chance + Math.log10(m - from + 1));
  return { ...best, chance };
}

export const claimBurst: Signal = (ctx) => {
  const { quantile, elapsed } = ctx.stats.calendar;
  const byQuantile = new Map<number, number>();
  for (const c of ctx.claimIdx) {
    // One date is one event: the same quantile, however many of the ring's claims fell that day.
    if (!byQuantile.has(quantile[c]!)) byQuantile.set(quantile[c]!, c);
  }
  const sorted = [...byQuantile.keys()].sort((a, b) => a - b);
  const run = densestRun(
    sorted,
    sorted.map((q) => elapsed[byQuantile.get(q)!]!)
  );
  if (!run || run.chance >= 0) return null;
  const strength = strengthFrom(ctx, 'claim_burst', run.chance);
  const lo = sorted[run.start]!,
    hi = sorted[run.start + run.k - 1]!;
  const firstDate = ctx.index.claims[byQuantile.get(lo)!]!.accidentDate,
    lastDate = ctx.index.claims[byQuantile.get(hi)!]!.accidentDate;
  const days = dayNumber(lastDate) - dayNumber(firstDate) + 1;
  const refs: string[] = [];
  for (const c of ctx.claimIdx)
    if (quantile[c]! >= lo && quantile[c]! <= hi) refs.push(`claim:${ctx.index.claims[c]!.id}`);
  return evidence(
    'claim_burst',
    run.k,
    weighted(ctx, 'claim_burst', strength),
    `${run.k} of the ${sorted.length} separate accident dates fall within ${days} days (${firstDate} to ${lastDate}), ` +
      `a stretch of the calendar that holds ${Math.max(0.1, Math.round((hi - lo) * 1000) / 10)}% of the book's claims (${chanceText(run.chance)})`,
    refs.sort(),
    strength
  );
};
