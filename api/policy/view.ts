/**
 * ringsight/api/policy/view
 * =========================
 *
 * Decides, per request, how much identity data a response may carry. The
 * single switch is `?unmask=true`; the role decides what it grants:
 *
 *   role     default   with unmask=true
 *   admin    masked    everything unmasked (audited)
 *   analyst  masked    everything unmasked (audited)
 *   insurer  masked    only parties of its own claims unmasked (audited)
 *   police   masked    everything unmasked, only with an X-Case-Reference header
 *                      (without one: 403 case_reference_required); audited with the reference
 *   auditor  no access to identity routes at all
 *
 * Masked-by-default is data minimisation (PIPL art. 6): most screens need the
 * shape of a ring, not the numbers, and every unmasking leaves an audit entry.
 */
import { badRequest, forbidden } from '../errors.js';
import type { Principal } from './roles.js';

export type Reveal = 'none' | 'own' | 'all';

export interface View {
  principal: Principal;
  reveal: Reveal;
  caseReference: string | null;
}

export const CASE_HEADER = 'x-case-reference';

/** A case reference: printable, 3-100 characters; non-ASCII (e.g. 赣公刑…) arrives percent-encoded. */
export function parseCaseReference(raw: string | string[] | undefined): string | null {
  if (raw === undefined) return null;
  if (Array.isArray(raw)) throw badRequest('bad_case_reference', 'send one X-Case-Reference header, not several');
  let value = raw.trim();
  if (value === '') return null;
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value);
    } catch {
      throw badRequest('bad_case_reference', 'X-Case-Reference is not valid percent-encoding');
    }
  }
  if (value.length < 3 || value.length > 100 || /[\p{Cc}]/u.test(value)) {
    throw badRequest('bad_case_reference', 'X-Case-Reference must be 3-100 printable characters');
  }
  return value;
}

export function resolveView(principal: Principal, unmask: boolean | undefined, caseHeader: string | string[] | undefined): View {
  const caseReference = parseCaseReference(caseHeader);
  if (!unmask) return { principal, reveal: 'none', caseReference };
  switch (principal.role) {
    case 'admin':
    case 'analyst':
      return { principal, reveal: 'all', caseReference };
    case 'insurer':
      return { principal, reveal: 'own', caseReference };
    case 'police':
      if (!caseReference) {
        throw forbidden('police see identities only for a case: send the case number in the X-Case-Reference header',
          undefined, 'case_reference_required');
      }
      return { principal, reveal: 'all', caseReference };
    default:
      throw forbidden(`role ${principal.role} may not see identities`);
  }
}
