/**
 * ringsight/monitor/assignments
 * =============================
 *
 * Who an alert is assigned to. Kept under `<dataDir>/monitor/assignments.jsonl`
 * as an append-only log next to the review log (actions.jsonl), replayed on
 * read: the latest entry per alert wins, an entry with `assignee: null`
 * unassigns. Assignees and assigners are token names, never personal data.
 * Separate from the review log so the pure review rules (engine/monitor) and
 * what calibration learns from stay as they are.
 */
import { join, resolve } from 'node:path';
import { appendLine, readJsonLines } from './fs.js';

export interface AssignmentEvent {
  alertId: string;
  /** Token name of the reviewer it is assigned to; null unassigns. */
  assignee: string | null;
  by: string | null;
  at: string;
}

export interface Assignment {
  assignee: string;
  assignedBy: string | null;
  assignedAt: string;
}

export const assignmentsPath = (dataDir: string): string => join(resolve(dataDir), 'monitor', 'assignments.jsonl');

/** Alert id → its current assignment; unassigned alerts are absent. */
export function replayAssignments(events: readonly AssignmentEvent[]): Map<string, Assignment> {
  const out = new Map<string, Assignment>();
  for (const e of events) {
    if (typeof e?.alertId !== 'string') continue;
    if (e.assignee === null) out.delete(e.alertId);
    else out.set(e.alertId, { assignee: e.assignee, assignedBy: e.by, assignedAt: e.at });
  }
  return out;
}

export function listAssignments(dataDir: string): Map<string, Assignment> {
  return replayAssignments(readJsonLines<AssignmentEvent>(assignmentsPath(dataDir)));
}

export function appendAssignment(dataDir: string, event: AssignmentEvent): void {
  appendLine(assignmentsPath(dataDir), JSON.stringify(event));
}
