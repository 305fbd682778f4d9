/**
 * ringsight/engine/normalise/resident-id
 * ======================================
 *
 * Normalises and checks an 18-character PRC resident identity number
 * (GB 11643-1999): 17 digits, then a check digit 0-9 or X.
 */

export type Normalised<T = string> = { ok: true; value: T } | { ok: false; reason: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function residentIdCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** True when `s` is already canonical: 17 digits and a digit or upper-case X, nothing to strip. */
function canonicalId(s: string): boolean {
  if (s.length !== 18) return false;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const last = s.charCodeAt(17);
  return (last >= 48 && last <= 57) || last === 88;
}

/** Digits of `s` from `from` to `to` as a number (the caller has checked they are digits). */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

export function normaliseResidentId(raw: string): Normalised {
  // Nearly every id arrives canonical: it is then checked in place, with no regex and no copies.
  const canonical = canonicalId(raw);
  const value = canonical ? raw : raw.replace(/[\s-]/g, '').toUpperCase();
  if (!canonical && !/^\d{17}[\dX]$/.test(value))
    return { ok: false, reason: 'must be 17 digits followed by a digit or X' };
  const y = digits(value, 6, 10);
  const m = digits(value, 10, 12);
  const d = digits(value, 12, 14);
  if (y < 1900 || !isCalendarDate(y, m, d)) return { ok: false, reason: 'embedded birth date is not a real date' };
  if (residentIdCheckDigit(value) !== value[17]) return { ok: false, reason: 'check digit does not match (GB 11643)' };
  return { ok: true, value };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  if (m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) return d <= 29;
  return d <= DAYS_IN_MONTH[m - 1]!;
}
