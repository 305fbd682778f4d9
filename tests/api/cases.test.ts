/**
 * API tests: case folders — open a folder, link and unlink rings of the latest
 * run, read them back (also after a restart on the same data directory), the
 * role checks (police read, insurers and auditors kept out), validation, the
 * error mapping, and the audit entry each change leaves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { as, loadAndDetect, makeApp, type Who } from './helpers.js';

let app: App;
let rings: string[];

const create = (who: Who, payload: unknown) =>
  app.inject({ method: 'POST', url: '/api/cases', headers: as(who), payload: payload as object });
const link = (who: Who, id: string, ringId: string) =>
  app.inject({ method: 'POST', url: `/api/cases/${id}/rings`, headers: as(who), payload: { ringId } });
const unlink = (who: Who, id: string, ringId: string) =>
  app.inject({ method: 'DELETE', url: `/api/cases/${id}/rings/${ringId}`, headers: as(who) });
const list = (who: Who) => app.inject({ url: '/api/cases', headers: as(who) });
const auditOf = (action: string) => app.audit.query({ action, limit: 50, offset: 0 }).items;

beforeEach(async () => {
  app = await makeApp();
  await loadAndDetect(app, 'analyst', { minScore: 0, threshold: 0 });
  rings = (await app.inject({ url: '/api/rings', headers: as('analyst') }))
    .json()
    .items.map((r: { id: string }) => r.id);
});
afterEach(async () => {
  await app.close();
});

describe('case folders', () => {
  it('opens a folder, links and unlinks rings, lists it; every change audited', async () => {
    expect((await list('analyst')).json()).toEqual({ items: [] });
    const created = await create('analyst', { name: ' 赣南行动 ', reference: 'JX-2026-001' });
    expect(created.statusCode).toBe(201);
    const folder = created.json();
    expect(folder).toMatchObject({ name: '赣南行动', reference: 'JX-2026-001', createdBy: 'wang.analyst', rings: [] });
    expect(folder.id).toMatch(/^C\d{8}-001$/);
    expect(auditOf('case.create')[0]).toMatchObject({
      actor: 'wang.analyst',
      target: `case:${folder.id}`,
      details: { name: '赣南行动', reference: 'JX-2026-001' }
    });

    expect(rings.length).toBeGreaterThanOrEqual(2);
    expect((await link('analyst', folder.id, rings[1]!)).json().rings).toEqual([rings[1]]);
    const both = await link('admin', folder.id, rings[0]!);
    expect(both.statusCode).toBe(200);
    expect(both.json().rings).toEqual([rings[1], rings[0]]);
    expect(auditOf('case.link').map((e) => e.details)).toEqual(
      expect.arrayContaining([{ ringId: rings[0] }, { ringId: rings[1] }])
    );

    const after = await unlink('analyst', folder.id, rings[1]!);
    expect(after.json().rings).toEqual([rings[0]]);
    expect(auditOf('case.unlink')[0]).toMatchObject({ target: `case:${folder.id}`, details: { ringId: rings[1] } });

    // The police read folders; the folder is what it was.
    const read = await app.inject({ url: `/api/cases/${folder.id}`, headers: as('police') });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: folder.id, rings: [rings[0]] });
    const second = (await create('admin', { name: '第二案' })).json();
    expect(second).toMatchObject({ reference: null });
    expect(second.id).not.toBe(folder.id);
    expect((await list('police')).json().items.map((c: { id: string }) => c.id)).toEqual([second.id, folder.id]);
  });

  it('refuses what does not apply: unknown case or ring 404, duplicates 409, bad bodies 400 — none audited', async () => {
    const folder = (await create('analyst', { name: 'A' })).json();
    const code = (res: { statusCode: number; json: () => { error: { code: string } } }) => [
      res.statusCode,
      res.json().error.code
    ];
    expect(code(await create('analyst', { name: 'A' }))).toEqual([409, 'duplicate']);
    expect(code(await create('analyst', { name: '   ' }))).toEqual([400, 'bad_request']);
    expect(code(await create('analyst', { name: 'B', by: 'someone' }))).toEqual([400, 'bad_request']);
    expect(code(await link('analyst', 'C-nope', rings[0]!))).toEqual([404, 'not_found']);
    expect(code(await link('analyst', folder.id, 'R-not-a-ring'))).toEqual([404, 'not_found']);
    expect((await link('analyst', folder.id, rings[0]!)).statusCode).toBe(200);
    expect(code(await link('analyst', folder.id, rings[0]!))).toEqual([409, 'invalid_transition']);
    expect(code(await unlink('analyst', folder.id, rings[1]!))).toEqual([409, 'invalid_transition']);
    expect(code(await app.inject({ url: '/api/cases/C-nope', headers: as('analyst') }))).toEqual([404, 'not_found']);
    expect(auditOf('case.create')).toHaveLength(1);
    expect(auditOf('case.link')).toHaveLength(1);
    expect(auditOf('case.unlink')).toHaveLength(0);
  });

  it('keeps insurers and the auditor out, lets the police read but not change', async () => {
    const folder = (await create('analyst', { name: 'A' })).json();
    for (const who of ['picc', 'auditor'] as const) {
      expect((await list(who)).statusCode, who).toBe(403);
      expect((await create(who, { name: who })).statusCode, who).toBe(403);
    }
    expect((await create('police', { name: 'P' })).statusCode).toBe(403);
    expect((await link('police', folder.id, rings[0]!)).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/cases' })).statusCode).toBe(401);
  });

  it('keeps folders in the data directory: a restarted server reads them back', async () => {
    const folder = (await create('analyst', { name: 'A', reference: 'R-1' })).json();
    await link('analyst', folder.id, rings[0]!);
    const dataDir = app.monitoring.dataDir!;
    await app.close();
    app = await makeApp({ dataDir });
    const read = await app.inject({ url: `/api/cases/${folder.id}`, headers: as('analyst') });
    expect(read.json()).toMatchObject({ name: 'A', reference: 'R-1', rings: [rings[0]] });
  });

  it('says so when the server keeps no data directory', async () => {
    await app.close();
    app = await makeApp({ dataDir: null });
    const res = await list('analyst');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('no_case_store');
  });
});
