// Operations: what callers send is checked and normalised, and selects exactly the rings it says.
import { describe, expect, it } from 'vitest';
import type { Claim, Ring } from '../../engine/model.js';
import { defineOperation, selectRings, type OperationInput } from '../../reports/operation.js';
import { ReportError } from '../../reports/errors.js';
import { residentId } from '../helpers/batch.js';

const SUSPECT = residentId('360702', '1980-05-06', 17);

function ring(
  id: string,
  score: number,
  category: Ring['category'],
  regions: string[],
  from: string,
  to: string,
  members: string[] = []
): Ring {
  return {
    id,
    score,
    flagged: score >= 50,
    category,
    claims: [`${id}-C1`, `${id}-C2`],
    organisers: [],
    members: members.map((ref) => ({
      type: ref.split(':')[0] as 'person',
      key: ref.split(':')[1]!,
      roles: ['driver'],
      claims: 2,
      centrality: { degree: 1, betweenness: 0 }
    })),
    regions,
    insurers: ['PICC'],
    period: { from, to },
    amounts: { claimed: 1000, paid: 800 },
    evidence: []
  };
}

const R1 = 'R' + '1'.repeat(16);
const R2 = 'R' + '2'.repeat(16);
const R3 = 'R' + '3'.repeat(16);
const RINGS = [
  ring(R1, 80, 'staged_collision', ['360700'], '2024-02-01', '2024-05-30'),
  ring(R2, 55, 'injury_broker', ['360100', '360800'], '2023-01-10', '2023-11-30'),
  ring(R3, 30, 'mixed', ['360400'], '2025-01-01', '2025-03-01', [`person:${SUSPECT}`])
];
const CLAIM_REGION: Record<string, string> = {
  [`${R1}-C1`]: '360702',
  [`${R1}-C2`]: '360703',
  [`${R2}-C1`]: '360102',
  [`${R2}-C2`]: '360821'
};
const claimOf = (id: string): Claim | undefined =>
  CLAIM_REGION[id] ? ({ region: CLAIM_REGION[id] } as Claim) : undefined;

function select(
  op: Omit<OperationInput, 'name'>,
  options: { maxRings?: number } = {}
): { ids: string[]; reasons: string[][]; unmatched: string[] } {
  const s = selectRings(defineOperation({ name: 'op', ...op }), RINGS, 50, claimOf, options);
  return { ids: s.rings.map((r) => r.ring.id), reasons: s.rings.map((r) => r.reasons), unmatched: s.unmatchedEntities };
}

function failure(fn: () => unknown): ReportError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ReportError) return err;
    throw err;
  }
  throw new Error('expected a ReportError');
}

describe('defineOperation', () => {
  it('normalises what callers send', () => {
    const lowerX = SUSPECT.endsWith('X') ? SUSPECT.toLowerCase() : SUSPECT;
    const op = defineOperation({
      name: ' 赣南行动 ',
      caseReference: ' JX-2026-001 ',
      regions: ['360800', '360700', '360700'],
      categories: ['injury_broker', 'staged_collision'],
      period: { from: '2024-01-01', to: '' },
      entities: [`person:${lowerX}`, 'phone:+86 138-0013-8000'],
      rings: [R1, R1]
    });
    expect(op).toEqual({
      name: '赣南行动',
      caseReference: 'JX-2026-001',
      regions: ['360700', '360800'],
      period: { from: '2024-01-01', to: null },
      categories: ['injury_broker', 'staged_collision'],
      minScore: null,
      rings: [R1],
      entities: [`person:${SUSPECT}`, 'phone:13800138000'],
      onlyListed: false
    });
  });

  it('lists every problem at once, and never echoes an identity in full', () => {
    const err = failure(() =>
      defineOperation({
        name: '',
        regions: ['440100'],
        period: { from: '2025-02-30', to: '2024-01-01' },
        categories: ['arson' as never],
        minScore: 120,
        rings: ['R12'],
        entities: ['person:360702198005061234', 'ufo:1'],
        caseReference: 'x'
      })
    );
    expect(err.code).toBe('bad_operation');
    const problems = (err.details as { problems: string[] }).problems;
    expect(problems).toHaveLength(9);
    expect(err.message).toMatch(/^ringsight\/report: /);
    expect(err.message).not.toContain('360702198005061234');
    expect(err.message).toContain('360702********1234');
  });

  it('onlyListed needs something listed', () => {
    expect(failure(() => defineOperation({ name: 'x', onlyListed: true })).message).toMatch(/onlyListed needs/);
  });
});

describe('selectRings', () => {
  it("without a minimum score covers the run's flagged rings", () => {
    expect(select({}).ids).toEqual([R1, R2]);
    expect(select({ minScore: 0 }).ids).toEqual([R1, R2, R3]);
  });

  it('filters by prefecture, district, period and category', () => {
    expect(select({ regions: ['360800'] }).ids).toEqual([R2]);
    expect(select({ regions: ['360000'] }).ids).toEqual([R1, R2]);
    expect(select({ regions: ['360703'] }).ids).toEqual([R1]);
    expect(select({ period: { from: '2024-01-01' } }).ids).toEqual([R1]);
    expect(select({ period: { to: '2023-06-30' } }).ids).toEqual([R2]);
    expect(select({ categories: ['injury_broker'] }).ids).toEqual([R2]);
  });

  it('includes listed rings and the rings of listed entities whatever the filters say', () => {
    const s = select({ regions: ['360700'], rings: [R2], entities: [`person:${SUSPECT}`, 'phone:13900000000'] });
    expect(s.ids).toEqual([R1, R2, R3]);
    expect(s.reasons).toEqual([['filters'], ['listed'], ['entity']]);
    expect(s.unmatched).toEqual(['phone:13900000000']);
    expect(select({ onlyListed: true, entities: [`person:${SUSPECT}`] }).ids).toEqual([R3]);
  });

  it('refuses unknown rings, empty selections and operations too broad for one report', () => {
    expect(failure(() => select({ rings: ['R' + 'f'.repeat(16)] })).code).toBe('unknown_ring');
    expect(failure(() => select({ regions: ['361100'] })).code).toBe('empty_selection');
    expect(failure(() => select({ minScore: 0 }, { maxRings: 2 })).code).toBe('too_many_rings');
  });
});
