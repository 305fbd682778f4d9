import { describe, expect, it } from 'vitest';
import { detectRings } from '../../engine/detect/index.js';
import type { Ring } from '../../engine/model.js';
import { BookBuilder, person, phone, ringWith } from '../helpers/book.js';

const strength = (ring: Ring | undefined, signal: string): number =>
  ring?.evidence.find((e) => e.signal === signal)?.strength ?? 0;

/** The book's bulk: single injury claims of 5,000–14,900 at the city hospital. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    b.claim(`B${i}`, { product: 'injury', claimed: 5000 + (i % 100) * 100, region: '360102' });
    b.party(`B${i}`, 'injured', person('360102'), phone(500000 + i));
    b.link(`B${i}`, 'hospital', 'HOSP-CITY', 'hospital');
  }
}

/** Sixty households: two people of one district sharing an account, the book's ordinary sharing. */
function households(b: BookBuilder, accountPrefix: string): void {
  for (let f = 0; f < 60; f++) {
    const acct = `${accountPrefix}${String(f).padStart(10, '0')}`;
    for (let k = 0; k < 2; k++) {
      b.claim(`H${f}-${k}`, { region: '360102' });
      b.party(`H${f}-${k}`, 'claimant', person('360102'), undefined, acct);
    }
  }
}

describe('amounts in the top tenth of the book', () => {
  it("judges how many of a cluster's claims are in the top tenth for their product, against the book's share", () => {
    const b = new BookBuilder();
    background(b, 600);
    // One family's five claims (a shared phone), ordinary amounts; five claims of a crew, all far above.
    const mum = person('360102');
    for (let k = 0; k < 5; k++) {
      b.claim(`F${k}`, { product: 'injury', claimed: 8000, region: '360102' });
      b.party(`F${k}`, 'injured', k % 2 ? mum : person('360102'), phone(900001));
    }
    const crew = Array.from({ length: 3 }, () => person('360702'));
    for (let k = 0; k < 5; k++) {
      b.claim(`C${k}`, { product: 'injury', claimed: 90000 + k, region: '360702' });
      b.party(`C${k}`, 'injured', crew[k % 3]!, phone(900100 + k));
      b.party(`C${k}`, 'driver', crew[(k + 1) % 3]!);
    }
    const { rings } = detectRings(b.book, { reportMinScore: 0 });
    const crewRing = ringWith(rings, 'C0');
    expect(strength(crewRing, 'high_amounts')).toBeGreaterThan(0.3);
    const e = crewRing!.evidence.find((x) => x.signal === 'high_amounts')!;
    expect(e.value).toBe(5);
    expect(e.refs).toEqual(['claim:C0', 'claim:C1', 'claim:C2', 'claim:C3', 'claim:C4']);
    expect(e.detail).toMatch(/5 of 5 claims are in the book's top tenth/);
    expect(strength(ringWith(rings, 'F0'), 'high_amounts')).toBe(0);
  });
});

describe('amounts shifted up across the board', () => {
  /** `n` claims chained by people (each claim's driver is the next one's injured), all claiming `claimed`. */
  function chain(b: BookBuilder, prefix: string, n: number, claimed: number): void {
    const people = Array.from({ length: n + 1 }, () => person('360702'));
    for (let k = 0; k < n; k++) {
      b.claim(`${prefix}${k}`, { product: 'injury', claimed, region: '360702' });
      b.party(`${prefix}${k}`, 'injured', people[k]!, phone(800000 + prefix.charCodeAt(0) * 1000 + k));
      b.party(`${prefix}${k}`, 'driver', people[k + 1]!);
    }
  }

  it('counts a cluster whose every claim sits high for its product though none is in the top tenth', () => {
    const b = new BookBuilder();
    background(b, 600);
    // Ten padded claims just under the top tenth's floor (about 14,000 here).
    chain(b, 'P', 10, 13_900);
    // Forty claims of eight people (a firm's vans), a little above the book's middle: significant for
    // their number, but no claim padded.
    const staff = Array.from({ length: 8 }, () => person('360702'));
    for (let k = 0; k < 40; k++) {
      b.claim(`L${k}`, { product: 'injury', claimed: 12_400, region: '360702' });
      b.party(`L${k}`, 'injured', staff[k % 8]!);
      b.party(`L${k}`, 'driver', staff[(k + 3) % 8]!);
    }
    const { rings } = detectRings(b.book, { reportMinScore: 0 });
    const padded = ringWith(rings, 'P0')!.evidence.find((x) => x.signal === 'high_amounts');
    expect(padded?.value).toBe(0);
    expect(padded?.strength).toBeGreaterThan(0.3);
    expect(padded?.detail).toMatch(/on average a claim here claims more than [89]\d% of the book's claims/);
    expect(strength(ringWith(rings, 'L0'), 'high_amounts')).toBe(0);
  });
});

describe('payouts pooled in one account', () => {
  /** `people` strangers from several districts each paid into one account, optionally all at one provider. */
  function pool(
    b: BookBuilder,
    prefix: string,
    account: string,
    people: number,
    shop: string | null,
    kind: 'repair_shop' | 'hospital' = 'repair_shop'
  ): void {
    const phones = { P: 700000, D: 710000, K: 720000 }[prefix]!;
    for (let k = 0; k < people; k++) {
      const id = `${prefix}${k}`;
      b.claim(id, { region: '360102' });
      b.party(id, 'claimant', person(['360102', '360702', '361002'][k % 3]), phone(phones + k), account);
      if (shop) b.link(id, kind, shop, kind);
      else b.link(id, 'repair_shop', `SHOP-${prefix}-${k}`, 'repair_shop');
    }
  }
  const b = new BookBuilder();
  background(b, 400);
  households(b, '62220300');
  pool(b, 'P', '622202100000000001', 9, null);
  pool(b, 'D', '622202100000000002', 9, 'DEALER-1');
  // A broker's account for nine lured victims, all sent to the clinic the broker works with.
  pool(b, 'K', '622202100000000003', 9, 'CLINIC-1', 'hospital');

  it('counts each holder beyond a pair as a further coincidence, unless the account is one provider’s', () => {
    const { rings } = detectRings(b.book, { reportMinScore: 0 });
    const pooled = strength(ringWith(rings, 'P0'), 'shared_bank_account');
    const dealer = strength(ringWith(rings, 'D0'), 'shared_bank_account');
    expect(pooled).toBeGreaterThan(1);
    expect(dealer).toBeLessThan(pooled);
  });

  it('counts a pool at one clinic as pooled payouts: a clinic does not collect its patients’ compensation', () => {
    const { rings } = detectRings(b.book, { reportMinScore: 0 });
    const pooled = strength(ringWith(rings, 'P0'), 'shared_bank_account');
    const broker = strength(ringWith(rings, 'K0'), 'shared_bank_account');
    expect(broker).toBe(pooled);
    expect(broker).toBeGreaterThan(strength(ringWith(rings, 'D0'), 'shared_bank_account'));
  });

  it('with poolHolders 0, an account for nine strangers counts as one shared identifier, like the dealer’s', () => {
    const { rings } = detectRings(b.book, { reportMinScore: 0, poolHolders: 0 });
    expect(strength(ringWith(rings, 'P0'), 'shared_bank_account')).toBe(
      strength(ringWith(rings, 'D0'), 'shared_bank_account')
    );
  });
});

describe('an account tied to one shop, used in one batch', () => {
  /** The day `n` days after 2022-01-01, as YYYY-MM-DD. */
  const day = (n: number): string => new Date(Date.UTC(2022, 0, 1 + n)).toISOString().slice(0, 10);
  /** Claims at `shop` paid into `account`, one per stranger, on the given days (from 2022-01-01). */
  function payouts(b: BookBuilder, prefix: string, shop: string, account: string, days: number[]): void {
    days.forEach((d, k) => {
      const id = `${prefix}${k}`;
      b.claim(id, { accidentDate: day(d), reportDate: day(d + 2) });
      b.party(
        id,
        'claimant',
        person(['360102', '360702', '361002'][k % 3]),
        phone(600000 + prefix.charCodeAt(0) * 100 + k),
        account
      );
      b.link(id, 'repair_shop', shop, 'repair_shop');
    });
  }
  /** A shop's walk-in customers over three years, each with an account of their own. */
  function customers(b: BookBuilder, prefix: string, shop: string, n: number): void {
    for (let k = 0; k < n; k++) {
      const id = `${prefix}${k}`;
      b.claim(id, { accidentDate: day(Math.round((k * 1090) / (n - 1))) });
      b.party(
        id,
        'claimant',
        person('360102'),
        phone(650000 + prefix.charCodeAt(1) * 100 + k),
        `62170000${prefix}${String(k).padStart(6, '0')}`
      );
      b.link(id, 'repair_shop', shop, 'repair_shop');
    }
  }
  const b = new BookBuilder();
  background(b, 400);
  households(b, '62220400');
  customers(b, 'WA', 'SHOP-A', 30);
  customers(b, 'WB', 'SHOP-B', 30);
  customers(b, 'WC', 'SHOP-C', 30);
  // A dealer's desk account, its customers' payouts over the shop's three years (代办理赔).
  payouts(b, 'DA', 'SHOP-A', '622202100000000011', [20, 150, 300, 410, 560, 700, 850, 1000]);
  // A crew's account: eight "customers" of an honest shop within seven weeks.
  payouts(b, 'CB', 'SHOP-B', '622202100000000012', [400, 405, 413, 420, 428, 436, 441, 447]);
  // A desk account opened partway through: fifteen customers over its last eighteen months.
  const late = Array.from({ length: 15 }, (_, k) => 540 + k * 38);
  payouts(b, 'LC', 'SHOP-C', '622202100000000013', late);

  it('counts the holders of a shop-tied account whose claims fall in a few weeks of the shop’s years', () => {
    const { rings } = detectRings(b.book, { reportMinScore: 0 });
    const dealer = strength(ringWith(rings, 'DA0'), 'shared_bank_account');
    const crew = strength(ringWith(rings, 'CB0'), 'shared_bank_account');
    expect(crew).toBeGreaterThan(dealer);
    expect(crew).toBeGreaterThan(0.5);
  });

  it('keeps an account that served a good part of the shop’s years as the shop’s, though it started late', () => {
    const { rings } = detectRings(b.book, { reportMinScore: 0 });
    expect(strength(ringWith(rings, 'LC0'), 'shared_bank_account')).toBeLessThanOrEqual(
      strength(ringWith(rings, 'DA0'), 'shared_bank_account')
    );
  });
});

describe('one event at a provider', () => {
  it('counts a death claimed under three policies as one visit to the clinic, and two deaths there as two', () => {
    const b = new BookBuilder();
    background(b, 600);
    // An elderly man's death claimed at three insurers, one heir collecting: the township clinic's only visit.
    const father = person('360829');
    const heir = person('360829');
    for (const [k, insurer] of ['人寿', '平安', '太保'].entries()) {
      b.claim(`D${k}`, { product: 'death', insurer, region: '360829', accidentDate: '2023-07-18', claimed: 100000 });
      b.party(`D${k}`, 'deceased', father);
      b.party(`D${k}`, 'beneficiary', heir, phone(600001), '6222020000000000001');
      b.link(`D${k}`, 'hospital', 'CLINIC-TOWN', 'hospital');
    }
    // Another family's mother and father, dying months apart, both at a village clinic: two events.
    const mother = person('360829');
    const son = person('360829');
    for (const [k, date] of ['2023-02-01', '2023-02-01', '2023-11-20'].entries()) {
      b.claim(`M${k}`, { product: 'death', region: '360829', accidentDate: date, claimed: 100000 });
      b.party(`M${k}`, 'deceased', k < 2 ? mother : person('360829'));
      b.party(`M${k}`, 'beneficiary', son, phone(600002), '6222020000000000002');
      b.link(`M${k}`, 'hospital', 'CLINIC-VILLAGE', 'hospital');
    }
    const { rings } = detectRings(b.book, { reportMinScore: 0 });
    expect(ringWith(rings, 'D0')?.claims).not.toContain('M0');
    expect(strength(ringWith(rings, 'D0'), 'intermediary_concentration')).toBe(0);
    expect(strength(ringWith(rings, 'M0'), 'intermediary_concentration')).toBeGreaterThan(0);
  });
});
