import { describe, expect, it } from 'vitest';
import { detectRings } from '../../engine/detect/index.js';
import { linkingPairs } from '../../engine/detect/grow.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import { BookBuilder, person, phone, ringWith } from '../helpers/book.js';

/** Injured people of two districts at five hospitals and four appraisers chosen independently. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    const id = `B${i}`;
    b.claim(id, { product: 'injury', region: i % 2 ? '360102' : '360103', claimed: 6000 + (i % 50) * 100 });
    b.party(id, 'injured', person(), phone(500000 + i));
    b.link(id, 'hospital', `HOSP-${i % 5}`, 'hospital');
    b.link(id, 'appraiser', `APPR-${Math.floor(i / 5) % 4}`, 'appraiser');
  }
}

/**
 * A broker's fourteen victims recruited one by one: none shares a phone, an account or a car with
 * anyone, but all were sent to one clinic and one appraiser within four months, at high amounts.
 */
function looseBroker(b: BookBuilder): string[] {
  const ring: string[] = [];
  for (let k = 0; k < 14; k++) {
    const id = `K${k}`;
    ring.push(id);
    b.claim(id, {
      product: 'injury',
      region: k % 2 ? '360102' : '360103',
      insurer: ['PICC', '平安', '太保', '大地'][k % 4]!,
      accidentDate: `2024-0${3 + (k % 4)}-1${k % 9}`,
      claimed: 90000 + k * 1000
    });
    b.party(id, 'injured', person(['360102', '360702', '361002'][k % 3]), phone(700000 + k));
    b.link(id, 'hospital', 'CLINIC-K', 'hospital');
    b.link(id, 'appraiser', 'APPR-K', 'appraiser');
  }
  // The clinic and the appraiser also see honest patients, each with others.
  for (let k = 0; k < 20; k++) {
    const id = `N${k}`;
    b.claim(id, { product: 'injury', region: '360102', claimed: 7000 });
    b.party(id, 'injured', person(), phone(720000 + k));
    b.link(id, 'hospital', k % 2 ? 'CLINIC-K' : `HOSP-${k % 5}`, 'hospital');
    b.link(id, 'appraiser', k % 2 ? `APPR-${k % 4}` : 'APPR-K', 'appraiser');
  }
  return ring;
}

/**
 * A city district's busiest clinic and appraiser: forty of the clinic's sixty patients go to that
 * appraiser, four times what the district's other patients do, at high amounts and across
 * insurers — improbable by chance, yet a referral route, not a choice bought by a broker.
 */
function referralRoute(b: BookBuilder): string[] {
  const region = '360104';
  for (let i = 0; i < 800; i++) {
    const id = `C${i}`;
    b.claim(id, { product: 'injury', region, claimed: 6000 + (i % 40) * 100 });
    b.party(id, 'injured', person(), phone(600000 + i));
    b.link(id, 'hospital', `CITY-HOSP-${i % 8}`, 'hospital');
    b.link(id, 'appraiser', i % 5 === 0 ? 'CITY-APPR' : `CITY-APPR-${i % 3}`, 'appraiser');
  }
  const route: string[] = [];
  for (let k = 0; k < 60; k++) {
    const id = `Q${k}`;
    b.claim(id, {
      product: 'injury',
      region,
      insurer: ['PICC', '平安', '太保', '大地'][k % 4]!,
      accidentDate: `2024-0${3 + (k % 4)}-1${k % 9}`,
      claimed: 90000 + k * 1000
    });
    b.party(id, 'injured', person(), phone(650000 + k));
    b.link(id, 'hospital', 'BUSY-CLINIC', 'hospital');
    if (k < 40) {
      b.link(id, 'appraiser', 'CITY-APPR', 'appraiser');
      route.push(id);
    } else b.link(id, 'appraiser', `CITY-APPR-${k % 3}`, 'appraiser');
  }
  return route;
}

describe('pair-seeds: a ring drawn by its provider pair alone', () => {
  const b = new BookBuilder();
  background(b, 2000);
  const ring = looseBroker(b);

  it('reports the victims no identity links as one flagged ring, named by its pair', () => {
    const run = detectRings(b.book, { reportMinScore: 0 });
    const found = ringWith(run.rings, 'K0')!;
    expect(found.flagged).toBe(true);
    expect([...found.claims].sort()).toEqual([...ring].sort());
    expect(run.stats.seeded).toBe(1);
    expect(run.stats.grown).toBe(0);
    const size = found.evidence.find((e) => e.signal === 'ring_size')!;
    expect(size.detail).toMatch(/drawn by the providers they all used, no flagged ring holding them: .*CLINIC-K/);
    expect(run.rings.filter((r) => r.flagged)).toHaveLength(1);
  });

  it('draws nothing without the pair test', () => {
    const run = detectRings(b.book, { reportMinScore: 0, growEvidence: 0 });
    expect(run.stats.seeded).toBe(0);
    expect(ringWith(run.rings, 'K0')?.flagged ?? false).toBe(false);
  });

  it('is deterministic', () => {
    const one = detectRings(b.book, { reportMinScore: 0 });
    const two = detectRings(b.book, { reportMinScore: 0 });
    expect(JSON.stringify(two.rings)).toBe(JSON.stringify(one.rings));
  });
});

describe('pair-seeds: a busy clinic’s referral route is not a ring', () => {
  it('passes the pair test on volume but seeds nothing: it runs at a few times the expected', () => {
    const b = new BookBuilder();
    const route = referralRoute(b);
    const index = indexBook(b.book);
    const pair = linkingPairs(index, 5).find((p) => p.claims.some((c) => index.claims[c]!.id === 'Q0'))!;
    expect(pair.claims).toHaveLength(route.length);
    expect(pair.claims.length / pair.expected).toBeGreaterThan(2.5);
    expect(pair.claims.length / pair.expected).toBeLessThan(8);
    const run = detectRings(b.book, { reportMinScore: 0 });
    expect(run.stats.seeded).toBe(0);
    expect(run.rings.filter((r) => r.flagged)).toEqual([]);
  });
});

/**
 * A staging gang of twenty claims, its members paid into two pooled accounts; a broker's ten
 * victims at one clinic and appraiser, four of them brought by the broker's agent; and one honest
 * family tying the two together: the agent claimed on a relative's policy, and that relative's
 * other claim had a gang member as witness. With `tied`, every victim also gives the gang's phone.
 */
function twoGangs(b: BookBuilder, tied: boolean): { gang: string[]; victims: string[] } {
  const members = Array.from({ length: 10 }, (_, i) => person(['360102', '360403', '360702'][i % 3]));
  const gang: string[] = [];
  for (let k = 0; k < 20; k++) {
    const id = `G${k}`;
    gang.push(id);
    b.claim(id, {
      region: '360102',
      insurer: ['PICC', '平安', '太保', '大地'][k % 4]!,
      accidentDate: `2023-0${1 + (k % 3)}-1${k % 9}`,
      claimed: 40000 + k * 500
    });
    b.party(id, 'insured', members[k % 10]!, phone(300000 + (k % 10)), k % 2 ? 'ACC-G1' : 'ACC-G2');
    b.party(id, 'driver', members[(k + 3) % 10]!, phone(300000 + ((k + 3) % 10)));
  }
  const agent = person('360103');
  const victims: string[] = [];
  for (let k = 0; k < 10; k++) {
    const id = `V${k}`;
    victims.push(id);
    b.claim(id, {
      product: 'injury',
      region: k % 2 ? '360102' : '360103',
      insurer: ['PICC', '平安', '太保', '大地'][k % 4]!,
      accidentDate: `2024-0${3 + (k % 4)}-1${k % 9}`,
      claimed: 90000 + k * 1000
    });
    b.party(id, 'injured', person(['360102', '360702', '361002'][k % 3]), phone(710000 + k));
    if (k < 4) b.party(id, 'agent', agent);
    if (tied) b.link(id, 'phone', phone(300000), 'claimant');
    b.link(id, 'hospital', 'CLINIC-V', 'hospital');
    b.link(id, 'appraiser', 'APPR-V', 'appraiser');
  }
  const relative = person('360103');
  b.claim('H1', { region: '360103', claimed: 3000 });
  b.party('H1', 'insured', relative, phone(740001));
  b.party('H1', 'claimant', agent);
  b.claim('H2', { region: '360103', claimed: 2500, accidentDate: '2023-05-02' });
  b.party('H2', 'insured', relative, phone(740001));
  b.party('H2', 'witness', members[0]!);
  return { gang, victims };
}

describe('pair-seeds: a broker’s victims split off another gang’s ring', () => {
  it('reports the victims and the gang as two flagged rings where one honest family ties them', () => {
    const b = new BookBuilder();
    background(b, 2000);
    const { gang, victims } = twoGangs(b, false);
    const run = detectRings(b.book, { reportMinScore: 0 });
    const broker = ringWith(run.rings, 'V0')!;
    expect(broker.flagged).toBe(true);
    expect([...broker.claims].sort()).toEqual([...victims].sort());
    expect(broker.evidence.find((e) => e.signal === 'ring_size')!.detail).toMatch(/drawn by the providers .*CLINIC-V/);
    const staging = ringWith(run.rings, 'G0')!;
    expect(staging.flagged).toBe(true);
    expect(staging.claims).toEqual(expect.arrayContaining(gang));
    expect(staging.claims.filter((c) => c.startsWith('V'))).toEqual([]);
  });

  it('keeps one ring where every victim is tied to the gang', () => {
    const b = new BookBuilder();
    background(b, 2000);
    const { gang, victims } = twoGangs(b, true);
    const run = detectRings(b.book, { reportMinScore: 0 });
    const ring = ringWith(run.rings, 'V0')!;
    expect(ring.flagged).toBe(true);
    expect(ring.claims).toEqual(expect.arrayContaining([...gang, ...victims]));
  });
});

/**
 * A district of 900 injured people, each at one of its clinics, appraisers and law firms chosen
 * independently; one clinic, appraiser and law firm each see one in fifteen. A broker sends sixteen
 * victims to all three: each pair runs at four to five times its expected count, under the bar a
 * lone pair must clear, but the three together close a triangle.
 */
function brokerChain(b: BookBuilder): string[] {
  let s = 7;
  const rnd = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const region = '360105';
  for (let i = 0; i < 900; i++) {
    const id = `D${i}`;
    b.claim(id, { product: 'injury', region, claimed: 6000 + (i % 40) * 100 });
    b.party(id, 'injured', person(), phone(400000 + i));
    b.link(id, 'hospital', rnd() < 1 / 15 ? 'CLINIC-T' : `HOSP-${i % 6}`, 'hospital');
    b.link(id, 'appraiser', rnd() < 1 / 15 ? 'APPR-T' : `APPR-${i % 5}`, 'appraiser');
    b.link(id, 'lawyer', rnd() < 1 / 15 ? 'LAW-T' : `LAW-${i % 4}`, 'lawyer');
  }
  const victims: string[] = [];
  for (let k = 0; k < 16; k++) {
    const id = `V${k}`;
    victims.push(id);
    b.claim(id, {
      product: 'injury',
      region,
      insurer: ['PICC', '平安', '太保', '大地'][k % 4]!,
      accidentDate: `2024-0${3 + (k % 4)}-1${k % 9}`,
      claimed: 90000 + k * 1000
    });
    b.party(id, 'injured', person(['360102', '360702', '361002'][k % 3]), phone(710000 + k));
    b.link(id, 'hospital', 'CLINIC-T', 'hospital');
    b.link(id, 'appraiser', 'APPR-T', 'appraiser');
    b.link(id, 'lawyer', 'LAW-T', 'lawyer');
  }
  return victims;
}

describe('pair-seeds: a broker’s clinic, appraiser and law firm together', () => {
  it('seeds from pairs under the lone pair’s bar when they close a triangle', () => {
    const b = new BookBuilder();
    const victims = brokerChain(b);
    const index = indexBook(b.book);
    const chain = linkingPairs(index, 5).filter((p) => p.providers.every((e) => index.entityKey[e]!.endsWith('-T')));
    expect(chain).toHaveLength(3);
    for (const p of chain) expect(p.claims.length / p.expected).toBeLessThan(8);
    const run = detectRings(b.book, { reportMinScore: 0 });
    expect(run.stats.seeded).toBe(1);
    const ring = ringWith(run.rings, 'V0')!;
    expect(ring.flagged).toBe(true);
    expect(ring.claims).toEqual(expect.arrayContaining(victims));
  });
});

/**
 * A district's injured over three years at five hospitals and four appraisers, one appraiser
 * taking one claim in sixteen. A clinic's twenty patients go where everyone's go, except six
 * high-value victims sent to that appraiser — in one season (`bunched`) or over the three years.
 */
function seasonalPair(b: BookBuilder, bunched: boolean): string[] {
  const region = '360105';
  const day = (n: number): string => new Date(Date.UTC(2022, 0, 1 + n)).toISOString().slice(0, 10);
  for (let i = 0; i < 900; i++) {
    const id = `S${i}`;
    b.claim(id, { product: 'injury', region, accidentDate: day((i * 37) % 1095), claimed: 6000 + (i % 40) * 100 });
    b.party(id, 'injured', person(), phone(400000 + i));
    b.link(id, 'hospital', `SEASON-HOSP-${i % 5}`, 'hospital');
    b.link(id, 'appraiser', i % 16 === 0 ? 'SEASON-APPR' : `SEASON-APPR-${i % 4}`, 'appraiser');
  }
  for (let k = 0; k < 14; k++) {
    const id = `P${k}`;
    b.claim(id, { product: 'injury', region, accidentDate: day(40 + k * 75), claimed: 7000 });
    b.party(id, 'injured', person(), phone(450000 + k));
    b.link(id, 'hospital', 'SEASON-CLINIC', 'hospital');
    b.link(id, 'appraiser', `SEASON-APPR-${k % 4}`, 'appraiser');
  }
  const victims: string[] = [];
  for (let k = 0; k < 6; k++) {
    const id = `V${k}`;
    victims.push(id);
    b.claim(id, {
      product: 'injury',
      region,
      insurer: ['PICC', '平安', '太保', '大地'][k % 4]!,
      accidentDate: day(bunched ? 500 + k * 11 : 30 + k * 200),
      claimed: 120000 + k * 1000
    });
    b.party(id, 'injured', person(['360102', '360702', '361002'][k % 3]), phone(460000 + k));
    b.link(id, 'hospital', 'SEASON-CLINIC', 'hospital');
    b.link(id, 'appraiser', 'SEASON-APPR', 'appraiser');
  }
  return victims;
}

describe('pair-seeds: a pair worked for one season', () => {
  const pairOf = (bunched: boolean) => {
    const b = new BookBuilder();
    const victims = seasonalPair(b, bunched);
    const index = indexBook(b.book);
    const pair = linkingPairs(index, 5).find((p) =>
      p.providers.map((e) => index.entityKey[e]).includes('SEASON-CLINIC')
    );
    return { b, victims, index, pair };
  };

  it('passes the pair test on its count and dates together; spread over the years it does not', () => {
    const season = pairOf(true);
    expect(season.pair).toBeDefined();
    expect(season.pair!.claims.map((c) => season.index.claims[c]!.id).sort()).toEqual(season.victims);
    // Six claims at a few times the expected: not enough on the count alone, bunched within two months.
    expect(season.pair!.claims.length).toBeLessThan(8 * season.pair!.expected);
    expect(season.pair!.bunched).toBeLessThan(-3);
    expect(pairOf(false).pair).toBeUndefined();
  });

  it('draws the victims as a flagged ring only when they came in one season', () => {
    const season = pairOf(true);
    const ring = ringWith(detectRings(season.b.book).rings, 'V0');
    expect(ring?.flagged).toBe(true);
    expect(ring!.claims.sort()).toEqual(season.victims);
    const spread = pairOf(false);
    expect(ringWith(detectRings(spread.b.book).rings, 'V0')?.flagged ?? false).toBe(false);
  });
});
