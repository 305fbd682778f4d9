import { describe, expect, it } from 'vitest';
import {
  normaliseAmount,
  normaliseBankAccount,
  normaliseDate,
  normalisePhone,
  normalisePlate,
  normaliseRegion,
  normaliseResidentId,
  normaliseVin,
  residentIdCheckDigit
} from '../../engine/normalise/index.js';

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T | string =>
  r.ok ? r.value : `ERR: ${r.reason}`;

describe('resident IDs (GB 11643)', () => {
  it('accepts valid IDs and upper-cases the X check digit', () => {
    expect(value(normaliseResidentId('11010519491231002X'))).toBe('11010519491231002X');
    expect(value(normaliseResidentId('11010519491231002x'))).toBe('11010519491231002X');
    expect(value(normaliseResidentId(' 360102 19800101 0013 '))).toBe('360102198001010013');
  });
  it('computes the check digit', () => {
    expect(residentIdCheckDigit('11010519491231002')).toBe('X');
    expect(residentIdCheckDigit('36010219800101001')).toBe('3');
  });
  it('rejects a wrong check digit, a bad length and an impossible birth date', () => {
    expect(value(normaliseResidentId('110105194912310021'))).toMatch(/check digit/);
    expect(value(normaliseResidentId('1101051949123100'))).toMatch(/17 digits/);
    expect(value(normaliseResidentId('11010519490231002X'))).toMatch(/birth date/);
    expect(value(normaliseResidentId('11010519491231002A'))).toMatch(/17 digits/);
  });
});

describe('phones', () => {
  it('strips +86, spaces and dashes to 11 digits', () => {
    expect(value(normalisePhone('+86 138-0013-8000'))).toBe('13800138000');
    expect(value(normalisePhone('0086 13800138000'))).toBe('13800138000');
    expect(value(normalisePhone('138 0013 8000'))).toBe('13800138000');
    expect(value(normalisePhone('8613800138000'))).toBe('13800138000');
  });
  it('rejects landlines, short numbers and letters', () => {
    expect(value(normalisePhone('0791-8888888'))).toMatch(/mobile/);
    expect(value(normalisePhone('1380013800'))).toMatch(/11-digit/);
    expect(value(normalisePhone('138OO138000'))).toMatch(/digits/);
  });
});

describe('plates and VINs', () => {
  it('upper-cases plates and removes spaces and dots', () => {
    expect(value(normalisePlate('赣a·12345'))).toBe('赣A12345');
    expect(value(normalisePlate('赣A 12345'))).toBe('赣A12345');
    expect(value(normalisePlate('赣AD12345'))).toBe('赣AD12345');
  });
  it('rejects plates without a province character or with the wrong length', () => {
    expect(value(normalisePlate('A12345'))).toMatch(/province/);
    expect(value(normalisePlate('赣A123'))).toMatch(/5-6/);
  });
  it('checks VINs', () => {
    expect(value(normaliseVin('lsvaa4182e2123456'))).toBe('LSVAA4182E2123456');
    expect(value(normaliseVin('LSVAA4182E212345O'))).toMatch(/without I, O or Q/);
  });
});

describe('bank accounts, dates, amounts, regions', () => {
  it('keeps digits only', () => {
    expect(value(normaliseBankAccount('6222 0212 3456 7890 123'))).toBe('6222021234567890123');
    expect(value(normaliseBankAccount('6222-abc'))).toMatch(/digits/);
    expect(value(normaliseBankAccount('12345'))).toMatch(/12-30/);
  });
  it('checks calendar dates', () => {
    expect(value(normaliseDate('2024-02-29'))).toBe('2024-02-29');
    expect(value(normaliseDate('2023-02-29'))).toMatch(/calendar/);
    expect(value(normaliseDate('2024/02/01'))).toMatch(/YYYY-MM-DD/);
    expect(value(normaliseDate(' 2024-12-31 '))).toBe('2024-12-31');
    for (const bad of ['2024-1-05', '24-01-05', '2024-01-5x', '2024-0a-05', 'abcd-ef-gh', '2024-01-055', '']) {
      expect(value(normaliseDate(bad))).toMatch(/YYYY-MM-DD/);
    }
    expect(value(normaliseDate('2024-13-01'))).toMatch(/calendar/);
    expect(value(normaliseDate('2024-04-31'))).toMatch(/calendar/);
    expect(value(normaliseDate('1900-02-29'))).toMatch(/calendar/);
    expect(value(normaliseDate('2000-02-29'))).toBe('2000-02-29');
  });
  it('parses amounts and refuses negatives', () => {
    expect(value(normaliseAmount('12,345.50'))).toBe(12345.5);
    expect(value(normaliseAmount('-5'))).toMatch(/negative/);
    expect(value(normaliseAmount('12.345'))).toMatch(/2 decimals/);
  });
  it('checks GB/T 2260 region codes', () => {
    expect(value(normaliseRegion('360100'))).toBe('360100');
    expect(value(normaliseRegion('36010'))).toMatch(/6-digit/);
    expect(value(normaliseRegion('990100'))).toMatch(/province/);
    expect(value(normaliseRegion('360000'))).toMatch(/prefecture/);
  });
});
