/**
 * ringsight/engine/normalise/scalars
 * ==================================
 *
 * Dates (YYYY-MM-DD), CNY amounts, GB/T 2260 region codes, organisation codes.
 */
import { isCalendarDate, type Normalised } from './resident-id.js';

/** Digits of `s` from `from` to `to` as a number, or -1 when any is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

export function normaliseDate(raw: string): Normalised {
  const value = raw.trim();
  // Millions of dates per batch: read the digits in place rather than through a regex match array.
  const y = value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45 ? digitsAt(value, 0, 4) : -1;
  const m = y < 0 ? -1 : digitsAt(value, 5, 7);
  const d = m < 0 ? -1 : digitsAt(value, 8, 10);
  if (d < 0) return { ok: false, reason: 'must be a date written YYYY-MM-DD' };
  if (!isCalendarDate(y, m, d)) return { ok: false, reason: 'is not a real calendar date' };
  return { ok: true, value };
}

export function normaliseAmount(raw: string): Normalised<number> {
  const value = raw.replace(/[,\s]/g, '').replace(/^¥|^CNY/i, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(value)) return { ok: false, reason: 'must be a number in CNY with at most 2 decimals' };
  const n = Number(value);
  if (n < 0) return { ok: false, reason: 'must not be negative' };
  if (n > 1e10) return { ok: false, reason: 'is implausibly large (over 10 billion CNY)' };
  return { ok: true, value: n };
}

// Province-level prefixes of GB/T 2260.
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82'
]);

export function normaliseRegion(raw: string): Normalised {
  const value = raw.trim();
  if (!/^\d{6}$/.test(value)) return { ok: false, reason: 'must be a 6-digit GB/T 2260 code such as 360100' };
  if (!PROVINCE_PREFIXES.has(value.slice(0, 2))) return { ok: false, reason: 'does not start with a GB/T 2260 province code' };
  if (value.slice(2, 4) === '00') return { ok: false, reason: 'is a province code; a prefecture or district is needed' };
  return { ok: true, value };
}

export function normaliseOrgCode(raw: string): Normalised {
  const value = raw.replace(/\s/g, '').toUpperCase();
  if (value.length < 4 || value.length > 40) return { ok: false, reason: 'must be 4-40 characters' };
  return { ok: true, value };
}
