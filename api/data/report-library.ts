/**
 * ringsight/api/data/report-library
 * =================================
 *
 * The reports the API has written: one directory per report under
 * `<dataDir>/reports/<id>` (reports/write.ts: written whole or not at all,
 * never overwritten), each with its manifest. The library lists them, reads
 * manifests and serves their files — only names the manifest lists, and only
 * bytes that still match the manifest's SHA-256 (a report is evidence: a
 * changed file is refused, not served). Reports never change once written,
 * so each one's summary is read once and cached.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedReport, Manifest } from '../../reports/index.js';

/** reports/assemble.ts `reportId`: RPT-YYYYMMDD-HHMMSS-<8 hex>. Anything else is not a report directory. */
export const REPORT_ID = /^RPT-\d{8}-\d{6}-[0-9a-f]{8}$/;
/** File names a report may hold (reports/files.ts): no paths, no dot files. */
const FILE_NAME = /^[a-z][a-z0-9_-]*\.(html|pdf|csv|json|graphml)$/;

export const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  graphml: 'application/graphml+xml; charset=utf-8'
};

export interface ReportSummary {
  id: string;
  name: string;
  created: string;
  by: string;
  role: string;
  insurer: string | null;
  caseReference: string | null;
  masked: boolean;
  lang: string;
  run: string;
  rings: number;
  digest: string;
  files: string[];
}

export class ReportLibraryError extends Error {
  constructor(message: string) {
    super(`ringsight/api/report-library: ${message}`);
  }
}

export class ReportLibrary {
  private readonly cache = new Map<string, ReportSummary>();

  constructor(readonly dir: string) {}

  /** The directory of a report id (the id is checked: it becomes a path). */
  pathOf(id: string): string {
    if (!REPORT_ID.test(id)) throw new ReportLibraryError(`"${id.slice(0, 40)}" is not a report id`);
    return join(this.dir, id);
  }

  exists(id: string): boolean {
    return REPORT_ID.test(id) && existsSync(this.pathOf(id));
  }

  /** A report just written: its summary without reading it back. */
  remember(report: GeneratedReport): ReportSummary {
    const summary = summarise(report.manifest, report.model.operation.name, report.model.lang);
    this.cache.set(report.id, summary);
    return summary;
  }

  manifest(id: string): Manifest | null {
    if (!this.exists(id)) return null;
    const path = join(this.pathOf(id), 'manifest.json');
    if (!existsSync(path)) return null;
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  }

  summary(id: string): ReportSummary | null {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const manifest = this.manifest(id);
    if (!manifest) return null;
    // The operation's name and language are in the model only; read once, then cached.
    const model = JSON.parse(readFileSync(join(this.pathOf(id), 'report.json'), 'utf8')) as GeneratedReport['model'];
    const summary = summarise(manifest, model.operation.name, model.lang);
    this.cache.set(id, summary);
    return summary;
  }

  /** Every readable report, newest first. A directory that is not a whole report is skipped. */
  list(): ReportSummary[] {
    if (!existsSync(this.dir)) return [];
    const out: ReportSummary[] = [];
    for (const entry of readdirSync(this.dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !REPORT_ID.test(entry.name)) continue;
      try {
        const s = this.summary(entry.name);
        if (s) out.push(s);
      } catch {
        // A damaged report is not listed; GET /api/reports/:id and its files fail loudly instead.
      }
    }
    return out.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.id < b.id ? 1 : -1));
  }

  /** A file the manifest lists, checked against its SHA-256; null when the manifest lists no such file. */
  file(id: string, name: string): { bytes: Buffer; contentType: string; sha256: string } | null {
    const manifest = this.manifest(id);
    const listed = manifest?.files.find((f) => f.name === name);
    if (!manifest || !listed || !FILE_NAME.test(name)) return null;
    const bytes = readFileSync(join(this.pathOf(id), name));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== listed.sha256)
      throw new ReportLibraryError(`report ${id}: ${name} does not match its SHA-256 in the manifest`);
    return { bytes, contentType: CONTENT_TYPES[name.slice(name.lastIndexOf('.') + 1)]!, sha256 };
  }
}

function summarise(m: Manifest, name: string, lang: string): ReportSummary {
  return {
    id: m.report,
    name,
    created: m.generatedAt,
    by: m.generatedBy.actor,
    role: m.generatedBy.role,
    insurer: m.generatedBy.insurer,
    caseReference: m.caseReference,
    masked: m.masked,
    lang,
    run: m.run,
    rings: m.rings.length,
    digest: m.digest,
    files: m.files.map((f) => f.name)
  };
}
