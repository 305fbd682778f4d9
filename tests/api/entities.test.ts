import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { as, loadAndDetect, makeApp, PEOPLE, PHONE_A, SHOP } from './helpers.js';

describe('entities and search', () => {
  let app: App;
  let ringA: string;
  let ringB: string;
  const get = async (url: string, who: Parameters<typeof as>[0] = 'analyst', headers: Record<string, string> = {}) =>
    app.inject({ url, headers: as(who, headers) });
  const piiViews = () => app.audit.query({ action: 'pii.view', limit: 1000, offset: 0 }).items;

  beforeAll(async () => {
    app = await makeApp();
    await loadAndDetect(app);
    const items = (await get('/api/rings')).json().items as Array<{ id: string; insurers: string[] }>;
    ringA = items.find((i) => i.insurers.includes('PICC'))!.id;
    ringB = items.find((i) => !i.insurers.includes('PICC'))!.id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('finds an entity by a key written any way the batch accepts, masked by default', async () => {
    const res = await get(`/api/entities/phone/${encodeURIComponent('+86 138-0013-8000')}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.entity).toMatchObject({
      type: 'phone',
      key: '138****8000',
      masked: true,
      degree: 5,
      watch: { listed: false }
    });
    expect(body.entity.id).toMatch(/^phone:~/);
    expect(body.rings).toEqual([expect.objectContaining({ id: ringA, flagged: true })]);
    const claimNodes = body.neighbourhood.nodes
      .filter((n: { type: string }) => n.type === 'claim')
      .map((n: { id: string }) => n.id);
    expect(claimNodes).toEqual(expect.arrayContaining(['claim:A1', 'claim:A2', 'claim:A3', 'claim:A4', 'claim:A5']));
    const ids = new Set(body.neighbourhood.nodes.map((n: { id: string }) => n.id));
    for (const e of body.neighbourhood.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    expect(res.body).not.toContain(PHONE_A);
    expect(res.body).not.toContain(PEOPLE.org);
  });

  it('unmasks on request for an analyst, audited with the masked key', async () => {
    const res = await get(`/api/entities/person/${PEOPLE.org.toLowerCase()}?hops=1&unmask=true`);
    expect(res.json().entity).toMatchObject({
      id: `person:${PEOPLE.org}`,
      key: PEOPLE.org,
      name: '张伟',
      masked: false
    });
    expect(piiViews()[0]).toMatchObject({ target: 'entity:person:360102********0174', actor: 'wang.analyst' });
  });

  it('opens the opaque handles masked responses carry, and refuses forged or cross-type ones', async () => {
    const detail = (await get(`/api/rings/${ringA}`)).json();
    const organiser = detail.organisers[0] as string;
    const [type, handle] = [organiser.slice(0, organiser.indexOf(':')), organiser.slice(organiser.indexOf(':') + 1)];
    const res = await get(`/api/entities/${type}/${handle}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().entity).toMatchObject({ id: organiser, masked: true });
    expect((await get(`/api/entities/phone/${handle}`)).statusCode).toBe(404);
    const forged = handle.slice(0, -4) + (handle.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await get(`/api/entities/person/${forged}`)).statusCode).toBe(404);
    expect((await get('/api/entities/person/~')).statusCode).toBe(404);
  });

  it('400 for a key that does not normalise (echoed masked), 404 for one not in the book', async () => {
    const bad = await get('/api/entities/person/36010219800101123X');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_key');
    expect(bad.body).not.toContain('36010219800101123X');
    expect((await get('/api/entities/spaceship/x')).statusCode).toBe(400);
    const unknown = await get('/api/entities/phone/13911112222');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('not_found');
  });

  it('bounds the neighbourhood by hops and limit', async () => {
    expect((await get(`/api/entities/phone/${PHONE_A}?hops=0`)).json().neighbourhood.nodes).toHaveLength(1);
    const cut = (await get(`/api/entities/phone/${PHONE_A}?hops=2&limit=3`)).json().neighbourhood;
    expect(cut.nodes).toHaveLength(3);
    expect(cut.more).toBe(true);
    expect((await get(`/api/entities/phone/${PHONE_A}?hops=4`)).statusCode).toBe(400);
    expect((await get(`/api/entities/phone/${PHONE_A}?limit=5000`)).statusCode).toBe(400);
  });

  it("shows claims with their facts; an insurer reaches another insurer's claim only by handle", async () => {
    const claim = (await get('/api/entities/claim/A3?hops=1')).json();
    expect(claim.entity).toMatchObject({
      id: 'claim:A3',
      type: 'claim',
      claim: { insurer: 'CPIC', product: 'auto', date: '2024-02-03' }
    });
    expect((await get('/api/entities/claim/A3', 'picc')).statusCode).toBe(404);
    expect((await get('/api/entities/claim/NOPE')).statusCode).toBe(404);
    const foreign = (await get(`/api/rings/${ringA}`, 'picc'))
      .json()
      .claimDetails.find((c: { own: boolean }) => !c.own);
    const viaHandle = await get(`/api/entities/claim/${foreign.id}?hops=1`, 'picc');
    expect(viaHandle.statusCode).toBe(200);
    expect(viaHandle.json().entity).toMatchObject({ id: foreign.nodeId, masked: true, claim: { insurer: null } });
    const own = (await get('/api/entities/claim/A1?hops=1', 'picc')).json();
    expect(own.entity.claim.insurer).toBe('PICC');
  });

  it('unmasks for an insurer only entities linked to its own claims; scopes its ring list', async () => {
    const org = (await get(`/api/entities/person/${PEOPLE.org}?hops=1&unmask=true`, 'picc')).json();
    expect(org.entity).toMatchObject({ key: PEOPLE.org, masked: false });
    // Another insurer's party: not by its number (issue 16: that would confirm a guessed ID), only by the handle a ring gave.
    expect((await get(`/api/entities/person/${PEOPLE.a4}?hops=1&unmask=true`, 'picc')).statusCode).toBe(404);
    const handle = (await get(`/api/rings/${ringA}`, 'picc'))
      .json()
      .members.find((m: { key: string }) => m.key === '360102********0452').id as string;
    const a4 = (await get(`/api/entities/person/${handle.slice('person:'.length)}?hops=1&unmask=true`, 'picc')).json();
    expect(a4.entity).toMatchObject({ key: '360102********0452', masked: true });
    expect((await get('/api/entities/phone/13700137000', 'picc')).statusCode).toBe(404);
    expect(
      (await get('/api/entities/phone/13700137000', 'cpic')).json().rings.map((r: { id: string }) => r.id)
    ).toEqual([ringB]);
  });

  it('tells whether an entity is watchlisted; the entry itself only to watchlist roles', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/watchlist',
      headers: as('analyst'),
      payload: { entity: 'phone', key: PHONE_A, reason: 'shared by 4 people' }
    });
    const analyst = (await get(`/api/entities/phone/${PHONE_A}?hops=0`)).json();
    expect(analyst.entity.watch).toMatchObject({
      listed: true,
      reason: 'shared by 4 people',
      listedBy: 'wang.analyst'
    });
    const police = (await get(`/api/entities/phone/${PHONE_A}?hops=0`, 'police')).json();
    expect(police.entity.watch).toEqual({ listed: true });
    await app.inject({ method: 'DELETE', url: `/api/watchlist/phone/${PHONE_A}`, headers: as('analyst') });
  });

  it('search: ring ids, identifiers in any format, claims, organisation names', async () => {
    const search = async (q: string, who: Parameters<typeof as>[0] = 'analyst', extra = '') =>
      (await get(`/api/search?q=${encodeURIComponent(q)}${extra}`, who)).json().items as Array<{
        kind: string;
        id: string;
        type: string;
        label: string;
        rings: number;
      }>;
    expect(await search(ringA.slice(0, 8).toLowerCase())).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'ring', id: ringA })])
    );
    const phone = await search('+86 138 0013 8000');
    expect(phone).toEqual([expect.objectContaining({ kind: 'entity', type: 'phone', label: '138****8000', rings: 1 })]);
    expect(phone[0]!.id).toMatch(/^phone:~/);
    expect(await search(PEOPLE.org)).toEqual([expect.objectContaining({ type: 'person', label: '张*' })]);
    expect(await search('赣a12345')).toEqual([expect.objectContaining({ id: 'vehicle:赣A12345' })]);
    expect(await search('A1')).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'claim', id: 'claim:A1' })])
    );
    expect(await search('顺达')).toEqual([
      expect.objectContaining({ id: `repair_shop:${SHOP}`, label: '南昌顺达汽修' })
    ]);
    expect(await search('A3', 'picc')).toEqual([]);
    expect((await search(ringB.slice(0, 8), 'picc')).filter((i) => i.kind === 'ring')).toEqual([]);
  });

  it('search: person names only for callers who may see them, audited', async () => {
    const masked = (await get(`/api/search?q=${encodeURIComponent('张伟')}`)).json();
    expect(masked.items).toEqual([]);
    const before = piiViews().length;
    const unmasked = (await get(`/api/search?q=${encodeURIComponent('张伟')}&unmask=true`)).json();
    expect(unmasked.items).toEqual([expect.objectContaining({ id: `person:${PEOPLE.org}`, label: '张伟' })]);
    expect(piiViews().length).toBe(before + 1);
    expect(piiViews()[0]!.target).toBe('search');
    expect((await get('/api/search?q=x')).statusCode).toBe(400);
  });
});
