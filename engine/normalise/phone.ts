/**
 * ringsight/engine/normalise/phone
 * ================================
 *
 * Normalises mainland mobile numbers to 11 digits: strips +86 / 0086, spaces,
 * dashes, dots and brackets.
 */
import type { Normalised } from './resident-id.js';

export function normalisePhone(raw: string): Normalised {
  let digits = raw.replace(/[\s\-().]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (!/^\d+$/.test(digits)) return { ok: false, reason: 'contains characters other than digits, spaces, dashes and +86' };
  if (!/^1[3-9]\d{9}$/.test(digits)) return { ok: false, reason: 'must be an 11-digit mobile number starting 13-19' };
  return { ok: true, value: digits };
}
