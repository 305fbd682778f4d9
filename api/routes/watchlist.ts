/**
 * ringsight/api/routes/watchlist
 * ==============================
 *
 * The shared watchlist (association roles only). Keys are normalised like a
 * batch's watchlist.csv; listed_by is the caller's token name and listed_at
 * the server's clock, never the client's. Every change is audited *before*
 * it is applied — a change that cannot be recorded does not happen.
 * Listing shows keys masked unless `?unmask=true` (audited).
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { WatchEntity, WatchEntry } from '../../engine/model.js';
import { WATCH_ENTITIES } from '../../engine/model.js';
import { maskKey } from '../../engine/privacy/mask.js';
import { scrubFreeText } from '../../engine/privacy/scrub.js';
import { normaliseEntityKey } from '../../engine/validate/rows.js';
import { badRequest, notDurable, notFound } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { checkDate } from '../policy/dates.js';
import { auditReveal, recordAudit } from '../plugins/audit.js';
import { Presenter, openKey } from '../policy/present.js';
import { ACCESS } from '../policy/roles.js';
import { resolveView } from '../policy/view.js';
import { AUTH_ERRORS, CaseReferenceHeader, errors, Nullable, StringEnum, Unmask, ViewInfo } from '../schemas.js';

const Item = Type.Object({
  id: Type.String({ description: 'graph node id of the entity' }),
  entity: Type.String(),
  key: Type.String(),
  masked: Type.Boolean(),
  reason: Nullable(Type.String()),
  listedBy: Nullable(Type.String()),
  listedAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String())
});
const AddBody = Type.Object(
  {
    entity: StringEnum(WATCH_ENTITIES),
    key: Type.String({ minLength: 1, maxLength: 200 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    expiresAt: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })))
  },
  { additionalProperties: false }
);
const KeyParams = Type.Object({
  entity: StringEnum(WATCH_ENTITIES),
  key: Type.String({ minLength: 1, maxLength: 200 })
});

function normalised(entity: WatchEntity, raw: string): string {
  const n = normaliseEntityKey(entity, raw);
  if (!n.ok) throw badRequest('bad_key', `${entity} key "${maskKey(entity, raw.trim())}" ${n.reason}`);
  return n.value;
}

export const watchlistRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Reasons are free text: identity numbers in them are masked unless the view unmasks (engine/privacy/scrub.ts).
  const present = (p: Presenter, w: WatchEntry, reveal = false) => {
    const e = p.entity(w.entity, w.key, null);
    const reason = w.reason === null || reveal ? w.reason : scrubFreeText(w.reason);
    return {
      id: e.id,
      entity: w.entity,
      key: e.key,
      masked: e.masked,
      reason,
      listedBy: w.listedBy,
      listedAt: w.listedAt,
      expiresAt: w.expiresAt
    };
  };

  app.get(
    '/watchlist',
    {
      config: { roles: ACCESS.watchlist },
      schema: {
        tags: ['watchlist'],
        summary: 'the shared watchlist',
        querystring: Type.Object({ unmask: Unmask }),
        headers: CaseReferenceHeader,
        response: { 200: Type.Object({ items: Type.Array(Item), view: ViewInfo }), ...errors(...AUTH_ERRORS) }
      }
    },
    async (request) => {
      const view = resolveView(principalOf(request), request.query.unmask, request.headers['x-case-reference']);
      const p = new Presenter({ view, handles: app.handles });
      const items = (await app.store.listWatch())
        .sort(
          (a, b) =>
            (b.listedAt ?? '').localeCompare(a.listedAt ?? '') ||
            a.entity.localeCompare(b.entity) ||
            a.key.localeCompare(b.key)
        )
        .map((w) => present(p, w, view.reveal === 'all'));
      await auditReveal(request, 'watchlist', p.revealed, view.caseReference);
      return { items, view: { reveal: view.reveal, caseReference: view.caseReference } };
    }
  );

  app.post(
    '/watchlist',
    {
      config: { roles: ACCESS.watchlist },
      schema: {
        tags: ['watchlist'],
        summary: 'list an entity (or update its entry)',
        body: AddBody,
        response: {
          200: Type.Object({ item: Item, created: Type.Boolean() }),
          201: Type.Object({ item: Item, created: Type.Boolean() }),
          ...errors(...AUTH_ERRORS)
        }
      }
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!app.durableWrites) throw notDurable('watchlist changes are refused');
      const { entity, reason } = request.body;
      const key = normalised(entity, request.body.key);
      if (request.body.expiresAt) checkDate(request.body.expiresAt, 'expiresAt', 'bad_expiry');
      const entry: WatchEntry = {
        entity,
        key,
        reason: reason.trim(),
        listedBy: principal.name,
        listedAt: new Date().toISOString().slice(0, 10),
        expiresAt: request.body.expiresAt ?? null
      };
      const existing = (await app.store.listWatch()).find((w) => w.entity === entity && w.key === key);
      await recordAudit(request, existing ? 'watchlist.update' : 'watchlist.add', `${entity}:${maskKey(entity, key)}`, {
        reason: entry.reason,
        expiresAt: entry.expiresAt,
        ...(existing ? { previousReason: existing.reason } : {})
      });
      await app.store.addWatch(entry);
      const p = new Presenter({ view: { principal, reveal: 'none', caseReference: null }, handles: app.handles });
      return reply.code(existing ? 200 : 201).send({ item: present(p, entry), created: !existing });
    }
  );

  app.delete(
    '/watchlist/:entity/:key',
    {
      config: { roles: ACCESS.watchlist },
      schema: {
        tags: ['watchlist'],
        summary: 'take an entity off the watchlist (key raw or as a handle)',
        params: KeyParams,
        response: { 200: Type.Object({ removed: Type.Boolean(), id: Type.String() }), ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request) => {
      const principal = principalOf(request);
      if (!app.durableWrites) throw notDurable('watchlist changes are refused');
      const { entity } = request.params;
      const opened = openKey(app.handles, principal, entity, request.params.key);
      if (opened === null) throw notFound('no such watchlist entry');
      const key = normalised(entity, opened);
      const existing = (await app.store.listWatch()).find((w) => w.entity === entity && w.key === key);
      if (!existing) throw notFound('no such watchlist entry');
      await recordAudit(request, 'watchlist.remove', `${entity}:${maskKey(entity, key)}`, {
        reason: existing.reason,
        listedBy: existing.listedBy
      });
      await app.store.removeWatch(entity, key);
      const p = new Presenter({ view: { principal, reveal: 'none', caseReference: null }, handles: app.handles });
      return { removed: true, id: p.entity(entity, key, null).id };
    }
  );
};
