/**
 * ringsight/engine/normalise/bank-account
 * =======================================
 *
 * Normalises bank card / account numbers to digits only (12-30 digits; card
 * numbers are 16-19, corporate accounts longer).
 */
import type { Normalised } from './resident-id.js';

/** Whether every character of `s` is an ASCII digit (false for the empty string). */
function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

export function normaliseBankAccount(raw: string): Normalised {
  // An account already written as bare digits needs no regex replace or test.
  if (allDigits(raw)) {
    return raw.length < 12 || raw.length > 30
      ? { ok: false, reason: 'must have 12-30 digits' }
      : { ok: true, value: raw };
  }
  const value = raw.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(value)) return { ok: false, reason: 'must contain only digits, spaces and dashes' };
  if (value.length < 12 || value.length > 30) return { ok: false, reason: 'must have 12-30 digits' };
  return { ok: true, value };
}
