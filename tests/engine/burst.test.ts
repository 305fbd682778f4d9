import { describe, expect, it } from 'vitest';
import { detectRings } from '../../engine/detect/index.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import { bookCalendar, densestRun } from '../../engine/signals/burst.js';
import { BookBuilder, contribution, person, phone, ringWith } from '../helpers/book.js';

/** The i-th day from 2022-01-01, as YYYY-MM-DD. */
function day(i: number): string {
  return new Date(Date.UTC(2022, 0, 1 + i)).toISOString().slice(0, 10);
}

/** Unrelated claims spread evenly over three years: the book's calendar. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    b.claim(`B${i}`, { accidentDate: day(Math.floor((i * 1095) / n)) });
    b.party(`B${i}`, 'insured', person(), phone(600000 + i));
  }
}

/**
 * A crew of eight from different districts, each driver once, all giving the organiser's phone:
 * the accidents on the given days.
 */
function crew(b: BookBuilder, tag: string, days: number[], n: number): void {
  const organiser = phone(900000 + n);
  days.forEach((d, i) => {
    const id = `${tag}${i}`;
    b.claim(id, { accidentDate: day(d), region: '360702' });
    b.party(id, 'driver', person(`36070${i % 9}`), organiser);
  });
}

describe('claim_burst: a ring whose accidents fall within weeks of each other', () => {
  it('places each claim at its accident date’s mid-rank quantile in the book', () => {
    const b = new BookBuilder();
    for (const [id, d] of [
      ['A', '2024-01-05'],
      ['B', '2024-01-05'],
      ['C', '2024-02-01'],
      ['D', '2024-06-30']
    ] as const)
      b.claim(id, { accidentDate: d });
    const index = indexBook(b.book);
    const { quantile, elapsed } = bookCalendar(index);
    const at = (id: string) => quantile[index.claimIndex.get(id)!];
    // Two of four on the first date: it stands at the middle of the lowest half.
    expect(at('A')).toBeCloseTo(0.25);
    expect(at('B')).toBeCloseTo(0.25);
    expect(at('C')).toBeCloseTo(0.625);
    expect(at('D')).toBeCloseTo(0.875);
    // 2024-02-01 is 27 days into a book of 178 days.
    expect(elapsed[index.claimIndex.get('C')!]).toBeCloseTo(27 / 178);
  });

  it('finds the densest run of most dates and pays for the choice of its size', () => {
    expect(densestRun([0.1, 0.5])).toBeNull();
    const run = densestRun([0.1, 0.11, 0.12, 0.13, 0.9])!;
    expect(run).toMatchObject({ k: 4, start: 0 });
    // Four uniform points within 0.03: C(5,4)·4·0.03³ ≈ 5e-4, times the three core sizes tried (3, 4, 5).
    expect(run.chance).toBeCloseTo(Math.log10(5 * 4 * 0.03 ** 3 * 3), 1);
    // Spread over the calendar: nothing unusual.
    expect(densestRun([0.05, 0.3, 0.55, 0.8, 0.95])!.chance).toBeGreaterThan(-1);
  });

  it('is a red flag for a crew active over six weeks, not for the same crew over three years', () => {
    const b = new BookBuilder();
    background(b, 600);
    crew(b, 'G', [400, 405, 412, 420, 426, 431, 437, 442], 1);
    crew(b, 'S', [10, 150, 300, 450, 600, 750, 900, 1050], 2);
    const run = detectRings(b.book, { reportMinScore: 0 });
    const bunched = ringWith(run.rings, 'G0')?.evidence.find((e) => e.signal === 'claim_burst');
    expect(bunched?.contribution).toBeGreaterThan(15);
    expect(bunched?.detail).toMatch(
      /8 of the 8 separate accident dates fall within 43 days \(2023-02-05 to 2023-03-19\)/
    );
    expect(contribution(ringWith(run.rings, 'S0'), 'claim_burst')).toBe(0);
  });

  it('measures the stretch in days too: years of sparse early history are not a burst', () => {
    const b = new BookBuilder();
    // The pooled book is mostly this year's claims; one insurer added its history back to 2017.
    for (let i = 0; i < 600; i++) {
      b.claim(`B${i}`, { accidentDate: day(730 + (i % 360)) });
      b.party(`B${i}`, 'insured', person(), phone(600000 + i));
    }
    const early = Array.from({ length: 8 }, (_, i) => -1800 + i * 200);
    crew(b, 'H', early, 4);
    const run = detectRings(b.book, { reportMinScore: 0 });
    expect(contribution(ringWith(run.rings, 'H0'), 'claim_burst')).toBe(0);
  });

  it('counts one accident date once, however many of the ring’s claims fell on it', () => {
    const b = new BookBuilder();
    background(b, 600);
    // One death claimed at eight insurers on one day is one event, not a burst.
    crew(b, 'D', [500, 500, 500, 500, 500, 500, 500, 500], 3);
    const run = detectRings(b.book, { reportMinScore: 0 });
    expect(contribution(ringWith(run.rings, 'D0'), 'claim_burst')).toBe(0);
  });
});
