/**
 * The red flags read together (engine/signals/corroboration): several weak,
 * independent kinds of red flag top the score up to what their combined chance
 * is worth; a shared phone and account are one kind; two kinds, or red flags
 * the peers already explain, add nothing; exculpatory evidence still counts.
 * In a small candidate, a red flag short of counting alone (1 in 10 to 1 in
 * 100) completes two that count, and never stands in for them.
 */
import { describe, expect, it } from 'vitest';
import { detectRings, mergeParams } from '../../engine/detect/index.js';
import type { Evidence } from '../../engine/model.js';
import { strengthFrom, type RingContext } from '../../engine/signals/context.js';
import { corroboration } from '../../engine/signals/corroboration.js';
import { SIGNALS } from '../../engine/signals/index.js';
import { BookBuilder, person, phone, ringWith } from '../helpers/book.js';

const params = mergeParams();
const NAMES = SIGNALS.filter(([, kind]) => kind === 'behavioural').map(([n]) => n);

/** Evidence of a behavioural signal at a chance of 10^-s (s on the [2, 6] scale the weights count over). */
function flag(signal: string, s: number): Evidence {
  const strength = (s - 2) / 4;
  return {
    signal,
    value: 1,
    contribution: params.weights[signal]! * strength,
    detail: '',
    refs: [`x:${signal}`],
    strength
  } as Evidence;
}

describe('corroboration', () => {
  it('tops four weak red flags up to what their product is worth, after the ways to pick four kinds', () => {
    const four = [
      flag('claim_burst', 3.07),
      flag('shared_bank_account', 2.79),
      flag('repeat_struck_vehicle', 2.53),
      flag('high_amounts', 2.66)
    ];
    const sum = four.reduce((s, e) => s + e.contribution, 0);
    const e = corroboration(four, NAMES, params)!;
    expect(e.signal).toBe('corroboration');
    expect(e.value).toBe(4);
    // 11.05 orders of magnitude, less log10 C(12, 4) = 2.69: 8.36, past the scale's full mark (8).
    expect(e.strength).toBe(1);
    expect(Math.abs(e.contribution - (params.weights.corroboration! - sum))).toBeLessThan(0.051);
    expect(e.refs).toEqual(['x:claim_burst', 'x:high_amounts', 'x:repeat_struck_vehicle', 'x:shared_bank_account']);
    expect(e.detail).toContain('4 independent kinds of red flag');
    expect(e.detail).toMatch(
      /all at once 1 in 10\^11\.\d, chance ≈ 1 in [\d,]+ after the 495 ways to pick 4 of 12 kinds/
    );
  });

  it('counts a shared phone and a shared account as one kind, and needs three kinds', () => {
    const e = corroboration(
      [flag('shared_phone', 4), flag('shared_bank_account', 4), flag('claim_burst', 4)],
      NAMES,
      params
    );
    expect(e).toBeNull();
    expect(corroboration([flag('role_switching', 5), flag('claim_burst', 5)], NAMES, params)).toBeNull();
    const three = corroboration(
      [flag('role_switching', 4), flag('claim_burst', 4), flag('high_amounts', 4)],
      NAMES,
      params
    );
    // 12 − log10 C(12, 3) = 9.66: full strength, 50 points where the three gave half their weights, 37.5.
    expect(three!.contribution).toBe(12.5);
  });

  it('adds nothing where the product is weak, or where the red flags already sum to more', () => {
    expect(
      corroboration([flag('role_switching', 2.2), flag('claim_burst', 2.2), flag('high_amounts', 2.2)], NAMES, params)
    ).toBeNull();
    expect(
      corroboration([flag('role_switching', 6), flag('claim_burst', 6), flag('high_amounts', 6)], NAMES, params)
    ).toBeNull();
  });

  it('leaves exculpatory evidence counting against, and is off at weight 0', () => {
    const weak = [
      flag('claim_burst', 3),
      flag('high_amounts', 3),
      flag('short_policy_gap', 3),
      flag('hired_driver', 3)
    ];
    const fleet: Evidence = { signal: 'fleet_policyholder', value: 0.9, contribution: -20, detail: '', refs: [] };
    const a = corroboration(weak, NAMES, params)!;
    const b = corroboration([...weak, fleet], NAMES, params)!;
    expect(b.contribution).toBe(a.contribution);
    expect(corroboration(weak, NAMES, mergeParams({ weights: { corroboration: 0 } }))).toBeNull();
  });

  it('lets a red flag short of counting alone complete two that count, in a small candidate only', () => {
    const two = [flag('shared_bank_account', 3.7), flag('intermediary_concentration', 3.6)];
    expect(corroboration(two, NAMES, params)).toBeNull();
    // A burst at 1 in 87: 3.7 + 3.6 + 1.94 = 9.24 orders, less log10 C(12, 3) = 2.34: 6.9 on the [4, 8] scale.
    const short = new Map([['claim_burst', -1.94]]);
    const e = corroboration(two, NAMES, params, { short, claims: 9 })!;
    expect(e.value).toBe(3);
    expect(e.strength).toBeCloseTo((9.24 - Math.log10(220) - 4) / 4, 2);
    expect(e.detail).toMatch(/claim_burst \(chance ≈ 1 in 87, short of counting alone\)/);
    // Large candidates: a weak chance there is what an honest family's years show.
    expect(corroboration(two, NAMES, params, { short, claims: 15 })).toBeNull();
    // Short of 1 in 10, or completing a single counted red flag: nothing.
    expect(corroboration(two, NAMES, params, { short: new Map([['claim_burst', -0.9]]), claims: 9 })).toBeNull();
    expect(
      corroboration([two[0]!], NAMES, params, {
        short: new Map([
          ['claim_burst', -1.9],
          ['high_amounts', -1.9]
        ]),
        claims: 9
      })
    ).toBeNull();
    // A kind that counts is not counted again from its short chance.
    const again = corroboration(two, NAMES, params, { short: new Map([['shared_phone', -1.9]]), claims: 9 });
    expect(again).toBeNull();
  });

  it('keeps on the context the chances short of the floor, not those that count', () => {
    const ctx = { params } as unknown as RingContext;
    expect(strengthFrom(ctx, 'claim_burst', -1.5)).toBe(0);
    expect(strengthFrom(ctx, 'high_amounts', -3)).toBeCloseTo(0.25, 6);
    expect(strengthFrom(ctx, 'role_switching', 0)).toBe(0);
    expect([...ctx.shortOfFloor!]).toEqual([['claim_burst', -1.5]]);
  });

  it('judges the peer-discounted contribution, not the raw strength', () => {
    const raw = [flag('claim_burst', 3.5), flag('high_amounts', 3.5), flag('hired_driver', 3.5)];
    const discounted = raw.map((e) => ({ ...e, contribution: e.contribution / 3 }));
    const a = corroboration(raw, NAMES, params)!;
    const b = corroboration(discounted, NAMES, params);
    expect(a.strength!).toBeGreaterThan(b?.strength ?? 0);
  });
});

/** The day `n` days after 2022-01-01, as YYYY-MM-DD. */
const day = (n: number): string => new Date(Date.UTC(2022, 0, 1 + n)).toISOString().slice(0, 10);
const DISTRICTS = ['360102', '360702', '361002'];

/** 1,200 honest repair claims over three years at twelve shops, each paid to its own claimant. */
function honestBook(): BookBuilder {
  const b = new BookBuilder();
  for (let i = 0; i < 1200; i++) {
    const id = `B${i}`;
    b.claim(id, { accidentDate: day((i * 37) % 1090), claimed: 6000 + ((i * 7919) % 100) * 300 });
    b.party(id, 'claimant', person(DISTRICTS[i % 3]), phone(500000 + i), `621700005${String(i).padStart(9, '0')}`);
    b.link(id, 'repair_shop', `SHOP-${i % 12}`, 'repair_shop');
  }
  return b;
}

/**
 * The honest book, and a careful crew: five claims in three months at
 * three insurers, each soon after its policy started, paid into two accounts for people of
 * different districts, amounts high but none in the book's top tenth.
 */
function bookWithCrew(): BookBuilder {
  const b = honestBook();
  const organiser = person('360102');
  [400, 420, 441, 470, 488].forEach((d, k) => {
    const id = `X${k}`;
    b.claim(id, {
      accidentDate: day(d),
      insurer: ['PICC', '平安', '太保'][k % 3]!,
      claimed: 30000 + k * 700,
      policyStart: day(d - 10 - 7 * k)
    });
    b.party(id, 'insured', person(DISTRICTS[k % 3]), phone(890000 + k));
    const claimant = k % 2 ? organiser : person(DISTRICTS[1 + (k % 2)]);
    b.party(id, 'claimant', claimant, phone(891000 + k), k < 3 ? '622202200000000099' : '622202200000000088');
    b.link(id, 'repair_shop', `SHOP-${k}`, 'repair_shop');
  });
  return b;
}

describe('corroboration in detection', () => {
  it('flags a crew whose red flags are each short of the flag, and says why', () => {
    const { rings } = detectRings(bookWithCrew().book);
    const ring = ringWith(rings, 'X0')!;
    expect([...ring.claims].sort()).toEqual(['X0', 'X1', 'X2', 'X3', 'X4']);
    expect(ring.flagged).toBe(true);
    const e = ring.evidence.find((x) => x.signal === 'corroboration')!;
    expect(e.value).toBe(4);
    expect(e.detail).toMatch(/short_policy_gap .*claim_burst .*shared_bank_account .*high_amounts/);
    expect(e.detail).not.toContain('622202200000000099');
    expect(e.refs).toContain('claim:X0');

    const without = ringWith(detectRings(bookWithCrew().book, { weights: { corroboration: 0 } }).rings, 'X0')!;
    expect(without.flagged).toBe(false);
    expect(without.evidence.some((x) => x.signal === 'corroboration')).toBe(false);
    expect(ring.score).toBeGreaterThan(without.score);
  });
});

/**
 * The same honest book, and a crew of five paid into one account for people of three districts, its
 * amounts high but short of counting, its accidents on the given days.
 */
function bookWithQuietCrew(days: number[]): BookBuilder {
  const b = honestBook();
  days.forEach((d, k) => {
    const id = `Q${k}`;
    b.claim(id, { accidentDate: day(d), insurer: ['PICC', '平安', '太保'][k % 3]!, claimed: 29000 + k * 1000 });
    b.party(id, 'insured', person(DISTRICTS[k % 3]), phone(890000 + k));
    b.party(id, 'claimant', person(DISTRICTS[(k + 1) % 3]), phone(891000 + k), '622202200000000077');
    b.link(id, 'repair_shop', `SHOP-${k}`, 'repair_shop');
  });
  return b;
}

describe('red flags short of counting alone', () => {
  it("complete a small crew's two red flags, and say so", () => {
    // Five accidents in eight months of a three-year book: more than 1 in 100, short of the floor.
    const ring = ringWith(detectRings(bookWithQuietCrew([300, 360, 420, 480, 540]).book).rings, 'Q0')!;
    expect([...ring.claims].sort()).toEqual(['Q0', 'Q1', 'Q2', 'Q3', 'Q4']);
    expect(ring.flagged).toBe(true);
    expect(ring.evidence.some((e) => e.signal === 'claim_burst')).toBe(false);
    const e = ring.evidence.find((x) => x.signal === 'corroboration')!;
    expect(e.value).toBe(3);
    expect(e.detail).toMatch(/claim_burst \(chance ≈ 1 in \d+, short of counting alone\)/);

    // The same crew over the book's years: nothing short of the floor to complete its red flags.
    const spread = ringWith(detectRings(bookWithQuietCrew([100, 330, 560, 790, 1020]).book).rings, 'Q0')!;
    expect(spread.flagged).toBe(false);
    expect(spread.evidence.some((x) => x.signal === 'corroboration')).toBe(false);
  });
});
