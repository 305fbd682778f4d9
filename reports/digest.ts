/**
 * ringsight/reports/digest
 * ========================
 *
 * Integrity of a report. The report digest is the SHA-256 of the model's
 * canonical JSON (keys sorted, no whitespace) — written out as report.json,
 * so `sha256sum report.json` gives the digest printed on every page. The
 * manifest lists every file with its size and SHA-256, and the audit entry
 * records the digest and the manifest's own digest, which anchors them all.
 * PDF bytes differ between renderings (Chromium stamps a date); the digest
 * over the model does not, which is why the model, not the PDF, is the
 * reference.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportModel } from './model.js';

export const MANIFEST_SCHEMA = 'ringsight.report-manifest/1';

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted at every level: one text per value, whatever order it was built in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error('ringsight/report: cannot digest a non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export interface ManifestFile {
  name: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  report: string;
  algorithm: 'SHA-256';
  /** SHA-256 of report.json, the canonical model: the digest printed in the report. */
  digest: string;
  generatedAt: string;
  generatedBy: ReportModel['generatedBy'];
  caseReference: string | null;
  masked: boolean;
  run: string;
  rings: string[];
  files: ManifestFile[];
}

export function buildManifest(
  model: ReportModel,
  digest: string,
  files: ReadonlyMap<string, string | Uint8Array>
): Manifest {
  return {
    schema: MANIFEST_SCHEMA,
    report: model.id,
    algorithm: 'SHA-256',
    digest,
    generatedAt: model.generatedAt,
    generatedBy: model.generatedBy,
    caseReference: model.disclosure.caseReference,
    masked: model.disclosure.masked,
    run: model.source.runId,
    rings: model.rings.map((r) => r.id),
    files: [...files].map(([name, content]) => ({
      name,
      bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength,
      sha256: sha256(content)
    }))
  };
}

export interface Verification {
  ok: boolean;
  digest: string | null;
  problems: string[];
}

/** Checks a report directory against its manifest: every file present and unchanged, the digest that of report.json. */
export function verifyReportDir(dir: string): Verification {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) return { ok: false, digest: null, problems: ['manifest.json is missing'] };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return { ok: false, digest: null, problems: ['manifest.json is not JSON'] };
  }
  const problems: string[] = [];
  for (const f of manifest.files ?? []) {
    const file = join(dir, f.name);
    if (f.name.includes('/') || f.name.includes('\\') || !existsSync(file)) {
      problems.push(`${f.name} is missing`);
      continue;
    }
    if (sha256(readFileSync(file)) !== f.sha256) problems.push(`${f.name} does not match its SHA-256 in the manifest`);
  }
  const model = join(dir, 'report.json');
  if (!existsSync(model)) problems.push('report.json is missing');
  else {
    const text = readFileSync(model, 'utf8');
    if (sha256(text) !== manifest.digest) problems.push('report.json does not match the report digest');
    else if (canonicalJson(JSON.parse(text)) !== text) problems.push('report.json is not in canonical form');
  }
  return { ok: problems.length === 0, digest: manifest.digest ?? null, problems };
}
