/**
 * Structure beside one red flag (engine/detect/ring, `structuralKinds`): size,
 * spread over insurers and prefectures and amounts count only beside two kinds
 * of red flag or a corroboration. One red flag alone — strangers paid into one
 * account, a family at its garage — is what honest clusters show by chance, and
 * every busy cluster is large and spread. A candidate that would flag with its
 * structure (its promise) is still looked inside, and a part that flags on its
 * own score is reported. A shared phone and a shared account are one kind, and
 * alone that kind counts once.
 */
import { describe, expect, it } from 'vitest';
import { detectRings } from '../../engine/detect/index.js';
import { BookBuilder, contribution, person, phone, ringWith } from '../helpers/book.js';

const REGIONS = ['360102', '360402', '360702', '361002'];
const INSURERS = ['PICC', '平安', '太保', '大地'];

/** Unrelated people filing one claim each at the city's garages: the book's bulk. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    b.claim(`B${i}`, {
      region: REGIONS[i % 4]!,
      insurer: INSURERS[i % 4]!,
      accidentDate: `20${21 + (i % 4)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`
    });
    b.party(`B${i}`, 'insured', person(REGIONS[i % 4]), phone(500000 + i));
    b.link(`B${i}`, 'repair_shop', `GARAGE-${i % 20}`, 'repair_shop');
  }
}

/** Eight strangers in four prefectures at four insurers, every payout into one account: over four years, or in one month. */
function pooled(b: BookBuilder, prefix: string, account: string, inSeason: boolean): string[] {
  const ids: string[] = [];
  const people = REGIONS.concat(REGIONS).map((r) => person(r));
  for (let k = 0; k < 8; k++) {
    const id = `${prefix}${k}`;
    ids.push(id);
    b.claim(id, {
      region: REGIONS[k % 4]!,
      insurer: INSURERS[k % 4]!,
      accidentDate: inSeason ? `2023-05-${String(2 + k * 3).padStart(2, '0')}` : `20${21 + (k % 4)}-0${1 + k}-15`,
      claimed: 10000
    });
    b.party(id, 'insured', people[k]!, phone(600000 + ids.length + prefix.charCodeAt(0) * 100), account);
    b.link(id, 'repair_shop', `GARAGE-${(k * 7) % 20}`, 'repair_shop');
  }
  return ids;
}

/** A household's own fourteen claims over the years, on its own phones and account. */
function household(b: BookBuilder): string[] {
  const brother = person('360102'),
    wife = person('360102');
  const ids: string[] = [];
  for (let k = 0; k < 14; k++) {
    const id = `H${k}`;
    ids.push(id);
    b.claim(id, {
      accidentDate: `20${15 + (k >> 1)}-0${1 + ((k * 5) % 9)}-0${1 + (k % 9)}`,
      policyStart: '2014-01-01'
    });
    b.party(id, 'driver', brother, phone(910001), 'ACC-BROTHER');
    b.party(id, 'passenger', wife, phone(910002));
    b.link(id, 'repair_shop', `GARAGE-${k % 20}`, 'repair_shop');
  }
  return ids;
}

describe('structural facts beside one kind of red flag', () => {
  const b = new BookBuilder();
  background(b, 3000);
  pooled(b, 'A', 'ACC-POOL-A', false);
  pooled(b, 'S', 'ACC-POOL-S', true);
  const run = detectRings(b.book, { reportMinScore: 0 });

  it('does not count size and spread beside one red flag alone, and says why', () => {
    const alone = ringWith(run.rings, 'A0')!;
    expect(alone.claims.filter((c) => c.startsWith('A'))).toHaveLength(8);
    expect(contribution(alone, 'shared_bank_account')).toBeGreaterThan(30);
    expect(alone.flagged).toBe(false);
    for (const signal of ['cross_insurer', 'cross_region', 'ring_size']) {
      const e = alone.evidence.find((x) => x.signal === signal)!;
      expect(e.contribution).toBe(0);
      expect(e.detail).toMatch(/not counted: structural facts count beside 2 kinds of red flag or more/);
    }
    expect(alone.score).toBe(contribution(alone, 'shared_bank_account'));
  });

  it('counts them beside a second kind of red flag', () => {
    const season = ringWith(run.rings, 'S0')!;
    expect(contribution(season, 'claim_burst')).toBeGreaterThan(3);
    expect(contribution(season, 'cross_insurer')).toBeGreaterThan(0);
    expect(season.flagged).toBe(true);
  });

  it('counts them beside one red flag with structuralKinds 0 (the gate alone)', () => {
    const alone = ringWith(detectRings(b.book, { structuralKinds: 0 }).rings, 'A0')!;
    expect(contribution(alone, 'cross_insurer')).toBeGreaterThan(0);
    expect(alone.flagged).toBe(true);
  });

  it('counts a shared phone and a shared account as one kind, once where it stands alone', () => {
    // The same strangers also give one phone: one kind, counted at the stronger of the two.
    const withPhone = (b: BookBuilder, prefix: string, inSeason: boolean): void => {
      const ids = pooled(b, prefix, `ACC-POOL-${prefix}`, inSeason);
      for (const id of ids) {
        const insured = b.book.links.find((l) => l.claim === id && l.type === 'person')!.key;
        b.link(id, 'phone', phone(777000 + prefix.charCodeAt(0)), 'insured', insured);
      }
    };
    const c = new BookBuilder();
    background(c, 3000);
    withPhone(c, 'P', false);
    withPhone(c, 'Q', true);
    const rings = detectRings(c.book, { reportMinScore: 0 }).rings;
    const alone = ringWith(rings, 'P0')!;
    const phoneEv = alone.evidence.find((e) => e.signal === 'shared_phone')!;
    const accountEv = alone.evidence.find((e) => e.signal === 'shared_bank_account')!;
    expect(Math.min(phoneEv.contribution, accountEv.contribution)).toBe(0);
    expect([phoneEv, accountEv].find((e) => e.contribution === 0)!.detail).toMatch(/counts once where no other kind/);
    expect(alone.score).toBe(Math.max(phoneEv.contribution, accountEv.contribution));
    expect(contribution(alone, 'cross_insurer')).toBe(0);
    expect(alone.flagged).toBe(false);
    // Beside a second kind (the season's burst), both count.
    const season = ringWith(rings, 'Q0')!;
    expect(contribution(season, 'shared_phone')).toBeGreaterThan(0);
    expect(contribution(season, 'shared_bank_account')).toBeGreaterThan(0);
    expect(season.flagged).toBe(true);
    // With structuralKinds 0 neither rule applies.
    const open = ringWith(detectRings(c.book, { structuralKinds: 0, reportMinScore: 0 }).rings, 'P0')!;
    expect(contribution(open, 'shared_phone')).toBeGreaterThan(0);
    expect(contribution(open, 'shared_bank_account')).toBeGreaterThan(0);
  });
});

describe('a gang inside a candidate showing one red flag', () => {
  // The gang: a season's claims into one account. One member rides once in his brother's car,
  // whose household has fourteen claims of its own over the years: the burst dilutes in the whole.
  const g = new BookBuilder();
  background(g, 3000);
  const gang = pooled(g, 'G', 'ACC-POOL-G', true);
  household(g);
  g.party('H13', 'passenger', g.book.links.find((l) => l.claim === 'G0' && l.type === 'person')!.key);

  it('is cut out where the whole would flag with its structure, and flags on its own', () => {
    const whole = ringWith(detectRings(g.book, { refineFrom: 0, reportMinScore: 0 }).rings, 'G1')!;
    expect(whole.claims).toEqual(expect.arrayContaining(['H0', ...gang]));
    expect(whole.flagged).toBe(false);
    expect(contribution(whole, 'claim_burst')).toBe(0);
    const run = detectRings(g.book);
    const ring = ringWith(run.rings, 'G1')!;
    expect(run.stats.refined).toBe(1);
    expect(ring.flagged).toBe(true);
    expect(ring.claims.filter((c) => c.startsWith('H'))).toEqual([]);
    expect(ring.claims.filter((c) => c.startsWith('G')).length).toBeGreaterThanOrEqual(7);
    expect(contribution(ring, 'claim_burst')).toBeGreaterThan(3);
    expect(contribution(ring, 'cross_insurer')).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(detectRings(g.book).rings)).toBe(JSON.stringify(detectRings(g.book).rings));
  });
});
