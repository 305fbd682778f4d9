import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, detectRings, effectiveResolution } from '../../engine/detect/index.js';
import { BookBuilder, person, phone, shuffled } from '../helpers/book.js';

/** A staged-collision gang: 5 people rotating driver / injured / witness over 8 claims, 3 prefectures, 3 insurers. */
function stagedRing(b: BookBuilder, prefix: string, hub?: string): string[] {
  const people = Array.from({ length: 5 }, (_, i) => person(i % 2 ? '360702' : '360102'));
  const regions = ['360102', '360702', '361102'];
  const insurers = ['PICC', '平安', '太平洋'];
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) {
    const id = `${prefix}${i}`;
    ids.push(id);
    b.claim(id, { region: regions[i % 3]!, insurer: insurers[i % 3]!, claimed: 40000, policyStart: '2024-02-20' });
    b.party(id, 'driver', people[i % 5]!, phone(9000 + (i % 5)));
    b.party(id, 'injured', people[(i + 1) % 5]!, phone(9000 + ((i + 1) % 5)));
    b.party(id, 'witness', people[(i + 2) % 5]!);
    b.link(id, 'vehicle', `赣A9${String(i % 3).padStart(4, '0')}`, 'insured');
    if (hub) b.link(id, 'hospital', hub, 'hospital');
  }
  return ids;
}

function honestClaims(b: BookBuilder, n: number, hub: string): void {
  for (let i = 0; i < n; i++) {
    const id = `H${i}`;
    b.claim(id, {
      product: 'injury',
      insurer: ['PICC', '平安', '太平洋', '国寿财'][i % 4]!,
      region: i % 2 ? '360102' : '360702'
    });
    b.party(id, 'injured', person(), phone(100000 + i));
    b.link(id, 'hospital', hub, 'hospital');
    b.link(id, 'appraiser', 'APPRAISE-HUB', 'appraiser');
  }
}

describe('detection', () => {
  it('does not glue the honest claims of a big hospital into a ring, and still finds the ring using it', () => {
    const b = new BookBuilder();
    honestClaims(b, 3000, 'HOSPITAL-CITY');
    const ring = stagedRing(b, 'S', 'HOSPITAL-CITY');
    const { rings } = detectRings(b.book);
    expect(rings.every((r) => r.claims.length <= 8)).toBe(true);
    const flagged = rings.filter((r) => r.flagged);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.claims).toEqual([...ring].sort());
    expect(flagged[0]!.category).toBe('staged_collision');
    // The hub is not a member, and honest claims are not in any ring.
    expect(flagged[0]!.members.some((m) => m.key === 'HOSPITAL-CITY')).toBe(false);
    expect(rings.flatMap((r) => r.claims).some((c) => c.startsWith('H'))).toBe(false);
  });

  it('explains the score with named signals whose contributions add up', () => {
    const b = new BookBuilder();
    stagedRing(b, 'S');
    const [ring] = detectRings(b.book).rings;
    const signals = ring!.evidence.map((e) => e.signal);
    expect(signals).toEqual(
      expect.arrayContaining([
        'role_switching',
        'cross_region',
        'cross_insurer',
        'recurring_vehicle',
        'short_policy_gap'
      ])
    );
    const sum = ring!.evidence.reduce((s, e) => s + e.contribution, 0);
    expect(ring!.score).toBeCloseTo(Math.min(100, sum), 0);
    for (const e of ring!.evidence) expect(e.detail.length).toBeGreaterThan(10);
    // Evidence details (plain words, shown to users) never carry a raw resident ID.
    const ids = ring!.members.filter((m) => m.type === 'person').map((m) => m.key);
    for (const id of ids) expect(ring!.evidence.map((e) => e.detail).join(' ')).not.toContain(id);
  });

  it('gives the same rings, byte for byte, for the same input and seed — whatever the record order', () => {
    const b = new BookBuilder();
    honestClaims(b, 500, 'HOSP');
    stagedRing(b, 'S');
    stagedRing(b, 'T');
    const a = JSON.stringify(detectRings(b.book, { seed: 7 }).rings);
    expect(JSON.stringify(detectRings(b.book, { seed: 7 }).rings)).toBe(a);
    expect(JSON.stringify(detectRings(shuffled(b.book, 99), { seed: 7 }).rings)).toBe(a);
  });

  it('returns only connected rings', () => {
    const b = new BookBuilder();
    stagedRing(b, 'S');
    stagedRing(b, 'T');
    // A thin bridge between the two gangs: one shared phone.
    b.link('S0', 'phone', phone(777), 'driver', null).link('T0', 'phone', phone(777), 'driver', null);
    for (const ring of detectRings(b.book).rings) {
      const g = new Graph({ type: 'undirected' });
      for (const c of ring.claims) g.mergeNode(`claim:${c}`);
      for (const l of b.book.links) {
        if (!ring.claims.includes(l.claim)) continue;
        const m = ring.members.find((x) => x.type === l.type && x.key === l.key);
        if (m && m.claims >= 2) g.mergeEdge(`claim:${l.claim}`, `${l.type}:${l.key}`);
      }
      const seen = new Set<string>([`claim:${ring.claims[0]}`]);
      const stack = [`claim:${ring.claims[0]}`];
      while (stack.length)
        g.forEachNeighbor(stack.pop()!, (n) => {
          if (!seen.has(n)) {
            seen.add(n);
            stack.push(n);
          }
        });
      for (const c of ring.claims) expect(seen.has(`claim:${c}`)).toBe(true);
    }
  });

  it('names the person on the most paths as organiser', () => {
    const b = new BookBuilder();
    const broker = person('360102');
    for (let i = 0; i < 10; i++) {
      const id = `B${i}`;
      b.claim(id, { product: 'injury', claimed: 150000, insurer: ['PICC', '平安', '太平洋'][i % 3]! });
      b.party(id, 'injured', person(['360102', '360702', '360402'][i % 3]), broker.slice(0, 0) + phone(500 + i));
      b.party(id, 'agent', broker, phone(42));
      b.link(id, 'appraiser', 'APPR-SMALL', 'appraiser');
    }
    const [ring] = detectRings(b.book).rings;
    expect(ring!.organisers[0]).toBe(broker);
    expect(ring!.category).toBe('injury_broker');
  });

  it('leaves an honest family sharing a phone and a car unflagged', () => {
    const b = new BookBuilder();
    const [dad, mum, son] = [person('360103'), person('360103'), person('360103')];
    const home = phone(1234);
    b.claim('F1', { accidentDate: '2023-04-01' })
      .party('F1', 'driver', dad, home)
      .link('F1', 'vehicle', '赣A11111', 'insured');
    b.claim('F2', { accidentDate: '2024-06-01', insurer: '平安' })
      .party('F2', 'driver', mum, home)
      .link('F2', 'vehicle', '赣A11111', 'insured');
    b.claim('F3', { accidentDate: '2025-01-01', product: 'health' }).party('F3', 'claimant', son, home);
    const { rings } = detectRings(b.book);
    expect(rings.filter((r) => r.flagged)).toHaveLength(0);
  });

  it('raises the Louvain resolution with the graph weight above the reference, and only above it', () => {
    expect(effectiveResolution({ resolution: 1, resolutionReference: 100 }, 50)).toBe(1);
    expect(effectiveResolution({ resolution: 1, resolutionReference: 100 }, 400)).toBe(4);
    expect(effectiveResolution({ resolution: 2, resolutionReference: 100 }, 400)).toBe(8);
    // Six gangs sharing their phones: one 48-claim component, so it goes through Louvain.
    const b = new BookBuilder();
    for (let g = 0; g < 6; g++) stagedRing(b, `G${g}-`);
    const book = b.book;
    const plain = detectRings(book);
    expect(plain.stats.graphNodes).toBeGreaterThan(0);
    expect(plain.stats.resolution).toBe(DEFAULTS.resolution);
    // Below the reference nothing changes, byte for byte.
    expect(JSON.stringify(detectRings(book, { resolutionReference: 1e12 }).rings)).toBe(JSON.stringify(plain.rings));
    // Far above it, the same graph is cut more finely.
    const scaled = detectRings(book, { resolutionReference: 1 });
    expect(scaled.stats.resolution).toBeGreaterThan(DEFAULTS.resolution);
    expect(scaled.stats.communities).toBeGreaterThan(plain.stats.communities);
  });

  it('names a staged-collision gang with its own workshop staged_collision, not mixed', () => {
    const b = new BookBuilder();
    honestClaims(b, 400, 'HOSPITAL-CITY');
    const ring = stagedRing(b, 'S');
    for (const id of ring) b.link(id, 'repair_shop', 'GANG-SHOP', 'repair_shop');
    const found = detectRings(b.book).rings.find((r) => r.claims.includes(ring[0]!));
    expect(found?.flagged).toBe(true);
    expect(found!.evidence.find((e) => e.signal === 'intermediary_concentration')?.refs).toEqual([
      'repair_shop:GANG-SHOP'
    ]);
    expect(found!.category).toBe('staged_collision');
  });
});
