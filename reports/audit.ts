/**
 * ringsight/reports/audit
 * =======================
 *
 * Records a generated report in the audit trail: who, when, for which case,
 * which rings, and the digests that pin its content. The API's audit plugin
 * (api/plugins/audit.ts) records API calls; the CLI appends here to the same
 * hash-chained file (`<dataDir>/audit.jsonl`, audit/trail.ts), so
 * both land in one trail. Like every audit entry, it holds no raw identity:
 * listed entities are masked keys.
 */
import { AuditTrail, type AuditEntry, type AuditInput } from '../audit/trail.js';
import type { EntityType } from '../engine/model.js';
import { maskKey } from '../engine/privacy/mask.js';
import { sha256 } from './digest.js';
import type { GeneratedReport } from './files.js';

/** Exports are audited under `export` (api/plugins/audit.ts); a report is one kind of export. */
export const REPORT_AUDIT_ACTION = 'export.report';

function maskRef(ref: string): string {
  const colon = ref.indexOf(':');
  return `${ref.slice(0, colon)}:${maskKey(ref.slice(0, colon) as EntityType, ref.slice(colon + 1))}`;
}

export function reportAuditInput(report: GeneratedReport, request: AuditInput['request'] = null): AuditInput {
  const m = report.model;
  return {
    actor: m.generatedBy.actor,
    role: m.generatedBy.role,
    insurer: m.generatedBy.insurer,
    action: REPORT_AUDIT_ACTION,
    target: `report:${m.id}`,
    caseReference: m.disclosure.caseReference,
    details: {
      report: m.id,
      digest: report.digest,
      manifestSha256: sha256(report.files.manifest),
      operation: m.operation.name,
      run: m.source.runId,
      rings: m.rings.map((r) => r.id),
      claims: m.summary.claims,
      people: m.summary.people,
      unmasked: !m.disclosure.masked,
      lang: m.lang,
      entities: m.operation.entities.map(maskRef),
      files: report.manifest.files.map((f) => ({ name: f.name, sha256: f.sha256 }))
    },
    request
  };
}

/** Appends one entry to `<dataDir>/audit.jsonl` and resolves once it is on disk. */
export async function appendAudit(dataDir: string, entry: AuditInput): Promise<AuditEntry> {
  const trail = await AuditTrail.open(dataDir);
  try {
    return await trail.append(entry);
  } finally {
    await trail.close();
  }
}
