import { describe, expect, it } from 'vitest';
import { detectRings } from '../../engine/detect/index.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import { countRepeatVictims, countStruckVehicles } from '../../engine/signals/person-events.js';
import { BookBuilder, contribution, person, phone, ringWith } from '../helpers/book.js';

/** Day `d` of 2024 as YYYY-MM-DD (d < 360). */
const day = (d: number): string =>
  `2024-${String(1 + Math.floor(d / 30)).padStart(2, '0')}-${String(1 + (d % 30)).padStart(2, '0')}`;

/** Unrelated injured people filing one claim each: the book's bulk. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    b.claim(`B${i}`, { product: 'injury', region: '360102', accidentDate: day(i % 300) });
    b.party(`B${i}`, 'insured', person('360102'));
    b.party(`B${i}`, 'injured', person(), phone(500000 + i));
  }
}

/**
 * Honest people who were the other party in two accidents, months apart — or, where `close`,
 * within two weeks (a courier on a scooter).
 */
function repeatThirdParties(b: BookBuilder, n: number, close: boolean): void {
  for (let i = 0; i < n; i++) {
    const who = person('360102');
    for (let k = 0; k < 2; k++) {
      const id = `H${i}-${k}`;
      b.claim(id, { region: '360102', accidentDate: day(k === 0 ? 10 : close ? 24 : 200) });
      b.party(id, 'insured', person('360102'));
      b.party(id, 'claimant', who);
    }
  }
}

/**
 * A crew's two "victims" riding into four crashes with four recruits' cars, a week apart, one
 * insurer and one place: only the repeated injuries mark it. The first crash's injury claim is
 * filed beside its auto claim (one accident, two claims).
 */
function crew(b: BookBuilder): void {
  const victims = [person('360702'), person('360702')];
  for (let k = 0; k < 4; k++) {
    const insured = person('360702');
    const id = `C${k}`;
    b.claim(id, { region: '360702', accidentDate: day(100 + 7 * k) });
    b.party(id, 'insured', insured);
    b.party(id, 'injured', victims[k % 2]!);
    b.party(id, 'injured', victims[(k + 1) % 2]!);
    if (k === 0) {
      b.claim('C0-injury', { product: 'injury', region: '360702', accidentDate: day(100) });
      b.party('C0-injury', 'insured', insured);
      b.party('C0-injury', 'injured', victims[0]!);
    }
  }
}

describe('repeat_victim: one person hurt in several accidents weeks apart', () => {
  it('counts the separate accidents within a month, an accident’s several claims as one', () => {
    const b = new BookBuilder();
    crew(b);
    const index = indexBook(b.book);
    const all = new Int32Array(index.claims.length);
    // Two victims on 5 and 4 claims: 7 repeat claims; each in 4 accidents a week apart: 3 + 3.
    expect(countRepeatVictims(index, all, 1)).toEqual({ events: 6, units: 7 });

    const far = new BookBuilder();
    repeatThirdParties(far, 10, false);
    const farIndex = indexBook(far.book);
    // Two accidents months apart: a chance each, no event.
    expect(countRepeatVictims(farIndex, new Int32Array(farIndex.claims.length), 1)).toEqual({ events: 0, units: 10 });
  });

  it('is a red flag where honest repeat victims are months apart', () => {
    const b = new BookBuilder();
    background(b, 300);
    repeatThirdParties(b, 60, false);
    crew(b);
    const run = detectRings(b.book, { reportMinScore: 0 });
    const e = ringWith(run.rings, 'C0')?.evidence.find((x) => x.signal === 'repeat_victim');
    expect(e?.contribution).toBeGreaterThan(15);
    expect(e?.detail).toMatch(/2 people were hurt or claimed from others' policies in several separate accidents/);
    // The victims are named by masked IDs only.
    expect(e?.detail).toMatch(/\*{8}/);
    expect(e?.detail).not.toMatch(/360702\d{12}/);
    // Two accidents half a year apart: no flag.
    expect(contribution(ringWith(run.rings, 'H0-0'), 'repeat_victim')).toBe(0);
  });

  it('counts less in a book where honest people are often hurt again within weeks', () => {
    const rare = new BookBuilder();
    background(rare, 300);
    repeatThirdParties(rare, 60, false);
    crew(rare);
    const common = new BookBuilder();
    background(common, 300);
    repeatThirdParties(common, 60, true);
    crew(common);
    const inRare = contribution(ringWith(detectRings(rare.book, { reportMinScore: 0 }).rings, 'C0'), 'repeat_victim');
    const inCommon = contribution(
      ringWith(detectRings(common.book, { reportMinScore: 0 }).rings, 'C0'),
      'repeat_victim'
    );
    expect(inCommon).toBeLessThan(inRare / 2);
  });
});

/**
 * Honest cars struck twice by other drivers, months apart — or, where `close`, within two weeks
 * (a car parked on a busy street).
 */
function struckTwice(b: BookBuilder, n: number, close: boolean): void {
  for (let i = 0; i < n; i++) {
    const plate = `赣A${String(10000 + i)}`;
    for (let k = 0; k < 2; k++) {
      const id = `V${i}-${k}`;
      b.claim(id, { region: '360102', accidentDate: day(k === 0 ? 10 : close ? 24 : 200) });
      b.party(id, 'insured', person('360102'));
      b.link(id, 'vehicle', plate, 'third_party');
    }
  }
}

/** A crew's car struck by four recruits' cars a week apart, one place: only the struck car marks it. */
function struckCrew(b: BookBuilder): void {
  for (let k = 0; k < 4; k++) {
    const id = `S${k}`;
    b.claim(id, { region: '360702', accidentDate: day(100 + 7 * k) });
    b.party(id, 'insured', person('360702'));
    b.link(id, 'vehicle', '赣F99999', 'third_party');
  }
}

describe('repeat_struck_vehicle: one car struck by others in several accidents weeks apart', () => {
  it('counts the separate accidents within a month in which the car was the third party', () => {
    const b = new BookBuilder();
    struckCrew(b);
    const index = indexBook(b.book);
    // One car on 4 claims as third party: 3 repeat claims, 4 accidents a week apart: 3 events.
    expect(countStruckVehicles(index, new Int32Array(index.claims.length), 1)).toEqual({ events: 3, units: 3 });
    const far = new BookBuilder();
    struckTwice(far, 10, false);
    const farIndex = indexBook(far.book);
    expect(countStruckVehicles(farIndex, new Int32Array(farIndex.claims.length), 1)).toEqual({ events: 0, units: 10 });
  });

  it('is a red flag where honest struck cars are months apart, and counts less where they are weeks apart', () => {
    const score = (close: boolean) => {
      const b = new BookBuilder();
      background(b, 300);
      struckTwice(b, 60, close);
      struckCrew(b);
      return detectRings(b.book, { reportMinScore: 0 }).rings;
    };
    const rare = score(false);
    const e = ringWith(rare, 'S0')?.evidence.find((x) => x.signal === 'repeat_struck_vehicle');
    expect(e?.contribution).toBeGreaterThan(15);
    expect(e?.detail).toMatch(
      /1 car was the third party struck by other policyholders' cars in several separate accidents/
    );
    expect(contribution(ringWith(rare, 'V0-0'), 'repeat_struck_vehicle')).toBe(0);
    expect(contribution(ringWith(score(true), 'S0'), 'repeat_struck_vehicle')).toBeLessThan(e!.contribution / 2);
  });
});
