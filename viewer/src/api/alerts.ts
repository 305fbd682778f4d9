/**
 * ringsight/viewer/api/alerts
 * ===========================
 *
 * The alert inbox's calls: list alerts (with the summary), who may be
 * assigned, and the reviews — acknowledge, assign, confirm, dismiss. Alerts
 * carry counts, codes and insurer names only, never identities; a dismissal
 * reason is sent as `<code>: <free text>` so calibration and the audit trail
 * keep a stable reason code whatever the language of the viewer.
 */
import { request } from './client.js';

export const ALERT_STATES = ['open', 'acknowledged', 'confirmed', 'dismissed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

/** Why an alert needs no action; the first part of the reason sent to the API. */
export const DISMISS_REASONS = [
  'legitimate',
  'known_case',
  'duplicate',
  'data_error',
  'insufficient',
  'other'
] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export interface AlertItem {
  id: string;
  ringId: string;
  runId: string;
  raisedAt: string;
  kind: string;
  reasons: Array<{ kind: string; detail: string }>;
  score: number;
  category: string;
  claims: number;
  regions: string[];
  insurers: string[];
  claimed: number;
  state: AlertState;
  stateAt: string | null;
  stateBy: string | null;
  dismissReason: string | null;
  confirmNote?: string | null;
  assignee?: string | null;
  assignedAt?: string | null;
}

export interface AlertList {
  monitoring: boolean;
  total: number;
  items: AlertItem[];
  summary: { total: number; byState: Record<AlertState, number> };
}

export interface Assignee {
  name: string;
  role: string;
  insurer: string | null;
}

const enc = encodeURIComponent;

/** `<code>: <text>`, or the code alone. */
export function dismissText(code: DismissReason, text: string): string {
  return text.trim() ? `${code}: ${text.trim()}` : code;
}

/** The reason code and free text of a stored dismissal (older, free-text-only reasons have no code). */
export function parseDismissal(reason: string | null): { code: DismissReason | null; text: string } {
  if (!reason) return { code: null, text: '' };
  const m = /^([a-z_]+)(?::\s*([\s\S]*))?$/.exec(reason);
  const code = m && (DISMISS_REASONS as readonly string[]).includes(m[1]!) ? (m[1] as DismissReason) : null;
  return code ? { code, text: m![2] ?? '' } : { code: null, text: reason };
}

export const alertsApi = {
  list: (query: { state?: string; assignee?: string; ringId?: string; limit?: number }, signal?: AbortSignal) =>
    request<AlertList>('/api/alerts', { query: { limit: 500, ...query }, signal }),
  assignees: () => request<{ items: Assignee[] }>('/api/alerts/assignees').then((b) => b.items),
  acknowledge: (id: string) => request<{ alert: AlertItem }>(`/api/alerts/${enc(id)}/ack`, { method: 'POST' }),
  assign: (id: string, assignee: string | null) =>
    request<{ alert: AlertItem }>(`/api/alerts/${enc(id)}/assign`, { method: 'POST', body: { assignee } }),
  confirm: (id: string, note: string) =>
    request<{ alert: AlertItem }>(`/api/alerts/${enc(id)}/confirm`, {
      method: 'POST',
      body: note.trim() ? { note: note.trim() } : {}
    }),
  dismiss: (id: string, reason: string) =>
    request<{ alert: AlertItem }>(`/api/alerts/${enc(id)}/dismiss`, { method: 'POST', body: { reason } })
};
