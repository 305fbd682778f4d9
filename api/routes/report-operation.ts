/**
 * ringsight/api/routes/report-operation
 * =====================================
 *
 * Between the report routes and reports/: what a POST /api/reports body asks
 * for as an operation (one ring, or an operation's filters), its `entities`
 * opened for this caller (handles, or exact lookups counted, audited and, for
 * an insurer, held to its own claims' parties), and a ReportError as the API
 * error a client is shown — scrubbed, and never a renderer's internals.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EntityType, RingCategory } from '../../engine/model.js';
import { normaliseEntityKey } from '../../engine/validate/rows.js';
import type { OperationInput, ReportError, ReportErrorCode } from '../../reports/index.js';
import { linkedToOwn } from '../data/scope.js';
import { ApiError, badRequest, scrubText } from '../errors.js';
import { auditLookup, takeLookup } from '../plugins/lookups.js';
import { Handles } from '../policy/handles.js';
import { isPersonalType } from '../policy/present.js';
import type { Principal } from '../policy/roles.js';
import type { CreateBody } from './report-schemas.js';

const STATUS: Record<ReportErrorCode, number> = {
  bad_operation: 400,
  bad_request: 400,
  unknown_ring: 404,
  empty_selection: 409,
  data_mismatch: 409,
  too_many_rings: 413,
  render_failed: 500
};
const OPERATION_FIELDS = [
  'regions',
  'from',
  'to',
  'categories',
  'minScore',
  'rings',
  'entities',
  'onlyListed'
] as const;

/** A ReportError as the API error it maps to; messages and details are scrubbed of long digit runs. */
export function reportApiError(err: ReportError, requestId: string): ApiError {
  const status = STATUS[err.code];
  if (status >= 500) return new ApiError(500, err.code, `the report could not be rendered (request ${requestId})`);
  if (err.code === 'data_mismatch')
    return new ApiError(
      409,
      err.code,
      'the detection run and the claims data do not belong together; run detection again'
    );
  const details = err.details
    ? (JSON.parse(scrubText(JSON.stringify(err.details))) as Record<string, unknown>)
    : undefined;
  return new ApiError(status, err.code, scrubText(err.detail), details);
}

/** The operation a request body asks for: `{ringId}` is one ring alone; otherwise the body is the operation. */
export function operationOf(body: CreateBody): OperationInput {
  if (body.ringId !== undefined) {
    const extra = OPERATION_FIELDS.filter((k) => body[k] !== undefined);
    if (extra.length > 0)
      throw badRequest(
        'bad_operation',
        `ringId asks for one ring's report: leave out ${extra.join(', ')}, or send an operation without ringId`
      );
    const name = body.name ?? (body.lang === 'en' ? `Ring ${body.ringId}` : `团伙 ${body.ringId}`);
    return { name, rings: [body.ringId], onlyListed: true };
  }
  if (body.name === undefined)
    throw badRequest('bad_operation', "send {ringId} for one ring's report, or an operation with at least a name");
  return {
    name: body.name,
    regions: body.regions ?? [],
    period: { from: body.from ?? null, to: body.to ?? null },
    categories: (body.categories ?? []) as RingCategory[],
    minScore: body.minScore ?? null,
    rings: body.rings ?? [],
    entities: body.entities ?? [],
    onlyListed: body.onlyListed ?? false
  };
}

/**
 * The `entities` of an operation, for this caller: handles (`type:~…`, the caller's own) opened;
 * a raw resident ID, phone or account is an exact lookup (counted, audited) and, for an insurer,
 * accepted only for its own claims' parties — else a report would confirm a guessed ID.
 */
export async function entityRefs(
  app: Pick<FastifyInstance, 'handles' | 'store'>,
  request: FastifyRequest,
  refs: readonly string[],
  principal: Principal
): Promise<string[]> {
  const out: string[] = [];
  const exact: Array<{ type: EntityType; key: string }> = [];
  for (const ref of refs) {
    const colon = ref.indexOf(':');
    const type = ref.slice(0, colon).trim();
    const raw = ref.slice(colon + 1).trim();
    if (colon > 0 && Handles.isHandle(raw)) {
      const key = app.handles.forPrincipal(principal.name).open(type, raw);
      if (key === null)
        throw badRequest('bad_operation', `entity ${type}:${raw.slice(0, 12)}… is not a handle this caller was given`);
      out.push(`${type}:${key}`);
      continue;
    }
    const parsed = colon > 0 && isPersonalType(type) ? normaliseEntityKey(type as EntityType, raw) : null;
    if (parsed?.ok) exact.push({ type: type as EntityType, key: parsed.value });
    out.push(ref);
  }
  if (exact.length === 0) return out;
  await takeLookup(request, 'report', exact);
  let refused = 0;
  if (principal.role === 'insurer') {
    for (const k of exact) if (!(await linkedToOwn(app.store, k.type, k.key, principal.insurer!))) refused++;
  }
  await auditLookup(request, 'report', exact, refused === 0, principal.role === 'insurer' ? 'own' : 'all');
  if (refused > 0) {
    throw badRequest(
      'bad_operation',
      `${refused} of the entities are not parties of your own claims: name other members by the handle a ring gave you`
    );
  }
  return out;
}
