/**
 * Ring list, detail and graph with a large book loaded do no work proportional
 * to the book: no projection, claims fetched one ring at a time. This is what
 * keeps them fast at a million claims; how fast is measured by the benchmark
 * (`npm run bench:api`, autocannon over HTTP), not asserted here — a timed test
 * would only measure whatever else shares the CPU.
 *
 * Embedded store only (vitest.config.ts leaves it out of the api-neo4j project): it checks
 * the API's own work over a 100,000-claim book held in memory; loading that book into Neo4j
 * on every run would take minutes and say nothing more about the API.
 */
import { describe, expect, it } from 'vitest';
import { RING_CLAIMS, ringsFor, syntheticBook, syntheticRun } from '../../bench/api/fixture.js';
import { EmbeddedStore } from '../../store/embedded.js';
import { as, makeApp } from './helpers.js';

const CLAIMS = Number(process.env.RINGSIGHT_API_PERF_CLAIMS ?? 100_000);
const RINGS = ringsFor(CLAIMS);

describe(`the ring routes with ${CLAIMS.toLocaleString('en')} claims and ${RINGS.toLocaleString('en')} rings`, () => {
  it('ring list, detail and graph do no per-request work on the book', async () => {
    const store = new EmbeddedStore();
    const book = syntheticBook(CLAIMS);
    store.ingestSync(book, { batchId: 'perf', loadedAt: new Date().toISOString() });
    await store.saveRun(syntheticRun(book));
    const app = await makeApp({ createStore: () => store, latestRunRefreshMs: 5000 });

    // Warm-up: the first requests build the run's index and the name directory, once.
    expect((await app.inject({ url: '/api/rings', headers: as('analyst') })).json().total).toBe(RINGS);
    expect((await app.inject({ url: '/api/rings/R00000001', headers: as('analyst') })).statusCode).toBe(200);

    // From here on, no request may touch the whole book.
    let projections = 0;
    let widestClaims = 0;
    const realProjection = store.projection.bind(store);
    const realClaims = store.claims.bind(store);
    store.projection = (o) => {
      projections++;
      return realProjection(o);
    };
    store.claims = (ids) => {
      widestClaims = Math.max(widestClaims, ids.length);
      return realClaims(ids);
    };

    const queries = [
      '',
      '?flagged=true',
      '?insurer=PICC&sort=claimed',
      '?region=360700&minScore=60',
      '?category=mixed&page=5&pageSize=100',
      '?q=r0000123',
      '?from=2024-03-01&to=2024-04-01&order=asc',
      '?status=new&pageSize=500'
    ];
    for (let i = 0; i < 200; i++) {
      const who = i % 4 === 0 ? 'picc' : 'analyst';
      const list = await app.inject({ url: `/api/rings${queries[i % queries.length]}`, headers: as(who) });
      expect(list.statusCode).toBe(200);
      const id = `R${String((i * 7907) % RINGS).padStart(8, '0')}`;
      const detail = await app.inject({
        url: `/api/rings/${id}${i % 3 === 0 ? '?unmask=true' : ''}`,
        headers: as(i % 2 ? 'analyst' : 'cpic')
      });
      expect([200, 404]).toContain(detail.statusCode);
      expect((await app.inject({ url: `/api/rings/${id}/graph`, headers: as('analyst') })).statusCode).toBe(200);
    }
    await app.close();
    expect(projections).toBe(0);
    expect(widestClaims).toBeLessThanOrEqual(RING_CLAIMS);
  }, 300_000);
});
