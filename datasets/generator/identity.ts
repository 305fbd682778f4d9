// ringsight/datasets/generator/identity — identifiers that look and validate like the real thing: 18-char resident
// IDs (GB 11643 check digit), mobile numbers, bank cards (Luhn), 赣 plates, VINs (ISO 3779 check
// digit) and unified social credit codes (GB 32100). Each is minted from a serial through a keyed
// permutation, which guarantees uniqueness without any lookup table. Also the format quirks that
// clean data never has and real data always does, and the normalisers the ground truth uses.

import { Permutation, hash2, label, mix } from './random.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

/** True when `id` is 17 digits plus the matching GB 11643 check character (x accepted). */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  return idCheckDigit(id) === id[17]!.toUpperCase();
}

const PHONE_PREFIXES = [
  '138',
  '139',
  '135',
  '136',
  '137',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '182',
  '183',
  '187',
  '188',
  '198',
  '130',
  '131',
  '132',
  '155',
  '156',
  '185',
  '186',
  '176',
  '133',
  '153',
  '180',
  '181',
  '189',
  '177',
  '199',
  '191'
];

const BANK_BINS = [
  '622202',
  '622848',
  '621700',
  '623668',
  '621661',
  '622588',
  '621799',
  '622908',
  '623059',
  '621098',
  '622180',
  '621483'
];

// Plate bodies: five characters, digits plus letters without I and O, at most two letters.
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const TWO_LETTER_SLOTS: [number, number][] = [];
for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) TWO_LETTER_SLOTS.push([a, b]);
const PLATE_DOMAIN = 100_000 + 5 * 24 * 10_000 + TWO_LETTER_SLOTS.length * 24 * 24 * 1_000;

const VIN_WMI = [
  'LSV',
  'LFV',
  'LGB',
  'LVS',
  'LSG',
  'LHG',
  'LVG',
  'LBV',
  'LGX',
  'LS5',
  'LGW',
  'L6T',
  'LDC',
  'LZW',
  'LJD'
];
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const VIN_YEARS = 'ABCDEFGHJKLMNPRS'; // model years 2010..2025
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

const VIN_LETTER_VALUES: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9
};

function vinValue(c: string): number {
  const code = c.charCodeAt(0);
  return code >= 48 && code <= 57 ? code - 48 : (VIN_LETTER_VALUES[c] as number);
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

function luhn(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = body.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Mints identifiers from serial numbers; one instance per generated world (keyed by its seed). */
export class Minter {
  private readonly phonePerm: Permutation;
  private readonly bankPerm: Permutation;
  private readonly platePerm: Permutation;
  private readonly vinPerm: Permutation;
  private readonly policyPerm: Permutation;
  private readonly orgPerm: Permutation;
  private readonly orgMaPerm: Permutation;

  constructor(private readonly key: number) {
    this.phonePerm = new Permutation(100_000_000, hash2(key, label('phone')));
    this.bankPerm = new Permutation(1_000_000_000, hash2(key, label('bank')));
    this.platePerm = new Permutation(PLATE_DOMAIN, hash2(key, label('plate')));
    this.vinPerm = new Permutation(10_000_000, hash2(key, label('vin')));
    this.policyPerm = new Permutation(1_000_000_000, hash2(key, label('policy')));
    this.orgPerm = new Permutation(100_000_000, hash2(key, label('org')));
    this.orgMaPerm = new Permutation(1_000_000, hash2(key, label('org-ma')));
  }

  /** Largest serial every identifier kind can mint without running out of numbers. */
  static readonly MAX_SERIAL = PLATE_DOMAIN;

  residentId(code6: string, birth8: string, seq3: number): string {
    const first = code6 + birth8 + pad(seq3, 3);
    return first + idCheckDigit(first);
  }

  phone(serial: number): string {
    const h = hash2(this.key, serial);
    return (PHONE_PREFIXES[h % PHONE_PREFIXES.length] as string) + pad(this.phonePerm.apply(serial), 8);
  }

  bank(serial: number): string {
    const h = hash2(this.key ^ 0x55, serial);
    const body = (BANK_BINS[h % BANK_BINS.length] as string) + pad(this.bankPerm.apply(serial), 9);
    // Debit cards are 19 digits at most banks, 16 at a few.
    const full = (h >>> 8) % 4 === 0 ? body : body + pad((h >>> 12) % 1000, 3);
    return full + luhn(full);
  }

  /** Canonical plate, e.g. 赣A12345. */
  plate(serial: number, letter: string): string {
    let x = this.platePerm.apply(serial);
    let body: string;
    if (x < 100_000) body = pad(x, 5);
    else if ((x -= 100_000) < 5 * 24 * 10_000) {
      const pos = Math.floor(x / 240_000);
      const rest = x % 240_000;
      const digits = pad(rest % 10_000, 4);
      body = digits.slice(0, pos) + PLATE_LETTERS[Math.floor(rest / 10_000)] + digits.slice(pos);
    } else {
      x -= 5 * 24 * 10_000;
      const [a, b] = TWO_LETTER_SLOTS[Math.floor(x / 576_000)] as [number, number];
      const rest = x % 576_000;
      const letters = Math.floor(rest / 1000);
      const digits = pad(rest % 1000, 3);
      const out: string[] = [];
      let di = 0;
      for (let i = 0; i < 5; i++) {
        if (i === a) out.push(PLATE_LETTERS[Math.floor(letters / 24)] as string);
        else if (i === b) out.push(PLATE_LETTERS[letters % 24] as string);
        else out.push(digits[di++] as string);
      }
      body = out.join('');
    }
    return `赣${letter}${body}`;
  }

  vin(serial: number): string {
    const h = hash2(this.key ^ 0x77, serial);
    const x = this.vinPerm.apply(serial);
    let vds = '';
    for (let i = 0, g = mix(h); i < 5; i++, g = mix(g + i)) vds += VIN_CHARS[g % VIN_CHARS.length];
    const plant = VIN_CHARS[Math.floor(x / 1_000_000)] as string;
    const head = (VIN_WMI[h % VIN_WMI.length] as string) + vds;
    const tail = (VIN_YEARS[(h >>> 8) % VIN_YEARS.length] as string) + plant + pad(x % 1_000_000, 6);
    let sum = 0;
    const probe = head + '0' + tail;
    for (let i = 0; i < 17; i++) sum += vinValue(probe[i] as string) * (VIN_WEIGHTS[i] as number);
    const check = sum % 11 === 10 ? 'X' : String(sum % 11);
    return head + check + tail;
  }

  /** Policy numbers are unique per (holder, line, insurer) and prefixed by insurer and inception year. */
  policyNo(insurerCode: string, year: number, prefecture: string, holderLine: number): string {
    return `${insurerCode}${year}${prefecture.slice(0, 4)}${pad(this.policyPerm.apply(holderLine), 9)}`;
  }

  /** Unified social credit code: 2-char registration type, 6-digit region, 9-char org code, check. */
  uscc(type2: string, region6: string, orgIndex: number): string {
    const h = hash2(this.key ^ 0x99, orgIndex);
    const body = h % 5 < 2 ? 'MA' + pad(this.orgMaPerm.apply(orgIndex), 6) : pad(this.orgPerm.apply(orgIndex), 8);
    let s = 0;
    for (let i = 0; i < 8; i++) {
      // GB 11714 values letters by alphabet position (A=10 … Z=35), unlike the USCC charset.
      const c = body.charCodeAt(i);
      s += (c <= 57 ? c - 48 : c - 55) * (ORG_WEIGHTS[i] as number);
    }
    const c9 = 11 - (s % 11);
    const org = body + (c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9));
    const first = type2 + region6 + org;
    let t = 0;
    for (let i = 0; i < 17; i++) t += USCC_CHARS.indexOf(first[i] as string) * (USCC_WEIGHTS[i] as number);
    return first + USCC_CHARS[(31 - (t % 31)) % 31];
  }
}

// ---- validators (for tests and for callers that want to check a batch) ----

export function isValidLuhn(digits: string): boolean {
  return /^\d{12,19}$/.test(digits) && luhn(digits.slice(0, -1)) === digits[digits.length - 1];
}

export function isValidVin(vin: string): boolean {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += vinValue(vin[i] as string) * (VIN_WEIGHTS[i] as number);
  const check = sum % 11;
  return vin[8] === (check === 10 ? 'X' : String(check));
}

export function isValidUscc(code: string): boolean {
  if (code.length !== 18) return false;
  let t = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(code[i] as string);
    if (v < 0) return false;
    t += v * (USCC_WEIGHTS[i] as number);
  }
  return code[17] === USCC_CHARS[(31 - (t % 31)) % 31];
}

// ---- format quirks: all still valid input, all must normalise back to the canonical key ----

export function formatPhone(p: string, style: number): string {
  switch (style) {
    case 1:
      return `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`;
    case 2:
      return `${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`;
    case 3:
      return `+86 ${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`;
    case 4:
      return `+86${p}`;
    default:
      return p;
  }
}

export function formatPlate(p: string, style: number): string {
  switch (style) {
    case 1:
      return `${p.slice(0, 2)}·${p.slice(2)}`;
    case 2:
      return `${p[0]}${p.slice(1, 2).toLowerCase()} ${p.slice(2).toLowerCase()}`;
    case 3:
      return `${p.slice(0, 2)} ${p.slice(2)}`;
    default:
      return p;
  }
}

export function formatBank(b: string, style: number): string {
  return style === 1 ? b.replace(/(\d{4})(?=\d)/g, '$1 ') : b;
}

export function normPhone(p: string): string {
  const d = p.replace(/\D/g, '');
  return d.length === 13 && d.startsWith('86') ? d.slice(2) : d;
}

export function normPlate(p: string): string {
  return p.replace(/[\s·.-]/g, '').toUpperCase();
}

export function normBank(b: string): string {
  return b.replace(/\D/g, '');
}

export function normId(id: string): string {
  return id.trim().toUpperCase();
}
