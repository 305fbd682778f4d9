/**
 * ringsight/api/plugins/lookups
 * =============================
 *
 * Exact-identity lookups — a raw resident ID, phone or bank account sent in
 * `/api/entities/<type>/<key>`, `/api/search?q=` or `/api/rings?q=` — are how
 * a masked view is turned back into identities: a masked ID leaves ~2,300
 * candidates, a masked phone 10⁴, and "found / not found" confirms a guess.
 * So every such lookup, hit or miss, by any role:
 *
 * - is counted per token (`lookupLimit`, default 30 a minute): over it, 429;
 * - is audited (`lookup.exact`: the masked key, the route, hit or miss, the
 *   scope it was answered in; `lookup.refused` when throttled) before the
 *   answer is sent;
 * - for the insurer role, is answered only within its own claims: an identity
 *   not linked to one of its claims reads as absent (entities.ts, rings.ts).
 *
 * Handles (`~…`) are not exact lookups: they are per-token (policy/handles.ts)
 * and only come from responses already scoped to the caller.
 */
import type { FastifyRequest } from 'fastify';
import type { EntityType } from '../../engine/model.js';
import { maskKey } from '../../engine/privacy/mask.js';
import { normaliseEntityKey } from '../../engine/validate/rows.js';
import { ApiError } from '../errors.js';
import { WindowCounter, type ThrottleSettings } from '../policy/throttle.js';
import { recordAudit } from './audit.js';
import { expose } from './expose.js';

export interface LookupsOptions extends Record<string, unknown> {
  limit: ThrottleSettings | false;
}

export const LOOKUP_LIMIT_DEFAULT: ThrottleSettings = { max: 30, windowMs: 60_000 };

export const PERSONAL_TYPES: readonly EntityType[] = ['person', 'phone', 'bank_account'];

export interface Lookups {
  counter: WindowCounter | null;
}

export const lookupsPlugin = expose<LookupsOptions>('ringsight-lookups', async (app, opts) => {
  app.decorate('lookups', { counter: opts.limit ? new WindowCounter(opts.limit) : null } satisfies Lookups);
});

/** The personal keys (`type:key`, normalised) a free-text query names exactly. */
export function personalKeysOf(q: string): Array<{ type: EntityType; key: string }> {
  const out: Array<{ type: EntityType; key: string }> = [];
  for (const type of PERSONAL_TYPES) {
    const n = normaliseEntityKey(type, q);
    if (n.ok) out.push({ type, key: n.value });
  }
  return out;
}

const masked = (keys: ReadonlyArray<{ type: string; key: string }>): string =>
  keys.map((k) => `${k.type}:${maskKey(k.type as EntityType, k.key)}`).join(',');

/**
 * Counts an exact lookup against the caller's token before it is answered.
 * Over the limit: audited as `lookup.refused`, then 429.
 */
export async function takeLookup(
  request: FastifyRequest,
  via: string,
  keys: ReadonlyArray<{ type: string; key: string }>
): Promise<void> {
  const counter = request.server.lookups.counter;
  const who = request.principal?.name ?? 'anonymous';
  if (!counter) return;
  if (counter.exhausted(who)) {
    await recordAudit(request, 'lookup.refused', masked(keys), {
      via,
      reason: 'rate_limited',
      limit: counter.settings.max,
      windowMs: counter.settings.windowMs
    });
    throw new ApiError(
      429,
      'rate_limited',
      `too many exact identity lookups from this token; retry in ${counter.retryAfter(who)} s`
    );
  }
  counter.add(who);
}

/** The audit entry of an exact lookup: masked keys, hit or miss, and the scope it was answered in. */
export async function auditLookup(
  request: FastifyRequest,
  via: string,
  keys: ReadonlyArray<{ type: string; key: string }>,
  hit: boolean,
  scope: 'all' | 'own',
  caseReference: string | null = null
): Promise<void> {
  await recordAudit(
    request,
    'lookup.exact',
    masked(keys),
    { via, hit, scope, types: [...new Set(keys.map((k) => k.type))] },
    caseReference
  );
}
