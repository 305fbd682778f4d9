// Issue 16 items 14, 10 and 11: router errors use the one error shape and never echo the URL;
// run dates are validated; uploads with no body or a truncated multipart body are 400 with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { as, makeApp, PEOPLE, sampleFiles } from '../api/helpers.js';

describe('security: malformed requests', () => {
  let app: App;
  beforeAll(async () => {
    app = await makeApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('a bad URL or an over-long path segment: the JSON error shape, no echo of the URL', async () => {
    for (const [url, status, code] of [
      [`/api/rings/%E0%A4${PEOPLE.org}`, 400, 'bad_url'],
      [`/api/entities/person/%ZZ${PEOPLE.org}`, 400, 'bad_url'],
      [`/%c0${PEOPLE.org}`, 400, 'bad_url'],
      [`/api/rings/${'x'.repeat(300)}${PEOPLE.org}`, 414, 'uri_too_long']
    ] as const) {
      const res = await app.inject({ url, headers: as('analyst') });
      expect(res.statusCode, url).toBe(status);
      expect(res.json()).toEqual({ error: { code, message: expect.any(String) } });
      expect(res.body).not.toContain(PEOPLE.org);
      expect(res.body).not.toContain('360102');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('POST /api/runs: asOf must be a real date, not after today', async () => {
    for (const asOf of ['2999-99-99', '2024-02-30', '2023-13-01', '2999-01-01', '0000-00-00']) {
      const res = await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload: { asOf } });
      expect(res.statusCode, asOf).toBe(400);
      expect(res.json().error.code).toBe('bad_as_of');
    }
    const ok = await app.inject({
      method: 'POST',
      url: '/api/runs',
      headers: as('analyst'),
      payload: { asOf: '2024-02-29' }
    });
    expect(ok.statusCode).toBe(202);
  });

  it('POST /api/batches with no body, or a truncated multipart body: 400 with a reason', async () => {
    const none = await app.inject({ method: 'POST', url: '/api/batches', headers: as('analyst') });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toMatch(/body|files/);
    const emptyJson = await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst', { 'content-type': 'application/json' }),
      payload: ''
    });
    expect(emptyJson.statusCode).toBe(400);
    const boundary = '----ringsight-test';
    const full = `--${boundary}\r\nContent-Disposition: form-data; name="claims.csv"; filename="claims.csv"\r\nContent-Type: text/csv\r\n\r\n${sampleFiles()['claims.csv']}\r\n--${boundary}--\r\n`;
    const truncated = full.slice(0, Math.floor(full.length / 2));
    const res = await app.inject({
      method: 'POST',
      url: '/api/batches',
      payload: truncated,
      headers: as('analyst', { 'content-type': `multipart/form-data; boundary=${boundary}` })
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('bad_upload');
    const noParts = await app.inject({
      method: 'POST',
      url: '/api/batches',
      payload: `--${boundary}--\r\n`,
      headers: as('analyst', { 'content-type': `multipart/form-data; boundary=${boundary}` })
    });
    expect(noParts.statusCode).toBe(400);
  });
});
