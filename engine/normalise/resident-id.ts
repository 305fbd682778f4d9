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

export function normaliseResidentId(raw: string): Normalised {
  const value = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: 'must be 17 digits followed by a digit or X' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
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
