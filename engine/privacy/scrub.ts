/**
 * ringsight/engine/privacy/scrub
 * ==============================
 *
 * The one free-text scrubber: finds identity numbers written inside free text
 * (watchlist reasons, operation names, error messages) and masks them like
 * mask.ts masks keys, so a value typed into a reason never leaves the system
 * raw — in exports, API responses or audit details.
 *
 * Detected, in any common formatting (spaces, hyphens, dots between groups;
 * full-width digits are folded first):
 * - 18-character resident IDs (17 digits + digit or X)  → 360102********123X
 * - 15-digit old resident IDs                            → 360102*****1234
 * - 11-digit mainland mobiles (1[3-9]…), with or without +86 / 0086 / (86)
 *                                                        → 138****5678
 * - 12–30-digit bank accounts (grouped in fours or not)  → ****1234
 * Each is bounded by non-digits, so a date, an amount or a claim number next
 * to it passes unchanged; letters may touch it ("ID360102…" is still caught).
 * Limits: a number spelled out in words, or split by other characters
 * ("138/0013/8000"), is not recognised.
 */
import { maskBankAccount, maskPhone, maskResidentId } from './mask.js';

const SEP = '[\\s.\\-\\u00a0]';
const COUNTRY = '(?:(?:\\+|00)\\s?86[\\s.-]?|\\(\\+?86\\)\\s?)';
// Alternatives, most specific first; each bounded by non-digits (letters may touch: "ID360102…" still scrubs).
const PATTERNS = [
  `(?<id18>\\d{6}${SEP}?\\d{8}${SEP}?\\d{3}[\\dXx])`,
  `(?<id15>\\d{6}${SEP}?\\d{6}${SEP}?\\d{3})`,
  `(?<phone>${COUNTRY}?1[3-9]\\d${SEP}?\\d{4}${SEP}?\\d{4})`,
  `(?<account>\\d{4}(?:${SEP}\\d{4}){2,6}(?:${SEP}\\d{1,4})?|\\d{12,30})`
];
const IDENTITY = new RegExp(`(?<![\\d])(?:${PATTERNS.join('|')})(?![\\d])`, 'g');

/** Full-width digits, X, + and - as ASCII, so "１３８…" is caught too. */
function foldWidth(text: string): string {
  return text.replace(/[\uFF08\uFF09\uFF10-\uFF19\uFF38\uFF58\uFF0B\uFF0D]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0)
  );
}

const compact = (s: string): string => s.replace(/[\s.\-\u00a0]/g, '');

function maskMatch(match: string, ...rest: unknown[]): string {
  const groups = rest[rest.length - 1] as Record<string, string | undefined>;
  if (groups.id18) return maskResidentId(compact(groups.id18).toUpperCase());
  if (groups.id15) return maskResidentId(compact(groups.id15));
  if (groups.phone) {
    const digits = compact(groups.phone.replace(new RegExp(`^${COUNTRY}`), ''));
    return (digits.length === compact(groups.phone).length ? '' : '+86 ') + maskPhone(digits);
  }
  if (groups.account) return maskBankAccount(compact(groups.account));
  return match;
}

/** `text` with every identity number in it masked. */
export function scrubFreeText(text: string): string {
  if (!/[\d\uFF10-\uFF19]/.test(text)) return text;
  return foldWidth(text).replace(IDENTITY, maskMatch);
}

/** True when scrubbing would change `text` (it holds an identity number). */
export function holdsIdentityNumber(text: string): boolean {
  return scrubFreeText(text) !== foldWidth(text);
}

/** Keys whose values are digests or hashes, never personal data: left alone by scrubDeep. */
const DIGEST_KEY = /sha256|digest|hash|^prev$|^head$|^mac$/i;

/** A JSON-like value with every string scrubbed (strings under digest-like keys excepted). */
export function scrubDeep<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (DIGEST_KEY.test(key) ? value : scrubFreeText(value)) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, key)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = scrubDeep(v, k);
    return out as T;
  }
  return value;
}
