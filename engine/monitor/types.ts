/**
 * ringsight/engine/monitor/types
 * ==============================
 *
 * The vocabulary of monitoring: rings tracked across runs (stable id, status,
 * history), what a monitored run adds to the run document, alerts with their
 * review state and webhook delivery, and the state carried from one run to
 * the next. Pure types, no behaviour.
 */
import type { Ring, RingCategory } from '../model.js';
import type { RunDocument } from '../run.js';

export const RING_STATUSES = ['new', 'growing', 'stable', 'shrinking', 'merged', 'split'] as const;
export type RingStatus = (typeof RING_STATUSES)[number];

/** One point of a ring's trajectory: its size and score in one run. */
export interface HistoryPoint {
  run: string;
  asOf: string | null;
  at: string;
  claims: number;
  members: number;
  score: number;
  flagged: boolean;
}

/**
 * A ring as a monitored run reports it: the detected ring under its stable id.
 * These are the optional fields `Ring` gains in engine/model.ts.
 */
export interface MonitoredRing extends Ring {
  status: RingStatus;
  /** Oldest first, capped at `historyLimit` points. */
  history: HistoryPoint[];
  /** Run and as-of date in which this id first appeared. */
  firstSeen: { run: string; asOf: string | null };
  /** Previous-run rings that ended inside this one (status `merged`). */
  absorbed?: string[];
  /** Previous-run rings this one is a piece of (status `split`; may name its own id). */
  splitFrom?: string[];
  /** The content id detection gave it in this run (differs from `id` once the ring has changed). */
  detectedId: string;
}

/** What matching needs of a previous-run ring: compact, rebuilt from the stored run. */
export interface TrackedRing {
  id: string;
  score: number;
  flagged: boolean;
  category: RingCategory;
  claims: string[];
  /** `type:key` of identity members (people, phones, accounts, vehicles); providers are left out. */
  identities: string[];
  regions: string[];
  insurers: string[];
  history: HistoryPoint[];
  firstSeen: { run: string; asOf: string | null };
}

/** A previous-run ring with no successor. */
export interface DissolvedRing {
  id: string;
  category: RingCategory;
  claims: number;
  score: number;
  flagged: boolean;
  regions: string[];
  insurers: string[];
  lastSeen: { run: string; asOf: string | null };
}

export interface RunMonitor {
  previousRunId: string | null;
  asOf: string | null;
  dataVersion: string | null;
  counts: Record<RingStatus | 'dissolved', number>;
  dissolved: DissolvedRing[];
  /** Ids of the alerts this run raised (full alerts live in the monitor state). */
  alerts: string[];
  thresholds: { match: Record<string, number>; alerts: Record<string, number | boolean> };
}

/** A run document produced by monitoring: stored as is by either store. */
export interface MonitoredRunDocument extends RunDocument {
  run: RunDocument['run'] & { monitor: RunMonitor };
  rings: MonitoredRing[];
}

export const ALERT_KINDS = ['new_ring', 'flagged', 'growth', 'new_prefecture', 'new_insurer'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertReason {
  kind: AlertKind;
  detail: string;
  /** growth: claims before and after; new_prefecture / new_insurer: what was added. */
  from?: number;
  to?: number;
  added?: string[];
}

/** `confirmed` and `dismissed` are the dispositions calibration learns from: keep the names. */
export const ALERT_STATES = ['open', 'acknowledged', 'confirmed', 'dismissed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export interface AlertDelivery {
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  /** Short cause of the last failure (HTTP status or network error), never the URL. */
  lastError: string | null;
}

/**
 * An alert on one ring raised by one run. Carries counts, codes and insurer
 * names only — no person, phone or account keys — so it can leave the system.
 */
export interface Alert {
  id: string;
  ringId: string;
  runId: string;
  asOf: string | null;
  raisedAt: string;
  kind: AlertKind;
  reasons: AlertReason[];
  ringStatus: RingStatus;
  score: number;
  category: RingCategory;
  claims: number;
  regions: string[];
  insurers: string[];
  claimed: number;
  state: AlertState;
  stateAt: string | null;
  stateBy: string | null;
  /** Why it was dismissed (required for dismissal). */
  dismissReason: string | null;
  /** The reviewer's note on confirming it (optional); absent on alerts raised before confirmation existed. */
  confirmNote?: string | null;
  /** null when no webhook was configured when it was raised. */
  delivery: AlertDelivery | null;
}

export type AlertActionName = 'acknowledge' | 'confirm' | 'dismiss';

/** One review action on an alert, as appended to the action log. */
export interface AlertAction {
  alertId: string;
  action: AlertActionName;
  by: string | null;
  /** dismiss: why (required); confirm: the optional note. */
  reason: string | null;
  at: string;
}

export interface RunLogEntry {
  id: string;
  asOf: string | null;
  finishedAt: string;
  dataVersion: string | null;
  paramsDigest: string;
  rings: number;
  flagged: number;
  counts: RunMonitor['counts'];
  alerts: number;
}

/** What one run hands the next: the last run (its rings live in the run document) and every alert. */
export interface MonitorState {
  version: 1;
  lastRun: RunLogEntry | null;
  runs: RunLogEntry[];
  alerts: Alert[];
}

export function emptyState(): MonitorState {
  return { version: 1, lastRun: null, runs: [], alerts: [] };
}
