/**
 * ringsight/api/policy/reports
 * ============================
 *
 * Who may see which report, and when a report may disclose identities.
 *
 * A report's disclosure is fixed when it is generated (reports/privacy.ts):
 * identities in full only for the police role acting on a case — the case
 * number sent in the `X-Case-Reference` header — and masked for everyone
 * else. Once written, a report is read under these rules:
 *
 *   report                       admin  analyst  police           insurer
 *   masked, by staff              yes    yes      yes              no (other insurers' claims)
 *   masked, by an insurer         yes    yes      yes              that insurer only
 *   masked, by a police officer   yes    no       its creator only no
 *   unmasked (police, a case)     no     no       its creator only no
 *
 * A report's case reference is shown (list, manifest) only to its creator and
 * to admin: one officer never learns another's case numbers.
 *
 * Downloading a file of an unmasked report also needs the report's own case
 * reference in `X-Case-Reference`: the identities belong to that case.
 */
import { badRequest, forbidden } from '../errors.js';
import type { Principal } from './roles.js';
import { normaliseCaseReference, parseCaseReference } from './view.js';

/** What the rules need to know about a written report (its manifest holds all of it). */
export interface ReportScope {
  masked: boolean;
  caseReference: string | null;
  generatedBy: { actor: string; role: string; insurer: string | null };
}

export function reportInScope(report: ReportScope, p: Principal): boolean {
  const mine = report.generatedBy.actor === p.name && report.generatedBy.role === p.role;
  if (!report.masked) return p.role === 'police' && mine;
  if (report.generatedBy.role === 'police') return mine || p.role === 'admin';
  if (p.role === 'insurer') return report.generatedBy.role === 'insurer' && report.generatedBy.insurer === p.insurer;
  return p.role === 'admin' || p.role === 'analyst' || p.role === 'police';
}

/** Whether the caller may see the report's case reference (its creator and admin only). */
export function maySeeCaseReference(report: ReportScope, p: Principal): boolean {
  return p.role === 'admin' || (report.generatedBy.actor === p.name && report.generatedBy.role === p.role);
}

/**
 * The case reference a new report is made for. The header wins; the body's `caseReference` may say the
 * same, or name the case for roles whose reports stay masked. For the police a case reference unmasks
 * the report, so it must come in the header — never from the body alone.
 */
export function reportCaseReference(
  p: Principal,
  header: string | string[] | undefined,
  body: string | undefined
): string | null {
  const fromHeader = parseCaseReference(header);
  const fromBody = body === undefined || body.trim() === '' ? null : normaliseCaseReference(body, 'caseReference');
  if (fromHeader !== null && fromBody !== null && fromHeader !== fromBody) {
    throw badRequest(
      'case_reference_mismatch',
      "the body's caseReference differs from the X-Case-Reference header: send one case reference"
    );
  }
  if (p.role === 'police' && fromHeader === null && fromBody !== null) {
    throw badRequest(
      'case_reference_header_required',
      'police: send the case reference in the X-Case-Reference header (it is what discloses identities), not only in the body'
    );
  }
  return fromHeader ?? fromBody;
}

/** Downloading a file of an unmasked report: only for the report's own case. */
export function checkDownload(report: ReportScope, header: string | string[] | undefined): string | null {
  const caseReference = parseCaseReference(header);
  if (report.masked) return caseReference;
  if (caseReference === null || caseReference !== report.caseReference) {
    throw forbidden(
      'this report discloses identities for one case: send its case reference in the X-Case-Reference header',
      undefined,
      'case_reference_required'
    );
  }
  return caseReference;
}
