/**
 * ringsight/engine/normalise/phone
 * ================================
 *
 * Normalises mainland mobile numbers to 11 digits: strips +86 / 0086, spaces,
 * dashes, dots and brackets.
 */
import type { Normalised } from './resident-id.js';

/** True when `s` is already an 11-digit mobile number starting 13-19: nothing to strip or check. */
function canonicalMobile(s: string): boolean {
  if (s.length !== 11 || s.charCodeAt(0) !== 49) return false;
  const second = s.charCodeAt(1);
  if (second < 51 || second > 57) return false;
  for (let i = 2; i < 11; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function normalisePhone(raw: string): Normalised {
  // Most numbers arrive canonical: no regex replace and test per row for them.
  if (canonicalMobile(raw)) return { ok: true, value: raw };
  let digits = raw.replace(/[\s\-().]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (!/^\d+$/.test(digits))
    return { ok: false, reason: 'contains characters other than digits, spaces, dashes and +86' };
  if (!/^1[3-9]\d{9}$/.test(digits)) return { ok: false, reason: 'must be an 11-digit mobile number starting 13-19' };
  return { ok: true, value: digits };
}
