import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../engine/detect/index.js';
import { cutCandidate, refineCandidate, type Slicer } from '../../engine/detect/refine.js';
import type { ScoredCandidate } from '../../engine/detect/ring.js';
import { timeSlices } from '../../engine/detect/time-slices.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import type { Evidence } from '../../engine/model.js';
import { bookCalendar } from '../../engine/signals/burst.js';
import { BookBuilder, person, phone } from '../helpers/book.js';

/**
 * Six friends who ride together for years — two of them on each of eighteen claims, one every few
 * months from 2017 to 2022 — then stage eight accidents in ten weeks of 2024, every payout into
 * one account. Gang and history share the same people in the same pairs, so a cut over their links
 * mixes the two; only the calendar tells the season from the years.
 */
function seasonAmongYears(b: BookBuilder): { gang: string[]; history: string[] } {
  const people = Array.from({ length: 6 }, () => person('360702'));
  const phones = people.map((_, i) => phone(700000 + i));
  const gang: string[] = [];
  for (let i = 0; i < 8; i++) {
    const id = `G${i}`;
    gang.push(id);
    b.claim(id, { accidentDate: `2024-0${3 + (i >> 2)}-${String(3 + 6 * (i % 4)).padStart(2, '0')}`, claimed: 42000 });
    b.party(id, 'driver', people[i % 6]!, phones[i % 6]);
    b.party(id, 'injured', people[(i + 1) % 6]!, phones[(i + 1) % 6], 'ACC-CREW');
  }
  const history: string[] = [];
  for (let k = 0; k < 18; k++) {
    const id = `H${k}`;
    history.push(id);
    const month = 1 + ((k * 4) % 12);
    b.claim(id, { accidentDate: `${2017 + Math.floor(k / 3)}-${String(month).padStart(2, '0')}-15`, claimed: 3000 });
    b.party(id, 'driver', people[k % 6]!, phones[k % 6]);
    b.party(id, 'passenger', people[(k + 1) % 6]!, phones[(k + 1) % 6]);
  }
  return { gang, history };
}

describe('refine: a gang season cut out of its members’ years', () => {
  const b = new BookBuilder();
  const { gang, history } = seasonAmongYears(b);
  const index = indexBook(b.book);
  const claims = [...gang, ...history].map((c) => index.claimIndex.get(c)!).sort((x, y) => x - y);
  const ids = (set: readonly number[]) => set.map((c) => index.claims[c]!.id).sort();
  const calendar = bookCalendar(index);
  const seasons: Slicer = (c) => timeSlices(index, c, calendar, { ...DEFAULTS, sliceMinClaims: DEFAULTS.minClaims });
  const params = { ...DEFAULTS };
  /**
   * A stand-in score that, like a burst or a provider's concentration, is diluted by claims that
   * are not the gang's: 15 points per gang claim, −2 per other claim.
   */
  const score = (set: number[]): ScoredCandidate => {
    const g = set.filter((c) => index.claims[c]!.id.startsWith('G')).length;
    const points = 15 * g - 2 * (set.length - g);
    const evidence: Evidence[] = [{ signal: 'claim_burst', value: points, contribution: points, detail: '', refs: [] }];
    const score = Math.max(0, Math.min(100, points));
    return { ctx: {} as ScoredCandidate['ctx'], evidence, score, promise: score };
  };

  it('the cut over links mixes gang and history; the season is the gang alone', () => {
    const mixed = cutCandidate(index, claims, params).filter((p) => p.length >= params.refineMinClaims);
    expect(mixed.some((p) => ids(p).every((id) => id.startsWith('G')) && p.length === gang.length)).toBe(false);
    const slices = seasons(claims).map(ids);
    expect(slices).toContainEqual([...gang].sort());
  });

  it('keeps the season where the whole is flagged but diluted', () => {
    const whole = score(claims);
    expect(whole.score).toBeGreaterThanOrEqual(params.flagThreshold);
    const kept = refineCandidate(index, claims, whole, params, score, seasons);
    expect(ids(kept.claims)).toEqual([...gang].sort());
    expect(history.some((h) => ids(kept.claims).includes(h))).toBe(false);
  });

  it('without the slicer, or with refineSeasonShare 0, the season is not cut', () => {
    const whole = score(claims);
    for (const kept of [
      refineCandidate(index, claims, whole, params, score),
      refineCandidate(index, claims, whole, { ...params, refineSeasonShare: 0 }, score, seasons)
    ])
      expect(ids(kept.claims)).not.toEqual([...gang].sort());
  });

  it('a season holding more than refineSeasonShare of the claims is not tried', () => {
    const share = (gang.length - 1) / claims.length;
    const kept = refineCandidate(index, claims, score(claims), { ...params, refineSeasonShare: share }, score, seasons);
    expect(ids(kept.claims)).not.toEqual([...gang].sort());
  });

  it('a season that adds less than refineSeasonGain points over the whole is not taken', () => {
    const gain = 15 * gang.length - score(claims).evidence[0]!.contribution + 1;
    const kept = refineCandidate(index, claims, score(claims), { ...params, refineSeasonGain: gain }, score, seasons);
    expect(ids(kept.claims)).not.toEqual([...gang].sort());
  });

  it('a season whose rest still speaks (the history has evidence of its own) is not taken', () => {
    // The history alone shows 1.5 points a claim: 27 together, over the 15 a rest may show.
    const speaking = (set: number[]): ScoredCandidate => {
      const s = score(set);
      if (set.some((c) => index.claims[c]!.id.startsWith('G'))) return s;
      const points = 1.5 * set.length;
      return { ...s, evidence: [{ ...s.evidence[0]!, contribution: points }], score: points };
    };
    expect(ids(refineCandidate(index, claims, speaking(claims), params, speaking, seasons).claims)).not.toEqual(
      [...gang].sort()
    );
  });
});

describe('time slices: identities that join no season', () => {
  it("a dealer's desk account on two customers' claims days apart joins them only when not marked", () => {
    const b = new BookBuilder();
    for (const [id, date] of [
      ['X1', '2024-03-01'],
      ['X2', '2024-03-06']
    ] as const) {
      b.claim(id, { accidentDate: date });
      b.party(id, 'insured', person(), phone(id === 'X1' ? 1 : 2), 'ACC-DESK');
    }
    const index = indexBook(b.book);
    const claims = ['X1', 'X2'].map((c) => index.claimIndex.get(c)!).sort((x, y) => x - y);
    const params = { ...DEFAULTS, sliceMinClaims: 1 };
    const calendar = bookCalendar(index);
    // Joined: one slice, which is no cut at all.
    expect(timeSlices(index, claims, calendar, params)).toEqual([]);
    const desk = new Uint8Array(index.entities);
    desk[index.entityKey.findIndex((k) => k.includes('ACC-DESK'))] = 1;
    expect(timeSlices(index, claims, calendar, params, desk)).toEqual([[claims[0]], [claims[1]]]);
  });
});
