// Issue 16 items 1 and 2: the masking oracle (exact identity lookups by masked roles) and the
// insurer scope of entity neighbourhoods. Runs on both stores (vitest project api-neo4j).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { residentId } from '../helpers/batch.js';
import { as, loadAndDetect, makeApp, PEOPLE, PHONE_A, TOKEN_RECORDS, type Who } from '../api/helpers.js';

describe('security: exact identity lookups and insurer scope', () => {
  let app: App;
  let ringA: string;
  const get = (url: string, who: Who = 'picc') => app.inject({ url, headers: as(who) });
  const lookups = () => app.audit.query({ action: 'lookup', limit: 10_000, offset: 0 }).items;

  beforeAll(async () => {
    app = await makeApp({ lookupLimit: { max: 12, windowMs: 60_000 } });
    await loadAndDetect(app);
    ringA = (await get('/api/rings', 'analyst'))
      .json()
      .items.find((i: { insurers: string[] }) => i.insurers.includes('PICC')).id;
  });
  afterAll(async () => {
    await app.close();
  });

  it("an insurer cannot confirm a foreign party's full ID: entity, search and rings?q= all read as absent", async () => {
    // a4 is a party of CPIC and PINGAN claims only (ring A, which PICC sees masked).
    const entity = await get(`/api/entities/person/${PEOPLE.a4}`);
    expect(entity.statusCode).toBe(404);
    const absent = await get(`/api/entities/person/${residentId('360102', '1982-06-07', 45)}`);
    expect(absent.statusCode).toBe(404);
    expect(entity.json()).toEqual(absent.json());
    expect((await get(`/api/search?q=${PEOPLE.a4}`)).json().items).toEqual([]);
    expect((await get(`/api/rings?q=${PEOPLE.a4}`)).json().items).toEqual([]);
    // Ring B's phone: not one of PICC's parties.
    expect((await get('/api/entities/phone/13700137000')).statusCode).toBe(404);
    // Its own parties it still finds (it can unmask them anyway).
    expect((await get(`/api/entities/person/${PEOPLE.org}`)).statusCode).toBe(200);
    expect((await get(`/api/rings?q=${PEOPLE.org}`)).json().items.map((i: { id: string }) => i.id)).toEqual([ringA]);
  });

  it('handles are per token: a search hit never equals the handle another caller holds', async () => {
    const ring = (await get(`/api/rings/${ringA}`, 'picc')).json();
    const picc = ring.members.find((m: { key: string }) => m.key === '360102********0452').id as string;
    const analystHit = (await get(`/api/search?q=${PEOPLE.a4}`, 'analyst')).json().items[0].id as string;
    const analystRing = (await get(`/api/rings/${ringA}`, 'analyst'))
      .json()
      .members.find((m: { key: string }) => m.key === '360102********0452').id as string;
    expect(analystHit).toBe(analystRing); // one caller's views join up
    expect(picc).not.toBe(analystHit); // another caller's do not
    // PICC's own handle opens for PICC (the member is in its scope), and not for CPIC.
    const handle = picc.slice('person:'.length);
    expect((await get(`/api/entities/person/${handle}?hops=1`, 'picc')).statusCode).toBe(200);
    expect((await get(`/api/entities/person/${handle}?hops=1`, 'cpic')).statusCode).toBe(404);
  });

  it('every exact lookup is audited, hit or miss, with masked keys only', async () => {
    const before = lookups().length;
    await get(`/api/entities/person/${PEOPLE.a4}`);
    await get(`/api/search?q=${PHONE_A}`);
    await get(`/api/rings?q=${PEOPLE.b1}`);
    const added = lookups().slice(0, lookups().length - before);
    expect(added).toHaveLength(3);
    expect(added.map((e) => e.details.via).sort()).toEqual(['entity', 'rings', 'search']);
    expect(added.find((e) => e.details.via === 'entity')).toMatchObject({
      action: 'lookup.exact',
      target: 'person:360102********0452',
      details: { hit: false, scope: 'own' }
    });
    expect(added.find((e) => e.details.via === 'search')!.details.hit).toBe(true);
    expect(JSON.stringify(added)).not.toContain(PEOPLE.a4);
    expect(JSON.stringify(added)).not.toContain(PHONE_A);
  });

  it('exact lookups are rate limited per token (429, audited), other tokens unaffected', async () => {
    let status = 200;
    for (let i = 0; i < 20 && status !== 429; i++)
      status = (await get(`/api/entities/person/${PEOPLE.a2}`, 'cpic')).statusCode;
    expect(status).toBe(429);
    expect(lookups().some((e) => e.action === 'lookup.refused' && e.actor === 'cpic-claims')).toBe(true);
    expect((await get(`/api/entities/person/${PEOPLE.org}`, 'police')).statusCode).toBe(200);
    // Not an exact lookup: ring lists and handles stay usable.
    expect((await get('/api/rings', 'cpic')).statusCode).toBe(200);
  });

  it("an insurer's neighbourhood holds only claims in its scope", async () => {
    // The hospital links the unrelated claims N1..N12: odd ones PICC's, even ones CPIC's (in no ring).
    const hospital = '12360000491015380H';
    const full = (await get(`/api/entities/hospital/${hospital}?hops=3&limit=1000`, 'analyst')).json().neighbourhood;
    expect(full.nodes.filter((n: { id: string }) => /^claim:N\d+$/.test(n.id))).toHaveLength(12);
    const hood = (await get(`/api/entities/hospital/${hospital}?hops=3&limit=1000`)).json().neighbourhood;
    const claims = hood.nodes
      .filter((n: { type: string }) => n.type === 'claim')
      .map((n: { id: string }) => n.id)
      .sort();
    expect(claims).toEqual(['claim:N1', 'claim:N11', 'claim:N3', 'claim:N5', 'claim:N7', 'claim:N9']);
    // The CPIC claims' parties are gone with them.
    expect(hood.nodes.filter((n: { type: string }) => n.type === 'person')).toHaveLength(6);
    const ids = new Set(hood.nodes.map((n: { id: string }) => n.id));
    for (const e of hood.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    // From a ring member: its ring's claims (under handles when foreign), nothing of ring B.
    const org = (await get(`/api/entities/person/${PEOPLE.org}?hops=3&limit=1000`)).json().neighbourhood;
    const ringAClaims = new Set(
      (await get(`/api/rings/${ringA}`)).json().claimDetails.map((c: { nodeId: string }) => c.nodeId)
    );
    for (const n of org.nodes.filter((x: { type: string }) => x.type === 'claim'))
      expect(ringAClaims.has(n.id)).toBe(true);
  });

  it('an insurer with no claims reaches nothing, not even through a shared provider', async () => {
    const { hashToken } = await import('../../api/policy/tokens.js');
    const other = await makeApp({
      tokens: [
        ...TOKEN_RECORDS,
        { name: 'nobody-ins', role: 'insurer', insurer: 'NOBODY', tokenSha256: hashToken('tok-nobody-0123456789') }
      ]
    });
    try {
      await loadAndDetect(other);
      const h = { authorization: 'Bearer tok-nobody-0123456789' };
      expect(
        (
          await other.inject({
            url: '/api/entities/hospital/12360000491015380H?hops=3&limit=1000',
            headers: as('analyst')
          })
        ).statusCode
      ).toBe(200);
      expect(
        (await other.inject({ url: '/api/entities/hospital/12360000491015380H?hops=3&limit=1000', headers: h }))
          .statusCode
      ).toBe(404);
      expect(
        (await other.inject({ url: '/api/entities/repair_shop/91360100MA35XXXX1A?hops=3&limit=1000', headers: h }))
          .statusCode
      ).toBe(404);
    } finally {
      await other.close();
    }
  });
});
