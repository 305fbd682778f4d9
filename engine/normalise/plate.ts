/**
 * ringsight/engine/normalise/plate
 * ================================
 *
 * Normalises Chinese licence plates (e.g. "赣a·12345" → "赣A12345"): upper-case,
 * no spaces, dots or dashes. Ordinary plates have 5 characters after the
 * issuing-authority letter, new-energy plates 6.
 */
import type { Normalised } from './resident-id.js';

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领';

export function normalisePlate(raw: string): Normalised {
  const value = raw.replace(/[\s·.\-•]/g, '').toUpperCase();
  if (value.length === 0) return { ok: false, reason: 'is empty' };
  if (!PROVINCES.includes(value[0]!)) return { ok: false, reason: 'must start with a province character such as 赣' };
  if (!/^[A-Z][A-Z0-9]{5,6}[挂学警港澳]?$/.test(value.slice(1))) {
    return { ok: false, reason: 'must be a province character, a letter and 5-6 letters or digits' };
  }
  return { ok: true, value };
}

export function normaliseVin(raw: string): Normalised {
  const value = raw.replace(/\s/g, '').toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(value)) return { ok: false, reason: 'must be 17 letters or digits without I, O or Q' };
  return { ok: true, value };
}
