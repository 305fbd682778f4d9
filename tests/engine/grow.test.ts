import { describe, expect, it } from 'vitest';
import { detectRings } from '../../engine/detect/index.js';
import { linkingPairs } from '../../engine/detect/grow.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import type { Ring } from '../../engine/model.js';
import { BookBuilder, person, phone } from '../helpers/book.js';

const HOSPITALS = ['HOSP-A', 'HOSP-B', 'HOSP-C', 'HOSP-D', 'HOSP-E'];
const APPRAISERS = ['APPR-A', 'APPR-B', 'APPR-C', 'APPR-D'];

/**
 * Injured people of two districts, each at one of five hospitals and one of four appraisers
 * chosen independently: every (hospital, appraiser) pair is common and none is a choice.
 */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    const id = `B${i}`;
    b.claim(id, { product: 'injury', region: i % 2 ? '360102' : '360103', claimed: 6000 + (i % 50) * 100 });
    b.party(id, 'injured', person(), phone(500000 + i));
    b.link(id, 'hospital', HOSPITALS[i % 5]!, 'hospital');
    b.link(id, 'appraiser', APPRAISERS[Math.floor(i / 5) % 4]!, 'appraiser');
  }
}

/**
 * A broker's eighteen victims, each sent to the same clinic and the same appraiser. Five of
 * them are paid into the broker's account; the other thirteen share no identity with anyone.
 * The clinic and the appraiser also serve honest patients.
 */
function broker(b: BookBuilder): { paid: string[]; loose: string[] } {
  const paid: string[] = [],
    loose: string[] = [];
  for (let k = 0; k < 18; k++) {
    const id = `K${k}`;
    (k < 5 ? paid : loose).push(id);
    b.claim(id, {
      product: 'injury',
      region: k % 2 ? '360102' : '360103',
      insurer: ['PICC', '平安', '太保'][k % 3]!,
      claimed: 90000 + k * 1000
    });
    b.party(
      id,
      'injured',
      person(['360102', '360702', '361002'][k % 3]),
      phone(700000 + k),
      k < 5 ? 'ACC-BROKER' : undefined
    );
    b.link(id, 'hospital', 'CLINIC-K', 'hospital');
    b.link(id, 'appraiser', 'APPR-K', 'appraiser');
  }
  for (let k = 0; k < 30; k++) {
    const id = `N${k}`;
    b.claim(id, { product: 'injury', region: '360102', claimed: 7000 });
    b.party(id, 'injured', person(), phone(720000 + k));
    b.link(id, 'hospital', k % 2 ? 'CLINIC-K' : HOSPITALS[k % 5]!, 'hospital');
    b.link(id, 'appraiser', k % 2 ? APPRAISERS[k % 4]! : 'APPR-K', 'appraiser');
  }
  return { paid, loose };
}

/**
 * Four honest towns, each with one clinic and one appraiser that see nearly all its injured
 * (a few go to the city's appraiser): the pair is the town, not a choice.
 */
function towns(b: BookBuilder): void {
  for (let t = 0; t < 4; t++)
    for (let i = 0; i < 25; i++) {
      const id = `T${t}-${i}`;
      b.claim(id, { product: 'injury', region: `36072${t + 1}`, claimed: 8000 + i * 100 });
      b.party(id, 'injured', person(), phone(800000 + t * 100 + i));
      b.link(id, 'hospital', `TOWN-CLINIC-${t}`, 'hospital');
      b.link(id, 'appraiser', i < 20 ? `TOWN-APPR-${t}` : APPRAISERS[i % 4]!, 'appraiser');
    }
}

/**
 * A district whose appraised claims nearly all go to one busy appraiser (nine in ten), while
 * most injured people are never appraised. A broker's clinic sends all fifteen victims there;
 * its ten honest patients, like everyone else's, seldom go.
 */
function busyAppraiser(b: BookBuilder): string[] {
  const region = '360201';
  for (let i = 0; i < 400; i++) {
    const id = `D${i}`;
    b.claim(id, { product: 'injury', region, claimed: 6000 + (i % 40) * 100 });
    b.party(id, 'injured', person(), phone(900000 + i));
    b.link(id, 'hospital', `DIST-HOSP-${i % 5}`, 'hospital');
    if (i % 7 === 0) b.link(id, 'appraiser', i % 70 === 0 ? 'SMALL-APPR' : 'BUSY-APPR', 'appraiser');
  }
  const ring: string[] = [];
  for (let k = 0; k < 25; k++) {
    const id = `R${k}`;
    b.claim(id, { product: 'injury', region, claimed: k < 15 ? 95000 : 7000 });
    b.party(id, 'injured', person(), phone(950000 + k));
    b.link(id, 'hospital', 'BROKER-CLINIC', 'hospital');
    if (k < 15) {
      b.link(id, 'appraiser', 'BUSY-APPR', 'appraiser');
      ring.push(id);
    }
  }
  return ring;
}

describe('grow: a pair judged among all the district’s injury claims', () => {
  it('finds a clinic whose patients go to the busy appraiser far more often than others’ do', () => {
    const b = new BookBuilder();
    const ring = busyAppraiser(b);
    const index = indexBook(b.book);
    const pairs = linkingPairs(index, 5).map((p) => ({
      names: p.providers.map((e) => index.entityKey[e]).sort(),
      claims: p.claims.map((c) => index.claims[c]!.id).sort()
    }));
    expect(pairs).toEqual([{ names: ['BROKER-CLINIC', 'BUSY-APPR'], claims: [...ring].sort() }]);
  });
});

describe('grow: a flagged ring joined by the claims of its provider pair', () => {
  const b = new BookBuilder();
  background(b, 2000);
  towns(b);
  const { paid, loose } = broker(b);
  const ringOf = (rings: Ring[], claim: string) => rings.find((r) => r.claims.includes(claim));

  it('finds the broker’s clinic–appraiser pair, and no pair of the independently chosen ones nor of a town’s only clinic and appraiser', () => {
    const index = indexBook(b.book);
    const pairs = linkingPairs(index, 5);
    expect(pairs).toHaveLength(1);
    const names = pairs[0]!.providers.map((e) => index.entityKey[e]).sort();
    expect(names).toEqual(['APPR-K', 'CLINIC-K']);
    expect(pairs[0]!.claims.map((c) => index.claims[c]!.id).sort()).toEqual([...paid, ...loose].sort());
    expect(linkingPairs(index, 0)).toEqual([]);
    // Even at a far weaker bar, no town pair: 20 of a town's 25 claims on the pair is the town.
    const weak = linkingPairs(index, 2).flatMap((p) => p.providers.map((e) => index.entityKey[e]!));
    expect(weak.filter((k) => k.startsWith('TOWN'))).toEqual([]);
  });

  it('reports the paid victims with the loose ones; without growth only the paid ones', () => {
    const run = detectRings(b.book, { reportMinScore: 0 });
    const ring = ringOf(run.rings, 'K0')!;
    expect(ring.flagged).toBe(true);
    expect(ring.claims).toEqual(expect.arrayContaining([...paid, ...loose]));
    expect(ring.claims.filter((c) => !c.startsWith('K'))).toEqual([]);
    expect(run.stats.grown).toBe(1);
    const size = ring.evidence.find((e) => e.signal === 'ring_size')!;
    expect(size.detail).toMatch(
      /13 of them share no identity with the rest and were joined through the providers they all used: .*CLINIC-K/
    );

    const without = detectRings(b.book, { reportMinScore: 0, growEvidence: 0 });
    expect(without.stats.grown).toBe(0);
    expect(ringOf(without.rings, 'K0')!.claims.sort()).toEqual([...paid].sort());
    expect(ringOf(without.rings, 'K9')).toBeUndefined();
  });

  it('grows nothing from an unflagged candidate', () => {
    const run = detectRings(b.book, { reportMinScore: 0, flagThreshold: 101 });
    expect(ringOf(run.rings, 'K0')!.claims.sort()).toEqual([...paid].sort());
    expect(run.stats.grown).toBe(0);
  });

  it('is deterministic', () => {
    const one = detectRings(b.book, { reportMinScore: 0 });
    const two = detectRings(b.book, { reportMinScore: 0 });
    expect(JSON.stringify(two.rings)).toBe(JSON.stringify(one.rings));
  });
});

/**
 * A city district whose injured pick one of five hospitals and one of four appraisers independently,
 * except that a busy referral route sends 45 of its hospital's patients to its appraiser: three
 * times what chance gives, a count no Poisson bar calls luck. Six claims of a gang, paid into one
 * account from three districts, went the same way.
 */
function referralRoute(b: BookBuilder): string[] {
  const region = '360111';
  for (let i = 0; i < 1500; i++) {
    const id = `C${i}`;
    b.claim(id, { product: 'injury', region, claimed: 6000 + (i % 50) * 100 });
    b.party(id, 'injured', person(), phone(600000 + i));
    const route = i % 30 < 1;
    b.link(id, 'hospital', route || i % 10 === 3 ? 'ROUTE-HOSP' : HOSPITALS[i % 5]!, 'hospital');
    b.link(id, 'appraiser', route || i % 10 === 7 ? 'ROUTE-APPR' : APPRAISERS[Math.floor(i / 7) % 4]!, 'appraiser');
  }
  const gang: string[] = [];
  for (let k = 0; k < 6; k++) {
    const id = `G${k}`;
    gang.push(id);
    b.claim(id, { product: 'injury', region, insurer: ['PICC', '平安', '太保'][k % 3]!, claimed: 120000 + k * 1000 });
    b.party(id, 'injured', person(['360102', '360702', '361002'][k % 3]), phone(660000 + k), 'ACC-GANG');
    b.link(id, 'hospital', 'ROUTE-HOSP', 'hospital');
    b.link(id, 'appraiser', 'ROUTE-APPR', 'appraiser');
  }
  return gang;
}

describe('grow: a busy referral route lends a ring nothing', () => {
  it('keeps the gang to its own claims though the route passes the Poisson bar', () => {
    const b = new BookBuilder();
    const gang = referralRoute(b);
    const index = indexBook(b.book);
    const route = linkingPairs(index, 5).find((p) => p.providers.every((e) => index.entityKey[e]!.startsWith('ROUTE')));
    // The route is improbable by count, but under three times its expected.
    expect(route).toBeDefined();
    expect(route!.claims.length).toBeGreaterThan(2 * route!.expected);
    expect(route!.claims.length).toBeLessThan(3 * route!.expected);
    const run = detectRings(b.book, { reportMinScore: 0 });
    const ring = run.rings.find((r) => r.claims.includes('G0'))!;
    expect(ring.flagged).toBe(true);
    expect(ring.claims.sort()).toEqual([...gang].sort());
    expect(run.stats.grown).toBe(0);
  });
});
