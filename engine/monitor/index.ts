/**
 * ringsight/engine/monitor
 * ========================
 *
 * Runs with memory: `monitorRun` takes the previous monitor state, the rings
 * of the previous run and a fresh detection run, and returns the run under
 * stable ring ids with statuses and history, the alerts it raises and the
 * state to hand the next run. Pure — no files, no clock, no network — so the
 * `watch` runtime, the API scheduler and the backtest replay share it.
 */
import type { RunDocument } from '../run.js';
import { fnv1a } from '../util/random.js';
import { applyActions, deriveAlerts, mergeAlertOptions, type AlertOptions } from './alerts.js';
import { mergeMatchOptions, toTracked, type MatchOptions } from './match.js';
import { trackRings, DEFAULTS as TRACK_DEFAULTS } from './track.js';
import type { Alert, AlertAction, MonitoredRunDocument, MonitorState, RunLogEntry, TrackedRing } from './types.js';

export * from './types.js';
export {
  alertId,
  applyAction,
  applyActions,
  summariseAlerts,
  AlertActionError,
  type AlertOptions,
  type AlertSummary
} from './alerts.js';
export { identitiesOf, linkRings, matchRings, toTracked, type MatchOptions, type RingLink } from './match.js';
export { trackRings, type Transition } from './track.js';

export interface MonitorOptions {
  match: Partial<MatchOptions>;
  alerts: Partial<AlertOptions>;
  historyLimit: number;
  /** Entries kept in the state's run log (the runs themselves live in the store and the run files). */
  runLogLimit: number;
}

export const DEFAULTS: MonitorOptions = {
  match: {},
  alerts: {},
  historyLimit: TRACK_DEFAULTS.historyLimit,
  runLogLimit: 5000
};

export interface MonitorInput {
  state: MonitorState;
  /** The rings of `state.lastRun`, from its run document (see `trackedFromRun`). */
  previousRings: readonly TrackedRing[];
  doc: RunDocument;
  /** The review log, so a dismissed ring stays muted. */
  actions: readonly AlertAction[];
  dataVersion: string | null;
  /** A webhook is configured: new alerts start with a pending delivery. */
  deliver: boolean;
}

export interface MonitorResult {
  doc: MonitoredRunDocument;
  alerts: Alert[];
  entry: RunLogEntry;
  state: MonitorState;
}

/** Digest of the detection parameters except the as-of date: what makes two runs over the same data differ. */
export function paramsDigest(params: RunDocument['run']['params']): string {
  return fnv1a(JSON.stringify({ ...params, asOf: null }));
}

/** What the next run matches against: the rings of a stored (monitored or plain) run. */
export function trackedFromRun(doc: RunDocument): TrackedRing[] {
  const firstSeen = { run: doc.run.id, asOf: doc.run.params.asOf ?? null };
  return doc.rings.map((r) => toTracked(r, firstSeen));
}

export function monitorRun(input: MonitorInput, options: Partial<MonitorOptions> = {}): MonitorResult {
  const opts = { ...DEFAULTS, ...options };
  const match = mergeMatchOptions(opts.match);
  const alertOptions = mergeAlertOptions(opts.alerts);
  const { doc, state } = input;
  const ctx = { runId: doc.run.id, asOf: doc.run.params.asOf ?? null, at: doc.run.finishedAt };
  if (state.runs.some((r) => r.id === ctx.runId))
    throw new Error(`ringsight/monitor: run ${ctx.runId} is already in the monitor state`);

  const tracked = trackRings(input.previousRings, doc.rings, ctx, { ...match, historyLimit: opts.historyLimit });
  const view = applyActions(state.alerts, input.actions);
  const alerts = deriveAlerts(tracked.transitions, { ...ctx, deliver: input.deliver }, view, alertOptions);
  const rings = tracked.transitions.map((t) => t.ring);

  const monitored: MonitoredRunDocument = {
    run: {
      ...doc.run,
      input: { ...doc.run.input, ...(input.dataVersion ? { dataVersion: input.dataVersion } : {}) },
      monitor: {
        previousRunId: state.lastRun?.id ?? null,
        asOf: ctx.asOf,
        dataVersion: input.dataVersion,
        counts: tracked.counts,
        dissolved: tracked.dissolved,
        alerts: alerts.map((a) => a.id),
        thresholds: { match: { ...match }, alerts: { ...alertOptions } }
      }
    },
    rings
  };
  const entry: RunLogEntry = {
    id: ctx.runId,
    asOf: ctx.asOf,
    finishedAt: doc.run.finishedAt,
    dataVersion: input.dataVersion,
    paramsDigest: paramsDigest(doc.run.params),
    rings: rings.length,
    flagged: rings.filter((r) => r.flagged).length,
    counts: tracked.counts,
    alerts: alerts.length
  };
  return {
    doc: monitored,
    alerts,
    entry,
    state: {
      version: 1,
      lastRun: entry,
      runs: [...state.runs, entry].slice(-opts.runLogLimit),
      alerts: [...state.alerts, ...alerts]
    }
  };
}
