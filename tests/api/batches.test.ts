import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { claim, csv, residentId } from '../helpers/batch.js';
import { as, makeApp, sampleFiles, TOKENS } from './helpers.js';

const alice = residentId('360102', '1980-05-01', 11);

function multipart(parts: Array<{ name: string; filename?: string; content: string | Buffer }>): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = '----ringsight' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.filename ? 'Content-Type: text/csv\r\n' : ''}\r\n`
      )
    );
    chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('POST /api/batches', () => {
  let app: App;
  beforeEach(async () => {
    app = await makeApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('loads a JSON upload, then reports a repeat as unchanged', async () => {
    const first = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst'),
      payload: { files: sampleFiles() }
    });
    expect(first.statusCode).toBe(201);
    const body = first.json();
    expect(body.batchId).toMatch(/^batch-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(body.loaded).toEqual({ added: 20, updated: 0, unchanged: 0, watchlist: 0 });
    expect(body.rejectedClaims).toEqual([]);
    expect((await app.store.counts()).claims).toBe(20);
    const again = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('admin'),
      payload: { files: sampleFiles() }
    });
    expect(again.json().loaded).toEqual({ added: 0, updated: 0, unchanged: 20, watchlist: 0 });
  });

  it('loads a multipart upload, files named by field or by file name', async () => {
    const files = sampleFiles();
    const form = multipart([
      { name: 'claims.csv', filename: 'export-2024-05.csv', content: files['claims.csv']! },
      { name: 'files', filename: 'parties.csv', content: '\uFEFF' + files['parties.csv']! },
      { name: 'allowPartial', content: 'false' }
    ]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst', form.headers),
      payload: form.payload
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().loaded.added).toBe(20);
    expect((await app.store.counts()).links).toBeGreaterThan(20);
  });

  it('rejects a batch with errors: 400 invalid_batch listing every problem, masked, and loads nothing', async () => {
    const badId = alice.slice(0, 17) + (alice[17] === '1' ? '2' : '1');
    const res = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst'),
      payload: {
        files: {
          'claims.csv': csv([claim('C1'), claim('C2', { accident_date: '2024-02-30' })]),
          'parties.csv': csv([
            { claim_id: 'C1', role: 'driver', id_number: badId, name: '张三', phone: '', bank_account: '' }
          ])
        }
      }
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('invalid_batch');
    expect(error.details.errors).toBe(2);
    expect(error.details.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          file: 'claims.csv',
          line: 3,
          field: 'accident_date',
          code: 'invalid_accident_date',
          claim: 'C2'
        }),
        expect.objectContaining({ severity: 'error', file: 'parties.csv', line: 2, field: 'id_number', claim: 'C1' })
      ])
    );
    expect(res.body).not.toContain(badId.slice(0, 17));
    expect(res.body).toContain('360102********');
    expect((await app.store.counts()).claims).toBe(0);
  });

  it('with allowPartial loads the valid claims and rejects bad ones whole', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst'),
      payload: {
        allowPartial: true,
        files: { 'claims.csv': csv([claim('C1'), claim('C2', { claimed_amount: '-5' })]) }
      }
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ loaded: { added: 1 }, rejectedClaims: ['C2'], counts: { errors: 1 } });
    expect(res.json().errors[0]).toMatchObject({ claim: 'C2', field: 'claimed_amount' });
  });

  it('refuses unknown file names and a missing claims.csv', async () => {
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst'),
      payload: { files: { 'claims.csv': csv([claim('C1')]), 'claim.csv': 'x' } }
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.problems[0]).toMatchObject({ file: 'claim.csv', code: 'unknown_file' });
    const none = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst'),
      payload: { files: {} }
    });
    expect(none.json().error.details.problems[0]).toMatchObject({ file: 'claims.csv', code: 'missing_file' });
  });

  it('refuses malformed request bodies with 400 bad_request', async () => {
    for (const payload of [{}, { files: 'claims' }, { files: {}, extra: true }, { files: {}, allowPartial: 'maybe' }]) {
      const res = await app.inject({ method: 'POST', url: '/api/batches', headers: as('analyst'), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('bad_request');
    }
  });

  it('refuses a multipart file that is not UTF-8, and stray parts', async () => {
    const gbk = Buffer.from([0x63, 0x6c, 0x61, 0x69, 0x6d, 0x5f, 0x69, 0x64, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]);
    const form = multipart([{ name: 'claims.csv', filename: 'claims.csv', content: gbk }]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst', form.headers),
      payload: form.payload
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'not_utf8' });
    const stray = multipart([
      { name: 'claims.csv', filename: 'claims.csv', content: csv([claim('C1')]) },
      { name: 'comment', content: 'hi' }
    ]);
    const res2 = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst', stray.headers),
      payload: stray.payload
    });
    expect(res2.statusCode).toBe(400);
    expect(res2.json().error.code).toBe('bad_upload');
  });

  it('loads a watchlist.csv (association roles), stamping unlisted entries with the uploader, audited with masked keys', async () => {
    const files = {
      ...sampleFiles(),
      'watchlist.csv': csv([
        { entity: 'person', key: alice, reason: 'organiser', listed_by: '', listed_at: '' },
        { entity: 'phone', key: '13800138000', reason: 'shared', listed_by: 'picc-import', listed_at: '2024-01-02' }
      ])
    };
    const res = await app.inject({ method: 'POST', url: '/api/batches', headers: as('analyst'), payload: { files } });
    expect(res.statusCode).toBe(201);
    expect(res.json().loaded.watchlist).toBe(2);
    const entries = await app.store.listWatch();
    expect(entries.find((w) => w.entity === 'person')).toMatchObject({
      listedBy: 'wang.analyst',
      listedAt: new Date().toISOString().slice(0, 10)
    });
    expect(entries.find((w) => w.entity === 'phone')).toMatchObject({
      listedBy: 'picc-import',
      listedAt: '2024-01-02'
    });
    const entry = app.audit.query({ action: 'batch.upload', limit: 1, offset: 0 }).items[0]!;
    expect(entry.details).toMatchObject({
      watchlist: 2,
      watchlistKeys: [`person:360102********${alice.slice(-4)}`, 'phone:138****8000']
    });
    expect(JSON.stringify(entry)).not.toContain(alice);
  });

  it('audits every upload', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst'),
      payload: { files: sampleFiles() }
    });
    const entry = app.audit.query({ action: 'batch', limit: 10, offset: 0 }).items[0]!;
    expect(entry).toMatchObject({
      actor: 'wang.analyst',
      role: 'analyst',
      action: 'batch.upload',
      details: { claims: 20, watchlist: 0 }
    });
  });
});

describe('POST /api/batches as an insurer', () => {
  let app: App;
  beforeEach(async () => {
    app = await makeApp();
  });
  afterEach(async () => {
    await app.close();
  });

  const piccOnly = () => ({ 'claims.csv': csv([claim('P1', { insurer: 'PICC' }), claim('P2', { insurer: 'PICC' })]) });

  it("loads the insurer's own claims", async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('picc'),
      payload: { files: piccOnly() }
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().loaded.added).toBe(2);
  });

  it("403 listing the lines of other insurers' claims, and loads nothing", async () => {
    const files = {
      'claims.csv': csv([
        claim('P1', { insurer: 'PICC' }),
        claim('X1', { insurer: 'CPIC' }),
        claim('P2', { insurer: 'PICC' }),
        claim('X2', { insurer: 'PINGAN' })
      ])
    };
    const res = await app.inject({ method: 'POST', url: '/api/batches', headers: as('picc'), payload: { files } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'foreign_claims',
      details: {
        lines: [
          { line: 3, claim: 'X1' },
          { line: 5, claim: 'X2' }
        ]
      }
    });
    expect((await app.store.counts()).claims).toBe(0);
  });

  it('403 when an upload would overwrite a claim id another insurer holds', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('cpic'),
      payload: { files: { 'claims.csv': csv([claim('SHARED-1', { insurer: 'CPIC' })]) } }
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('picc'),
      payload: {
        files: { 'claims.csv': csv([claim('P1', { insurer: 'PICC' }), claim('SHARED-1', { insurer: 'PICC' })]) }
      }
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({
      code: 'claim_id_taken',
      details: { lines: [{ line: 3, claim: 'SHARED-1' }] }
    });
    expect((await app.store.claims(['SHARED-1']))[0]!.insurer).toBe('CPIC');
    expect((await app.store.counts()).claims).toBe(1);
  });

  it("403 for a watchlist.csv: the watchlist is the association's", async () => {
    const files = { ...piccOnly(), 'watchlist.csv': csv([{ entity: 'phone', key: '13800138000', reason: 'x' }]) };
    const res = await app.inject({ method: 'POST', url: '/api/batches', headers: as('picc'), payload: { files } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('watchlist_not_allowed');
    expect(await app.store.listWatch()).toEqual([]);
  });

  it('validates before scoping: a bad batch from an insurer is still a 400', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('picc'),
      payload: { files: { 'claims.csv': csv([claim('P1', { insurer: 'PICC', product: 'boat' })]) } }
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('upload size limits', () => {
  it('413 for a multipart file or JSON upload over the upload limit', async () => {
    const app = await makeApp({ uploadLimit: 2000 });
    const big = csv(Array.from({ length: 40 }, (_, i) => claim(`C${i}`)));
    const form = multipart([{ name: 'claims.csv', filename: 'claims.csv', content: big }]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: { authorization: `Bearer ${TOKENS.analyst}`, ...form.headers },
      payload: form.payload
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    const json = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst'),
      payload: { files: { 'claims.csv': big } }
    });
    expect(json.statusCode).toBe(413);
    expect((await app.store.counts()).claims).toBe(0);
    await app.close();
  });
});
