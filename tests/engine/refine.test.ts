import { describe, expect, it } from 'vitest';
import { DEFAULTS, detectRings } from '../../engine/detect/index.js';
import { cutCandidate, refineCandidate } from '../../engine/detect/refine.js';
import type { ScoredCandidate } from '../../engine/detect/ring.js';
import { smallLouvain } from '../../engine/detect/small-louvain.js';
import { indexBook, refOf } from '../../engine/graph/claims-index.js';
import type { Evidence } from '../../engine/model.js';
import { seededRandom } from '../../engine/util/random.js';
import { BookBuilder, person, phone } from '../helpers/book.js';

/** Unrelated injured people filing one claim each at the county hospital: the book's bulk. */
function background(b: BookBuilder, n: number): void {
  for (let i = 0; i < n; i++) {
    b.claim(`B${i}`, { product: 'injury', insurer: ['PICC', '平安'][i % 2]!, region: '360102' });
    b.party(`B${i}`, 'injured', person(), phone(500000 + i));
    b.link(`B${i}`, 'hospital', 'HOSP-CITY', 'hospital');
  }
}

/**
 * Six people taking turns as driver and injured over ten claims at three insurers, every
 * payout into the organiser's account; one of them also rides in his brother's car, whose
 * household — the same three people on their own phones — has a dozen honest claims over
 * the years. One linked component: gang and household, joined by one person.
 */
function gangWithHousehold(b: BookBuilder): { gang: string[]; household: string[] } {
  const people = Array.from({ length: 6 }, () => person('360702'));
  const gang: string[] = [];
  for (let i = 0; i < 10; i++) {
    const id = `G${i}`;
    gang.push(id);
    b.claim(id, {
      region: ['360702', '360102', '360402'][i % 3]!,
      insurer: ['PICC', '平安', '太保'][i % 3]!,
      accidentDate: `2024-0${1 + (i % 6)}-1${i % 9}`,
      claimed: 38000
    });
    b.party(id, 'driver', people[i % 6]!);
    b.party(id, 'injured', people[(i + 1) % 6]!, phone(880000), 'ACC-ORGANISER');
  }
  const brother = person('360102');
  const wife = person('360102');
  const household: string[] = [];
  for (let k = 0; k < 12; k++) {
    const id = `H${k}`;
    household.push(id);
    b.claim(id, {
      accidentDate: `20${17 + (k >> 1)}-0${1 + ((k * 5) % 9)}-0${1 + (k % 9)}`,
      policyStart: '2016-01-01',
      claimed: 3000
    });
    b.party(id, 'driver', brother, phone(910001), 'ACC-BROTHER');
    b.party(id, 'passenger', wife, phone(910002));
  }
  b.party('H11', 'passenger', people[0]!);
  return { gang, household };
}

describe('refine: peeling honest claims off a flagged candidate', () => {
  const b = new BookBuilder();
  background(b, 3000);
  const { gang, household } = gangWithHousehold(b);
  const ringOf = (rings: ReturnType<typeof detectRings>['rings'], claim: string) =>
    rings.find((r) => r.claims.includes(claim));

  it('cuts the component between the gang and the household it reaches through one member', () => {
    const index = indexBook(b.book);
    const claims = [...gang, ...household].map((c) => index.claimIndex.get(c)!).sort((x, y) => x - y);
    const parts = cutCandidate(index, claims, DEFAULTS).map((p) => p.map((c) => index.claims[c]!.id));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const withGang = parts.find((p) => p.includes('G0'))!;
    expect(gang.every((c) => withGang.includes(c))).toBe(true);
    expect(withGang.filter((c) => c.startsWith('H')).length).toBeLessThanOrEqual(1);
  });

  it('reports the gang without the household; unrefined, the household rides along', () => {
    const whole = ringOf(detectRings(b.book, { refineFrom: 0 }).rings, 'G0')!;
    expect(whole.flagged).toBe(true);
    expect(whole.claims).toEqual(expect.arrayContaining(household));

    const run = detectRings(b.book);
    expect(run.stats.refined).toBeGreaterThanOrEqual(1);
    expect(detectRings(b.book, { refineFrom: 0 }).stats.refined).toBe(0);
    const refined = ringOf(run.rings, 'G0')!;
    expect(refined.flagged).toBe(true);
    expect(refined.claims).toEqual(expect.arrayContaining(gang));
    expect(refined.claims.filter((c) => c.startsWith('H')).length).toBeLessThanOrEqual(1);
    // The ring says it was cut, and from what.
    const size = refined.evidence.find((e) => e.signal === 'ring_size')!;
    expect(size.detail).toContain(`cut from a linked cluster of ${whole.claims.length}`);
    expect(whole.evidence.find((e) => e.signal === 'ring_size')!.detail).not.toContain('cut from');
    // No household claim is reported on its own either.
    expect(ringOf(detectRings(b.book).rings, 'H3')?.flagged ?? false).toBe(false);
  });

  it('is deterministic: the same book gives byte-identical rings', () => {
    expect(JSON.stringify(detectRings(b.book).rings)).toBe(JSON.stringify(detectRings(b.book).rings));
  });
});

describe('refine: when a candidate stays whole', () => {
  const b = new BookBuilder();
  const { gang, household } = gangWithHousehold(b);
  const index = indexBook(b.book);
  const claims = [...gang, ...household].map((c) => index.claimIndex.get(c)!).sort((x, y) => x - y);
  const params = { ...DEFAULTS };
  /** A stand-in score (to isolate the peeling rule from the signals): `perClaim` points per claim in the set. */
  const scoring =
    (perClaim: (id: string) => number) =>
    (set: number[]): ScoredCandidate => {
      const points = set.reduce((s, c) => s + perClaim(index.claims[c]!.id), 0);
      const evidence: Evidence[] = [
        { signal: 'shared_bank_account', value: points, contribution: points, detail: '', refs: [] }
      ];
      return {
        ctx: {} as ScoredCandidate['ctx'],
        evidence,
        score: Math.min(100, points),
        promise: Math.min(100, points)
      };
    };

  it('peels the household when only the gang shows evidence', () => {
    const score = scoring((id) => (id.startsWith('G') ? 10 : 0));
    const kept = refineCandidate(index, claims, score(claims), params, score);
    expect(kept.claims.map((c) => index.claims[c]!.id).sort()).toEqual([...gang].sort());
  });

  it('keeps the whole when what would be left behind shows evidence too (a gang cut in two)', () => {
    const score = scoring(() => 10);
    const kept = refineCandidate(index, claims, score(claims), params, score);
    expect(kept.claims).toEqual(claims);
  });

  it('keeps the whole when it carries exculpatory evidence', () => {
    const score = scoring((id) => (id.startsWith('G') ? 10 : 0));
    const whole = score(claims);
    whole.evidence.push({ signal: 'agent_practice', value: 1, contribution: -15, detail: '', refs: [] });
    expect(refineCandidate(index, claims, whole, params, score).claims).toEqual(claims);
  });

  /** The stand-in score, with an agent's-practice excuse naming `agentRef` on any set without a gang claim. */
  const withExcuse = (agentRef: string) => (set: number[]) => {
    const s = scoring((id) => (id.startsWith('G') ? 10 : 0))(set);
    if (set.every((c) => !index.claims[c]!.id.startsWith('G')))
      s.evidence.push({ signal: 'agent_practice', value: 1, contribution: -15, detail: '', refs: [agentRef] });
    return s;
  };
  const refOn = (claim: string, role: string): string => {
    const c = index.claimIndex.get(claim)!;
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++)
      if (index.linkRole[i] === role) return refOf(index, index.linkEntity[i]!);
    throw new Error(`no ${role} on ${claim}`);
  };

  it("peels what is left when it is an agent's book the gang does not reach (glued on through a customer)", () => {
    const score = withExcuse(refOn('H0', 'driver'));
    const kept = refineCandidate(index, claims, score(claims), params, score);
    expect(kept.claims.map((c) => index.claims[c]!.id).sort()).toEqual([...gang].sort());
  });

  it("keeps the whole when the excuse left behind (the agent, the fleet) is on the part's claims too", () => {
    const score = withExcuse(refOn('G0', 'injured'));
    expect(refineCandidate(index, claims, score(claims), params, score).claims).toEqual(claims);
  });

  it('never keeps a part smaller than refineMinClaims', () => {
    const score = scoring((id) => (id.startsWith('G') ? 10 : 0));
    const kept = refineCandidate(index, claims, score(claims), { ...params, refineMinClaims: 11 }, score);
    expect(kept.claims).toEqual(claims);
  });
});

describe('small-louvain', () => {
  /** Undirected weighted edges → CSR. */
  const csr = (n: number, edges: Array<[number, number, number]>) => {
    const lists: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
    for (const [u, v, w] of edges) {
      lists[u]!.push([v, w]);
      lists[v]!.push([u, w]);
    }
    const start = new Int32Array(n + 1);
    lists.forEach((l, u) => (start[u + 1] = start[u]! + l.length));
    const flat = lists.flat();
    return {
      n,
      start,
      target: Int32Array.from(flat.map(([v]) => v)),
      weight: Float64Array.from(flat.map(([, w]) => w))
    };
  };
  const clique = (from: number, size: number): Array<[number, number, number]> => {
    const out: Array<[number, number, number]> = [];
    for (let i = from; i < from + size; i++) for (let j = i + 1; j < from + size; j++) out.push([i, j, 1]);
    return out;
  };

  it('finds two cliques joined by one edge, deterministically', () => {
    const graph = csr(12, [...clique(0, 6), ...clique(6, 6), [5, 6, 1]]);
    const labels = smallLouvain(graph, seededRandom(42));
    expect([...labels]).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect([...smallLouvain(graph, seededRandom(42))]).toEqual([...labels]);
  });

  it('finds ring-of-cliques communities (modularity prefers the cliques)', () => {
    const edges = [...clique(0, 5), ...clique(5, 5), ...clique(10, 5), ...clique(15, 5)];
    edges.push([4, 5, 1], [9, 10, 1], [14, 15, 1], [19, 0, 1]);
    const labels = smallLouvain(csr(20, edges), seededRandom(7));
    for (let c = 0; c < 4; c++) expect(new Set(labels.slice(c * 5, c * 5 + 5)).size).toBe(1);
    expect(new Set(labels).size).toBe(4);
  });

  it('leaves nodes without links alone', () => {
    expect([...smallLouvain(csr(3, []), seededRandom(1))]).toEqual([0, 1, 2]);
  });
});

describe('refine: the claims the red flags name, when the links cut a gang to pieces', () => {
  /**
   * Six victims a broker sent to one clinic, each also a passenger in a different family's car;
   * the six families (three honest claims each on the family phone) share nothing else. Cut over
   * its links, the candidate falls into family-plus-victim pieces of four claims.
   */
  const b = new BookBuilder();
  const victims: string[] = [];
  for (let i = 0; i < 6; i++) {
    const family = person('360102');
    for (let k = 0; k < 3; k++) {
      b.claim(`F${i}-${k}`, { accidentDate: `2023-0${1 + k}-1${i}` });
      b.party(`F${i}-${k}`, 'driver', family, phone(930000 + i));
    }
    const victim = person('360402');
    victims.push(`V${i}`);
    b.claim(`V${i}`, { product: 'injury', region: '360402' });
    b.party(`V${i}`, 'injured', victim, phone(940000 + i));
    b.link(`V${i}`, 'hospital', 'CLINIC-X', 'hospital');
    b.party(`F${i}-0`, 'passenger', victim);
  }
  const index = indexBook(b.book);
  const claims = index.claims.map((_, c) => c);
  const id = (c: number) => index.claims[c]!.id;
  /** Stand-in score: `perClaim` points per claim, the evidence naming the clinic. */
  const scoring =
    (perClaim: (id: string) => number) =>
    (set: number[]): ScoredCandidate => {
      const points = set.reduce((s, c) => s + perClaim(id(c)), 0);
      const evidence: Evidence[] = [
        {
          signal: 'intermediary_concentration',
          value: points,
          contribution: points,
          detail: '',
          refs: points > 0 ? ['hospital:CLINIC-X'] : []
        }
      ];
      return {
        ctx: {} as ScoredCandidate['ctx'],
        evidence,
        score: Math.min(100, points),
        promise: Math.min(100, points)
      };
    };

  it('falls apart into pieces too small to keep when cut over its links', () => {
    const sizes = cutCandidate(index, claims, DEFAULTS).map((p) => p.length);
    expect(Math.max(...sizes)).toBeLessThan(DEFAULTS.refineMinClaims);
  });

  it('keeps the victims the clinic evidence names, without the families', () => {
    const score = scoring((c) => (c.startsWith('V') ? 10 : 0));
    const kept = refineCandidate(index, claims, score(claims), DEFAULTS, score);
    expect(kept.claims.map(id).sort()).toEqual([...victims].sort());
  });

  it('keeps the named claims even when fewer than refineMinClaims: they are chosen by the evidence, not picked as the best cut', () => {
    // Four of the six victims' claims at the clinic, on 22 claims; the score needs all four.
    const four = new Set(['V0', 'V1', 'V2', 'V3']);
    const fewer = claims.filter((c) => !['V4', 'V5'].includes(id(c)));
    const base = scoring((c) => (four.has(c) ? 13 : 0));
    const score = (set: number[]) => {
      const s = base(set);
      if (set.filter((c) => four.has(id(c))).length < 4) s.evidence[0]!.refs = [];
      return s;
    };
    expect(DEFAULTS.refineMinClaims).toBeGreaterThan(4);
    const kept = refineCandidate(index, fewer, score(fewer), DEFAULTS, score);
    expect(kept.claims.map(id).sort()).toEqual([...four].sort());
  });

  it('keeps the whole when the families show evidence of their own', () => {
    const score = scoring((c) => (c.startsWith('V') ? 10 : 2));
    expect(refineCandidate(index, claims, score(claims), DEFAULTS, score).claims).toEqual(claims);
  });
});

describe('refine: the large silent parts of a gang cut into speaking pieces', () => {
  /**
   * Three crews of four claims, each paid into its own account and joined to the others by one
   * passenger; a claim of each crew gives the repair shop's desk phone, which `customers` honest
   * claims over the years give too. Cut over its links: the three crews and the shop's customers.
   */
  function crewsAtShop(customers: number): { index: ReturnType<typeof indexBook>; claims: number[] } {
    const b = new BookBuilder();
    const ids: string[] = [];
    const passenger = person('360702');
    for (let g = 0; g < 3; g++) {
      const people = Array.from({ length: 3 }, () => person('360702'));
      for (let i = 0; i < 4; i++) {
        const id = `G${g}-${i}`;
        ids.push(id);
        b.claim(id, { accidentDate: `2024-0${1 + g}-1${i}`, claimed: 38000 });
        b.party(id, 'driver', people[i % 3]!, undefined, `ACC-CREW-${g}`);
        b.party(id, 'injured', people[(i + 1) % 3]!, phone(880000 + g * 10 + i));
        if (i === 0) b.party(id, 'passenger', passenger);
        if (i === 1) b.party(id, 'claimant', person(), phone(990000));
      }
    }
    for (let k = 0; k < customers; k++) {
      const id = `S${k}`;
      ids.push(id);
      b.claim(id, { accidentDate: `20${18 + (k % 6)}-0${1 + (k % 9)}-0${1 + (k % 9)}`, claimed: 5000 });
      b.party(id, 'claimant', person(), phone(990000));
    }
    const index = indexBook(b.book);
    return { index, claims: ids.map((c) => index.claimIndex.get(c)!).sort((x, y) => x - y) };
  }
  /** Stand-in score: 10 points per crew claim, none per customer's. */
  const crewScore =
    (index: ReturnType<typeof indexBook>) =>
    (set: number[]): ScoredCandidate => {
      const points = set.filter((c) => index.claims[c]!.id.startsWith('G')).length * 10;
      const evidence: Evidence[] = [
        { signal: 'shared_bank_account', value: points, contribution: points, detail: '', refs: [] }
      ];
      return {
        ctx: {} as ScoredCandidate['ctx'],
        evidence,
        score: Math.min(100, points),
        promise: Math.min(100, points)
      };
    };
  const ids = (index: ReturnType<typeof indexBook>, set: number[]): string[] =>
    set.map((c) => index.claims[c]!.id).sort();

  it('drops the shop’s fourteen silent customers and keeps the three crews together', () => {
    const { index, claims } = crewsAtShop(14);
    const score = crewScore(index);
    expect(cutCandidate(index, claims, DEFAULTS)).toHaveLength(4);
    const kept = refineCandidate(index, claims, score(claims), DEFAULTS, score);
    expect(ids(index, kept.claims)).toEqual(ids(index, claims).filter((c) => c.startsWith('G')));
  });

  it('keeps a silent part smaller than refineFrom: a few silent claims are no evidence of honesty', () => {
    const { index, claims } = crewsAtShop(8);
    const score = crewScore(index);
    expect(refineCandidate(index, claims, score(claims), DEFAULTS, score).claims).toEqual(claims);
  });

  it('keeps the whole when the crews left would not stand flagged', () => {
    const { index, claims } = crewsAtShop(14);
    const score = crewScore(index);
    const strict = { ...DEFAULTS, flagThreshold: 130 };
    expect(refineCandidate(index, claims, score(claims), strict, score).claims).toEqual(claims);
  });
});
