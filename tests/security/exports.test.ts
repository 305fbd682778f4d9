// Issue 16 items 3, 4 and 6: what reports and the audit trail let out — the watchlist read policy in
// exports, free text scrubbed of identity numbers, police reports scoped to their creator, and the
// auditor never reading raw identities in audit details. Both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { hashToken } from '../../api/policy/tokens.js';
import { scrubFreeText } from '../../engine/privacy/scrub.js';
import {
  as,
  BANK_A,
  loadAndDetect,
  makeApp,
  PEOPLE,
  PHONE_A,
  TOKEN_RECORDS,
  tempDir,
  type Who
} from '../api/helpers.js';

const REASON = `与${PEOPLE.a2}同住，电话 +86 139-0013-9001，账户 6222 0212 3456 7890 (ID ${PEOPLE.b1.slice(0, 15)})`;
const RAW = [
  PEOPLE.a2,
  '13900139001',
  '139-0013-9001',
  '6222 0212 3456 7890',
  '6222021234567890',
  PEOPLE.b1.slice(0, 15)
];
const POLICE2 = 'tok-police-two-0123456789';

describe('security: exports and free text', () => {
  let app: App;
  let ringA: string;
  const as2 = (who: Who | 'police2', extra: Record<string, string> = {}) =>
    who === 'police2' ? { authorization: `Bearer ${POLICE2}`, ...extra } : as(who, extra);
  const create = async (who: Who | 'police2', payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/reports', headers: as2(who, headers), payload });
  const file = async (who: Who | 'police2', id: string, name: string, headers: Record<string, string> = {}) =>
    await app.inject({ url: `/api/reports/${id}/files/${name}`, headers: as2(who, headers) });

  beforeAll(async () => {
    app = await makeApp({
      dataDir: tempDir(),
      tokens: [...TOKEN_RECORDS, { name: 'wu.police', role: 'police', tokenSha256: hashToken(POLICE2) }]
    });
    await loadAndDetect(app);
    ringA = (await app.inject({ url: '/api/rings', headers: as('analyst') }))
      .json()
      .items.find((i: { insurers: string[] }) => i.insurers.includes('PICC')).id;
    const listed = await app.inject({
      method: 'POST',
      url: '/api/watchlist',
      headers: as('analyst'),
      payload: { entity: 'phone', key: PHONE_A, reason: REASON }
    });
    expect(listed.statusCode).toBe(201);
  });
  afterAll(async () => {
    await app.close();
  });

  it('the scrubber masks IDs, old IDs, mobiles and accounts in any common formatting', () => {
    const out = scrubFreeText(REASON);
    for (const raw of RAW) expect(out).not.toContain(raw);
    expect(out).toContain('360702********0215'.slice(0, 6));
    expect(scrubFreeText('手机１３８００１３８０００ 或 (86)13800138000 或 138 0013 8000')).toBe(
      '手机138****8000 或 +86 138****8000 或 138****8000'
    );
    expect(scrubFreeText('claim A1, 48000 yuan, 2024-01-05, ring R-0001')).toBe(
      'claim A1, 48000 yuan, 2024-01-05, ring R-0001'
    );
    expect(scrubFreeText(`acct ${BANK_A}`)).toBe('acct ****7890');
  });

  it("an insurer's report says a member is listed, never why or by whom", async () => {
    const res = await create('picc', { ringId: ringA, formats: ['html', 'csv'] });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    for (const name of ['report.html', 'watchlist.csv', 'report.json']) {
      const body = (await file('picc', id, name)).body;
      expect(body).not.toContain('wang.analyst');
      expect(body).not.toContain('同住');
      for (const raw of RAW) expect(body).not.toContain(raw);
    }
    expect((await file('picc', id, 'watchlist.csv')).body).toMatch(/reason restricted|仅限协会/);
  });

  it('a masked report by a watchlist role shows the reason scrubbed', async () => {
    const { id } = (await create('analyst', { ringId: ringA, formats: ['csv'] })).json();
    const csv = (await file('analyst', id, 'watchlist.csv')).body;
    expect(csv).toContain('同住');
    expect(csv).toContain('wang.analyst');
    for (const raw of RAW) expect(csv).not.toContain(raw);
  });

  it('API responses carry reasons scrubbed unless unmasked', async () => {
    const masked = (await app.inject({ url: '/api/watchlist', headers: as('analyst') })).body;
    for (const raw of RAW) expect(masked).not.toContain(raw);
    const entity = (await app.inject({ url: `/api/entities/phone/${PHONE_A}?hops=0`, headers: as('analyst') })).body;
    for (const raw of RAW) expect(entity).not.toContain(raw);
  });

  it('the auditor never reads a raw identity in audit details', async () => {
    const res = await app.inject({ url: '/api/audit?limit=5000', headers: as('auditor') });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('watchlist.add');
    for (const raw of RAW) expect(res.body).not.toContain(raw);
    // Nor does the file on disk.
    const onDisk = app.audit.query({ action: 'watchlist', limit: 100, offset: 0 }).items;
    for (const raw of RAW) expect(JSON.stringify(onDisk)).not.toContain(raw);
  });

  it("police reports are their creator's: other officers neither list them nor learn their case references", async () => {
    const mine = await create('police', { ringId: ringA, formats: ['html'] }, { 'x-case-reference': 'JX-2026-0417' });
    expect(mine.statusCode, mine.body).toBe(201);
    const maskedMine = (await create('police', { ringId: ringA, formats: ['html'] })).json();
    const staff = (await create('analyst', { ringId: ringA, formats: ['csv'], caseReference: 'JX-ANALYST-77' })).json();
    const list = async (who: Who | 'police2') =>
      (await app.inject({ url: '/api/reports', headers: as2(who) })).json().items as Array<{
        id: string;
        caseReference: string | null;
      }>;
    const other = await list('police2');
    expect(other.map((i) => i.id)).not.toContain(mine.json().id);
    expect(other.map((i) => i.id)).not.toContain(maskedMine.id);
    expect(JSON.stringify(other)).not.toContain('JX-2026-0417');
    expect(JSON.stringify(other)).not.toContain('JX-ANALYST-77');
    expect(other.find((i) => i.id === staff.id)?.caseReference).toBeNull();
    expect((await app.inject({ url: `/api/reports/${mine.json().id}`, headers: as2('police2') })).statusCode).toBe(404);
    expect(
      (await file('police2', mine.json().id, 'report.html', { 'x-case-reference': 'JX-2026-0417' })).statusCode
    ).toBe(404);
    const own = await list('police');
    expect(own.find((i) => i.id === mine.json().id)?.caseReference).toBe('JX-2026-0417');
    expect((await list('admin')).map((i) => i.id)).toContain(maskedMine.id);
    expect((await app.inject({ url: `/api/reports/${staff.id}`, headers: as('admin') })).json().caseReference).toBe(
      'JX-ANALYST-77'
    );
  });

  it("a report cannot be used to confirm a foreign party's full ID", async () => {
    const foreign = await create('picc', {
      name: 'probe',
      entities: [`person:${PEOPLE.a4}`],
      onlyListed: true,
      formats: ['csv']
    });
    expect(foreign.statusCode).toBe(400);
    const own = await create('picc', {
      name: 'own',
      entities: [`person:${PEOPLE.org}`],
      onlyListed: true,
      formats: ['csv']
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(
      app.audit.query({ action: 'lookup.exact', limit: 100, offset: 0 }).items.filter((e) => e.details.via === 'report')
    ).toHaveLength(2);
  });
});

describe('security: the shared message scrubber', () => {
  it('scrubText masks formatted identity numbers, not only long digit runs', async () => {
    const { scrubText } = await import('../../api/errors.js');
    const out = scrubText('call 138-0013-8000 or 138 0013 8000; ID 360102 19780412 0174; acct 6222 0212 3456 7890');
    for (const raw of ['138-0013-8000', '138 0013 8000', '19780412', '6222 0212 3456 7890'])
      expect(out).not.toContain(raw);
  });
});
