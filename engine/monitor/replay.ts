/**
 * ringsight/engine/monitor/replay
 * ===============================
 *
 * Replays monitoring over history: for each as-of date, detect on the book
 * as it stood then, match against the previous step and derive alerts —
 * the same `monitorRun` the `watch` runtime uses, with a synthetic clock (the
 * end of the as-of day) so a replay is reproducible. Pure and in memory.
 */
import { bookAsOf, detectRings, type DetectParams } from '../detect/index.js';
import type { ClaimsBook } from '../model.js';
import { buildRun } from '../run.js';
import { monitorRun, trackedFromRun, type MonitorOptions } from './index.js';
import { emptyState, type Alert, type MonitoredRunDocument, type MonitorState, type RunMonitor } from './types.js';

export interface ReplayOptions {
  params: Partial<DetectParams>;
  monitor: Partial<MonitorOptions>;
}

export const DEFAULTS: ReplayOptions = { params: {}, monitor: {} };

export interface ReplayStep {
  asOf: string;
  runId: string;
  claims: number;
  rings: number;
  flagged: number;
  counts: RunMonitor['counts'];
  alerts: Alert[];
  /** Claims of the rings alerted in this step, by ring id: what backtest metrics need. */
  alertedClaims: Map<string, string[]>;
  ms: number;
}

export function replayMonitoring(
  book: ClaimsBook,
  dates: readonly string[],
  options: Partial<ReplayOptions> = {},
  onStep?: (step: ReplayStep, doc: MonitoredRunDocument) => void
): ReplayStep[] {
  const opts = { ...DEFAULTS, ...options };
  let state: MonitorState = emptyState();
  let previous: MonitoredRunDocument | null = null;
  const steps: ReplayStep[] = [];
  for (const asOf of dates) {
    const t0 = performance.now();
    const view = bookAsOf(book, asOf);
    const result = detectRings(view, { ...opts.params, asOf });
    const clock = new Date(`${asOf}T23:59:59.000Z`);
    const doc = buildRun(
      result,
      {
        source: 'replay',
        claims: view.claims.length,
        parties: 0,
        vehicles: 0,
        providers: 0,
        watchlist: view.watchlist.length,
        rejectedClaims: 0,
        warnings: 0
      },
      clock,
      clock
    );
    const monitored = monitorRun(
      {
        state,
        previousRings: previous ? trackedFromRun(previous) : [],
        doc,
        actions: [],
        dataVersion: null,
        deliver: false
      },
      opts.monitor
    );
    state = monitored.state;
    previous = monitored.doc;
    const alerted = new Set(monitored.alerts.map((a) => a.ringId));
    const step: ReplayStep = {
      asOf,
      runId: doc.run.id,
      claims: view.claims.length,
      rings: monitored.entry.rings,
      flagged: monitored.entry.flagged,
      counts: monitored.entry.counts,
      alerts: monitored.alerts,
      alertedClaims: new Map(monitored.doc.rings.filter((r) => alerted.has(r.id)).map((r) => [r.id, r.claims])),
      ms: Math.round(performance.now() - t0)
    };
    steps.push(step);
    onStep?.(step, monitored.doc);
  }
  return steps;
}
