/**
 * ringsight/datasets/worlds/identity
 * ==================================
 *
 * Factories for valid, unique identifiers: 18-character resident IDs with a
 * real birth date and the GB 11643 check digit, 11-digit mobiles (13/15/17/
 * 18/19), UnionPay card numbers (16–19 digits) and corporate accounts, plates,
 * VINs, organisation codes (unified social credit code shape), names.
 * Every factory draws from the world's seeded stream; uniqueness is kept by
 * remembering what was issued.
 */
import { GIVEN, SURNAMES } from './geo.js';
import type { Rng } from './rng.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** The same ID with a wrong check character: what a mistyped form looks like. */
export function corruptId(id: string): string {
  const good = id[17]!;
  const bad = CHECK[(CHECK.indexOf(good) + 3) % 11]!;
  return id.slice(0, 17) + bad;
}

const VIN_CHARS = [...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789'];
const PLATE_LETTERS = [...'ABCDEFGHJKLMNPQRSTUVWXYZ'];
const ORG_CHARS = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'];
const SURNAME_CHARS = [...SURNAMES];
const GIVEN_CHARS = [...GIVEN];
const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '157',
  '158',
  '159',
  '170',
  '173',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199'
];
const CARD_BINS = ['621700', '622848', '622202', '621661', '622588', '621483', '622700', '623058', '621799', '622908'];

export class Identities {
  private readonly issued = new Set<string>();
  constructor(private readonly rng: Rng) {}

  private unique(make: () => string): string {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const v = make();
      if (!this.issued.has(v)) {
        this.issued.add(v);
        return v;
      }
    }
    throw new Error('ringsight/worlds: identifier space exhausted');
  }

  /** Resident ID for someone registered in `region` (6-digit code) born in `year`. */
  residentId(region: string, year: number, male: boolean): string {
    return this.unique(() => {
      const m = this.rng.int(1, 12);
      const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      const dim = m === 2 && leap ? 29 : DAYS[m - 1]!;
      const d = this.rng.int(1, dim);
      let seq = this.rng.int(0, 998);
      if ((seq % 2 === 1) !== male) seq = (seq + 1) % 1000;
      const first17 = `${region}${year}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
      return first17 + checkDigit(first17);
    });
  }

  phone(): string {
    return this.unique(() => this.rng.pick(PHONE_PREFIXES) + this.rng.digits(8));
  }

  /** Personal bank card: 16–19 digits, UnionPay BIN. */
  bankCard(): string {
    return this.unique(() => this.rng.pick(CARD_BINS) + this.rng.digits(this.rng.int(10, 13)));
  }

  /** Corporate settlement account: 20–22 digits. */
  corporateAccount(): string {
    return this.unique(() => '3' + this.rng.digits(this.rng.int(19, 21)));
  }

  plate(prefix: string): string {
    return this.unique(() => {
      let tail = '';
      const letters = this.rng.int(0, 2);
      for (let i = 0; i < 5; i++)
        tail += i < letters && this.rng.chance(0.5) ? this.rng.pick(PLATE_LETTERS) : String(this.rng.int(0, 9));
      return prefix + tail;
    });
  }

  /** New-energy plate (6 characters after the authority letter). */
  greenPlate(prefix: string): string {
    return this.unique(() => prefix + this.rng.pick(['D', 'F']) + this.rng.digits(5));
  }

  vin(): string {
    return this.unique(() => {
      let s = this.rng.pick(['LSV', 'LFV', 'LGB', 'LVS', 'LHG', 'LBE', 'LGW', 'LZW']);
      for (let i = 0; i < 14; i++) s += this.rng.pick(VIN_CHARS);
      return s;
    });
  }

  /** Unified social credit code shape: 2 type chars, 6-digit region, 10 chars. */
  orgCode(region: string, kind: 'enterprise' | 'institution' | 'law'): string {
    const head = kind === 'institution' ? '12' : kind === 'law' ? '31' : '91';
    return this.unique(() => {
      let s = head + region;
      for (let i = 0; i < 10; i++) s += this.rng.pick(ORG_CHARS);
      return s;
    });
  }

  surname(): string {
    return this.rng.pick(SURNAME_CHARS);
  }

  name(surname?: string): string {
    const s = surname ?? this.surname();
    const given = this.rng.chance(0.35)
      ? this.rng.pick(GIVEN_CHARS)
      : this.rng.pick(GIVEN_CHARS) + this.rng.pick(GIVEN_CHARS);
    return s + given;
  }
}
