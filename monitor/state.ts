/**
 * ringsight/monitor/state
 * =======================
 *
 * Where monitoring keeps its memory, under `<dataDir>/monitor/`:
 *
 *   state.json     the last committed run, the run log and every alert as
 *                  raised (with its webhook delivery) — rewritten atomically,
 *                  only by a run holding the run lock: its rename is the
 *                  commit point of a run
 *   runs/<id>.json every monitored run document (rings under stable ids),
 *                  written before the commit; one a crashed run left behind
 *                  is complete but simply not referenced
 *   actions.jsonl  review actions (acknowledge, confirm, dismiss), appended by the
 *                  API without the run lock and replayed over state.json on
 *                  read, so a review never waits for or races with a run
 *   run.lock       the run lock (lock.ts)
 *
 * Also the alert functions the API serves: list, summarise, review.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  AlertActionError,
  applyAction,
  applyActions,
  summariseAlerts,
  type AlertSummary
} from '../engine/monitor/alerts.js';
import type { RunDocument } from '../engine/run.js';
import {
  emptyState,
  type Alert,
  type AlertAction,
  type AlertActionName,
  type AlertKind,
  type AlertState,
  type MonitorState
} from '../engine/monitor/types.js';
import { appendLine, readJson, readJsonLines, StateFileError, writeJsonAtomic } from './fs.js';

export const DEFAULT_DATA_DIR = '.ringsight';

export interface MonitorPaths {
  root: string;
  state: string;
  actions: string;
  runs: string;
  lock: string;
}

export function monitorPaths(dataDir: string = DEFAULT_DATA_DIR): MonitorPaths {
  const root = join(resolve(dataDir), 'monitor');
  return {
    root,
    state: join(root, 'state.json'),
    actions: join(root, 'actions.jsonl'),
    runs: join(root, 'runs'),
    lock: join(root, 'run.lock')
  };
}

const RUN_ID = /^[A-Za-z0-9._-]{1,200}$/;

export class MonitorRepository {
  readonly paths: MonitorPaths;

  constructor(dataDir: string = DEFAULT_DATA_DIR) {
    this.paths = monitorPaths(dataDir);
  }

  loadState(): MonitorState {
    const state = readJson<MonitorState>(this.paths.state);
    if (!state) return emptyState();
    if (state.version !== 1 || !Array.isArray(state.alerts) || !Array.isArray(state.runs)) {
      throw new StateFileError(`${this.paths.state} is not a version 1 monitor state`);
    }
    return state;
  }

  /** The commit point of a run: all of it or none of it. */
  saveState(state: MonitorState): void {
    writeJsonAtomic(this.paths.state, state);
  }

  private runPath(id: string): string {
    if (!RUN_ID.test(id)) throw new StateFileError(`"${id}" is not a run id`);
    return join(this.paths.runs, `${id}.json`);
  }

  saveRun(doc: RunDocument): void {
    writeJsonAtomic(this.runPath(doc.run.id), doc);
  }

  loadRun(id: string): RunDocument | null {
    return readJson<RunDocument>(this.runPath(id));
  }

  readActions(): AlertAction[] {
    return readJsonLines<AlertAction>(this.paths.actions);
  }

  appendAction(action: AlertAction): void {
    appendLine(this.paths.actions, JSON.stringify(action));
  }

  /** Every alert as reviewers see it: raised by runs, review actions applied. */
  alerts(state: MonitorState = this.loadState()): Alert[] {
    return applyActions(state.alerts, this.readActions());
  }
}

export interface AlertFilter {
  state?: AlertState;
  kind?: AlertKind;
  ringId?: string;
  runId?: string;
  /** Only alerts whose webhook delivery failed: the ones someone must look at. */
  deliveryFailed?: boolean;
  limit?: number;
}

// The API lists alerts on every viewer refresh: re-read only when a file changed.
const cache = new Map<string, { key: string; alerts: Alert[] }>();

function fileKey(path: string): string {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return 'none';
  }
}

function currentAlerts(dataDir: string): Alert[] {
  const repo = new MonitorRepository(dataDir);
  const key = `${fileKey(repo.paths.state)}|${fileKey(repo.paths.actions)}`;
  const hit = cache.get(repo.paths.root);
  if (hit && hit.key === key) return hit.alerts;
  const alerts = repo.alerts();
  cache.set(repo.paths.root, { key, alerts });
  return alerts;
}

/** Alerts, newest first, filtered. Reads `<dataDir>/monitor`; an absent directory is no alerts. */
export function listAlerts(dataDir: string, filter: AlertFilter = {}): Alert[] {
  const out = currentAlerts(dataDir).filter(
    (a) =>
      (filter.state === undefined || a.state === filter.state) &&
      (filter.kind === undefined || a.kind === filter.kind) &&
      (filter.ringId === undefined || a.ringId === filter.ringId) &&
      (filter.runId === undefined || a.runId === filter.runId) &&
      (!filter.deliveryFailed || a.delivery?.status === 'failed')
  );
  out.sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : a.raisedAt > b.raisedAt ? -1 : a.id < b.id ? -1 : 1));
  return filter.limit === undefined ? out : out.slice(0, filter.limit);
}

export function getAlert(dataDir: string, id: string): Alert | null {
  return currentAlerts(dataDir).find((a) => a.id === id) ?? null;
}

export function alertSummary(dataDir: string): AlertSummary {
  return summariseAlerts(currentAlerts(dataDir));
}

/**
 * Acknowledges, confirms or dismisses an alert. Throws AlertActionError with code
 * `not_found` (404), `invalid_transition` (409) or `reason_required` (400).
 * `by` is who acted (a token name), never personal data.
 */
export function reviewAlert(
  dataDir: string,
  id: string,
  action: AlertActionName,
  options: { by?: string | null; reason?: string | null; at?: Date } = {}
): Alert {
  const alert = getAlert(dataDir, id);
  if (!alert) throw new AlertActionError(`no alert ${id}`, 'not_found');
  const entry: AlertAction = {
    alertId: id,
    action,
    by: options.by ?? null,
    reason: options.reason?.trim() || null,
    at: (options.at ?? new Date()).toISOString()
  };
  const updated = applyAction(alert, entry); // validates before anything is written
  new MonitorRepository(dataDir).appendAction(entry);
  return updated;
}
