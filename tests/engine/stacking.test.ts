import { describe, expect, it } from 'vitest';
import { detectRings } from '../../engine/detect/index.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import { countStackedPolicies } from '../../engine/signals/person-events.js';
import { BookBuilder, contribution, person, phone, ringWith } from '../helpers/book.js';

const INSURERS = ['PICC', '平安', '太保', '国寿'];

/** Unrelated injured people filing one claim each: the book's bulk. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    b.claim(`B${i}`, { product: 'injury', region: '360102' });
    b.party(`B${i}`, 'injured', person(), phone(500000 + i));
  }
}

/**
 * Honest deaths claimed under two policies each: a life policy from years ago and a later
 * accident cover — or, where `together`, two policies bought the same month.
 */
function honestDeaths(b: BookBuilder, n: number, together: boolean): void {
  for (let i = 0; i < n; i++) {
    const dead = person('360102');
    const heir = person('360102');
    for (let k = 0; k < 2; k++) {
      const id = `H${i}-${k}`;
      b.claim(id, {
        product: 'death',
        insurer: INSURERS[k]!,
        policyNo: `HP${i}-${k}`,
        policyStart: k === 0 ? '2015-04-01' : together ? '2015-04-20' : '2022-09-01',
        accidentDate: '2024-02-01',
        claimed: 100000
      });
      b.party(id, 'deceased', dead);
      b.party(id, 'beneficiary', heir);
    }
  }
}

/** A gang's two invented deaths, each claimed under four policies bought within three weeks. */
function gang(b: BookBuilder): void {
  const payee = person('360702');
  for (let d = 0; d < 2; d++) {
    const dead = person('360702');
    for (let k = 0; k < 4; k++) {
      const id = `G${d}-${k}`;
      b.claim(id, {
        product: 'death',
        region: '360702',
        insurer: INSURERS[k]!,
        policyNo: `GP${d}-${k}`,
        policyStart: `2023-0${3 + d}-${String(1 + 6 * k).padStart(2, '0')}`,
        accidentDate: `2024-0${1 + d}-15`,
        claimed: 300000
      });
      b.party(id, 'deceased', dead);
      b.party(id, 'beneficiary', payee);
    }
  }
}

describe('stacked_policies: one life insured with several insurers at once before the death', () => {
  it('counts the further policies, and those started within weeks of the one before', () => {
    const b = new BookBuilder();
    gang(b);
    honestDeaths(b, 3, false);
    const index = indexBook(b.book);
    // Two gang deaths with 3 further policies each, all within weeks; three honest with 1, years apart.
    expect(countStackedPolicies(index, new Int32Array(index.claims.length), 1)).toEqual({ events: 6, units: 9 });
  });

  it('is a red flag where honest deceased bought their policies years apart', () => {
    const b = new BookBuilder();
    background(b, 300);
    honestDeaths(b, 40, false);
    gang(b);
    const run = detectRings(b.book, { reportMinScore: 0 });
    const e = ringWith(run.rings, 'G0-0')?.evidence.find((x) => x.signal === 'stacked_policies');
    expect(e?.contribution).toBeGreaterThan(15);
    expect(e?.detail).toMatch(/2 deceased people were insured with several policies bought together/);
    expect(e?.detail).toMatch(/\*{8}/);
    expect(e?.detail).not.toMatch(/360702\d{12}/);
    expect(contribution(ringWith(run.rings, 'H0-0'), 'stacked_policies')).toBe(0);
  });

  it('counts less in a book where honest deceased often bought policies together', () => {
    const rare = new BookBuilder();
    background(rare, 300);
    honestDeaths(rare, 40, false);
    gang(rare);
    const common = new BookBuilder();
    background(common, 300);
    honestDeaths(common, 40, true);
    gang(common);
    const inRare = contribution(
      ringWith(detectRings(rare.book, { reportMinScore: 0 }).rings, 'G0-0'),
      'stacked_policies'
    );
    const inCommon = contribution(
      ringWith(detectRings(common.book, { reportMinScore: 0 }).rings, 'G0-0'),
      'stacked_policies'
    );
    expect(inCommon).toBeLessThan(inRare / 2);
  });
});
