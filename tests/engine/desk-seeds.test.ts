import { describe, expect, it } from 'vitest';
import { scoreDeskPart, seedFromDesks } from '../../engine/detect/desk-seeds.js';
import { bookStats, DEFAULTS } from '../../engine/detect/index.js';
import { scoreCandidate, type ScoredCandidate } from '../../engine/detect/ring.js';
import { buildCommunityGraph } from '../../engine/graph/community-graph.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import { deskIdentities, desklessParts } from '../../engine/graph/desk-identities.js';
import type { RingContext } from '../../engine/signals/context.js';
import { useSpans } from '../../engine/signals/shared.js';
import { BookBuilder, person, phone } from '../helpers/book.js';

const day = (n: number): string => new Date(Date.UTC(2017, 0, 1 + n)).toISOString().slice(0, 10);
const SPAN = 9 * 365;
const DESK_PHONE = phone(700001);
const DESK_ACCOUNT = '6222000000000000700';

/** Unrelated drivers with one claim each, spread over nine years at twelve garages: the book's bulk. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    const id = `B${i}`;
    b.claim(id, { accidentDate: day((i * 37) % SPAN), policyStart: '2016-01-01', claimed: 3000 + (i % 40) * 100 });
    b.party(id, 'driver', person(), phone(500000 + i));
    b.link(id, 'repair_shop', `SHOP-${i % 12}`, 'repair_shop');
  }
}

/**
 * A dealer's honest customers over the book's nine years, each on the dealer's claims advisor's
 * phone, every other one paid through the dealer's account: `n` claims.
 */
function dealer(b: BookBuilder, n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `D${i}`;
    ids.push(id);
    b.claim(id, {
      accidentDate: day(10 + Math.floor((i * (SPAN - 20)) / n)),
      policyStart: '2016-01-01',
      claimed: 4000 + (i % 30) * 150
    });
    b.party(id, 'insured', person(), DESK_PHONE, i % 2 === 0 ? DESK_ACCOUNT : undefined);
    b.party(id, 'driver', person(), phone(600000 + i));
    b.link(id, 'repair_shop', 'DEALER-4S', 'repair_shop');
  }
  return ids;
}

/**
 * A crew filing six claims through the same dealer's advisor in seven weeks of 2024: two members
 * drive the "customers'" cars, one crew phone on every claim, big bills, the same car struck twice.
 */
function crewAtDealer(b: BookBuilder): string[] {
  const drivers = [person('360702'), person('360702')];
  const crew: string[] = [];
  for (let k = 0; k < 6; k++) {
    const id = `C${k}`;
    crew.push(id);
    b.claim(id, {
      accidentDate: new Date(Date.UTC(2024, 2, 3 + k * 9)).toISOString().slice(0, 10),
      insurer: ['PICC', '平安', '太保'][k % 3]!,
      claimed: 46000 + k * 1000
    });
    b.party(id, 'insured', person(), DESK_PHONE);
    b.party(id, 'driver', drivers[k % 2]!, phone(880000));
    if (k % 3 === 0) b.link(id, 'vehicle', '赣A CREW0', 'third_party');
    b.link(id, 'repair_shop', 'DEALER-4S', 'repair_shop');
  }
  return crew;
}

describe('desk identities: a shop’s advisor phone and account', () => {
  const b = new BookBuilder();
  background(b, 300);
  const customers = dealer(b, 40);
  // A crew's account at one shop for three months of the book's nine years: not a desk.
  for (let k = 0; k < 25; k++) {
    b.claim(`P${k}`, { accidentDate: day(2000 + k * 3), policyStart: '2016-01-01' });
    b.party(`P${k}`, 'claimant', person(), undefined, '6222000000000000900');
    b.link(`P${k}`, 'repair_shop', 'SHOP-0', 'repair_shop');
  }
  // One family's phone on 25 claims over the years: two people, not a desk.
  const a = person(),
    c = person();
  for (let k = 0; k < 25; k++) {
    b.claim(`F${k}`, { accidentDate: day(k * 130), policyStart: '2016-01-01' });
    b.party(`F${k}`, 'driver', k % 2 ? a : c, phone(710000));
    b.link(`F${k}`, 'repair_shop', 'DEALER-4S', 'repair_shop');
  }
  const index = indexBook(b.book);
  const desk = deskIdentities(index, useSpans(index), DEFAULTS);
  const isDesk = (type: string, key: string): boolean => {
    const e = index.entityKey.findIndex((k, i) => k === key && index.entityType[i] === type);
    return e >= 0 && desk[e] === 1;
  };

  it('takes a phone and an account given for many customers of one shop over its years', () => {
    expect(isDesk('phone', DESK_PHONE)).toBe(true);
    expect(isDesk('bank_account', DESK_ACCOUNT)).toBe(true);
  });

  it('leaves a batch account, a family phone and identifiers on fewer claims', () => {
    expect(isDesk('bank_account', '6222000000000000900')).toBe(false);
    expect(isDesk('phone', phone(710000))).toBe(false);
    expect([...desk].filter((d) => d === 1)).toHaveLength(2);
    expect([...deskIdentities(index, useSpans(index), { ...DEFAULTS, deskMinClaims: 41 })].some((d) => d === 1)).toBe(
      false
    );
  });

  it('cuts a claim set at its desks into the parts its other links hold together', () => {
    const at = (id: string): number => index.claimIndex.get(id)!;
    const claims = [...customers.slice(0, 6), 'F0', 'F1', 'F2'].map(at).sort((x, y) => x - y);
    const parts = desklessParts(index, claims, desk, DEFAULTS.hubDegree);
    const family = parts.find((p) => p.includes(at('F0')));
    expect(family).toEqual(['F0', 'F1', 'F2'].map(at).sort((x, y) => x - y));
    expect(parts).toHaveLength(7);
    expect(parts.map((p) => p[0])).toEqual([...parts.map((p) => p[0]!)].sort((x, y) => x - y));
  });
});

describe('desk seeds: crews cut out of unflagged candidates at a desk', () => {
  const b = new BookBuilder();
  background(b, 300);
  const customers = dealer(b, 40);
  const crew = crewAtDealer(b);
  const index = indexBook(b.book);
  const desk = deskIdentities(index, useSpans(index), DEFAULTS);
  const at = (id: string): number => index.claimIndex.get(id)!;
  const crewIdx = new Set(crew.map(at));
  // A stand-in judge that knows the crew, so the test is of the cutting and moving alone.
  const judge = (claims: number[]): ScoredCandidate => {
    const score = claims.length > 0 && claims.every((c) => crewIdx.has(c)) ? 80 : 10;
    return {
      ctx: {} as RingContext,
      evidence: [
        { signal: 'ring_size', value: claims.length, contribution: 5, detail: `${claims.length} claims`, refs: [] }
      ],
      score,
      promise: score
    };
  };
  const start = (): { claims: number[][]; scored: Array<ScoredCandidate | null> } => {
    const claims = [[...customers, ...crew].map(at).sort((x, y) => x - y)];
    return { claims, scored: claims.map(judge) };
  };

  it('draws the flagged part and scores the candidate again without it', () => {
    const { claims, scored } = start();
    expect(seedFromDesks(index, desk, claims, scored, DEFAULTS, judge, judge)).toBe(1);
    expect(claims[1]).toEqual([...crewIdx].sort((x, y) => x - y));
    expect(scored[1]!.evidence[0]!.detail).toMatch(/cut out at a repair shop's desk/);
    expect(claims[0]).toEqual(customers.map(at).sort((x, y) => x - y));
    expect(scored[0]!.score).toBe(10);
  });

  it('leaves flagged candidates, candidates under deskFrom, and everything when turned off', () => {
    for (const params of [
      { ...DEFAULTS, deskFrom: 0 },
      { ...DEFAULTS, deskFrom: 50 }
    ]) {
      const { claims, scored } = start();
      expect(seedFromDesks(index, desk, claims, scored, params, judge, judge)).toBe(0);
      expect(claims).toHaveLength(1);
    }
    const { claims, scored } = start();
    scored[0] = { ...scored[0]!, score: 60 };
    expect(seedFromDesks(index, desk, claims, scored, DEFAULTS, judge, judge)).toBe(0);
  });

  it('judges no part as large as deskFrom', () => {
    const { claims, scored } = start();
    expect(seedFromDesks(index, desk, claims, scored, { ...DEFAULTS, deskFrom: crew.length }, judge, judge)).toBe(0);
  });

  it('shows the crew’s shared shop in a part without counting it', () => {
    const stats = bookStats(
      b.book,
      index,
      buildCommunityGraph(index, DEFAULTS).componentClaims,
      DEFAULTS,
      useSpans(index)
    );
    const part = scoreDeskPart(
      index,
      crew.map(at).sort((x, y) => x - y),
      DEFAULTS,
      stats
    );
    const shop = part.evidence.find((e) => e.signal === 'intermediary_concentration');
    expect(shop?.contribution).toBe(0);
    expect(shop?.detail).toMatch(/not counted: the claims were cut out of one dealer's customers/);
    const plain = scoreCandidate(
      index,
      crew.map(at).sort((x, y) => x - y),
      DEFAULTS,
      stats
    );
    expect(plain.evidence.find((e) => e.signal === 'intermediary_concentration')!.contribution).toBeGreaterThan(0);
  });
});
