/**
 * ringsight/engine/privacy/mask
 * =============================
 *
 * Masks personal data for display: resident IDs `360102********123X`, phones
 * `138****5678`, names `张*`, bank accounts `****1234`. Used wherever a value
 * could reach a log, an error message or a user without the right to see it.
 */
import type { EntityType } from '../model.js';

export function maskResidentId(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

export function maskBankAccount(account: string): string {
  return '****' + account.slice(-4);
}

/** Masks an entity key by its type; organisation codes, plates and VINs are not personal data. */
export function maskKey(type: EntityType | 'name', key: string): string {
  switch (type) {
    case 'person':
      return maskResidentId(key);
    case 'phone':
      return maskPhone(key);
    case 'bank_account':
      return maskBankAccount(key);
    case 'name':
      return maskName(key);
    default:
      return key;
  }
}

/** Masks a raw, possibly malformed value of a personal column before it is echoed in an error. */
export function maskRawValue(column: string, raw: string): string {
  switch (column) {
    case 'id_number':
      return maskResidentId(raw);
    case 'phone':
      return maskPhone(raw);
    case 'bank_account':
      return maskBankAccount(raw);
    case 'name':
      return maskName(raw);
    default:
      return raw;
  }
}
