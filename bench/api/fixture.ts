/**
 * ringsight/bench/api/fixture
 * ===========================
 *
 * A synthetic book and run for measuring the API's own work at scale: N claims
 * (ring claims share people in chains, the rest have people of their own) and
 * up to 20,000 six-claim rings. Shared by `npm run bench:api` and the API
 * suite's structural latency test, so both measure the same thing.
 */
import type { Claim, ClaimsBook, EntityInfo, Link, Ring } from '../../engine/model.js';
import type { RunDocument } from '../../engine/run.js';

/** Claims per synthetic ring. */
export const RING_CLAIMS = 6;
/** Rings a book of this many claims gets: one per 20 claims, at most 20,000. */
export const ringsFor = (claims: number): number => Math.min(20_000, Math.floor(claims / 20));
const INSURERS = ['PICC', 'CPIC', 'PINGAN', 'CHINALIFE', 'TAIPING'];
const REGIONS = ['360102', '360702', '360402', '360302', '360502', '360602', '360802', '360902', '361002', '361102'];

const person = (n: number): string => `3601021980${String(n % 1e8).padStart(8, '0')}`;
const phone = (n: number): string => `13${String(n % 1e9).padStart(9, '0')}`;

export function syntheticBook(claimCount: number): ClaimsBook {
  const CLAIMS = claimCount;
  const RINGS = ringsFor(CLAIMS);
  const claims: Claim[] = [];
  const links: Link[] = [];
  const entities: EntityInfo[] = [];
  for (let i = 0; i < CLAIMS; i++) {
    const id = `C${i}`;
    const day = String(1 + (i % 28)).padStart(2, '0');
    claims.push({
      id,
      insurer: INSURERS[i % 5]!,
      policyNo: null,
      product: 'auto',
      region: REGIONS[i % 10]!,
      accidentDate: `2024-0${1 + (i % 9)}-${day}`,
      reportDate: null,
      policyStart: null,
      claimed: 10_000 + (i % 997),
      paid: null,
      status: 'open'
    });
    // Ring claims share people in a chain; the rest have people of their own.
    const inRing = i < RINGS * RING_CLAIMS;
    const a = inRing ? Math.floor(i / RING_CLAIMS) * 10 + (i % RING_CLAIMS) : 10_000_000 + i * 2;
    const b = inRing ? Math.floor(i / RING_CLAIMS) * 10 + ((i + 1) % RING_CLAIMS) : 10_000_000 + i * 2 + 1;
    links.push({ claim: id, type: 'person', key: person(a), role: 'driver', person: person(a) });
    links.push({ claim: id, type: 'person', key: person(b), role: 'injured', person: person(b) });
    links.push({
      claim: id,
      type: 'phone',
      key: phone(inRing ? Math.floor(i / RING_CLAIMS) : 500_000_000 + i),
      role: 'driver',
      person: person(a)
    });
    if (i % 2 === 0) entities.push({ type: 'person', key: person(a), name: '张三', region: null });
  }
  return { claims, links, entities, watchlist: [] };
}

export function syntheticRun(book: ClaimsBook): RunDocument {
  const RINGS = ringsFor(book.claims.length);
  const rings: Ring[] = [];
  for (let r = 0; r < RINGS; r++) {
    const claims = Array.from({ length: RING_CLAIMS }, (_, k) => `C${r * RING_CLAIMS + k}`);
    const members = [
      ...Array.from({ length: RING_CLAIMS }, (_, k) => ({
        type: 'person' as const,
        key: person(r * 10 + k),
        roles: ['driver', 'injured'],
        claims: 2,
        centrality: { degree: 0.3, betweenness: k / 10 }
      })),
      {
        type: 'phone' as const,
        key: phone(r),
        roles: ['driver'],
        claims: RING_CLAIMS,
        centrality: { degree: 1, betweenness: 0.5 }
      }
    ];
    const score = Math.round((20 + ((r * 7919) % 80)) * 10) / 10;
    rings.push({
      id: `R${String(r).padStart(8, '0')}`,
      score,
      flagged: score >= 50,
      category: (['staged_collision', 'injury_broker', 'mixed'] as const)[r % 3]!,
      claims,
      members,
      organisers: [person(r * 10)],
      regions: [...new Set(claims.map((_, k) => REGIONS[(r * RING_CLAIMS + k) % 10]!.slice(0, 4) + '00'))].sort(),
      insurers: [...new Set(claims.map((_, k) => INSURERS[(r * RING_CLAIMS + k) % 5]!))].sort(),
      period: { from: '2024-01-01', to: '2024-09-28' },
      amounts: { claimed: 60_000 + r, paid: 0 },
      evidence: [
        {
          signal: 'role_switching',
          value: 3,
          contribution: 30,
          detail: '3 people switch roles',
          refs: [`person:${person(r * 10)}`, `claim:${claims[0]}`]
        },
        { signal: 'shared_phone', value: 1, contribution: 20, detail: '1 phone', refs: [`phone:${phone(r)}`] }
      ]
    });
  }
  rings.sort((a, b) => b.score - a.score);
  const now = new Date().toISOString();
  return {
    run: {
      id: 'run-perf',
      startedAt: now,
      finishedAt: now,
      input: {
        source: 'perf',
        claims: book.claims.length,
        parties: 0,
        vehicles: 0,
        providers: 0,
        watchlist: 0,
        rejectedClaims: 0,
        warnings: 0
      },
      params: {} as RunDocument['run']['params'],
      stats: {} as RunDocument['run']['stats'],
      timings: {}
    },
    rings
  };
}
