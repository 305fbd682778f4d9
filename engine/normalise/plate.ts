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

/** Upper-case letter or digit (A-Z, 0-9). */
function upperAlnum(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** True when `s` is already a canonical ordinary plate: province, letter, 5-6 upper-case letters or digits. */
function canonicalPlate(s: string): boolean {
  if ((s.length !== 7 && s.length !== 8) || !PROVINCES.includes(s[0]!)) return false;
  const letter = s.charCodeAt(1);
  if (letter < 65 || letter > 90) return false;
  for (let i = 2; i < s.length; i++) if (!upperAlnum(s.charCodeAt(i))) return false;
  return true;
}

/** Letters and digits a VIN may hold: A-Z but I, O and Q, and 0-9. */
function vinChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90 && c !== 73 && c !== 79 && c !== 81);
}

export function normalisePlate(raw: string): Normalised {
  // Plates usually arrive canonical: checked by character codes, no replace, upper-casing or regex.
  if (canonicalPlate(raw)) return { ok: true, value: raw };
  const value = raw.replace(/[\s·.\-•]/g, '').toUpperCase();
  if (value.length === 0) return { ok: false, reason: 'is empty' };
  if (!PROVINCES.includes(value[0]!)) return { ok: false, reason: 'must start with a province character such as 赣' };
  if (!/^[A-Z][A-Z0-9]{5,6}[挂学警港澳]?$/.test(value.slice(1))) {
    return { ok: false, reason: 'must be a province character, a letter and 5-6 letters or digits' };
  }
  return { ok: true, value };
}

export function normaliseVin(raw: string): Normalised {
  if (raw.length === 17) {
    let canonical = true;
    for (let i = 0; i < 17 && canonical; i++) canonical = vinChar(raw.charCodeAt(i));
    if (canonical) return { ok: true, value: raw };
  }
  const value = raw.replace(/\s/g, '').toUpperCase();
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(value))
    return { ok: false, reason: 'must be 17 letters or digits without I, O or Q' };
  return { ok: true, value };
}
