/**
 * The load plan decides which entities chunks in flight together would share
 * (merged ahead of them, segment by segment), which claim carries each
 * description and whose insurer a node's provenance names. No server: the
 * plan is pure.
 */
import { describe, expect, it } from 'vitest';
import type { Claim, ClaimsBook, EntityInfo, Link } from '../../engine/model.js';
import { LoadPlan, PlanError } from '../../store/neo4j/load-plan.js';

const claim = (n: number): Claim => ({
  id: `C${String(n).padStart(4, '0')}`,
  insurer: `insurer-${n % 3}`,
  policyNo: null,
  product: 'auto',
  region: '360100',
  accidentDate: '2024-01-01',
  reportDate: null,
  policyStart: null,
  claimed: 1000,
  paid: null,
  status: null
});

/** `claims` claims; `names[key]` = the claim positions linking a repair shop `key`. */
function book(claims: number, names: Record<string, number[]>, entities: EntityInfo[] = []): ClaimsBook {
  const links: Link[] = [];
  for (const [key, at] of Object.entries(names)) {
    for (const n of at) links.push({ claim: claim(n).id, type: 'repair_shop', key, role: 'repair_shop', person: null });
  }
  return { claims: Array.from({ length: claims }, (_, n) => claim(n)), links, entities, watchlist: [] };
}

const shop = (key: string, name: string): EntityInfo => ({ type: 'repair_shop', key, name, region: '360100' });
const SHOP = 5; // position of RepairShop in model order
const keys = (rows: ReturnType<LoadPlan['sharedRows']>): string[] => rows[SHOP]!.map((r) => r[0]);

describe('LoadPlan', () => {
  // batchSize 1, concurrency 1: window 4 chunks, segments of 16 chunks (claims).
  const options = { batchSize: 1, concurrency: 1 };

  it('shares an entity named again within the window of the first chunk naming it, and no other', () => {
    const p = new LoadPlan(book(40, { near: [0, 3], far: [0, 4], again: [1, 9, 10], once: [2] }), options);
    expect(p.window).toBe(4);
    expect(p.segmentChunks).toBe(16);
    expect(p.segments).toBe(3);
    // 'again' is named by chunks 9 and 10, close together, but chunk 1 created it long before.
    expect(keys(p.sharedRows(0))).toEqual(['near']);
  });

  it('lists a shared entity with the segment of the chunk first naming it, and the insurer of that claim', () => {
    const p = new LoadPlan(book(40, { edge: [15, 17], late: [20, 21] }, [shop('late', '信隆汽修')]), options);
    expect(keys(p.sharedRows(0))).toEqual(['edge']);
    expect(p.sharedRows(1)[SHOP]).toEqual([['late', ['信隆汽修', '360100'], claim(20).insurer]]);
    expect(keys(p.sharedRows(2))).toEqual([]);
    expect(p.sharedRows(0)[SHOP]![0]![2]).toBe(claim(15).insurer);
  });

  it("sorts each type's shared rows by key, the order locks are taken in", () => {
    const p = new LoadPlan(book(20, { b: [0, 1], c: [0, 2], a: [1, 2] }), options);
    expect(keys(p.sharedRows(0))).toEqual(['a', 'b', 'c']);
  });

  it('gives a description to the first claim naming the entity only, and none for a shared one', () => {
    const b = book(20, { solo: [2, 12], pair: [5, 6] }, [shop('solo', '华诚'), shop('pair', '比亚迪')]);
    const p = new LoadPlan(b, options);
    p.through(20);
    const link = (n: number, key: string): Link => b.links.find((l) => l.claim === claim(n).id && l.key === key)!;
    expect(p.description(2, link(2, 'solo'))?.name).toBe('华诚');
    expect(p.description(12, link(12, 'solo'))).toBeNull();
    // The first phase writes a shared entity's description with the node.
    expect(p.description(5, link(5, 'pair'))).toBeNull();
  });

  it('knows which segments it covers, refuses to describe a claim it has not planned, and plans no further than the book', () => {
    const b = book(40, { x: [30, 31] });
    const p = new LoadPlan(b, options);
    expect(p.covers(0)).toBe(false);
    p.through(p.endOfSegment(0));
    expect(p.covers(0)).toBe(true);
    expect(p.covers(1)).toBe(false);
    expect(() => p.description(25, b.links[0]!)).toThrow(PlanError);
    p.through(1_000);
    expect(p.covers(2)).toBe(true);
    expect(keys(p.sharedRows(1))).toEqual(['x']);
  });

  it('finds the descriptions no claim links to', () => {
    const p = new LoadPlan(book(4, { used: [0] }, [shop('used', 'A'), shop('orphan', 'B')]), options);
    expect(p.orphans().map((e) => e.key)).toEqual(['orphan']);
  });

  it('widens the window with the chunks in flight', () => {
    const p = new LoadPlan(book(400, { x: [0, 150] }), { batchSize: 25, concurrency: 2 });
    expect(p.window).toBe(8);
    expect(keys(p.sharedRows(0))).toEqual(['x']); // chunk 6 is within 8 chunks of chunk 0
  });
});
