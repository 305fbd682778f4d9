/**
 * Test helper: Ring objects built directly (no detection) for the pure
 * matcher and alert rules, plus a RunDocument wrapper around them.
 */
import type { EntityType, Ring, RingMember } from '../../engine/model.js';
import type { RunDocument } from '../../engine/run.js';
import { mergeParams } from '../../engine/detect/index.js';
import { ringId } from '../../engine/detect/ring.js';

/** Claim ids `C<from>` … `C<to>` inclusive. */
export function claims(from: number, to: number, prefix = 'C'): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(4, '0')}`);
}

export function member(type: EntityType, key: string, n = 2): RingMember {
  return { type, key, roles: ['claimant'], claims: n, centrality: { degree: 1, betweenness: 0 } };
}

/** Identity members `P<n>` for people — synthetic keys, not resident IDs. */
export function people(from: number, to: number): RingMember[] {
  return Array.from({ length: to - from + 1 }, (_, i) => member('person', `P${from + i}`));
}

export function ring(claimIds: string[], extra: Partial<Ring> = {}): Ring {
  const score = extra.score ?? 60;
  return {
    id: ringId(claimIds),
    score,
    flagged: score >= 50,
    category: 'staged_collision',
    claims: claimIds,
    members: [],
    organisers: [],
    regions: ['360100'],
    insurers: ['PICC'],
    period: { from: '2024-01-01', to: '2024-02-01' },
    amounts: { claimed: claimIds.length * 10_000, paid: 0 },
    evidence: [],
    ...extra
  };
}

let clock = Date.parse('2024-01-31T23:00:00Z');

export function runDoc(rings: Ring[], asOf: string | null = null): RunDocument {
  clock += 86_400_000;
  const at = new Date(clock).toISOString();
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return {
    run: {
      id: `run-${stamp}-test`,
      startedAt: at,
      finishedAt: at,
      input: {
        source: 'test',
        claims: 0,
        parties: 0,
        vehicles: 0,
        providers: 0,
        watchlist: 0,
        rejectedClaims: 0,
        warnings: 0
      },
      params: mergeParams({ asOf }),
      // Only what monitoring reads; the engine's stats may gain fields.
      stats: { rings: rings.length } as unknown as RunDocument['run']['stats'],
      timings: {}
    },
    rings
  };
}
