/**
 * ringsight/engine/monitor/alerts
 * ===============================
 *
 * Which ring changes deserve an investigator's attention, and the review
 * life of an alert (open → acknowledged → confirmed as fraud, with an optional
 * note, or dismissed with a reason). Pure:
 * transitions and the existing alerts in, new alerts out.
 *
 * Rules, for a ring that is flagged (score ≥ the flag threshold) in this run:
 *   new_ring        the ring is new
 *   flagged         it existed but none of its predecessors was flagged
 *                   (it crossed the threshold; without this a ring first seen
 *                   small and unflagged would never alert on becoming one)
 *   growth          its claims grew by more than `growthShare` over the ring
 *                   whose id it carries (a merge counts as growth)
 *   new_prefecture  it reaches a prefecture none of its predecessors did
 *   new_insurer     it claims at an insurer none of its predecessors did
 * All reasons that apply go into one alert per ring and run; the first in the
 * order above is its kind. A ring whose latest alert was dismissed is muted
 * (`muteDismissed`): the investigator has already judged it.
 */
import { fnv1a } from '../util/random.js';
import type { Transition } from './track.js';
import type { Alert, AlertAction, AlertKind, AlertReason, AlertState } from './types.js';
import { ALERT_KINDS } from './types.js';

export interface AlertOptions {
  /** A flagged ring alerts when its claims grow by more than this share since the previous run. */
  growthShare: number;
  onFlagged: boolean;
  onNewPrefecture: boolean;
  onNewInsurer: boolean;
  muteDismissed: boolean;
}

export const DEFAULTS: AlertOptions = {
  growthShare: 0.25,
  onFlagged: true,
  onNewPrefecture: true,
  onNewInsurer: true,
  muteDismissed: true
};

export class AlertActionError extends Error {
  constructor(
    message: string,
    readonly code: 'not_found' | 'invalid_transition' | 'reason_required'
  ) {
    super(`ringsight/monitor: ${message}`);
  }
}

export function mergeAlertOptions(options: Partial<AlertOptions> = {}): AlertOptions {
  const opts = { ...DEFAULTS, ...options };
  if (!Number.isFinite(opts.growthShare) || opts.growthShare < 0)
    throw new Error(`ringsight/monitor: growthShare must be a share ≥ 0, got ${opts.growthShare}`);
  return opts;
}

export function alertId(runId: string, ringId: string): string {
  const text = `${runId}\n${ringId}`;
  return `A${fnv1a(text)}${fnv1a(text, 0x9e3779b9)}`;
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;

function reasonsFor(t: Transition, opts: AlertOptions): AlertReason[] {
  const { ring } = t;
  if (!ring.flagged) return [];
  if (ring.status === 'new')
    return [{ kind: 'new_ring', detail: `new flagged ring: ${ring.claims.length} claims, score ${ring.score}` }];
  const basis = t.predecessor ? [t.predecessor] : t.predecessors;
  const reasons: AlertReason[] = [];
  if (opts.onFlagged && !basis.some((p) => p.flagged)) {
    const before = Math.max(...basis.map((p) => p.score));
    reasons.push({
      kind: 'flagged',
      detail: `score rose from ${before} to ${ring.score}, crossing the flag threshold`
    });
  }
  const before = Math.max(...basis.map((p) => p.claims.length));
  const now = ring.claims.length;
  if (before > 0 && (now - before) / before > opts.growthShare) {
    reasons.push({
      kind: 'growth',
      detail: `grew from ${before} to ${now} claims (+${percent((now - before) / before)}) since the previous run`,
      from: before,
      to: now
    });
  }
  const known = (pick: (p: Transition['predecessors'][number]) => string[]): Set<string> =>
    new Set(basis.flatMap(pick));
  const regions = known((p) => p.regions);
  const newRegions = ring.regions.filter((r) => !regions.has(r));
  if (opts.onNewPrefecture && newRegions.length > 0) {
    reasons.push({ kind: 'new_prefecture', detail: `reached prefecture ${newRegions.join(', ')}`, added: newRegions });
  }
  const insurers = known((p) => p.insurers);
  const newInsurers = ring.insurers.filter((i) => !insurers.has(i));
  if (opts.onNewInsurer && newInsurers.length > 0) {
    reasons.push({ kind: 'new_insurer', detail: `now claims at ${newInsurers.join(', ')}`, added: newInsurers });
  }
  return reasons.sort((a, b) => ALERT_KINDS.indexOf(a.kind) - ALERT_KINDS.indexOf(b.kind));
}

export interface AlertContext {
  runId: string;
  asOf: string | null;
  at: string;
  /** A webhook is configured: new alerts start with a pending delivery. */
  deliver: boolean;
}

/** The alerts one run raises. `existing` is the current view (review actions applied). */
export function deriveAlerts(
  transitions: readonly Transition[],
  ctx: AlertContext,
  existing: readonly Alert[],
  options: Partial<AlertOptions> = {}
): Alert[] {
  const opts = mergeAlertOptions(options);
  const latestByRing = new Map<string, Alert>();
  const ids = new Set<string>();
  for (const a of existing) {
    ids.add(a.id);
    const seen = latestByRing.get(a.ringId);
    if (!seen || seen.raisedAt <= a.raisedAt) latestByRing.set(a.ringId, a);
  }
  const alerts: Alert[] = [];
  for (const t of transitions) {
    const reasons = reasonsFor(t, opts);
    if (reasons.length === 0) continue;
    const { ring } = t;
    if (opts.muteDismissed && latestByRing.get(ring.id)?.state === 'dismissed') continue;
    const id = alertId(ctx.runId, ring.id);
    if (ids.has(id)) continue;
    alerts.push({
      id,
      ringId: ring.id,
      runId: ctx.runId,
      asOf: ctx.asOf,
      raisedAt: ctx.at,
      kind: reasons[0]!.kind,
      reasons,
      ringStatus: ring.status,
      score: ring.score,
      category: ring.category,
      claims: ring.claims.length,
      regions: ring.regions,
      insurers: ring.insurers,
      claimed: ring.amounts.claimed,
      state: 'open',
      stateAt: null,
      stateBy: null,
      dismissReason: null,
      delivery: ctx.deliver
        ? { status: 'pending', attempts: 0, lastAttemptAt: null, deliveredAt: null, lastError: null }
        : null
    });
  }
  return alerts;
}

const ALLOWED: Record<AlertAction['action'], readonly AlertState[]> = {
  acknowledge: ['open'],
  confirm: ['open', 'acknowledged'],
  dismiss: ['open', 'acknowledged']
};
const TARGET: Record<AlertAction['action'], AlertState> = {
  acknowledge: 'acknowledged',
  confirm: 'confirmed',
  dismiss: 'dismissed'
};

/** One review action on one alert; throws AlertActionError when it does not apply. */
export function applyAction(alert: Alert, action: AlertAction): Alert {
  if (action.action === 'dismiss' && !action.reason?.trim())
    throw new AlertActionError(`dismissing alert ${alert.id} needs a reason`, 'reason_required');
  if (!ALLOWED[action.action].includes(alert.state)) {
    throw new AlertActionError(
      `alert ${alert.id} is ${alert.state}; it cannot be ${TARGET[action.action]}`,
      'invalid_transition'
    );
  }
  return {
    ...alert,
    state: TARGET[action.action],
    stateAt: action.at,
    stateBy: action.by,
    dismissReason: action.action === 'dismiss' ? action.reason!.trim() : alert.dismissReason,
    confirmNote: action.action === 'confirm' ? action.reason?.trim() || null : (alert.confirmNote ?? null)
  };
}

/**
 * The review view: the log replayed in order over the alerts as raised. An
 * action that no longer applies (two reviewers racing) is skipped, so the
 * view never depends on more than the log's order.
 */
export function applyActions(alerts: readonly Alert[], actions: readonly AlertAction[]): Alert[] {
  const byId = new Map(alerts.map((a) => [a.id, a]));
  for (const action of actions) {
    const alert = byId.get(action.alertId);
    if (!alert) continue;
    try {
      byId.set(alert.id, applyAction(alert, action));
    } catch (err) {
      if (!(err instanceof AlertActionError)) throw err;
    }
  }
  return alerts.map((a) => byId.get(a.id)!);
}

export interface AlertSummary {
  total: number;
  byState: Record<AlertState, number>;
  byKind: Record<AlertKind, number>;
  /** Ring id → open alerts on it: what the viewer badges. */
  openByRing: Record<string, number>;
  deliveryFailed: number;
  deliveryPending: number;
}

export function summariseAlerts(alerts: readonly Alert[]): AlertSummary {
  const summary: AlertSummary = {
    total: alerts.length,
    byState: { open: 0, acknowledged: 0, confirmed: 0, dismissed: 0 },
    byKind: Object.fromEntries(ALERT_KINDS.map((k) => [k, 0])) as Record<AlertKind, number>,
    openByRing: {},
    deliveryFailed: 0,
    deliveryPending: 0
  };
  for (const a of alerts) {
    summary.byState[a.state]++;
    summary.byKind[a.kind]++;
    if (a.state === 'open') summary.openByRing[a.ringId] = (summary.openByRing[a.ringId] ?? 0) + 1;
    if (a.delivery?.status === 'failed') summary.deliveryFailed++;
    if (a.delivery?.status === 'pending') summary.deliveryPending++;
  }
  return summary;
}
