// ringsight/datasets/generator/registry — the population register. Every person, phone line, bank account and
// vehicle is a "serial" (a small integer); demographics are kept in typed arrays (a few bytes per
// serial) and identifier strings are minted on demand. That is what lets a 1M-claim world be
// written without ever holding a million person objects.

import { Minter } from './identity.js';
import { FIRST_CALENDAR_DAY, compact, dayOf } from './dates.js';
import { Rng, cumulative, hash2 } from './random.js';
import { DISTRICTS, ID_CODES, PREFECTURES, drawIdCode } from './regions.js';
import { SURNAMES, SURNAME_CDF, givenName } from './names.js';

const REFERENCE_DAY = dayOf('2024-07-01');
const LATEST_BIRTH = dayOf('2022-06-30');
const CELLS = 40_000; // days covered by birth dates (1930 … ~2039), per sex
const SEQ_PER_CELL = 500; // 3-digit sequence codes per birth date and sex

export type AgeBand = 'adult' | 'young' | 'elder' | 'child';

// Age weights (years at mid-2024) for the roles people play in claims.
function ageCdf(from: number, to: number, peak: number, spread: number): { from: number; cdf: Float64Array } {
  const w: number[] = [];
  for (let a = from; a <= to; a++) w.push(Math.exp(-(((a - peak) / spread) ** 2)) + 0.05);
  return { from, cdf: cumulative(w) };
}

const AGES: Record<AgeBand, { from: number; cdf: Float64Array }> = {
  adult: ageCdf(20, 70, 38, 13),
  young: ageCdf(19, 35, 26, 6),
  elder: ageCdf(50, 90, 68, 10),
  child: ageCdf(3, 17, 9, 6)
};

export class Registry {
  private cap = 0;
  private next = 0;
  private birth: Uint16Array = new Uint16Array(0);
  private seq: Uint16Array = new Uint16Array(0);
  private home: Uint16Array = new Uint16Array(0);
  private idCode: Uint16Array = new Uint16Array(0);
  private surname: Uint16Array = new Uint16Array(0);
  private readonly used = new Uint16Array(CELLS * 2);

  constructor(
    readonly minter: Minter,
    private readonly key: number
  ) {}

  get size(): number {
    return this.next;
  }

  /** Reserve `n` consecutive serials; callers fill in people or vehicles afterwards. */
  reserve(n: number): number {
    const base = this.next;
    this.next += n;
    if (this.next > Minter.MAX_SERIAL)
      throw new Error(`ringsight/generator: world too large (more than ${Minter.MAX_SERIAL} identities)`);
    if (this.next > this.cap) this.grow(Math.max(this.next, this.cap * 2, 1 << 16));
    return base;
  }

  private grow(cap: number): void {
    const widen = (a: Uint16Array): Uint16Array => {
      const b = new Uint16Array(cap);
      b.set(a);
      return b;
    };
    this.birth = widen(this.birth);
    this.seq = widen(this.seq);
    this.home = widen(this.home);
    this.idCode = widen(this.idCode);
    this.surname = widen(this.surname);
    this.cap = cap;
  }

  /**
   * Make `serial` a person living in `district`. The sequence code is allocated per (birth date,
   * sex), so two people can never share an ID number even though both are drawn freely.
   */
  setPerson(
    serial: number,
    rng: Rng,
    district: number,
    band: AgeBand,
    male: boolean,
    surname = -1,
    nearBirth = -1,
    spreadYears = 0
  ): void {
    let cell: number;
    if (nearBirth >= 0) {
      // Relatives: spouses of similar age, children a generation later. Nobody may be born after
      // the book opens, or a child could be the patient of a claim that predates its birth.
      const b = nearBirth + Math.round((rng.next() * 2 - 1) * spreadYears * 365.25);
      cell = Math.min(b, LATEST_BIRTH - rng.int(365)) - FIRST_CALENDAR_DAY;
    } else {
      const ages = AGES[band];
      const age = ages.from + rng.weighted(ages.cdf);
      cell = REFERENCE_DAY - Math.floor(age * 365.25) - rng.int(365) - FIRST_CALENDAR_DAY;
    }
    const sex = male ? 1 : 0;
    while ((this.used[cell * 2 + sex] as number) >= SEQ_PER_CELL) cell++;
    const k = this.used[cell * 2 + sex] as number;
    this.used[cell * 2 + sex] = k + 1;
    // A fixed odd stride scatters sequence codes so the first person born on a day is not always 001.
    const slot = (k * 263 + (hash2(this.key, cell) % SEQ_PER_CELL)) % SEQ_PER_CELL;
    this.seq[serial] = slot * 2 + sex;
    this.birth[serial] = cell;
    this.home[serial] = district;
    this.idCode[serial] = drawIdCode(rng, district, 1930 + Math.floor(cell / 365.25));
    this.surname[serial] = surname >= 0 ? surname : rng.weighted(SURNAME_CDF);
  }

  /** Mark `serial` as a vehicle registered in `district` (only the plate prefix depends on it). */
  setVehicle(serial: number, district: number): void {
    this.home[serial] = district;
  }

  surnameOf(serial: number): number {
    return this.surname[serial] as number;
  }

  homeOf(serial: number): number {
    return this.home[serial] as number;
  }

  isMale(serial: number): boolean {
    return ((this.seq[serial] as number) & 1) === 1;
  }

  birthDay(serial: number): number {
    return (this.birth[serial] as number) + FIRST_CALENDAR_DAY;
  }

  id(serial: number): string {
    return this.minter.residentId(
      ID_CODES[this.idCode[serial] as number] as string,
      compact(this.birthDay(serial)),
      this.seq[serial] as number
    );
  }

  name(serial: number): string {
    return (
      (SURNAMES[this.surname[serial] as number] as string) + givenName(hash2(this.key, serial), this.isMale(serial))
    );
  }

  phone(serial: number): string {
    return this.minter.phone(serial);
  }

  bank(serial: number): string {
    return this.minter.bank(serial);
  }

  plate(serial: number): string {
    const pref = PREFECTURES[(DISTRICTS[this.home[serial] as number] as { pref: number }).pref] as { plates: string[] };
    // 南昌 ran out of 赣A plates and issues 赣M too.
    const letter = pref.plates.length > 1 && hash2(this.key ^ 0x3c, serial) % 7 === 0 ? pref.plates[1] : pref.plates[0];
    return this.minter.plate(serial, letter as string);
  }

  vin(serial: number): string {
    return this.minter.vin(serial);
  }
}
