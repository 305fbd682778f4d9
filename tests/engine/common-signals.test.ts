import { describe, expect, it } from 'vitest';
import { judgeAmongPeers, typicalStrengths } from '../../engine/detect/common-signals.js';
import { detectRings } from '../../engine/detect/index.js';
import type { ScoredCandidate } from '../../engine/detect/ring.js';
import type { Evidence } from '../../engine/model.js';
import { BookBuilder, person, phone } from '../helpers/book.js';

const BEHAVIOURAL = new Set(['role_switching', 'shared_bank_account', 'intermediary_concentration']);

/** A scored candidate with the given behavioural strengths (weight 30 each); only evidence and peer classes are read. */
function scored(strengths: Record<string, number>, peerClass: Record<string, string> = {}): ScoredCandidate | null {
  const evidence: Evidence[] = Object.entries(strengths).map(([signal, strength]) => ({
    signal: signal as Evidence['signal'],
    value: 1,
    contribution: 30 * strength,
    detail: '',
    refs: [],
    strength
  }));
  return evidence.length ? ({ evidence, score: 0, ctx: { peerClass } } as unknown as ScoredCandidate) : null;
}

describe("the candidate population as each signal's null", () => {
  it('takes the typical strength among candidates nearest in size that show no other red flag', () => {
    // 60 small honest clusters showing nothing, 60 large ones all concentrated at one provider.
    const sizes = [...Array(60).fill(3), ...Array(60).fill(40), 3, 40, 40];
    const cands = [
      ...Array.from({ length: 60 }, () => scored({})),
      ...Array.from({ length: 60 }, () => scored({ intermediary_concentration: 1.5 })),
      scored({ intermediary_concentration: 1.2 }),
      scored({ intermediary_concentration: 1.5, role_switching: 1 }),
      scored({ role_switching: 1 })
    ];
    const typical = typicalStrengths(sizes, cands, BEHAVIOURAL, 15, {
      commonNullSize: 40,
      commonNullOthers: null,
      commonNullByClass: true,
      commonNullClassSize: 20,
      commonNullQuantile: 0.5,
      commonNullMaxSuspect: 1
    });
    // Small: its peers show nothing, so nothing is typical.
    expect(typical[120]).toBeNull();
    // Large: concentration is what every large honest cluster shows; role switching is not.
    expect(typical[121]).toEqual({ intermediary_concentration: 1.5 });
    expect(typical[122]).toBeNull();
    expect(typical[60]).toEqual({ intermediary_concentration: 1.5 });
  });

  it('takes no typical strength where gangs evident from other red flags crowd the size class', () => {
    // 40 large clusters showing concentration alone, 30 more showing it beside role switching: a size
    // class this thick with evident gangs may hold as many quiet ones among the peers.
    const sizes = [...Array(40).fill(30), ...Array(30).fill(30)];
    const cands = [
      ...Array.from({ length: 40 }, () => scored({ intermediary_concentration: 1.5 })),
      ...Array.from({ length: 30 }, () => scored({ intermediary_concentration: 1.5, role_switching: 1 }))
    ];
    const params = {
      commonNullSize: 40,
      commonNullOthers: null,
      commonNullByClass: true,
      commonNullClassSize: 20,
      commonNullQuantile: 0.5
    };
    expect(typicalStrengths(sizes, cands, BEHAVIOURAL, 15, { ...params, commonNullMaxSuspect: 0.3 })[0]).toBeNull();
    expect(typicalStrengths(sizes, cands, BEHAVIOURAL, 15, { ...params, commonNullMaxSuspect: 1 })[0]).toEqual({
      intermediary_concentration: 1.5
    });
  });

  it('judges a candidate among its peer class where the book holds enough of them, else among all', () => {
    const desk = { intermediary_concentration: 'desk' };
    const params = {
      commonNullSize: 40,
      commonNullOthers: null,
      commonNullByClass: true,
      commonNullClassSize: 20,
      commonNullQuantile: 0.5,
      commonNullMaxSuspect: 1
    };
    // 100 honest clusters of ten showing nothing, 50 dealers' desk-phone clusters of ten all at the dealer.
    const sizes = [...Array(100).fill(10), ...Array(50).fill(10), 10, 10];
    const cands = [
      ...Array.from({ length: 100 }, () => scored({})),
      ...Array.from({ length: 50 }, () => scored({ intermediary_concentration: 1.5 }, desk)),
      scored({ intermediary_concentration: 1.5 }, desk),
      scored({ intermediary_concentration: 1.5 })
    ];
    const judged = judgeAmongPeers(sizes, cands, BEHAVIOURAL, 15, params);
    // Among the dealers, concentration is ordinary; among all clusters of ten it is not.
    expect(judged.typical[150]).toEqual({ intermediary_concentration: 1.5 });
    expect(judged.among[150]).toEqual(desk);
    expect(judged.typical[151]).toBeNull();
    expect(judged.among[151]).toBeNull();
    // Three such clusters are no null: they are judged among all, where concentration is rare.
    const few = [...cands.slice(0, 100), ...cands.slice(100, 103)];
    const fewJudged = judgeAmongPeers([...sizes.slice(0, 103)], few, BEHAVIOURAL, 15, params);
    expect(fewJudged.typical[100]).toBeNull();
    expect(fewJudged.among[100]).toBeNull();
  });

  it('takes a peer class smaller than commonNullSize whole once it reaches commonNullClassSize', () => {
    // A book's few fleets: 25 candidates at their contracted garages, among 100 showing nothing.
    const fleet = { intermediary_concentration: 'fleet' };
    const params = {
      commonNullSize: 40,
      commonNullOthers: null,
      commonNullByClass: true,
      commonNullQuantile: 0.5,
      commonNullMaxSuspect: 1
    };
    const build = (n: number) => ({
      sizes: [...Array(100).fill(10), ...Array(n).fill(10), 10],
      cands: [
        ...Array.from({ length: 100 }, () => scored({})),
        ...Array.from({ length: n }, () => scored({ intermediary_concentration: 1.4 }, fleet)),
        scored({ intermediary_concentration: 1.5 }, fleet)
      ]
    });
    const enough = build(25);
    const judged = judgeAmongPeers(enough.sizes, enough.cands, BEHAVIOURAL, 15, { ...params, commonNullClassSize: 20 });
    expect(judged.typical[125]).toEqual({ intermediary_concentration: 1.4 });
    expect(judged.among[125]).toEqual(fleet);
    // The same class under a 40-reference floor, or only 15 strong, is judged among all.
    expect(
      judgeAmongPeers(enough.sizes, enough.cands, BEHAVIOURAL, 15, { ...params, commonNullClassSize: 40 }).typical[125]
    ).toBeNull();
    const few = build(15);
    expect(
      judgeAmongPeers(few.sizes, few.cands, BEHAVIOURAL, 15, { ...params, commonNullClassSize: 20 }).typical[115]
    ).toBeNull();
  });

  it('leaves scores alone when too few candidates make a reference, or when turned off', () => {
    const sizes = Array(20).fill(30);
    const cands = Array.from({ length: 20 }, () => scored({ shared_bank_account: 1 }));
    expect(
      typicalStrengths(sizes, cands, BEHAVIOURAL, 15, {
        commonNullSize: 40,
        commonNullOthers: null,
        commonNullByClass: true,
        commonNullClassSize: 20,
        commonNullQuantile: 0.5,
        commonNullMaxSuspect: 1
      })
    ).toEqual(Array(20).fill(null));
    expect(
      typicalStrengths(Array(50).fill(30), Array(50).fill(scored({ shared_bank_account: 1 })), BEHAVIOURAL, 15, {
        commonNullSize: 0,
        commonNullOthers: null,
        commonNullByClass: true,
        commonNullClassSize: 20,
        commonNullQuantile: 0.5,
        commonNullMaxSuspect: 1
      }).every((t) => t === null)
    ).toBe(true);
  });
});

/**
 * Dealers billing insurers directly: each dealer's customers, strangers to each other, are paid
 * into the dealer's account and repaired at its own small workshop. Every such cluster sits
 * wholly at one provider — a coincidence by the district's shares, ordinary in this book.
 */
function directBilling(b: BookBuilder, dealers: number): void {
  const insurers = ['PICC', '平安', '太保', '国寿'];
  for (let d = 0; d < dealers; d++) {
    const account = `62220210${String(d).padStart(10, '0')}`;
    for (let k = 0; k < 8; k++) {
      const id = `D${d}-${k}`;
      b.claim(id, { insurer: insurers[(d + k) % 4]!, region: '360102', claimed: 9000 });
      b.party(id, 'insured', person('360102'), phone(300000 + d * 10 + k), account);
      b.link(id, 'repair_shop', `SHOP-D${d}`, 'repair_shop');
    }
  }
}

/** The book's bulk: single claims at the city's large garages. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    b.claim(`B${i}`, { region: '360102', insurer: ['PICC', '平安'][i % 2]! });
    b.party(`B${i}`, 'insured', person('360102'), phone(500000 + i));
    b.link(`B${i}`, 'repair_shop', `GARAGE-${i % 5}`, 'repair_shop');
  }
}

/** Six people taking turns as driver and injured over eight claims at their own shop. */
function stagingGang(b: BookBuilder): void {
  const people = Array.from({ length: 6 }, () => person('360702'));
  for (let i = 0; i < 8; i++) {
    const id = `G${i}`;
    b.claim(id, { region: '360702', insurer: ['PICC', '平安', '太保'][i % 3]!, claimed: 30000 });
    b.party(id, 'driver', people[i % 6]!);
    b.party(id, 'injured', people[(i + 1) % 6]!);
    b.link(id, 'repair_shop', 'SHOP-GANG', 'repair_shop');
  }
}

describe('a red flag every honest cluster of a size shows', () => {
  const b = new BookBuilder();
  background(b, 500);
  directBilling(b, 60);
  stagingGang(b);
  const flaggedDealers = (rings: ReturnType<typeof detectRings>['rings']): number =>
    rings.filter((r) => r.flagged && r.claims.some((c) => c.startsWith('D'))).length;

  it('flags direct-billing dealers when provider concentration is judged by base rates alone', () => {
    // Structure counted beside a single red flag, as before the kinds rule (detect/ring).
    const { rings } = detectRings(b.book, { commonNullSize: 0, structuralKinds: 0 });
    expect(flaggedDealers(rings)).toBeGreaterThan(30);
  });

  it('leaves them unflagged on that one red flag, however strong, when structure needs two kinds', () => {
    const { rings } = detectRings(b.book, { commonNullSize: 0, reportMinScore: 0 });
    expect(flaggedDealers(rings)).toBe(0);
    const dealer = rings.find((r) => r.claims.includes('D0-0'))!;
    expect(dealer.evidence.find((e) => e.signal === 'intermediary_concentration')!.contribution).toBeGreaterThan(30);
    const spread = dealer.evidence.find((e) => e.signal === 'cross_insurer')!;
    expect(spread.contribution).toBe(0);
    expect(spread.detail).toMatch(/not counted: structural facts count beside 2 kinds of red flag/);
  });

  it('counts it only above what those clusters typically show: the dealers drop, the gang stays', () => {
    const { rings } = detectRings(b.book);
    expect(flaggedDealers(rings)).toBe(0);
    const gang = rings.find((r) => r.claims.includes('G0'));
    expect(gang?.flagged).toBe(true);
    expect(gang!.evidence.find((e) => e.signal === 'role_switching')!.contribution).toBeGreaterThan(20);
    const dealer = detectRings(b.book, { reportMinScore: 0 }).rings.find((r) => r.claims.includes('D0-0'));
    const concentration = dealer?.evidence.find((e) => e.signal === 'intermediary_concentration');
    expect(concentration?.detail).toMatch(/typically show in this book/);
    expect(concentration?.contribution).toBe(0);
  });

  it('gives the same rings for the same book and seed', () => {
    expect(JSON.stringify(detectRings(b.book, { seed: 7 }).rings)).toBe(
      JSON.stringify(detectRings(b.book, { seed: 7 }).rings)
    );
  });
});

/**
 * 4S dealers filing for their customers: each dealer's desk phone is entered as the insured's
 * phone on eight customers' claims (strangers to each other), and the dealer also repairs twelve
 * walk-in customers' cars. The eight form one candidate through the desk phone, sitting wholly at
 * a dealer that sees 20 of the book's claims.
 */
function deskDealers(b: BookBuilder, from: number, dealers: number): void {
  const insurers = ['PICC', '平安', '太保', '国寿'];
  for (let d = from; d < from + dealers; d++) {
    const desk = phone(700000 + d);
    for (let k = 0; k < 20; k++) {
      const id = `K${d}-${k}`;
      b.claim(id, { insurer: insurers[(d + k) % 4]!, region: k % 2 ? '360102' : '360103', claimed: 12000 });
      b.party(id, 'insured', person('360102'), k < 8 ? desk : phone(800000 + d * 100 + k));
      b.link(id, 'repair_shop', `DEALER-${d}`, 'repair_shop');
    }
  }
}

/**
 * Quiet clusters (of eight by default): one vehicle recurring over its owners' claims at the city's
 * large garages. Their claim ids (prefix A) sort first, so among equally sized candidates they are the
 * nearest peers.
 */
function quietClusters(b: BookBuilder, n: number, size = 8, prefix = 'A', phones = 900000): void {
  for (let q = 0; q < n; q++) {
    for (let k = 0; k < size; k++) {
      const id = `${prefix}${q}-${k}`;
      b.claim(id, { region: '360102', insurer: ['PICC', '平安'][k % 2]! });
      b.party(id, 'insured', person('360102'), phone(phones + q * 10 + k));
      b.link(id, 'vehicle', `赣${prefix}${String(q).padStart(5, '0')}`, 'third_party');
      b.link(id, 'repair_shop', `GARAGE-${(q + k) % 5}`, 'repair_shop');
    }
  }
}

describe('a red flag explained by how the candidate was drawn', () => {
  const flaggedDealers = (rings: ReturnType<typeof detectRings>['rings']): number =>
    rings.filter((r) => r.flagged && r.claims.some((c) => c.startsWith('K'))).length;

  const many = new BookBuilder();
  background(many, 500);
  quietClusters(many, 120);
  deskDealers(many, 0, 60);
  stagingGang(many);

  it('judges dealers drawn through their desk phone among their own kind where the book has many', () => {
    // Among all clusters of eight (most of them quiet) the dealers' concentration is rare.
    expect(flaggedDealers(detectRings(many.book, { commonNullByClass: false }).rings)).toBeGreaterThan(30);
    const { rings } = detectRings(many.book);
    expect(flaggedDealers(rings)).toBe(0);
    expect(rings.find((r) => r.claims.includes('G0'))?.flagged).toBe(true);
    const dealer = detectRings(many.book, { reportMinScore: 0 }).rings.find((r) => r.claims.includes('K0-0'));
    const concentration = dealer?.evidence.find((e) => e.signal === 'intermediary_concentration');
    expect(concentration?.detail).toMatch(/drawn together through a repair shop's own phone or account/);
    expect(concentration?.contribution).toBe(0);
  });

  it("counts a shop's staff phone on its owners' claims where the book has only a few such shops", () => {
    const few = new BookBuilder();
    background(few, 500);
    quietClusters(few, 120);
    deskDealers(few, 0, 2);
    const { rings } = detectRings(few.book);
    expect(flaggedDealers(rings)).toBe(2);
    for (const r of rings.filter((x) => x.claims.some((c) => c.startsWith('K'))))
      expect(r.evidence.find((e) => e.signal === 'intermediary_concentration')!.contribution).toBeGreaterThan(30);
  });
});

/**
 * Dealers whose desk phone is on so many claims (90) that it links nothing, each with one repeat
 * customer: that customer's car, repaired four times at the dealer, its claims filed with the
 * desk phone. The four form a candidate through the car; the desk phone has one holder in it.
 */
function repeatCustomers(b: BookBuilder, dealers: number): void {
  for (let d = 0; d < dealers; d++) {
    const desk = phone(720000 + d);
    const owner = person('360102');
    for (let k = 0; k < 90; k++) {
      const id = `D${d}-${String(k).padStart(2, '0')}`;
      b.claim(id, { insurer: ['PICC', '平安', '太保'][k % 3]!, region: k % 2 ? '360102' : '360103' });
      b.party(id, 'insured', k < 4 ? owner : person('360102'), desk);
      if (k < 4) b.link(id, 'vehicle', `赣D${String(d).padStart(5, '0')}`, 'insured');
      b.link(id, 'repair_shop', `DESK-DEALER-${d}`, 'repair_shop');
    }
  }
}

describe("a dealer's desk phone on so many claims that it links nothing", () => {
  it("puts a repeat customer's repairs there among the dealers' candidates, not among all", () => {
    const b = new BookBuilder();
    background(b, 500);
    quietClusters(b, 150, 4, 'Q', 930000); // the peers of a four-claim candidate
    repeatCustomers(b, 50);
    const { rings } = detectRings(b.book, { reportMinScore: 0 });
    const customer = rings.find((r) => r.claims.includes('D0-00'))!;
    expect(customer.claims).toEqual(['D0-00', 'D0-01', 'D0-02', 'D0-03']);
    const concentration = customer.evidence.find((e) => e.signal === 'intermediary_concentration')!;
    expect(concentration.detail).toMatch(/drawn together through a repair shop's own phone or account/);
    expect(concentration.contribution).toBe(0);
    expect(rings.filter((r) => r.flagged && r.claims.some((c) => c.startsWith('D'))).length).toBe(0);
  });
});

/** Logistics fleets: each company insures four trucks, and its eight claims go to its contracted garage (which also has walk-ins). */
function fleets(b: BookBuilder, n: number): void {
  for (let f = 0; f < n; f++) {
    const company = person('360102');
    for (let k = 0; k < 20; k++) {
      const id = `L${f}-${k}`;
      b.claim(id, { insurer: ['PICC', '平安', '太保'][k % 3]!, region: k % 2 ? '360102' : '360103' });
      if (k < 8) {
        b.party(id, 'insured', company, phone(600000 + f));
        b.party(id, 'driver', person('360102'));
        b.link(id, 'vehicle', `赣L${String(f * 10 + (k % 4)).padStart(5, '0')}`, 'insured');
      } else b.party(id, 'insured', person('360102'), phone(610000 + f * 100 + k));
      b.link(id, 'repair_shop', `FLEET-GARAGE-${f}`, 'repair_shop');
    }
  }
}

describe("a fleet's contracted garage", () => {
  it('is judged among fleets where the book has many of them', () => {
    const b = new BookBuilder();
    background(b, 500);
    quietClusters(b, 120);
    fleets(b, 60);
    const concentration = (byClass: boolean): Evidence | undefined =>
      detectRings(b.book, { reportMinScore: 0, commonNullByClass: byClass })
        .rings.find((r) => r.claims.includes('L0-0'))
        ?.evidence.find((e) => e.signal === 'intermediary_concentration');
    expect(concentration(false)?.contribution).toBeGreaterThan(30);
    const judged = concentration(true);
    expect(judged?.contribution).toBe(0);
    expect(judged?.detail).toMatch(/under one fleet policyholder/);
  });
});
