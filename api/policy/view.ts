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

/**
 * A case reference, as documented (README "Security", api/README.md): after percent-decoding
 * (non-ASCII such as 赣公刑… arrives percent-encoded), Unicode NFKC normalisation (full-width
 * forms folded), removal of zero-width and other invisible format characters, and trimming, it is
 * 6-64 characters of ASCII letters and digits, Chinese characters, space and - / _ . ( ) [ ]
 * 〔 〕 【 】 《 》, starting with a letter, digit or Chinese character. One header only.
 */
export const CASE_REFERENCE_FORMAT =
  /^[A-Za-z0-9\p{Script=Han}][A-Za-z0-9\p{Script=Han} \-/_.()[\]〔〕【】《》]{5,63}$/u;
const INVISIBLE = /[\p{Cf}\u180E\u200B-\u200F\u2028\u2029\u2060-\u206F\uFEFF\u00AD]/gu;

/** A case reference normalised (decode, NFKC, invisibles stripped, trimmed) and checked; 400 when it fails. */
export function normaliseCaseReference(raw: string, where = 'X-Case-Reference'): string {
  let value = raw;
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value);
    } catch {
      throw badRequest('bad_case_reference', `${where} is not valid percent-encoding`);
    }
  }
  value = value.normalize('NFKC').replace(INVISIBLE, '');
  if (!/\p{Cc}/u.test(value)) value = value.replace(/ {2,}/g, ' ').trim();
  if (!CASE_REFERENCE_FORMAT.test(value)) {
    throw badRequest(
      'bad_case_reference',
      `${where} must be 6-64 characters: letters, digits, Chinese characters, space and - / _ . ( ) [ ] 〔 〕 【 】 《 》`
    );
  }
  return value;
}

/** The X-Case-Reference header: absent → null; present, it must be one valid case reference (blank is refused). */
export function parseCaseReference(raw: string | string[] | undefined): string | null {
  if (raw === undefined) return null;
  if (Array.isArray(raw)) throw badRequest('bad_case_reference', 'send one X-Case-Reference header, not several');
  if (raw.trim() === '')
    throw badRequest('bad_case_reference', 'X-Case-Reference is blank: leave the header out, or send the case number');
  return normaliseCaseReference(raw);
}

/** How many X-Case-Reference headers a request carried (node joins repeats into one value). */
export function caseHeaderCount(rawHeaders: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === CASE_HEADER) n++;
  return n;
}

export function resolveView(
  principal: Principal,
  unmask: boolean | undefined,
  caseHeader: string | string[] | undefined
): View {
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
        throw forbidden(
          'police see identities only for a case: send the case number in the X-Case-Reference header',
          undefined,
          'case_reference_required'
        );
      }
      return { principal, reveal: 'all', caseReference };
    default:
      throw forbidden(`role ${principal.role} may not see identities`);
  }
}
