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
 * Their schemas are report-schemas.ts; turning a body into an operation, and
 * a ReportError into an API error, is report-operation.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { RunDocument } from '../../engine/run.js';
import {
  generateReport,
  REPORT_FORMATS,
  reportAuditInput,
  ReportError,
  writeReport,
  type ReportFormat,
  type ReportRole
} from '../../reports/index.js';
import type { ReportLibrary, ReportSummary } from '../data/report-library.js';
import { mustMask } from '../../reports/privacy.js';
import { bookForExport } from '../policy/exports.js';
import { conflict, notFound, scrubText } from '../errors.js';
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
import { AUTH_ERRORS, CaseReferenceHeader, errors } from '../schemas.js';
import { entityRefs, operationOf, reportApiError } from './report-operation.js';
import {
  CreateBody,
  CreateQuery,
  Created,
  FileBytes,
  FileParams,
  IdParams,
  List,
  ListQuery,
  Manifest
} from './report-schemas.js';

export { reportApiError } from './report-operation.js';

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
        operation.entities = await entityRefs(app, request, operation.entities, principal);
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
