/**
 * ringsight/viewer/api/client
 * ===========================
 *
 * The one place the viewer talks HTTP. Adds the bearer token and, for routes
 * that carry identities, the unmask switch; turns every failure into an
 * ApiFailure; and signs the user out on 401 so a stale token never leaves a
 * half-working screen behind.
 */
import { session, signOut } from '../state/session.js';
import { ApiFailure, asFailure, failureFromResponse } from './errors.js';
import type { EntityResponse, GraphPayload, Principal, RingDetail, RingList, SearchHit } from './types.js';

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Extra headers (a report's case reference, sent percent-encoded by the caller). */
  headers?: Record<string, string>;
  query?: Query;
  body?: unknown;
  /** Identity routes: send the session's unmask switch and case reference. */
  identities?: boolean;
  /** Token to use instead of the session's (sign-in checks a token before keeping it). */
  token?: string;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const current = session.get();
  const token = options.token ?? current?.token;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const query: Query = { ...options.query };
  if (options.identities && current?.unmask) {
    query.unmask = true;
    // Non-ASCII case numbers (赣公刑…) are sent percent-encoded, as the API expects.
    if (current.caseReference.trim()) headers['x-case-reference'] = encodeURIComponent(current.caseReference.trim());
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal
    });
  } catch (error) {
    throw asFailure(error);
  }
  if (!response.ok) {
    const failure = await failureFromResponse(response);
    // Only the session's own token expiring signs out; a token being checked at sign-in does not.
    if (failure.kind === 'unauthorized' && options.token === undefined && current) signOut('expired');
    throw failure;
  }
  try {
    return (await response.json()) as T;
  } catch (error) {
    throw new ApiFailure('server', response.status, 'bad_json', (error as Error).message);
  }
}

export interface RingQuery extends Query {
  region?: string;
  insurer?: string;
  category?: string;
  minScore?: number;
  flagged?: boolean;
  status?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: 'score' | 'claims' | 'claimed' | 'regions';
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

const enc = encodeURIComponent;

export const api = {
  rings: (query: RingQuery, signal?: AbortSignal, token?: string) =>
    request<RingList>('/api/rings', { query, signal, token }),
  ring: (id: string) => request<RingDetail>(`/api/rings/${enc(id)}`, { identities: true }),
  ringGraph: (id: string) => request<GraphPayload>(`/api/rings/${enc(id)}/graph`, { identities: true }),
  entity: (type: string, key: string, hops: number, limit: number) =>
    request<EntityResponse>(`/api/entities/${enc(type)}/${enc(key)}`, { query: { hops, limit }, identities: true }),
  search: (q: string, signal?: AbortSignal) =>
    request<unknown>('/api/search', { query: { q }, identities: true, signal }).then(normaliseSearch),
  /** Who the token belongs to; null when the server has no such route (the viewer then works without a role). */
  whoami: async (token: string): Promise<Principal | null> => {
    try {
      const body = await request<Partial<Principal> & { principal?: Principal }>('/api/me', { token });
      const p = body.principal ?? body;
      return typeof p.role === 'string'
        ? { name: String(p.name ?? ''), role: p.role, insurer: p.insurer ?? null }
        : null;
    } catch (error) {
      if (error instanceof ApiFailure && error.kind === 'notFound') return null;
      throw error;
    }
  },
  /** Open alerts per ring, for the list's badges; empty when monitoring is off or the role may not read alerts. */
  openAlerts: async (signal?: AbortSignal): Promise<Record<string, number>> => {
    try {
      const body = await request<{ summary?: { openByRing?: Record<string, number> } }>('/api/alerts', {
        query: { state: 'open', limit: 1 },
        signal
      });
      return body.summary?.openByRing ?? {};
    } catch (error) {
      if (error instanceof ApiFailure && (error.kind === 'notFound' || error.kind === 'forbidden')) return {};
      throw error;
    }
  }
};

/**
 * Search answers: `{items:[{kind, id, type, label, detail, rings}]}`, where
 * `id` is a ring id or a graph node id (`type:key`, `type:~handle`,
 * `claim:ID`). Read leniently so a field the server drops does not blank the box.
 */
export function normaliseSearch(body: unknown): {
  entities: SearchHit[];
  rings: Array<{ id: string; category?: string }>;
  reveal: string | null;
} {
  const b = body as { items?: unknown; view?: { reveal?: unknown } } | unknown[] | null;
  // What the answer was allowed to unmask: names are searched only when it is 'all'.
  const reveal = !Array.isArray(b) && typeof b?.view?.reveal === 'string' ? b.view.reveal : null;
  const out = { entities: [] as SearchHit[], rings: [] as Array<{ id: string; category?: string }>, reveal };
  const list = Array.isArray(b) ? b : Array.isArray(b?.items) ? b.items : [];
  for (const raw of list as Array<Record<string, unknown>>) {
    if (!raw || typeof raw.id !== 'string') continue;
    if (raw.kind === 'ring' || raw.type === 'ring') {
      out.rings.push({ id: raw.id });
      continue;
    }
    const colon = raw.id.indexOf(':');
    const type = typeof raw.type === 'string' ? raw.type : raw.id.slice(0, colon);
    const key = typeof raw.key === 'string' ? raw.key : raw.id.slice(colon + 1);
    out.entities.push({
      type,
      key,
      id: raw.id,
      label: typeof raw.label === 'string' ? raw.label : null,
      detail: typeof raw.detail === 'string' ? raw.detail : null,
      rings: typeof raw.rings === 'number' ? raw.rings : Array.isArray(raw.rings) ? raw.rings.length : 0
    });
  }
  return out;
}

export type ReportsStatus = 'available' | 'unavailable' | 'forbidden';
let reportsProbe: Promise<ReportsStatus> | null = null;

/**
 * Whether police reports exist on this server (a later issue adds them) and
 * this role may create them. Probed once per session: a missing route is a
 * 404, a route the role may not use a 403.
 */
export function reportsStatus(): Promise<ReportsStatus> {
  reportsProbe ??= request<unknown>('/api/reports', { query: { pageSize: 1 } }).then(
    () => 'available' as const,
    (error: unknown) => {
      if (error instanceof ApiFailure && error.kind === 'notFound') return 'unavailable' as const;
      if (error instanceof ApiFailure && error.kind === 'forbidden') return 'forbidden' as const;
      // 400/405 mean the route exists but wants something else from a GET: creating may still work.
      if (error instanceof ApiFailure && (error.kind === 'badRequest' || error.status === 405))
        return 'available' as const;
      reportsProbe = null;
      return 'unavailable' as const;
    }
  );
  return reportsProbe;
}

export function resetProbes(): void {
  reportsProbe = null;
}
