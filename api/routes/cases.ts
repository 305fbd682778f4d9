/**
 * ringsight/api/routes/cases
 * ==========================
 *
 * Case folders: the association's investigations and the rings linked to them
 * (monitor/cases.ts, under the data directory next to the alert log).
 *
 *   GET    /api/cases                       every folder, newest change first
 *   GET    /api/cases/:id                   one folder
 *   POST   /api/cases                       `{name, reference?}` → the new folder (201)
 *   POST   /api/cases/:id/rings             `{ringId}` links a ring of the latest run
 *   DELETE /api/cases/:id/rings/:ringId     unlinks it
 *
 * Folders name investigations, so they are the association's and the police's
 * to read and the association's to change (ACCESS.readCases, writeCases); an
 * insurer sees none. Every change is audited before it is written. Without a
 * data directory there is nowhere to keep folders: 404 `no_case_store`.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  appendCaseEvent,
  CaseError,
  listCases,
  planCase,
  type CaseEvent,
  type CaseFolder
} from '../../monitor/cases.js';
import { ApiError, notFound, scrubText } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { recordAudit } from '../plugins/audit.js';
import { ACCESS } from '../policy/roles.js';
import { AUTH_ERRORS, errors, Nullable } from '../schemas.js';

const Folder = Type.Object({
  id: Type.String(),
  name: Type.String(),
  reference: Nullable(Type.String({ description: 'the police or insurer case reference, when there is one' })),
  createdAt: Type.String(),
  createdBy: Nullable(Type.String()),
  rings: Type.Array(Type.String(), { description: 'linked stable ring ids, in the order linked' }),
  updatedAt: Type.String()
});
const FolderList = Type.Object({ items: Type.Array(Folder) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
const RingParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 40 }),
  ringId: Type.String({ minLength: 1, maxLength: 100 })
});
const CreateBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '\\S',
      description: 'the operation or case name (unique)'
    }),
    reference: Type.Optional(Type.String({ maxLength: 100, description: 'case reference, e.g. JX-2026-001' }))
  },
  { additionalProperties: false }
);
const LinkBody = Type.Object(
  { ringId: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false }
);

const STATUS: Record<CaseError['code'], number> = { not_found: 404, duplicate: 409, invalid_transition: 409 };

export const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  function dataDir(): string {
    const dir = app.monitoring.dataDir;
    if (dir === null) throw notFound('this server keeps no case folders (no data directory)', 'no_case_store');
    return dir;
  }

  /** Plans, audits, then writes one change; returns the folder as it now stands. */
  async function change(request: FastifyRequest, plan: Parameters<typeof planCase>[1]): Promise<CaseFolder> {
    const dir = dataDir();
    const principal = principalOf(request);
    let event: CaseEvent;
    try {
      event = planCase(listCases(dir), plan, principal.name, new Date());
    } catch (err) {
      if (err instanceof CaseError)
        throw new ApiError(STATUS[err.code], err.code, err.message.replace(/^ringsight\/cases: /, ''));
      throw err;
    }
    const details =
      event.op === 'create'
        ? { name: scrubText(event.name), ...(event.reference ? { reference: scrubText(event.reference) } : {}) }
        : { ringId: event.ringId };
    await recordAudit(request, `case.${event.op}`, `case:${event.caseId}`, details);
    appendCaseEvent(dir, event);
    return listCases(dir).find((c) => c.id === event.caseId)!;
  }

  app.get(
    '/cases',
    {
      config: { roles: ACCESS.readCases },
      schema: {
        tags: ['cases'],
        summary: 'case folders, most recently changed first',
        response: { 200: FolderList, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async () => ({
      items: listCases(dataDir()).sort((a, b) =>
        a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : 1
      )
    })
  );

  app.get(
    '/cases/:id',
    {
      config: { roles: ACCESS.readCases },
      schema: {
        tags: ['cases'],
        summary: 'one case folder',
        params: IdParams,
        response: { 200: Folder, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request) => {
      const folder = listCases(dataDir()).find((c) => c.id === request.params.id);
      if (!folder) throw notFound(`no case ${request.params.id}`);
      return folder;
    }
  );

  app.post(
    '/cases',
    {
      config: { roles: ACCESS.writeCases },
      schema: {
        tags: ['cases'],
        summary: 'open a case folder; audited',
        body: CreateBody,
        response: { 201: Folder, ...errors(...AUTH_ERRORS, 400, 404, 409) }
      }
    },
    async (request, reply) => {
      const folder = await change(request, {
        op: 'create',
        name: request.body.name,
        reference: request.body.reference ?? null
      });
      return reply.code(201).send(folder);
    }
  );

  app.post(
    '/cases/:id/rings',
    {
      config: { roles: ACCESS.writeCases },
      schema: {
        tags: ['cases'],
        summary: 'link a ring of the latest run to the case; audited',
        params: IdParams,
        body: LinkBody,
        response: { 200: Folder, ...errors(...AUTH_ERRORS, 400, 404, 409) }
      }
    },
    async (request) => {
      const index = await app.catalog.latest();
      if (!index?.ring(request.body.ringId)) throw notFound(`no ring ${request.body.ringId} in the latest run`);
      return change(request, { op: 'link', caseId: request.params.id, ringId: request.body.ringId });
    }
  );

  app.delete(
    '/cases/:id/rings/:ringId',
    {
      config: { roles: ACCESS.writeCases },
      schema: {
        tags: ['cases'],
        summary: 'unlink a ring from the case; audited',
        params: RingParams,
        response: { 200: Folder, ...errors(...AUTH_ERRORS, 404, 409) }
      }
    },
    async (request) => change(request, { op: 'unlink', caseId: request.params.id, ringId: request.params.ringId })
  );
};
