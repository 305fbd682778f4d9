/**
 * ringsight/reports/files
 * =======================
 *
 * The shape of a generated report held in memory, and its files under the
 * names they are written and served as (report.html, report.pdf, the CSV
 * tables, the i2 tables and GraphML, report.json, manifest.json).
 */
import type { CsvFile } from './csv.js';
import type { Manifest } from './digest.js';
import type { ExchangeFile } from './exchange.js';
import type { ReportModel } from './model.js';

export interface ReportFiles {
  html?: string;
  pdf?: Buffer;
  csv?: Record<CsvFile, string>;
  /** i2 entity/link tables and GraphML, made with the CSV tables. */
  exchange?: Record<ExchangeFile, string>;
  /** The canonical model; its SHA-256 is the report digest. */
  json: string;
  manifest: string;
}

export interface GeneratedReport {
  id: string;
  digest: string;
  model: ReportModel;
  manifest: Manifest;
  files: ReportFiles;
}

/** The files of a report under their file names, in the order they are written. */
export function reportFiles(files: ReportFiles): Map<string, string | Uint8Array> {
  const out = new Map<string, string | Uint8Array>();
  if (files.html !== undefined) out.set('report.html', files.html);
  if (files.pdf !== undefined) out.set('report.pdf', files.pdf);
  for (const [name, text] of Object.entries(files.csv ?? {})) out.set(name, text);
  for (const [name, text] of Object.entries(files.exchange ?? {})) out.set(name, text);
  out.set('report.json', files.json);
  out.set('manifest.json', files.manifest);
  return out;
}
