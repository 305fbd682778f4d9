/**
 * ringsight/api/routes/reports
 * ============================
 *
 * Ring reports (reports/): HTML, PDF and CSV for investigators, with digests.
 *
 *   POST /api/reports                    `{ringId}` (one ring of the latest run) or an operation → 201 `{id, digest, files, rings}`
 *   GET  /api/reports                    the reports the caller may read, newest first
 *   GET  /api/reports/:id                a report's manifest (files, SHA-256s, who, which case)
 *   GET  /api/reports/:id/files/:name    one of its files (audited as an export)
 *
 * A report is generated for the caller: identities in full only for police
 * acting on a case (`X-Case-Reference`), masked for everyone else; an insurer's
 * report covers only rings holding its own claims and hides other insurers'
 * claims. Who may read a written report is policy/reports.ts. The audit entry
 * (`export.report`, reports/audit.ts) is written before the files are and
 * before anything is sent; every download is audited (`export.download`).
 * Routes exist only with a data directory (the reports live under it).
 */
import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { EntityType, RingCategory } from '../../engine/model.js';
import type { RunDocument } from '../../engine/run.js';
import {
  generateReport,
  REPORT_FORMATS,
  reportAuditInput,
  ReportError,
  writeReport,
  type OperationInput,
  type ReportErrorCode,
  type ReportFormat,
  type ReportRole
} from '../../reports/index.js';
import type { ReportLibrary, ReportSummary } from '../data/report-library.js';
import { linkedToOwn } from '../data/scope.js';
import { normaliseEntityKey } from '../../engine/validate/rows.js';
import { mustMask } from '../../reports/privacy.js';
import { auditLookup, takeLookup } from '../plugins/lookups.js';
import { bookForExport } from '../policy/exports.js';
import { Handles } from '../policy/handles.js';
import { isPersonalType } from '../policy/present.js';
import { ApiError, badRequest, conflict, notFound, scrubText } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { recordAudit } from '../plugins/audit.js';
import {
  checkDownload,
  maySeeCaseReference,
  reportCaseReference,
  reportInScope,
  type ReportScope
} from '../policy/reports.js';
import { ACCESS, type Principal } from '../policy/roles.js';
import { AUTH_ERRORS, CaseReferenceHeader, errors, Nullable, StringEnum } from '../schemas.js';

const Strings = (maxItems: number, maxLength: number, description: string) =>
  Type.Optional(Type.Array(Type.String({ maxLength }), { maxItems, description }));

const CreateBody = Type.Object(
  {
    ringId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          'one ring: its report alone (no other operation fields but name, caseReference, runId, lang, formats)'
      })
    ),
    runId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'the detection run; default the latest' })
    ),
    name: Type.Optional(
      Type.String({ maxLength: 200, description: "the operation's name (1-100 characters); required without ringId" })
    ),
    caseReference: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'the case; police must send it as X-Case-Reference (that is what unmasks)'
      })
    ),
    regions: Strings(100, 20, 'GB/T 2260 codes: the province, prefectures or districts'),
    from: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD' })),
    to: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD' })),
    categories: Strings(20, 50, 'ring categories; none: every category'),
    minScore: Type.Optional(Type.Number({ description: "0-100; default the run's flag threshold" })),
    rings: Strings(500, 100, 'ring ids that must be in the report'),
    entities: Strings(500, 200, '"type:key" entities whose rings must be in the report'),
    onlyListed: Type.Optional(Type.Boolean({ description: 'only the listed rings and the rings of listed entities' })),
    lang: Type.Optional(StringEnum(['zh', 'en'] as const, { description: 'default zh' })),
    formats: Type.Optional(
      Type.Array(StringEnum(REPORT_FORMATS), { minItems: 1, maxItems: 3, description: 'default html, pdf and csv' })
    )
  },
  { additionalProperties: false }
);
type CreateBody = Static<typeof CreateBody>;

const CreateQuery = Type.Object({
  unmask: Type.Optional(
    Type.Boolean({ description: 'accepted and ignored: a report discloses by role (police with X-Case-Reference)' })
  )
});
const Created = Type.Object({
  id: Type.String(),
  digest: Type.String({ description: 'SHA-256 of report.json, printed on every page' }),
  files: Type.Array(Type.String()),
  rings: Type.Integer(),
  masked: Type.Boolean()
});
const ListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 }))
});
const Item = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'the operation' }),
  created: Type.String(),
  by: Type.String(),
  role: Type.String(),
  insurer: Nullable(Type.String()),
  caseReference: Nullable(Type.String()),
  masked: Type.Boolean(),
  lang: Type.String(),
  run: Type.String(),
  rings: Type.Integer(),
  digest: Type.String(),
  files: Type.Array(Type.String())
});
const List = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(Item)
});
const IdParams = Type.Object({ id: Type.String({ pattern: '^RPT-\\d{8}-\\d{6}-[0-9a-f]{8}$', maxLength: 40 }) });
const FileParams = Type.Object({
  id: IdParams.properties.id,
  name: Type.String({ pattern: '^[a-z][a-z0-9_-]*\\.(html|pdf|csv|json|graphml)$', maxLength: 64 })
});
const FileBytes = Type.Unsafe<Buffer>({
  type: 'string',
  format: 'binary',
  description:
    'the file: text/html, application/pdf, text/csv (UTF-8 with BOM), application/json or application/graphml+xml'
});
const Manifest = Type.Object({
  schema: Type.String(),
  report: Type.String(),
  algorithm: Type.String(),
  digest: Type.String(),
  generatedAt: Type.String(),
  generatedBy: Type.Object({ actor: Type.String(), role: Type.String(), insurer: Nullable(Type.String()) }),
  caseReference: Nullable(Type.String()),
  masked: Type.Boolean(),
  run: Type.String(),
  rings: Type.Array(Type.String()),
  files: Type.Array(Type.Object({ name: Type.String(), bytes: Type.Integer(), sha256: Type.String() }))
});

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
function operationOf(body: CreateBody): OperationInput {
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

const scopeOf = (s: ReportSummary): ReportScope => ({
  masked: s.masked,
  caseReference: s.caseReference,
  generatedBy: { actor: s.by, role: s.role, insurer: s.insurer }
});
const requestInfo = (r: FastifyRequest) => ({ id: r.id, method: r.method, route: r.routeOptions.url ?? '', ip: r.ip });

export interface ReportRouteOptions extends Record<string, unknown> {
  library: ReportLibrary;
}

export const reportRoutes: FastifyPluginAsyncTypebox<ReportRouteOptions> = async (app, { library }) => {
  /** The run a report is taken from; an insurer's copy holds only the rings with its own claims. */
  async function runFor(runId: string | undefined, principal: Principal): Promise<RunDocument> {
    const index = runId === undefined ? await app.catalog.latest() : await app.catalog.get(runId);
    if (!index)
      throw runId === undefined
        ? conflict('no_run', 'there is no detection run yet: start one first')
        : notFound(`no run ${runId}`);
    if (principal.role !== 'insurer') return index.doc;
    return { ...index.doc, rings: index.doc.rings.filter((r) => r.insurers.includes(principal.insurer!)) };
  }

  /**
   * The `entities` of an operation, for this caller: handles (`type:~…`, the caller's own) opened;
   * a raw resident ID, phone or account is an exact lookup (counted, audited) and, for an insurer,
   * accepted only for its own claims' parties — else a report would confirm a guessed ID.
   */
  async function entityRefs(request: FastifyRequest, refs: readonly string[], principal: Principal): Promise<string[]> {
    const out: string[] = [];
    const exact: Array<{ type: EntityType; key: string }> = [];
    for (const ref of refs) {
      const colon = ref.indexOf(':');
      const type = ref.slice(0, colon).trim();
      const raw = ref.slice(colon + 1).trim();
      if (colon > 0 && Handles.isHandle(raw)) {
        const key = app.handles.forPrincipal(principal.name).open(type, raw);
        if (key === null)
          throw badRequest(
            'bad_operation',
            `entity ${type}:${raw.slice(0, 12)}… is not a handle this caller was given`
          );
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

  /** A written report the caller may read; anything else (absent, out of scope) is "not found". */
  function readable(id: string, principal: Principal): ReportSummary {
    let summary: ReportSummary | null = null;
    try {
      summary = library.summary(id);
    } catch (err) {
      // The error's name only: a parse error's message can quote the file, and report files hold identities.
      app.log.error({ report: id, error: (err as Error).name }, 'report unreadable');
    }
    if (!summary || !reportInScope(scopeOf(summary), principal)) {
      throw notFound(`no report ${id}`);
    }
    return summary;
  }

  app.post(
    '/reports',
    {
      // Generating is heavy (a PDF prints in Chromium): a tighter budget than reads.
      config: { roles: ACCESS.reports, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['reports'],
        summary:
          'generate a report on one ring or an operation; identities only for police with X-Case-Reference; audited before anything is written or sent',
        querystring: CreateQuery,
        headers: CaseReferenceHeader,
        body: CreateBody,
        response: { 201: Created, ...errors(...AUTH_ERRORS, 404, 409, 413, 500) }
      }
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body;
      const operation = operationOf(body);
      operation.caseReference = reportCaseReference(principal, request.headers['x-case-reference'], body.caseReference);
      if (operation.entities && operation.entities.length > 0)
        operation.entities = await entityRefs(request, operation.entities, principal);
      const run = await runFor(body.runId, principal);
      const formats: ReportFormat[] = body.formats ?? [...REPORT_FORMATS];
      const lang = body.lang ?? 'zh';
      // The watchlist read policy and the free-text scrubber apply to exports (policy/exports.ts).
      const book = bookForExport(
        await app.store.projection(),
        principal,
        mustMask(principal.role as ReportRole, operation.caseReference ?? null),
        lang
      );
      let report;
      try {
        report = await generateReport(
          {
            operation,
            run,
            book,
            viewer: { actor: principal.name, role: principal.role as ReportRole, insurer: principal.insurer },
            lang,
            formats
          },
          formats.includes('pdf') ? { pdf: await app.reports.renderer() } : {}
        );
      } catch (err) {
        if (!(err instanceof ReportError)) throw err;
        if (err.code === 'render_failed')
          request.log.error({ error: scrubText(err.detail.split('\n')[0]!) }, 'report rendering failed');
        throw reportApiError(err, request.id);
      }
      if (library.exists(report.id)) throw conflict('report_exists', `report ${report.id} already exists; ask again`);
      // No audit entry, no report: the entry is on disk before the files are written or anything is sent.
      await app.audit.append(reportAuditInput(report, requestInfo(request)));
      try {
        writeReport(library.pathOf(report.id), report);
      } catch (err) {
        // writeReport refuses only an existing report directory (its message names the path: not for clients).
        if (err instanceof ReportError)
          throw conflict('report_exists', `report ${report.id} already exists; ask again`);
        throw err;
      }
      library.remember(report);
      request.log.info(
        { report: report.id, rings: report.model.rings.length, masked: report.model.disclosure.masked },
        'report written'
      );
      return reply
        .code(201)
        .header('location', `/api/reports/${report.id}`)
        .send({
          id: report.id,
          digest: report.digest,
          files: report.manifest.files.map((f) => f.name),
          rings: report.model.rings.length,
          masked: report.model.disclosure.masked
        });
    }
  );

  app.get(
    '/reports',
    {
      config: { roles: ACCESS.reports },
      schema: {
        tags: ['reports'],
        summary: 'the reports the caller may read, newest first',
        querystring: ListQuery,
        response: { 200: List, ...errors(...AUTH_ERRORS) }
      }
    },
    async (request) => {
      const principal = principalOf(request);
      const page = request.query.page ?? 1;
      const pageSize = request.query.pageSize ?? 50;
      const mine = library.list().filter((s) => reportInScope(scopeOf(s), principal));
      const items = mine
        .slice((page - 1) * pageSize, page * pageSize)
        .map((s) => (maySeeCaseReference(scopeOf(s), principal) ? s : { ...s, caseReference: null }));
      return { total: mine.length, page, pageSize, items };
    }
  );

  app.get(
    '/reports/:id',
    {
      config: { roles: ACCESS.reports },
      schema: {
        tags: ['reports'],
        summary: "a report's manifest: its files with sizes and SHA-256, who made it, for which case",
        params: IdParams,
        response: { 200: Manifest, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request) => {
      const principal = principalOf(request);
      const summary = readable(request.params.id, principal);
      const manifest = library.manifest(summary.id);
      if (!manifest) throw notFound(`no report ${summary.id}`);
      return maySeeCaseReference(scopeOf(summary), principal) ? manifest : { ...manifest, caseReference: null };
    }
  );

  app.get(
    '/reports/:id/files/:name',
    {
      config: { roles: ACCESS.reports },
      schema: {
        tags: ['reports'],
        summary: 'one file of a report (as listed in its manifest); audited as an export',
        params: FileParams,
        headers: CaseReferenceHeader,
        response: { 200: FileBytes, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request, reply) => {
      const summary = readable(request.params.id, principalOf(request));
      const caseReference = checkDownload(scopeOf(summary), request.headers['x-case-reference']);
      const { name } = request.params;
      const file = library.file(summary.id, name);
      if (!file) throw notFound(`report ${summary.id} has no file ${name}`);
      await recordAudit(
        request,
        'export.download',
        `report:${summary.id}`,
        {
          report: summary.id,
          file: name,
          bytes: file.bytes.byteLength,
          sha256: file.sha256,
          digest: summary.digest,
          unmasked: !summary.masked
        },
        caseReference
      );
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${summary.id}-${name}"`)
        .send(file.bytes);
    }
  );
};
