/**
 * ringsight/api/routes/audit
 * ==========================
 *
 * `GET /api/audit`: the audit trail, newest first, filtered by time, actor and
 * action, with the result of re-verifying the whole hash chain on disk (so a
 * tampered file shows up here, not only at the next start). Entries hold
 * masked keys only, so auditors read them without seeing identities; details
 * are scrubbed again as they are read (engine/privacy/scrub.ts), which also
 * covers entries written before free text was scrubbed on the way in.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { scrubDeep, scrubFreeText } from '../../engine/privacy/scrub.js';
import { ACCESS } from '../policy/roles.js';
import { AUTH_ERRORS, errors, Nullable } from '../schemas.js';

const Stamp = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+Z?)?$',
  description: 'date or ISO timestamp (UTC)'
});
const AuditQuery = Type.Object({
  from: Type.Optional(Stamp),
  to: Type.Optional(Stamp),
  actor: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64, description: 'an action, or a prefix such as "watchlist"' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 }))
});
const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  role: Type.String(),
  insurer: Nullable(Type.String()),
  action: Type.String(),
  target: Type.String(),
  caseReference: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  request: Nullable(Type.Object({ id: Type.String(), method: Type.String(), route: Type.String(), ip: Type.String() })),
  prev: Type.String({ description: 'SHA-256 of the previous line' })
});
const Chain = Type.Object({
  ok: Type.Boolean(),
  lines: Type.Integer(),
  head: Type.String({ description: 'SHA-256 of the last line: anchor it elsewhere to detect truncation' }),
  brokenAt: Type.Optional(Type.Integer()),
  reason: Type.Optional(Type.String())
});

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      config: { roles: ACCESS.readAudit },
      schema: {
        tags: ['audit'],
        summary: 'the audit trail and its chain verification',
        querystring: AuditQuery,
        response: {
          200: Type.Object({ total: Type.Integer(), items: Type.Array(Entry), chain: Chain }),
          ...errors(...AUTH_ERRORS)
        }
      }
    },
    async (request) => {
      const q = request.query;
      const { total, items } = app.audit.query({ ...q, limit: q.limit ?? 500, offset: q.offset ?? 0 });
      const scrubbed = items.map((e) => ({ ...e, target: scrubFreeText(e.target), details: scrubDeep(e.details) }));
      return { total, items: scrubbed, chain: await app.audit.verify() };
    }
  );
};
