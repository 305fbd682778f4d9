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
  const y =
    value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45 ? digitsAt(value, 0, 4) : -1;
  const m = y < 0 ? -1 : digitsAt(value, 5, 7);
  const d = m < 0 ? -1 : digitsAt(value, 8, 10);
  if (d < 0) return { ok: false, reason: 'must be a date written YYYY-MM-DD' };
  if (!isCalendarDate(y, m, d)) return { ok: false, reason: 'is not a real calendar date' };
  return { ok: true, value };
}

/** True when `s` is digits with at most 2 decimals and nothing to strip: Number(s) is then the amount. */
function plainAmount(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === 0) return false;
  if (i === n) return true;
  if (s.charCodeAt(i) !== 46) return false;
  const decimals = n - i - 1;
  if (decimals < 1 || decimals > 2) return false;
  for (let j = i + 1; j < n; j++) if (s.charCodeAt(j) < 48 || s.charCodeAt(j) > 57) return false;
  return true;
}

export function normaliseAmount(raw: string): Normalised<number> {
  // The common plain form skips two regex replaces and a regex test (it cannot be negative).
  if (plainAmount(raw)) {
    const n = Number(raw);
    return n > 1e10 ? { ok: false, reason: 'is implausibly large (over 10 billion CNY)' } : { ok: true, value: n };
  }
  const value = raw.replace(/[,\s]/g, '').replace(/^¥|^CNY/i, '');
  if (!/^-?\d+(\.\d{1,2})?$/.test(value))
    return { ok: false, reason: 'must be a number in CNY with at most 2 decimals' };
  const n = Number(value);
  if (n < 0) return { ok: false, reason: 'must not be negative' };
  if (n > 1e10) return { ok: false, reason: 'is implausibly large (over 10 billion CNY)' };
  return { ok: true, value: n };
}

// Province-level prefixes of GB/T 2260.
const PROVINCE_PREFIXES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82'
]);

/** Province-level prefixes as numbers 0-99, for a check without slicing. */
const PROVINCE_PREFIX_CODES = new Uint8Array(100);
for (const p of PROVINCE_PREFIXES) PROVINCE_PREFIX_CODES[Number(p)] = 1;

export function normaliseRegion(raw: string): Normalised {
  // Six bare digits (the usual form) are judged by character codes: same rules, no regex or slices.
  if (raw.length === 6 && digitsAt(raw, 0, 6) >= 0) {
    if (PROVINCE_PREFIX_CODES[digitsAt(raw, 0, 2)] !== 1)
      return { ok: false, reason: 'does not start with a GB/T 2260 province code' };
    if (raw.charCodeAt(2) === 48 && raw.charCodeAt(3) === 48)
      return { ok: false, reason: 'is a province code; a prefecture or district is needed' };
    return { ok: true, value: raw };
  }
  const value = raw.trim();
  if (!/^\d{6}$/.test(value)) return { ok: false, reason: 'must be a 6-digit GB/T 2260 code such as 360100' };
  if (!PROVINCE_PREFIXES.has(value.slice(0, 2)))
    return { ok: false, reason: 'does not start with a GB/T 2260 province code' };
  if (value.slice(2, 4) === '00')
    return { ok: false, reason: 'is a province code; a prefecture or district is needed' };
  return { ok: true, value };
}

export function normaliseOrgCode(raw: string): Normalised {
  // Printable ASCII without lower-case letters or spaces is already its own normal form.
  let plain = true;
  for (let i = 0; i < raw.length && plain; i++) {
    const c = raw.charCodeAt(i);
    plain = c > 32 && c < 127 && (c < 97 || c > 122);
  }
  if (plain)
    return raw.length < 4 || raw.length > 40
      ? { ok: false, reason: 'must be 4-40 characters' }
      : { ok: true, value: raw };
  const value = raw.replace(/\s/g, '').toUpperCase();
  if (value.length < 4 || value.length > 40) return { ok: false, reason: 'must be 4-40 characters' };
  return { ok: true, value };
}
