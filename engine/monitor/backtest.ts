/**
 * ringsight/engine/monitor/backtest
 * =================================
 *
 * Scores a monitoring replay against planted rings: for each planted ring,
 * when its first claim happened and when an alert first named it (the
 * detection lag), and how many alerts named no planted ring (alerts on
 * honest clusters). Pure.
 *
 * "Names": the alerted ring's claims match the planted ring's claims *as
 * known at the alert's as-of date* (reported on or before it) with claim-F1
 * ≥ `matchF1` (0.5, the rule `evaluate` uses for whole runs). Measuring
 * against the claims known then credits an early alert on a ring that is
 * still small, and F1 — unlike "contains half of it" — does not let a large
 * honest cluster that swallowed a few ring claims count as naming it.
 */
import { daysBetween } from './calendar.js';
import type { AlertKind } from './types.js';
import type { ReplayStep } from './replay.js';

export interface BacktestOptions {
  matchF1: number;
}
export const DEFAULTS: BacktestOptions = { matchF1: 0.5 };

export interface TruthRing {
  id: string;
  category: string;
  claims: string[];
}
export interface ClaimDates {
  accident: string;
  report: string;
}

export interface PlantedOutcome {
  id: string;
  category: string;
  claims: number;
  firstClaim: string;
  firstReport: string;
  alert: {
    asOf: string;
    alertId: string;
    ringId: string;
    kind: AlertKind;
    f1: number;
    /** Planted claims reported by then, and how many of them the alerted ring holds. */
    knownClaims: number;
    sharedClaims: number;
    ringClaims: number;
  } | null;
  /** Days from the first claim's accident to the as-of date of the first naming alert. */
  lagDays: number | null;
}

export interface FalseAlert {
  alertId: string;
  asOf: string;
  ringId: string;
  kind: AlertKind;
  claims: number;
  bestF1: number;
  plantedClaims: number;
}

export interface BacktestReport {
  options: BacktestOptions;
  steps: { count: number; from: string | null; to: string | null };
  planted: PlantedOutcome[];
  alerted: number;
  missed: number;
  medianLagDays: number | null;
  meanLagDays: number | null;
  p90LagDays: number | null;
  alerts: {
    total: number;
    naming: number;
    false: number;
    honestOnly: number;
    byKind: Partial<Record<AlertKind, number>>;
  };
  falseAlerts: FalseAlert[];
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return round3(sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo));
}

export function scoreBacktest(
  truth: readonly TruthRing[],
  dates: ReadonlyMap<string, ClaimDates>,
  steps: readonly ReplayStep[],
  options: Partial<BacktestOptions> = {}
): BacktestReport {
  const opts = { ...DEFAULTS, ...options };
  const ringOfClaim = new Map<string, number>();
  truth.forEach((t, i) => t.claims.forEach((c) => ringOfClaim.set(c, i)));
  const reportOf = (c: string): string => dates.get(c)?.report ?? '9999-12-31';

  const first = new Array<PlantedOutcome['alert']>(truth.length).fill(null);
  const falseAlerts: FalseAlert[] = [];
  const byKind: Partial<Record<AlertKind, number>> = {};
  let total = 0;
  let naming = 0;
  for (const step of steps) {
    for (const alert of step.alerts) {
      total++;
      byKind[alert.kind] = (byKind[alert.kind] ?? 0) + 1;
      const claims = step.alertedClaims.get(alert.ringId) ?? [];
      const shared = new Map<number, number>();
      for (const c of claims) {
        const t = ringOfClaim.get(c);
        if (t !== undefined) shared.set(t, (shared.get(t) ?? 0) + 1);
      }
      let best = 0;
      let named = false;
      for (const [t, hit] of shared) {
        const known = truth[t]!.claims.filter((c) => reportOf(c) <= step.asOf).length;
        const f1 = (2 * hit) / (claims.length + known);
        best = Math.max(best, f1);
        if (f1 < opts.matchF1) continue;
        named = true;
        first[t] ??= {
          asOf: step.asOf,
          alertId: alert.id,
          ringId: alert.ringId,
          kind: alert.kind,
          f1: round3(f1),
          knownClaims: known,
          sharedClaims: hit,
          ringClaims: claims.length
        };
      }
      if (named) naming++;
      else {
        const planted = [...shared.values()].reduce((s, n) => s + n, 0);
        falseAlerts.push({
          alertId: alert.id,
          asOf: step.asOf,
          ringId: alert.ringId,
          kind: alert.kind,
          claims: claims.length,
          bestF1: round3(best),
          plantedClaims: planted
        });
      }
    }
  }

  const planted = truth.map((t, i): PlantedOutcome => {
    const accidents = t.claims
      .map((c) => dates.get(c)?.accident)
      .filter((d): d is string => !!d)
      .sort();
    const reports = t.claims
      .map((c) => dates.get(c)?.report)
      .filter((d): d is string => !!d)
      .sort();
    const firstClaim = accidents[0] ?? '';
    const alert = first[i]!;
    return {
      id: t.id,
      category: t.category,
      claims: t.claims.length,
      firstClaim,
      firstReport: reports[0] ?? '',
      alert,
      lagDays: alert && firstClaim ? daysBetween(firstClaim, alert.asOf) : null
    };
  });
  const lags = planted
    .map((p) => p.lagDays)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
  return {
    options: opts,
    steps: { count: steps.length, from: steps[0]?.asOf ?? null, to: steps[steps.length - 1]?.asOf ?? null },
    planted,
    alerted: lags.length,
    missed: truth.length - lags.length,
    medianLagDays: quantile(lags, 0.5),
    meanLagDays: lags.length ? round3(lags.reduce((s, d) => s + d, 0) / lags.length) : null,
    p90LagDays: quantile(lags, 0.9),
    alerts: {
      total,
      naming,
      false: falseAlerts.length,
      honestOnly: falseAlerts.filter((a) => a.plantedClaims === 0).length,
      byKind
    },
    falseAlerts
  };
}
