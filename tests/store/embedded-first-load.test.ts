/**
 * The embedded store's first load: links are put on their claims by walking
 * the claims near the last one found, with the map as the fallback. Whatever
 * order the links come in — runs that skip claims, files that start again,
 * jumps far ahead or back, links of claims not in the book — every claim must
 * end up with exactly its own links, as a load into a non-empty store gives.
 */
import { describe, expect, it } from 'vitest';
import type { ClaimsBook, Link } from '../../engine/model.js';
import { EmbeddedStore } from '../../store/embedded.js';
import { BookBuilder, phone, shuffled } from '../helpers/book.js';
import { canonical } from './fixtures.js';

const META = { batchId: 'b1', loadedAt: '2026-01-01T00:00:00.000Z' };

/** 6,000 claims; parties on every claim, a vehicle on every seventh, a repair shop on every 40th (long skips). */
function book(): ClaimsBook {
  const b = new BookBuilder();
  const ids = Array.from({ length: 6000 }, (_, i) => `C${String(i).padStart(6, '0')}`);
  for (const id of ids) b.claim(id);
  ids.forEach((id, i) => b.link(id, 'phone', phone(i % 900), 'insured'));
  ids.forEach((id, i) => i % 7 === 0 && b.link(id, 'vehicle', `赣A${String(i).padStart(5, '0')}`, 'insured'));
  ids.forEach(
    (id, i) => i % 40 === 0 && b.link(id, 'repair_shop', `91360100MA${String(i % 13).padStart(8, '0')}`, 'repair_shop')
  );
  return b.book;
}

function linksByClaim(store: EmbeddedStore): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const l of store.projectionSync().links) {
    const list = out.get(l.claim) ?? [];
    list.push(`${l.type}|${l.key}|${l.role}`);
    out.set(l.claim, list);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** The reference: the same book loaded into a store that already holds a claim (the staging path). */
function viaStaging(b: ClaimsBook): Map<string, string[]> {
  const store = new EmbeddedStore();
  store.ingestSync({ claims: [{ ...b.claims[0]!, id: 'ZZ-OTHER' }], links: [], entities: [], watchlist: [] }, META);
  store.ingestSync(b, META);
  const out = linksByClaim(store);
  out.delete('ZZ-OTHER');
  return out;
}

describe('EmbeddedStore first load', () => {
  it('puts every link on its claim when the files skip claims and start again', () => {
    const b = book();
    const store = new EmbeddedStore();
    const summary = store.ingestSync(b, META);
    expect(summary.added).toBe(6000);
    const got = linksByClaim(store);
    expect(got).toEqual(viaStaging(b));
    expect(got.get('C000280')).toEqual([
      'phone|13900000280|insured',
      'repair_shop|91360100MA00000007|repair_shop',
      'vehicle|赣A00280|insured'
    ]);
    expect(canonical(store.projectionSync())).toEqual(canonical(b));
  });

  it('puts every link on its claim whatever order claims and links come in', () => {
    for (const seed of [1, 2, 3]) {
      const b = shuffled(book(), seed);
      const store = new EmbeddedStore();
      store.ingestSync(b, META);
      expect(linksByClaim(store)).toEqual(viaStaging(b));
    }
  });

  it('drops links of claims not in the book, as a reload does', () => {
    const b = book();
    const stray: Link = { claim: 'NOT-IN-BOOK', type: 'phone', key: phone(1), role: 'insured', person: null };
    b.links.splice(3000, 0, stray);
    const store = new EmbeddedStore();
    store.ingestSync(b, META);
    expect(linksByClaim(store).has('NOT-IN-BOOK')).toBe(false);
    expect(store.projectionSync().links).toHaveLength(b.links.length - 1);
  });

  it('keeps the last of a repeated claim id with all the links of that id, as a reload does', () => {
    const b = new BookBuilder()
      .claim('A', { claimed: 100 })
      .claim('B')
      .claim('A', { claimed: 200 })
      .link('A', 'phone', phone(1), 'insured')
      .link('B', 'phone', phone(2), 'insured')
      .link('A', 'phone', phone(3), 'claimant').book;
    const store = new EmbeddedStore();
    const summary = store.ingestSync(b, META);
    expect(summary.added).toBe(3);
    const projection = store.projectionSync();
    expect(projection.claims.map((c) => [c.id, c.claimed])).toEqual([
      ['A', 200],
      ['B', 10000]
    ]);
    expect(linksByClaim(store).get('A')).toEqual(['phone|13900000001|insured', 'phone|13900000003|claimant']);
  });
});
