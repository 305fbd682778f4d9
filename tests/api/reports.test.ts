/**
 * Tests of the report routes (api/routes/reports.ts) and GET /api/me, on the
 * helpers' sample batch: ring A (PICC, CPIC, PINGAN; organiser 张伟) and
 * ring B (CPIC, PINGAN only). What a caller gets is checked in the files it
 * downloads: unmasked only for police with a case reference, masked for
 * everyone else, an insurer's report scoped to its own rings; every report
 * and download audited. One test prints a PDF; the rest ask for html and csv.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { reportApiError } from '../../api/routes/reports.js';
import { ReportError, verifyReportDir } from '../../reports/index.js';
import { csvRecords } from '../reports/fixture.js';
import { as, BANK_A, loadAndDetect, makeApp, PEOPLE, PHONE_A, tempDir, type Who } from './helpers.js';

const RAW = [...Object.values(PEOPLE), PHONE_A, BANK_A, '6228480402564890018', '13700137000'];
const NAMES = ['张伟', '李娜', '王强', '刘洋', '陈静', '杨磊'];
const CASE = 'JX-2026-001';
const FAST = ['html', 'csv'];

interface Created {
  id: string;
  digest: string;
  files: string[];
  rings: number;
  masked: boolean;
}
interface Item {
  id: string;
  name: string;
  created: string;
  by: string;
  rings: number;
  digest: string;
  masked: boolean;
}

describe('reports', () => {
  let app: App;
  let dataDir: string;
  let runId: string;
  let ringA: string;
  let ringB: string;

  const create = (who: Who, payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/reports', headers: as(who, headers), payload });
  const created = async (who: Who, payload: object, headers: Record<string, string> = {}): Promise<Created> => {
    const res = await create(who, payload, headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Created>();
  };
  const download = (who: Who, id: string, name: string, headers: Record<string, string> = {}) =>
    app.inject({ url: `/api/reports/${id}/files/${name}`, headers: as(who, headers) });
  const text = async (who: Who, id: string, name: string, headers: Record<string, string> = {}): Promise<string> => {
    const res = await download(who, id, name, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.body;
  };
  const listed = async (who: Who): Promise<string[]> => {
    const res = await app.inject({ url: '/api/reports', headers: as(who) });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Item[] }>().items.map((i) => i.id);
  };
  const audit = (action: string) => app.audit.query({ action, limit: 1000, offset: 0 }).items;

  beforeAll(async () => {
    dataDir = tempDir();
    app = await makeApp({ dataDir });
    runId = await loadAndDetect(app);
    const rings = (await app.inject({ url: '/api/rings', headers: as('analyst') })).json<{
      items: Array<{ id: string; insurers: string[] }>;
    }>().items;
    ringA = rings.find((r) => r.insurers.includes('PICC'))!.id;
    ringB = rings.find((r) => !r.insurers.includes('PICC'))!.id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('GET /api/me names the caller for every role', async () => {
    expect((await app.inject({ url: '/api/me', headers: as('picc') })).json()).toEqual({
      name: 'picc-claims',
      role: 'insurer',
      insurer: 'PICC'
    });
    expect((await app.inject({ url: '/api/me', headers: as('police') })).json()).toEqual({
      name: 'li.police',
      role: 'police'
    });
    expect((await app.inject({ url: '/api/me', headers: as('auditor') })).json()).toEqual({
      name: 'zhao.auditor',
      role: 'auditor'
    });
    expect((await app.inject({ url: '/api/me' })).statusCode).toBe(401);
  });

  it('police with X-Case-Reference get the unmasked report, audited with the case before it is written', async () => {
    const before = audit('export.report').length;
    const r = await created('police', { ringId: ringA, formats: FAST }, { 'x-case-reference': CASE });
    expect(r).toMatchObject({
      id: expect.stringMatching(/^RPT-/),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      rings: 1,
      masked: false
    });
    expect(r.files).toEqual(expect.arrayContaining(['report.html', 'members.csv', 'report.json']));
    expect(r.files).not.toContain('report.pdf');
    const html = await text('police', r.id, 'report.html', { 'x-case-reference': CASE });
    expect(html).toContain('张伟');
    expect(html).toContain(PEOPLE.org);
    expect(html).toContain(CASE);
    const entries = audit('export.report');
    expect(entries).toHaveLength(before + 1);
    expect(entries[0]).toMatchObject({
      actor: 'li.police',
      role: 'police',
      action: 'export.report',
      target: `report:${r.id}`,
      caseReference: CASE,
      details: { report: r.id, digest: r.digest, run: runId, rings: [ringA], unmasked: true }
    });
    expect(JSON.stringify(entries[0])).not.toContain(PEOPLE.org);
    // Written whole, and the files match the manifest.
    expect(verifyReportDir(join(dataDir, 'reports', r.id))).toMatchObject({ ok: true, digest: r.digest });
    const manifest = (await app.inject({ url: `/api/reports/${r.id}`, headers: as('police') })).json();
    expect(manifest).toMatchObject({
      report: r.id,
      digest: r.digest,
      masked: false,
      caseReference: CASE,
      run: runId,
      rings: [ringA]
    });
  });

  it('police without a case reference, and a percent-encoded Chinese case number', async () => {
    const masked = await created('police', { ringId: ringA, formats: ['html'] });
    expect(masked.masked).toBe(true);
    const html = await text('police', masked.id, 'report.html');
    expect(html).not.toContain('张伟');
    expect(html).not.toContain(PEOPLE.org);
    expect(html).toContain('张*');
    const chinese = '赣公刑2026-007';
    const r = await created(
      'police',
      { ringId: ringA, formats: ['html'], caseReference: chinese },
      { 'x-case-reference': encodeURIComponent(chinese) }
    );
    expect(r.masked).toBe(false);
    expect(audit('export.report')[0]!.caseReference).toBe(chinese);
  });

  it('analysts get masked files: no raw identity anywhere, names masked', async () => {
    const r = await created('analyst', { name: '赣南行动', minScore: 0, formats: FAST, lang: 'en' });
    expect(r).toMatchObject({ rings: 2, masked: true });
    for (const name of r.files) {
      const body = await text('analyst', r.id, name);
      for (const raw of [...RAW, ...NAMES]) expect(body, `${name} holds ${raw}`).not.toContain(raw);
    }
    const manifest = await app.inject({ url: `/api/reports/${r.id}`, headers: as('analyst') });
    for (const raw of RAW) expect(manifest.body).not.toContain(raw);
  });

  it("serves CSV that parses, with the report's rings and masked identifiers", async () => {
    const r = await created('analyst', { name: 'csv check', minScore: 0, formats: ['csv'] });
    const res = await download('analyst', r.id, 'members.csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${r.id}-members.csv"`);
    const members = csvRecords(res.body);
    expect(members.length).toBeGreaterThan(4);
    expect(new Set(members.map((m) => m.ring_id))).toEqual(new Set([ringA, ringB]));
    const people = members.filter((m) => m.type === 'person');
    expect(people.every((m) => /\*/.test(m.identifier!) && /\*/.test(m.name!))).toBe(true);
    const rings = csvRecords(await text('analyst', r.id, 'rings.csv'));
    expect(rings.map((x) => x.ring_id)).toEqual([ringA, ringB]);
    expect(rings.every((x) => x.report_id === r.id)).toBe(true);
    // Only files the manifest lists; the name is checked before the disk is touched.
    expect((await download('analyst', r.id, 'report.pdf')).statusCode).toBe(404);
    expect((await download('analyst', r.id, 'report.html')).statusCode).toBe(404);
    expect(
      (await app.inject({ url: `/api/reports/${r.id}/files/..%2Fmanifest.json`, headers: as('analyst') })).statusCode
    ).toBe(400);
  });

  it("an insurer reports only on rings holding its own claims, other insurers' claims hidden", async () => {
    const out = await create('picc', { ringId: ringB, formats: FAST });
    expect(out.statusCode).toBe(404);
    expect(out.json().error.code).toBe('unknown_ring');
    const r = await created('picc', { name: 'PICC review', minScore: 0, formats: FAST });
    expect(r).toMatchObject({ rings: 1, masked: true });
    const claims = csvRecords(await text('picc', r.id, 'claims.csv'));
    expect(new Set(claims.map((c) => c.ring_id))).toEqual(new Set([ringA]));
    expect(
      claims
        .filter((c) => c.insurer === 'PICC')
        .map((c) => c.claim_id)
        .sort()
    ).toEqual(['A1', 'A2']);
    const foreign = claims.filter((c) => c.insurer !== 'PICC');
    expect(foreign).toHaveLength(3);
    expect(foreign.every((c) => c.claim_id?.startsWith('他司理赔-') && c.insurer === '其他保险公司')).toBe(true);
    const html = await text('picc', r.id, 'report.html');
    for (const other of ['CPIC', 'PINGAN', ...RAW, ...NAMES]) expect(html).not.toContain(other);
    // Even with a case reference, an insurer's report stays masked.
    const withCase = await created('picc', { ringId: ringA, formats: ['html'] }, { 'x-case-reference': CASE });
    expect(withCase.masked).toBe(true);
    expect(await text('picc', withCase.id, 'report.html')).not.toContain(PEOPLE.org);
  });

  it('lists and serves reports per scope', async () => {
    const police = await created('police', { ringId: ringB, formats: ['html'] }, { 'x-case-reference': CASE });
    const analyst = await created('analyst', { ringId: ringB, formats: ['csv'] });
    const picc = await created('picc', { ringId: ringA, formats: ['csv'] });
    const ids = {
      police: await listed('police'),
      analyst: await listed('analyst'),
      admin: await listed('admin'),
      picc: await listed('picc'),
      cpic: await listed('cpic')
    };
    expect(ids.police).toEqual(expect.arrayContaining([police.id, analyst.id, picc.id]));
    for (const who of ['analyst', 'admin'] as const) {
      expect(ids[who]).toEqual(expect.arrayContaining([analyst.id, picc.id]));
      expect(ids[who]).not.toContain(police.id);
    }
    expect(ids.picc).toContain(picc.id);
    expect(ids.picc).not.toContain(analyst.id);
    expect(ids.picc).not.toContain(police.id);
    expect(ids.cpic).toEqual([]);
    const list = (await app.inject({ url: '/api/reports?pageSize=1', headers: as('analyst') })).json<{
      total: number;
      items: Item[];
    }>();
    expect(list.items).toHaveLength(1);
    expect(list.total).toBe(ids.analyst.length);
    expect(list.items[0]).toMatchObject({
      id: ids.analyst[0],
      name: expect.any(String),
      created: expect.any(String),
      by: expect.any(String),
      rings: 1
    });
    // Out of scope reads as absent.
    for (const [who, id] of [
      ['analyst', police.id],
      ['cpic', picc.id],
      ['picc', analyst.id]
    ] as const) {
      expect((await app.inject({ url: `/api/reports/${id}`, headers: as(who) })).statusCode).toBe(404);
      expect((await download(who, id, 'manifest.json')).statusCode).toBe(404);
    }
    // The identities of an unmasked report are for its case only.
    const noCase = await download('police', police.id, 'report.html');
    expect(noCase.statusCode).toBe(403);
    expect(noCase.json().error.code).toBe('case_reference_required');
    expect((await download('police', police.id, 'report.html', { 'x-case-reference': 'JX-OTHER-9' })).statusCode).toBe(
      403
    );
    expect(
      (await app.inject({ url: '/api/reports/RPT-20990101-000000-00000000', headers: as('admin') })).statusCode
    ).toBe(404);
  });

  it('audits each download as an export, before sending', async () => {
    const r = await created('police', { ringId: ringA, formats: ['csv'] }, { 'x-case-reference': CASE });
    const before = audit('export.download').length;
    await text('police', r.id, 'claims.csv', { 'x-case-reference': CASE });
    const entries = audit('export.download');
    expect(entries).toHaveLength(before + 1);
    expect(entries[0]).toMatchObject({
      actor: 'li.police',
      target: `report:${r.id}`,
      caseReference: CASE,
      details: { report: r.id, file: 'claims.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), unmasked: true },
      request: { route: '/api/reports/:id/files/:name' }
    });
    // Refused downloads leave nothing.
    await download('police', r.id, 'claims.csv');
    await download('police', r.id, 'nope.csv', { 'x-case-reference': CASE });
    expect(audit('export.download')).toHaveLength(before + 1);
  });

  it('401 without a token, 403 for the auditor', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/reports', payload: { ringId: ringA } })).statusCode).toBe(
      401
    );
    expect((await app.inject({ url: '/api/reports' })).statusCode).toBe(401);
    for (const req of [
      { method: 'POST' as const, url: '/api/reports', payload: { ringId: ringA } },
      { method: 'GET' as const, url: '/api/reports' }
    ]) {
      const res = await app.inject({ ...req, headers: as('auditor') });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
  });

  it('400 with the error body for a bad operation, and no audit entry', async () => {
    const before = app.audit.size;
    const bad = await create('analyst', { name: 'bad', regions: ['110000'], from: '2024-13-01', formats: FAST });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      error: {
        code: 'bad_operation',
        message: expect.stringContaining('110000'),
        details: { problems: expect.any(Array) }
      }
    });
    expect(bad.json().error.message).not.toMatch(/^ringsight/);
    const cases: Array<[object, Record<string, string>, number, string]> = [
      [{}, {}, 400, 'bad_operation'],
      [{ ringId: ringA, regions: ['360700'] }, {}, 400, 'bad_operation'],
      [{ ringId: 'R0' }, {}, 400, 'bad_operation'],
      [{ name: 'x', color: 'red' }, {}, 400, 'bad_request'],
      [{ name: 'x', formats: ['docx'] }, {}, 400, 'bad_request'],
      [{ name: 'x', entities: [`person:${PEOPLE.org.slice(0, 17)}0`] }, {}, 400, 'bad_operation'],
      [{ ringId: 'R0123456789abcdef' }, {}, 404, 'unknown_ring'],
      [{ ringId: ringA, runId: 'run-nope' }, {}, 404, 'not_found'],
      [{ name: 'nothing', categories: ['fake_death'], minScore: 99 }, {}, 409, 'empty_selection'],
      [{ ringId: ringA, caseReference: CASE }, {}, 400, 'case_reference_header_required'],
      [{ ringId: ringA, caseReference: CASE }, { 'x-case-reference': 'JX-OTHER-9' }, 400, 'case_reference_mismatch']
    ];
    for (const [payload, headers, status, code] of cases) {
      const res = await create('police', { formats: FAST, ...payload }, headers);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().error.code, JSON.stringify(payload)).toBe(code);
      expect(res.body).not.toContain(PEOPLE.org.slice(0, 17));
    }
    const good = await create('analyst', { name: 'all', minScore: 0, formats: FAST, rings: [ringA] });
    expect(good.statusCode).toBe(201);
    expect(app.audit.size).toBe(before + 1);
  });

  it("prints a PDF with the app's renderer", { timeout: 120_000 }, async () => {
    const r = await created('analyst', { ringId: ringA, formats: ['pdf'] });
    expect(r.files).toContain('report.pdf');
    const res = await download('analyst', r.id, 'report.pdf');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });
});

describe('report errors', () => {
  it('map ReportError codes to statuses, 5xx carrying only the request id', () => {
    const map = (code: ConstructorParameters<typeof ReportError>[0], detail = 'x') =>
      reportApiError(new ReportError(code, detail), 'req1');
    expect(map('bad_operation').statusCode).toBe(400);
    expect(map('unknown_ring').statusCode).toBe(404);
    expect(map('empty_selection').statusCode).toBe(409);
    expect(map('too_many_rings').statusCode).toBe(413);
    expect(map('data_mismatch', 'claims C-123456789 missing')).toMatchObject({
      statusCode: 409,
      code: 'data_mismatch',
      message: expect.not.stringContaining('C-1')
    });
    expect(map('render_failed', 'Chromium crashed at /usr/bin')).toMatchObject({
      statusCode: 500,
      code: 'render_failed',
      message: 'the report could not be rendered (request req1)'
    });
    expect(map('bad_operation', `entity person:${PEOPLE.org}`).message).not.toContain(PEOPLE.org);
  });

  it('a PDF that cannot be printed is a 500 with no audit entry and no files', async () => {
    const dataDir = tempDir();
    const app = await makeApp({ dataDir, reportPdf: { executablePath: '/nonexistent/chromium' } });
    try {
      await loadAndDetect(app);
      const before = app.audit.size;
      for (let i = 0; i < 2; i++) {
        // a failed launch is not kept: the second request tries again
        const res = await app.inject({
          method: 'POST',
          url: '/api/reports',
          headers: as('analyst'),
          payload: { name: 'pdf', minScore: 0, formats: ['pdf', 'html'] }
        });
        expect(res.statusCode).toBe(500);
        expect(res.json().error).toEqual({
          code: 'render_failed',
          message: expect.stringMatching(/^the report could not be rendered \(request \w+\)$/)
        });
      }
      expect(app.audit.size).toBe(before);
      expect(existsSync(join(dataDir, 'reports'))).toBe(false);
    } finally {
      await app.close();
    }
  });
});

describe('reports without a data directory', () => {
  it('has no report routes (the viewer reads 404 as "not available")', async () => {
    const app = await makeApp({ dataDir: null });
    try {
      const res = await app.inject({ url: '/api/reports?pageSize=1', headers: as('analyst') });
      expect(res.statusCode).toBe(404);
      expect((await app.inject({ url: '/api/me', headers: as('analyst') })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
