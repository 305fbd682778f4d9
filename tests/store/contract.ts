/**
 * The RingStore contract (store/types.ts) as one suite, run against every
 * store: whatever a store is, the CLI, the API and the engine must see the
 * same behaviour and the same data — down to byte-identical rings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookAsOf, detectRings } from '../../engine/detect/index.js';
import type { ClaimsBook, Link, Ring } from '../../engine/model.js';
import { buildRun } from '../../engine/run.js';
import { EmbeddedStore } from '../../store/embedded.js';
import type { Neighbourhood, RingStore } from '../../store/types.js';
import { batchFixture, canonical, type Fixture } from './fixtures.js';

export interface StoreFactory {
  name: string;
  /** A store holding nothing. */
  open(): Promise<RingStore>;
  /** Empties the store (between tests that need a fresh one). */
  reset(store: RingStore): Promise<RingStore>;
  skip?: boolean;
}

const META = { batchId: 'contract', loadedAt: '2025-06-30T08:00:00.000Z' };

function sortedNeighbourhood(n: Neighbourhood): Neighbourhood {
  return {
    nodes: [...n.nodes].sort((a, b) => (a.id < b.id ? -1 : 1)),
    edges: [...n.edges].sort((a, b) =>
      `${a.source}|${a.target}|${a.role}` < `${b.source}|${b.target}|${b.role}` ? -1 : 1
    ),
    more: n.more
  };
}

export function storeContract(factory: StoreFactory): void {
  describe.skipIf(factory.skip)(`RingStore contract: ${factory.name}`, () => {
    let fx: Fixture;
    let store: RingStore;
    let reference: EmbeddedStore;
    let referenceRings: string;
    let ringOf: Ring;

    beforeAll(async () => {
      fx = await batchFixture();
      reference = new EmbeddedStore();
      reference.ingestSync(fx.book, META);
      const rings = detectRings(fx.book).rings;
      referenceRings = JSON.stringify(rings);
      ringOf = rings.find((r) => r.flagged) ?? rings[0]!;
      store = await factory.reset(await factory.open());
    }, 300_000);

    afterAll(async () => {
      await store?.close();
    });

    it('loads a batch, and loading it again changes nothing', async () => {
      store = await factory.reset(store);
      const first = await store.ingest(fx.book, META);
      expect(first).toEqual({
        added: fx.book.claims.length,
        updated: 0,
        unchanged: 0,
        watchlist: fx.book.watchlist.length
      });
      const counts = await store.counts();
      expect(counts).toEqual({
        claims: fx.book.claims.length,
        links: fx.book.links.length,
        entities: fx.book.entities.length,
        watchlist: fx.book.watchlist.length,
        runs: 0
      });
      const second = await store.ingest(fx.book, { ...META, loadedAt: '2025-07-01T08:00:00.000Z' });
      expect(second).toEqual({ added: 0, updated: 0, unchanged: fx.book.claims.length, watchlist: 0 });
      expect(await store.counts()).toEqual(counts);
    }, 300_000);

    it('projects exactly the book it was given, whole or as of a date', async () => {
      expect(canonical(await store.projection())).toEqual(canonical(fx.book));
      const asOf = [...fx.book.claims].map((c) => c.reportDate ?? c.accidentDate).sort()[
        Math.floor(fx.book.claims.length / 2)
      ]!;
      const partial = await store.projection({ asOf });
      expect(partial.claims.length).toBeLessThan(fx.book.claims.length);
      expect(canonical(partial)).toEqual(canonical(bookAsOf(fx.book, asOf)));
    }, 120_000);

    it('gives the engine what makes byte-identical rings', async () => {
      const rings = detectRings(await store.projection()).rings;
      expect(rings.length).toBeGreaterThan(0);
      expect(JSON.stringify(rings)).toBe(referenceRings);
    }, 120_000);

    it('returns claims by id, in the order asked, skipping unknown ids', async () => {
      const [a, b] = [fx.book.claims[10]!, fx.book.claims[3]!];
      expect(await store.claims([a.id, 'NO-SUCH-CLAIM', b.id])).toEqual([a, b]);
      expect(await store.claims([])).toEqual([]);
    });

    it('replaces an updated claim whole: new fields, new links, none of the old', async () => {
      const target = fx.book.claims.find(
        (c) => fx.book.links.filter((l) => l.claim === c.id && l.type === 'phone').length > 0
      )!;
      const old = fx.book.links.filter((l) => l.claim === target.id);
      const updated = { ...target, status: 'rejected' as const, paid: null, policyNo: null };
      const links: Link[] = [
        ...old.filter((l) => l.type !== 'phone'),
        { claim: target.id, type: 'vehicle', key: '赣A0TEST9', role: 'third_party', person: null }
      ];
      const update: ClaimsBook = { claims: [updated], links, entities: [], watchlist: [] };
      const before = await store.counts();
      expect(await store.ingest(update, { ...META, batchId: 'update' })).toEqual({
        added: 0,
        updated: 1,
        unchanged: 0,
        watchlist: 0
      });
      expect(await store.claims([target.id])).toEqual([updated]);
      const projected = await store.projection();
      expect(canonical({ ...projected, links: projected.links.filter((l) => l.claim === target.id) }).links).toEqual(
        canonical({ ...update, links }).links
      );
      expect((await store.counts()).links).toBe(before.links - old.length + links.length);
      // The same update again is a no-op; the original batch again restores the original claim.
      expect(await store.ingest(update, META)).toEqual({ added: 0, updated: 0, unchanged: 1, watchlist: 0 });
      expect(await store.ingest(fx.book, META)).toMatchObject({
        added: 0,
        updated: 1,
        unchanged: fx.book.claims.length - 1
      });
      expect(canonical(await store.projection())).toEqual(canonical(fx.book));
    }, 300_000);

    it('walks a bounded neighbourhood: hops, limit, and `more` when cut', async () => {
      const member = ringOf.members.find((m) => m.type === 'person') ?? ringOf.members[0]!;
      const full = (await store.neighbourhood(member.type, member.key, 2, 5_000))!;
      const expected = (await reference.neighbourhood(member.type, member.key, 2, 5_000))!;
      expect(full.more).toBe(false);
      expect(full.nodes[0]!.id).toBe(`${member.type}:${member.key}`);
      expect(sortedNeighbourhood(full)).toEqual(sortedNeighbourhood(expected));

      const cut = (await store.neighbourhood(member.type, member.key, 2, 4))!;
      expect(cut.nodes).toHaveLength(4);
      expect(cut.more).toBe(true);
      const ids = new Set(cut.nodes.map((n) => n.id));
      for (const e of cut.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
      const fullIds = new Set(full.nodes.map((n) => n.id));
      for (const id of ids) expect(fullIds.has(id)).toBe(true);

      const start = (await store.neighbourhood(member.type, member.key, 0, 10))!;
      expect(start.nodes.map((n) => n.id)).toEqual([`${member.type}:${member.key}`]);
      expect(start).toMatchObject({ edges: [], more: false });

      const claim = ringOf.claims[0]!;
      const around = (await store.neighbourhood('claim', claim, 1, 1_000))!;
      expect(sortedNeighbourhood(around)).toEqual(
        sortedNeighbourhood((await reference.neighbourhood('claim', claim, 1, 1_000))!)
      );
      expect(around.nodes[0]).toMatchObject({
        id: `claim:${claim}`,
        label: claim,
        degree: fx.book.links.filter((l) => l.claim === claim).length
      });

      expect(await store.neighbourhood('person', '000000000000000000', 2, 10)).toBeNull();
      expect(await store.neighbourhood('claim', 'NO-SUCH-CLAIM', 2, 10)).toBeNull();
    }, 120_000);

    it('adds to and removes from the watchlist', async () => {
      const before = await store.listWatch();
      const entry = {
        entity: 'phone' as const,
        key: '13900000042',
        reason: 'test',
        listedBy: 'PICC',
        listedAt: '2025-01-02',
        expiresAt: null
      };
      await store.addWatch(entry);
      await store.addWatch(entry);
      const after = await store.listWatch();
      expect(after).toHaveLength(before.length + 1);
      expect(after).toContainEqual(entry);
      await store.addWatch({ ...entry, reason: 'changed' });
      expect(await store.listWatch()).toContainEqual({ ...entry, reason: 'changed' });
      expect(await store.removeWatch('phone', entry.key)).toBe(true);
      expect(await store.removeWatch('phone', entry.key)).toBe(false);
      expect(canonical({ claims: [], links: [], entities: [], watchlist: await store.listWatch() }).watchlist).toEqual(
        canonical({ claims: [], links: [], entities: [], watchlist: before }).watchlist
      );
    });

    it('saves runs whole and lists, gets and finds the latest', async () => {
      const result = detectRings(await store.projection());
      const input = {
        source: 'contract',
        claims: fx.book.claims.length,
        parties: 0,
        vehicles: 0,
        providers: 0,
        watchlist: 0,
        rejectedClaims: 0,
        warnings: 0
      };
      const first = buildRun(result, input, new Date('2025-07-01T00:00:00Z'), new Date('2025-07-01T00:01:00Z'));
      const second = buildRun(result, input, new Date('2025-07-02T00:00:00Z'), new Date('2025-07-02T00:01:00Z'));
      expect(await store.latestRun()).toBeNull();
      expect(await store.listRuns()).toEqual([]);
      await store.saveRun(first);
      await store.saveRun(second);
      expect((await store.listRuns()).map((r) => r.id)).toEqual([second.run.id, first.run.id]);
      expect((await store.listRuns())[1]).toEqual({
        id: first.run.id,
        startedAt: first.run.startedAt,
        finishedAt: first.run.finishedAt,
        rings: first.rings.length,
        flagged: first.rings.filter((r) => r.flagged).length,
        claims: fx.book.claims.length
      });
      expect(await store.getRun(first.run.id)).toEqual(first);
      expect(JSON.stringify((await store.getRun(first.run.id))!.rings)).toBe(referenceRings);
      expect(await store.latestRun()).toEqual(second);
      expect(await store.getRun('run-none')).toBeNull();
      expect((await store.counts()).runs).toBe(2);
    }, 300_000);
  });
}
