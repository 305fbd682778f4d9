import { describe, expect, it } from 'vitest';
import { batchIdentifiers } from '../../engine/detect/batch-seeds.js';
import { detectRings } from '../../engine/detect/index.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import { useSpans } from '../../engine/signals/shared.js';
import { BookBuilder, person, phone, ringWith } from '../helpers/book.js';

/** The day `n` days after 2022-01-01, as YYYY-MM-DD. */
const day = (n: number): string => new Date(Date.UTC(2022, 0, 1 + n)).toISOString().slice(0, 10);

/** Auto claims over three years at twelve shops, each claimant with a phone and account of their own. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    const id = `B${i}`;
    b.claim(id, { accidentDate: day((i * 37) % 1090), claimed: 6000 + (i % 50) * 100 });
    b.party(id, 'claimant', person(), phone(500000 + i), `621700005${String(i).padStart(9, '0')}`);
    b.link(id, 'repair_shop', `SHOP-${i % 12}`, 'repair_shop');
  }
}

/**
 * A haulier's thirty claims over three years (its own account, six drivers), and — at an honest
 * shop, in five weeks — a crew's account collecting for four "customers" from three districts at
 * high amounts, one of them in a car borrowed from the haulier: the crew's claims hang on the
 * haulier's through that car, and the cluster they land in is the haulier's.
 */
function haulierWithCrew(b: BookBuilder, account: 'crew' | 'desk'): string[] {
  const owner = person('360102');
  const drivers = Array.from({ length: 6 }, () => person('360102'));
  for (let k = 0; k < 30; k++) {
    const id = `H${k}`;
    b.claim(id, { accidentDate: day(15 + k * 35), claimed: 7000 + (k % 10) * 200 });
    b.party(id, 'insured', owner, phone(880000), '622202200000000001');
    b.party(id, 'driver', drivers[k % 6]!);
    b.link(id, 'repair_shop', `SHOP-${k % 12}`, 'repair_shop');
  }
  const paidTo = account === 'crew' ? '622202200000000099' : '622202200000000077';
  const crew: string[] = [];
  [500, 509, 521, 533].forEach((d, k) => {
    const id = `X${k}`;
    crew.push(id);
    b.claim(id, { accidentDate: day(d), insurer: ['PICC', '平安', '太保'][k % 3]!, claimed: 48000 + k * 500 });
    if (k === 3) {
      b.party(id, 'insured', owner, phone(880000));
      b.party(id, 'driver', drivers[0]!);
      b.party(id, 'claimant', person('361002'), phone(890000 + k), paidTo);
    } else b.party(id, 'claimant', person(['360102', '360702', '361002'][k % 3]), phone(890000 + k), paidTo);
    b.link(id, 'repair_shop', 'SHOP-X', 'repair_shop');
  });
  // The shop's walk-in customers over the three years; with a desk account, every third paid into it.
  for (let k = 0; k < 30; k++) {
    const id = `W${k}`;
    b.claim(id, { accidentDate: day(k * 36), claimed: 7000 });
    const own = `621700008${String(k).padStart(9, '0')}`;
    b.party(id, 'claimant', person(), phone(870000 + k), account === 'desk' && k % 3 === 0 ? paidTo : own);
    b.link(id, 'repair_shop', 'SHOP-X', 'repair_shop');
  }
  return crew;
}

describe('rings drawn by a batch account at one shop', () => {
  it('draws the crew out of the shop’s customers as a flagged ring of its own', () => {
    const b = new BookBuilder();
    background(b, 1200);
    const crew = haulierWithCrew(b, 'crew');
    const { rings, stats } = detectRings(b.book);
    const ring = ringWith(rings, 'X0');
    expect(ring?.flagged).toBe(true);
    expect([...ring!.claims].sort()).toEqual(crew);
    expect(ring!.evidence.some((e) => e.signal === 'shared_bank_account')).toBe(true);
    const size = ring!.evidence.find((e) => e.signal === 'ring_size')!.detail;
    expect(size).toMatch(
      /drawn by bank account \*+0099, paid for 4 people at repair shop SHOP-X within 34 days of the shop's 1,045/
    );
    expect(size).not.toContain('622202200000000099');
    expect(stats.seeded).toBeGreaterThanOrEqual(1);
  });

  it('draws nothing where the same claims were paid into the shop’s desk account, used over its years', () => {
    const b = new BookBuilder();
    background(b, 1200);
    haulierWithCrew(b, 'desk');
    // The crew's claims may still be flagged on their own evidence; no batch draws them.
    expect(detectRings(b.book).stats.seeded).toBe(0);
  });

  it('takes an account with more than three holders at one shop for a batch only when its use is bunched', () => {
    const batches = (account: 'crew' | 'desk'): string[] => {
      const b = new BookBuilder();
      background(b, 300);
      haulierWithCrew(b, account);
      const index = indexBook(b.book);
      return batchIdentifiers(index, useSpans(index)).map((x) => index.entityKey[x.id]!);
    };
    expect(batches('crew')).toEqual(['622202200000000099']);
    expect(batches('desk')).toEqual([]);
  });

  it('draws the same ring from the same book and seed', () => {
    const b = new BookBuilder();
    background(b, 1200);
    haulierWithCrew(b, 'crew');
    const once = detectRings(b.book).rings.map((r) => [r.id, r.score, r.claims]);
    expect(detectRings(b.book).rings.map((r) => [r.id, r.score, r.claims])).toEqual(once);
  });
});

describe('batch accounts in a book without repair shops', () => {
  it('finds none, and detection runs as before', () => {
    const b = new BookBuilder();
    for (let k = 0; k < 6; k++) {
      b.claim(`N${k}`, { product: 'injury', accidentDate: day(100 + k * 5) });
      b.party(
        `N${k}`,
        'claimant',
        person(['360102', '360702', '361002'][k % 3]),
        phone(940000 + k),
        '622202200000000055'
      );
    }
    const index = indexBook(b.book);
    expect(batchIdentifiers(index, useSpans(index))).toEqual([]);
    expect(detectRings(b.book).stats.seeded).toBe(0);
  });
});
