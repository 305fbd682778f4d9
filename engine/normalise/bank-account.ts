/**
 * ringsight/engine/normalise/bank-account
 * =======================================
 *
 * Normalises bank card / account numbers to digits only (12-30 digits; card
 * numbers are 16-19, corporate accounts longer).
 */
import type { Normalised } from './resident-id.js';

export function normaliseBankAccount(raw: string): Normalised {
  const value = raw.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(value)) return { ok: false, reason: 'must contain only digits, spaces and dashes' };
  if (value.length < 12 || value.length > 30) return { ok: false, reason: 'must have 12-30 digits' };
  return { ok: true, value };
}
