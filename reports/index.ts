/**
 * ringsight/reports
 * =================
 *
 * Public entry point of the report domain. `generateReport` turns an
 * operation, a detection run and its claims book into a finished report in
 * memory — HTML, PDF, CSV tables, the canonical model (report.json) and the
 * manifest with per-file digests — without touching the file system or the
 * audit trail: the CLI and the API decide where files go (write.ts) and
 * record the audit entry (audit.ts / the API's audit plugin) before
 * disclosing anything. `buildReport` is the same without the PDF, and pure.
 */
import { assembleReport, type ReportRequest } from './assemble.js';
import { renderCsv } from './csv.js';
import { reportFiles, type GeneratedReport, type ReportFiles } from './files.js';
import { buildManifest, canonicalJson, sha256 } from './digest.js';
import { renderExchange } from './exchange.js';
import { ReportError } from './errors.js';
import { renderHtml } from './html.js';
import { REPORT_FORMATS, type ReportFormat, type ReportModel } from './model.js';
import { PdfRenderer, type PdfOptions } from './pdf.js';

export interface GenerateRequest extends ReportRequest {
  /** Default: html, pdf and csv. report.json and manifest.json are always produced. */
  formats?: ReportFormat[];
}

export interface GenerateOptions {
  /** A renderer to reuse (one browser for many reports); without it one is launched and closed. */
  pdf?: PdfRenderer;
  pdfOptions?: Partial<PdfOptions>;
}

export const DEFAULTS = { formats: [...REPORT_FORMATS] as ReportFormat[] };

function checkFormats(formats: readonly string[]): ReportFormat[] {
  const bad = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || formats.length === 0)
    throw new ReportError(
      'bad_request',
      `formats must be some of ${REPORT_FORMATS.join(', ')}${bad.length ? `, got ${bad.join(', ')}` : ''}`
    );
  return [...new Set(formats)] as ReportFormat[];
}

interface Prepared {
  formats: ReportFormat[];
  model: ReportModel;
  json: string;
  digest: string;
  html: string | undefined;
}

function prepare(request: GenerateRequest, needHtml: (formats: ReportFormat[]) => boolean): Prepared {
  const formats = checkFormats(request.formats ?? DEFAULTS.formats);
  const model = assembleReport(request);
  const json = canonicalJson(model);
  const digest = sha256(json);
  return { formats, model, json, digest, html: needHtml(formats) ? renderHtml(model, digest) : undefined };
}

function finish(p: Prepared, pdf: Buffer | undefined): GeneratedReport {
  const files: ReportFiles = {
    json: p.json,
    manifest: '',
    ...(p.formats.includes('html') ? { html: p.html } : {}),
    ...(pdf ? { pdf } : {}),
    ...(p.formats.includes('csv') ? { csv: renderCsv(p.model), exchange: renderExchange(p.model) } : {})
  };
  const listed = reportFiles(files);
  listed.delete('manifest.json');
  const manifest = buildManifest(p.model, p.digest, listed);
  return {
    id: p.model.id,
    digest: p.digest,
    model: p.model,
    manifest,
    files: { ...files, manifest: JSON.stringify(manifest, null, 1) + '\n' }
  };
}

/** Everything but the PDF (asking for one is an error here), synchronously and without I/O. */
export function buildReport(request: GenerateRequest): GeneratedReport {
  const p = prepare({ ...request, formats: request.formats ?? DEFAULTS.formats.filter((f) => f !== 'pdf') }, (f) =>
    f.includes('html')
  );
  if (p.formats.includes('pdf')) throw new ReportError('bad_request', 'buildReport makes no PDF: use generateReport');
  return finish(p, undefined);
}

/**
 * The report, PDF included. Pass `options.pdf` to print with a browser already running (the API keeps
 * one); otherwise Chromium is launched for this report and closed after it.
 */
export async function generateReport(
  request: GenerateRequest,
  options: GenerateOptions = {}
): Promise<GeneratedReport> {
  const p = prepare(request, (f) => f.includes('html') || f.includes('pdf'));
  let pdf: Buffer | undefined;
  if (p.formats.includes('pdf')) {
    const renderer = options.pdf ?? (await PdfRenderer.launch(options.pdfOptions));
    try {
      pdf = await renderer.render(p.html!);
    } finally {
      if (!options.pdf) await renderer.close();
    }
  }
  return finish(p, pdf);
}

export { assembleReport, type ReportRequest } from './assemble.js';
export { defineOperation, selectRings, type Operation, type OperationInput } from './operation.js';
export { PdfRenderer, renderPdf, type PdfOptions } from './pdf.js';
export { ReportError, type ReportErrorCode } from './errors.js';
export { verifyReportDir, type Manifest } from './digest.js';
export { writeReport } from './write.js';
export { reportAuditInput, appendAudit } from './audit.js';
export { REPORT_FORMATS, REPORT_ROLES, type ReportModel, type ReportFormat, type ReportRole } from './model.js';
export { reportFiles, type GeneratedReport, type ReportFiles } from './files.js';
export type { Viewer } from './privacy.js';
export type { ReportLang } from './vocab.js';
