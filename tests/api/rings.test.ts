import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { as, BANK_A, loadAndDetect, makeApp, PEOPLE, PHONE_A, SHOP } from './helpers.js';

interface Item {
  id: string;
  score: number;
  flagged: boolean;
  category: string;
  insurers: string[];
  claims: number;
  topSignals: string[];
}
const RAW = [...Object.values(PEOPLE), PHONE_A, BANK_A];

describe('rings', () => {
  let app: App;
  let runId: string;
  let ringA: Item;
  let ringB: Item;
  const list = async (query = '', who: Parameters<typeof as>[0] = 'analyst') => {
    const res = await app.inject({ url: `/api/rings${query}`, headers: as(who) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ total: number; page: number; pageSize: number; runId: string | null; items: Item[] }>();
  };
  const ids = async (query: string, who: Parameters<typeof as>[0] = 'analyst') =>
    (await list(query, who)).items.map((i) => i.id);
  const piiViews = () => app.audit.query({ action: 'pii.view', limit: 1000, offset: 0 }).items;

  beforeAll(async () => {
    app = await makeApp();
    runId = await loadAndDetect(app);
    const all = await list();
    ringA = all.items.find((i) => i.insurers.includes('PICC'))!;
    ringB = all.items.find((i) => !i.insurers.includes('PICC'))!;
  });
  afterAll(async () => {
    await app.close();
  });

  it("lists the latest run's rings, highest score first", async () => {
    const body = await list();
    expect(body).toMatchObject({ total: 2, page: 1, pageSize: 50, runId });
    expect(body.items.map((i) => i.id)).toEqual([ringA.id, ringB.id]);
    expect(body.items[0]).toMatchObject({
      flagged: true,
      category: expect.any(String),
      status: 'new',
      claims: 5,
      members: expect.any(Number),
      regions: ['360100', '360400', '360700'],
      insurers: ['CPIC', 'PICC', 'PINGAN'],
      period: { from: '2024-01-05', to: '2024-03-02' }
    });
    expect(body.items[0]!.topSignals.length).toBeGreaterThan(0);
    expect(body.items[0]!.topSignals.every((s) => typeof s === 'string')).toBe(true);
  });

  it('filters by flag, score, insurer, region, period, status and text', async () => {
    expect(await ids('?flagged=true')).toEqual([ringA.id]);
    expect(await ids('?flagged=false')).toEqual([ringB.id]);
    expect(await ids(`?minScore=${ringB.score + 0.1}`)).toEqual([ringA.id]);
    expect(await ids('?insurer=PICC')).toEqual([ringA.id]);
    expect(await ids('?insurer=PICC,PINGAN')).toEqual([ringA.id, ringB.id]);
    expect(await ids('?region=360300')).toEqual([ringB.id]);
    expect(await ids('?region=360702')).toEqual([ringA.id]); // a district filters by its prefecture
    expect(await ids('?region=360000')).toEqual([ringA.id, ringB.id]);
    expect(await ids('?from=2024-04-01')).toEqual([ringB.id]);
    expect(await ids('?to=2024-01-31')).toEqual([ringA.id]);
    expect(await ids('?status=new')).toHaveLength(2);
    expect(await ids('?status=growing')).toEqual([]);
    const categoryA = (await list()).items[0]!.category;
    expect(await ids(`?category=${categoryA}`)).toContain(ringA.id);
    expect(await ids('?category=fake_death')).toEqual([]);
    expect(await ids(`?q=${ringB.id.slice(0, 6).toLowerCase()}`)).toContain(ringB.id);
    expect(await ids(`?q=${encodeURIComponent('+86 138-0013-8000')}`)).toEqual([ringA.id]);
    expect(await ids('?q=B2')).toEqual([ringB.id]);
  });

  it('sorts and pages', async () => {
    expect(await ids('?sort=claims&order=asc')).toEqual([ringB.id, ringA.id]);
    expect(await ids('?sort=regions')).toEqual([ringA.id, ringB.id]);
    const page2 = await list('?pageSize=1&page=2');
    expect(page2).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.items.map((i) => i.id)).toEqual([ringB.id]);
    expect((await list('?page=3&pageSize=1')).items).toEqual([]);
  });

  it('400 for invalid list parameters', async () => {
    for (const q of [
      '?pageSize=501',
      '?page=0',
      '?sort=size',
      '?order=up',
      '?from=2024-1-1',
      '?minScore=abc',
      '?flagged=perhaps'
    ]) {
      const res = await app.inject({ url: `/api/rings${q}`, headers: as('analyst') });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('bad_request');
    }
  });

  it('serves a given run by runId, 404 for an unknown one', async () => {
    expect((await list(`?runId=${runId}`)).runId).toBe(runId);
    const res = await app.inject({ url: '/api/rings?runId=run-nope', headers: as('analyst') });
    expect(res.statusCode).toBe(404);
    expect(
      (await app.inject({ url: `/api/rings/${ringA.id}?runId=run-nope`, headers: as('analyst') })).statusCode
    ).toBe(404);
  });

  it('scopes an insurer to rings holding its own claims', async () => {
    expect(await ids('', 'picc')).toEqual([ringA.id]);
    expect(await ids('?insurer=CPIC', 'picc')).toEqual([ringA.id]);
    expect(await ids('', 'cpic')).toEqual([ringA.id, ringB.id]);
    for (const url of [`/api/rings/${ringB.id}`, `/api/rings/${ringB.id}/graph`]) {
      const res = await app.inject({ url, headers: as('picc') });
      expect(res.statusCode).toBe(404);
    }
  });

  it('404 for an unknown ring', async () => {
    const res = await app.inject({ url: '/api/rings/R0000', headers: as('analyst') });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it('shows ring detail masked by default, for every role, without auditing', async () => {
    const before = piiViews().length;
    for (const who of ['admin', 'analyst', 'police', 'cpic'] as const) {
      const res = await app.inject({ url: `/api/rings/${ringA.id}`, headers: as(who) });
      expect(res.statusCode).toBe(200);
      for (const raw of RAW) expect(res.body, `${who} sees ${raw}`).not.toContain(raw);
      const d = res.json();
      expect(d.view).toEqual({ reveal: 'none', caseReference: null });
      const org = d.members.find((m: { key: string }) => m.key === '360102********0174');
      expect(org).toMatchObject({
        type: 'person',
        name: '张*',
        masked: true,
        organiser: true,
        id: expect.stringMatching(/^person:~[A-Za-z0-9_-]+$/)
      });
      expect(d.members.find((m: { type: string; claims: number }) => m.type === 'phone' && m.claims === 5).key).toBe(
        '138****8000'
      );
      expect(d.members.find((m: { type: string }) => m.type === 'bank_account').key).toBe('****7890');
      // Providers and plates are not personal data.
      expect(d.members.find((m: { type: string }) => m.type === 'repair_shop')).toMatchObject({
        key: SHOP,
        name: '南昌顺达汽修',
        masked: false
      });
      const memberIds = new Set(d.members.map((m: { id: string }) => m.id));
      expect(d.organisers.every((id: string) => memberIds.has(id))).toBe(true);
      const claimNodes = new Set(d.claimDetails.map((c: { nodeId: string }) => c.nodeId));
      for (const e of d.evidence)
        for (const ref of e.refs) expect(memberIds.has(ref) || claimNodes.has(ref), `${e.signal} ${ref}`).toBe(true);
    }
    expect(piiViews().length).toBe(before);
  });

  it('names the first organiser in the list, masked as among the ring members, for every role', async () => {
    for (const who of ['admin', 'analyst', 'police', 'cpic'] as const) {
      const res = await app.inject({ url: '/api/rings', headers: as(who) });
      expect(res.statusCode).toBe(200);
      for (const raw of RAW) expect(res.body, `${who} sees ${raw}`).not.toContain(raw);
      const item = res
        .json<{ items: Array<{ id: string; organiser: string | null }> }>()
        .items.find((i) => i.id === ringA.id);
      expect(item?.organiser, who).toBe('张*');
    }
    // Asking to unmask does not unmask the list.
    const unmasked = await app.inject({ url: '/api/rings?unmask=true', headers: as('analyst') });
    for (const raw of RAW) expect(unmasked.body).not.toContain(raw);
  });

  it('unmasks for an analyst who asks, and audits exactly that', async () => {
    const res = await app.inject({
      url: `/api/rings/${ringA.id}?unmask=true`,
      headers: as('analyst', { 'x-case-reference': 'ASSOC-2024-17' })
    });
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.view).toEqual({ reveal: 'all', caseReference: 'ASSOC-2024-17' });
    expect(d.members.find((m: { key: string }) => m.key === PEOPLE.org)).toMatchObject({
      id: `person:${PEOPLE.org}`,
      name: '张伟',
      masked: false
    });
    expect(d.claimDetails.map((c: { id: string; insurer: string }) => [c.id, c.insurer])).toEqual([
      ['A1', 'PICC'],
      ['A2', 'PICC'],
      ['A3', 'CPIC'],
      ['A4', 'CPIC'],
      ['A5', 'PINGAN']
    ]);
    const entry = piiViews()[0]!;
    expect(entry).toMatchObject({
      actor: 'wang.analyst',
      role: 'analyst',
      action: 'pii.view',
      target: `ring:${ringA.id}`,
      caseReference: 'ASSOC-2024-17'
    });
    expect(entry.details.count).toBeGreaterThanOrEqual(9);
    expect(entry.details.refs).toContain('person:360102********0174');
    for (const raw of RAW) expect(JSON.stringify(entry)).not.toContain(raw);
  });

  it('unmasks for police only with a case reference', async () => {
    const refused = await app.inject({ url: `/api/rings/${ringA.id}?unmask=true`, headers: as('police') });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('case_reference_required');
    const caseRef = '赣公刑立字〔2024〕123号';
    const res = await app.inject({
      url: `/api/rings/${ringA.id}/graph?unmask=true`,
      headers: as('police', { 'x-case-reference': encodeURIComponent(caseRef) })
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().nodes.map((n: { id: string }) => n.id)).toContain(`person:${PEOPLE.org}`);
    expect(piiViews()[0]).toMatchObject({
      actor: 'li.police',
      role: 'police',
      target: `ring:${ringA.id}:graph`,
      caseReference: caseRef
    });
    const bad = await app.inject({ url: `/api/rings/${ringA.id}`, headers: as('police', { 'x-case-reference': 'x' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_case_reference');
  });

  it("shows an insurer other insurers' claims only as facts under a handle", async () => {
    const d = (await app.inject({ url: `/api/rings/${ringA.id}`, headers: as('picc') })).json();
    for (const raw of [...RAW, 'A3', 'A4', 'A5']) expect(JSON.stringify(d.claimDetails)).not.toContain(`"${raw}"`);
    const own = d.claimDetails.filter((c: { own: boolean }) => c.own);
    const foreign = d.claimDetails.filter((c: { own: boolean }) => !c.own);
    expect(own.map((c: { id: string; insurer: string }) => [c.id, c.insurer])).toEqual([
      ['A1', 'PICC'],
      ['A2', 'PICC']
    ]);
    expect(foreign).toHaveLength(3);
    for (const c of foreign) {
      expect(c).toMatchObject({
        insurer: null,
        id: expect.stringMatching(/^~/),
        nodeId: `claim:${c.id}`,
        product: 'auto',
        claimed: expect.any(Number)
      });
      expect(c.region).toBe(c.prefecture);
    }
    expect(d.claims.filter((c: string) => c.startsWith('~'))).toHaveLength(3);
  });

  it('unmasks for an insurer only the parties of its own claims', async () => {
    const d = (await app.inject({ url: `/api/rings/${ringA.id}?unmask=true`, headers: as('picc') })).json();
    expect(d.view.reveal).toBe('own');
    const byKeyType = (type: string, key: string) =>
      d.members.find((m: { type: string; key: string }) => m.type === type && m.key === key);
    // org, a2 (A1) and a3 (A2) are parties of PICC's claims; a4 only of CPIC's and PINGAN's.
    expect(byKeyType('person', PEOPLE.org)).toMatchObject({ masked: false, name: '张伟' });
    expect(byKeyType('person', PEOPLE.a2)).toMatchObject({ masked: false });
    expect(byKeyType('person', PEOPLE.a3)).toMatchObject({ masked: false });
    expect(byKeyType('person', PEOPLE.a4)).toBeUndefined();
    expect(d.members.find((m: { name: string }) => m.name === '刘*')).toMatchObject({ masked: true });
    expect(byKeyType('phone', '13900139003')).toBeUndefined();
    expect(byKeyType('phone', '139****9003')).toMatchObject({ masked: true });
    const entry = piiViews()[0]!;
    expect(entry).toMatchObject({ actor: 'picc-claims', role: 'insurer', insurer: 'PICC', target: `ring:${ringA.id}` });
    expect(entry.details.refs).not.toContain('person:360102********0452');
  });

  it('refuses the auditor', async () => {
    expect((await app.inject({ url: `/api/rings/${ringA.id}`, headers: as('auditor') })).statusCode).toBe(403);
  });

  it('draws the ring as a graph: claims and members, edges between them, sized by centrality', async () => {
    const g = (await app.inject({ url: `/api/rings/${ringA.id}/graph`, headers: as('analyst') })).json();
    expect(g).toMatchObject({ runId, ringId: ringA.id, view: { reveal: 'none' } });
    const detail = (await app.inject({ url: `/api/rings/${ringA.id}`, headers: as('analyst') })).json();
    const nodeIds = new Set(g.nodes.map((n: { id: string }) => n.id));
    expect(nodeIds.size).toBe(g.nodes.length);
    expect(g.nodes.filter((n: { type: string }) => n.type === 'claim')).toHaveLength(5);
    expect(g.nodes).toHaveLength(5 + detail.members.length);
    for (const m of detail.members) expect(nodeIds.has(m.id)).toBe(true);
    for (const e of g.edges) {
      expect(nodeIds.has(e.source) && nodeIds.has(e.target)).toBe(true);
      expect(e.source).toMatch(/^claim:/);
    }
    expect(new Set(g.edges.map((e: { id: string }) => e.id)).size).toBe(g.edges.length);
    const phone = g.nodes.find(
      (n: { type: string; attributes: { claims: number } }) => n.type === 'phone' && n.attributes.claims === 5
    );
    const leaf = g.nodes.find(
      (n: { type: string; attributes: { claims: number } }) => n.type === 'phone' && n.attributes.claims === 1
    );
    expect(phone.size).toBeGreaterThan(leaf.size);
    expect(phone).toMatchObject({
      label: '138****8000',
      color: expect.stringMatching(/^#/),
      attributes: { masked: true, key: '138****8000' }
    });
    const phoneEdges = g.edges.filter((e: { target: string }) => e.target === phone.id);
    expect(phoneEdges).toHaveLength(5);
    // Two parties of claim A2 give this phone: one edge, both roles, weight 2.
    expect(phoneEdges.find((e: { source: string }) => e.source === 'claim:A2')).toMatchObject({
      role: 'driver,injured',
      weight: 2
    });
    for (const raw of RAW) expect(JSON.stringify(g)).not.toContain(raw);
  });
});

describe('warm-up', () => {
  it("builds the latest run's index and the name directory before the first request", async () => {
    const first = await makeApp();
    await loadAndDetect(first);
    const store = first.store;
    let getRun = 0;
    let projections = 0;
    const realGetRun = store.getRun.bind(store);
    const realProjection = store.projection.bind(store);
    store.getRun = (id) => {
      getRun++;
      return realGetRun(id);
    };
    store.projection = (o) => {
      projections++;
      return realProjection(o);
    };
    const app = await makeApp({ createStore: () => store, warmUp: true });
    await new Promise((r) => setTimeout(r, 50));
    expect([getRun, projections]).toEqual([1, 1]);
    expect((await app.inject({ url: '/api/rings', headers: as('analyst') })).json().total).toBe(2);
    expect(getRun).toBe(1);
    await app.close();
    await first.close();
  });
});

describe('rings before any run', () => {
  it('lists nothing, with runId null', async () => {
    const app = await makeApp();
    const res = await app.inject({ url: '/api/rings', headers: as('analyst') });
    expect(res.json()).toEqual({ total: 0, page: 1, pageSize: 50, runId: null, items: [] });
    expect((await app.inject({ url: '/api/rings/R1', headers: as('analyst') })).statusCode).toBe(404);
    await app.close();
  });
});
