import { describe, expect, it } from 'vitest';
import { DEFAULTS, detectRings } from '../../engine/detect/index.js';
import type { PeerJudge } from '../../engine/detect/common-signals.js';
import type { ScoredCandidate } from '../../engine/detect/ring.js';
import { seedFromSlices, stricter, timeSlices } from '../../engine/detect/time-slices.js';
import type { Evidence } from '../../engine/model.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import { bookCalendar } from '../../engine/signals/burst.js';
import { BookBuilder, person, phone, ringWith, shuffled } from '../helpers/book.js';

const YEARS = ['2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024', '2025'];

/** Unrelated drivers with one claim each, spread over the book's nine years: the book's bulk. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    const id = `B${i}`;
    b.claim(id, {
      accidentDate: `${YEARS[i % 9]}-0${1 + (i % 9)}-1${i % 9}`,
      policyStart: '2016-01-01',
      claimed: 3000 + (i % 40) * 100
    });
    b.party(id, 'driver', person(), phone(500000 + i));
    b.link(id, 'repair_shop', `SHOP-${i % 12}`, 'repair_shop');
  }
}

/**
 * A household's honest claims over the book's years, one every year or so, on the family's phone:
 * `size` claims from `first` (an index into YEARS).
 */
function household(b: BookBuilder, name: string, driver: string, size: number, first: number, tel: number): string[] {
  const ids: string[] = [];
  const wife = person();
  for (let k = 0; k < size; k++) {
    const id = `${name}-${k}`;
    ids.push(id);
    b.claim(id, {
      accidentDate: `${YEARS[(first + k) % 9]}-0${1 + ((k * 4) % 9)}-0${1 + (k % 9)}`,
      policyStart: '2016-01-01',
      claimed: 2500 + k * 150
    });
    b.party(id, 'driver', driver, phone(tel));
    b.party(id, 'passenger', wife);
    b.link(id, 'repair_shop', `SHOP-${k % 12}`, 'repair_shop');
  }
  return ids;
}

/**
 * Five drivers, each with a household's years of honest claims, stage six collisions in seven
 * weeks of 2024: big bills, the "injured" of every claim paid into one of two crew accounts, the
 * same two cars struck again and again. The crew's claims and the families' are one candidate.
 */
function crewAmongFamilies(b: BookBuilder): { crew: string[]; families: string[] } {
  const drivers = Array.from({ length: 5 }, () => person('360702'));
  const families: string[] = [];
  drivers.forEach((d, i) => families.push(...household(b, `F${i}`, d, 6, i, 300000 + i)));
  const crew: string[] = [];
  for (let k = 0; k < 6; k++) {
    const id = `C${k}`;
    crew.push(id);
    b.claim(id, {
      accidentDate: new Date(Date.UTC(2024, 2, 3 + k * 9)).toISOString().slice(0, 10),
      insurer: ['PICC', '平安', '太保'][k % 3]!,
      region: ['360702', '360102'][k % 2]!,
      claimed: 46000 + k * 1000
    });
    b.party(id, 'driver', drivers[k % 5]!);
    b.party(id, 'injured', person(), undefined, `ACC-CREW-${k % 2}`);
    if (k % 2 === 0) b.link(id, 'vehicle', '赣A CREW0', 'third_party');
  }
  return { crew, families };
}

describe('time slices: a candidate cut where its claims are far apart in time', () => {
  const b = new BookBuilder();
  const driver = person();
  const ids = household(b, 'H', driver, 4, 0, 310000);
  // Two more claims of the same driver within weeks of each other, years after the household's.
  b.claim('S0', { accidentDate: '2025-06-01' });
  b.claim('S1', { accidentDate: '2025-07-15' });
  b.party('S0', 'driver', driver);
  b.party('S1', 'driver', driver);
  const index = indexBook(b.book);
  const calendar = bookCalendar(index);
  const at = (id: string): number => index.claimIndex.get(id)!;
  const all = [...ids, 'S0', 'S1'].map(at).sort((x, y) => x - y);
  const params = { ...DEFAULTS, sliceMinClaims: 2 };

  it('joins claims on one identity only within the gap', () => {
    const slices = timeSlices(index, all, calendar, params);
    const named = slices.map((s) => s.map((c) => index.claims[c]!.id).sort());
    expect(named).toEqual([['S0', 'S1']]);
  });

  it('leaves a candidate whose claims all fall close together whole', () => {
    expect(timeSlices(index, [at('S0'), at('S1')], calendar, params)).toEqual([]);
  });

  it('links nothing through a hub identity', () => {
    expect(timeSlices(index, all, calendar, { ...params, hubDegree: { ...params.hubDegree, person: 3 } })).toEqual([]);
  });
});

describe('time slices: the stricter of two nulls', () => {
  it('counts each red flag above the higher typical strength and says which peers set it', () => {
    const slices = () => ({ typical: { shared_phone: 0.4, claim_burst: 0.1 }, among: null });
    const candidates = () => ({ typical: { claim_burst: 0.3 }, among: { claim_burst: 'desks' } });
    const judged = stricter(slices, 'slices', candidates)(10, null);
    expect(judged.typical).toEqual({ shared_phone: 0.4, claim_burst: 0.3 });
    expect(judged.among).toEqual({ shared_phone: 'slices', claim_burst: 'desks' });
  });
});

describe('time slices: a crew diluted among its members’ family histories', () => {
  const b = new BookBuilder();
  background(b, 900);
  const { crew, families } = crewAmongFamilies(b);
  const res = detectRings(b.book);
  const ring = ringWith(res.rings, crew[0]!);

  it('is one unflagged candidate of all their claims without the time slices', () => {
    const whole = ringWith(detectRings(b.book, { reportMinScore: 0, sliceFrom: 0 }).rings, crew[0]!);
    expect(whole?.claims.length).toBe(crew.length + families.length);
    expect(whole?.flagged).toBe(false);
  });

  it('flags the crew’s season cut out of it, with at most its neighbours in time', () => {
    expect(ring?.flagged).toBe(true);
    expect(crew.every((c) => ring!.claims.includes(c))).toBe(true);
    expect(ring!.claims.length).toBeLessThanOrEqual(crew.length + 2);
    expect(ring!.evidence.find((e) => e.signal === 'ring_size')?.detail).toMatch(
      /cut in time out of a candidate of 36 claims/
    );
    expect(res.stats.seeded).toBeGreaterThanOrEqual(1);
  });

  it('does not count the bunching and the providers the slicing itself brings', () => {
    const burst = ring!.evidence.find((e) => e.signal === 'claim_burst');
    expect(burst?.contribution).toBe(0);
    expect(burst?.detail).toMatch(/not counted: a time slice is bunched in time by construction/);
  });

  it('flags none of the families’ other years', () => {
    const rest = families.filter((c) => !ring!.claims.includes(c));
    expect(rest.length).toBeGreaterThanOrEqual(families.length - 2);
    for (const c of rest) expect(ringWith(res.rings, c)?.flagged ?? false).toBe(false);
  });

  it('gives the same rings for the book in another order', () => {
    const again = detectRings(shuffled(b.book, 7));
    expect(again.rings.map((r) => [r.id, r.score])).toEqual(res.rings.map((r) => [r.id, r.score]));
  });
});

describe('time slices: a slice needs two kinds of red flag', () => {
  const b = new BookBuilder();
  background(b, 300);
  const { crew, families } = crewAmongFamilies(b);
  const index = indexBook(b.book);
  const all = [...crew, ...families].map((id) => index.claimIndex.get(id)!).sort((x, y) => x - y);
  /** The candidates, as scoring left them: the whole unflagged candidate, then nothing else. */
  const run = (evidence: Array<[string, number]>): { drawn: number; claims: number[][] } => {
    const claims = [all.slice()];
    const stub = (set: number[]): ScoredCandidate => {
      const ev: Evidence[] = evidence.map(([signal, contribution]) => ({
        signal: signal as Evidence['signal'],
        value: 1,
        contribution,
        detail: signal,
        refs: []
      }));
      ev.push({ signal: 'ring_size', value: set.length, contribution: 0, detail: 'size', refs: [] });
      const score = ev.reduce((t, e) => t + e.contribution, 0);
      return { ctx: { claimIdx: set } as never, evidence: ev, score, promise: score };
    };
    const scored: Array<ScoredCandidate | null> = [{ ...stub(all), score: 10, promise: 10 }];
    const noPeers: PeerJudge = () => ({ typical: null, among: null });
    const drawn = seedFromSlices(
      index,
      bookCalendar(index),
      claims,
      scored,
      DEFAULTS,
      stub,
      () => noPeers,
      (_judge, s) => s,
      stub
    );
    return { drawn, claims };
  };

  it('draws no ring from one red flag however strong', () => {
    expect(run([['shared_phone', 60]]).drawn).toBe(0);
    // A phone and an account shared by the same people are one kind.
    expect(
      run([
        ['shared_phone', 30],
        ['shared_bank_account', 30]
      ]).drawn
    ).toBe(0);
  });

  it('draws the slice when two kinds count', () => {
    const { drawn, claims } = run([
      ['shared_bank_account', 40],
      ['high_amounts', 15]
    ]);
    expect(drawn).toBe(1);
    expect(claims[1]!.map((c) => index.claims[c]!.id)).toEqual(expect.arrayContaining(crew));
  });
});
