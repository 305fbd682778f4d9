import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { as, makeApp, openTestStore, STORE, tempDir } from './helpers.js';

describe('health, readiness, docs and the root', () => {
  let app: App;
  beforeAll(async () => {
    app = await makeApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers health and readiness without a token', async () => {
    const health = await app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/api/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true, store: STORE });
  });

  it('serves OpenAPI 3 describing every route, and the interactive docs', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/health',
        'GET /api/ready',
        'POST /api/batches',
        'POST /api/runs',
        'GET /api/runs',
        'GET /api/runs/{id}',
        'GET /api/runs/{id}/events',
        'GET /api/rings',
        'GET /api/rings/{id}',
        'GET /api/rings/{id}/graph',
        'GET /api/entities/{type}/{key}',
        'GET /api/search',
        'GET /api/watchlist',
        'POST /api/watchlist',
        'DELETE /api/watchlist/{entity}/{key}',
        'GET /api/audit'
      ])
    );
    // Every route documents its responses (request schemas are checked by the routes' own tests).
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops))
        expect((op as { responses?: object }).responses, `${method} ${path}`).toBeDefined();
    }
    const ui = await app.inject({ url: '/docs/' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('answers / with a JSON hint when the viewer is not built', async () => {
    const root = await app.inject({ url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.json()).toMatchObject({ name: 'ringsight', docs: '/docs' });
  });

  it("sets security headers, with a CSP that allows the viewer's blob worker", async () => {
    const res = await app.inject({ url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('returns the JSON error shape for unknown routes, bad JSON and wrong content types — never a stack', async () => {
    const missing = await app.inject({ url: '/api/nothing/here', headers: as('admin') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: 'no such route' } });
    const badJson = await app.inject({
      method: 'POST',
      url: '/api/watchlist',
      headers: as('admin', { 'content-type': 'application/json' }),
      payload: '{"entity": "phone", 360102'
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('bad_request');
    expect(badJson.body).not.toContain('360102');
    const xml = await app.inject({
      method: 'POST',
      url: '/api/watchlist',
      headers: as('admin', { 'content-type': 'application/xml' }),
      payload: '<x/>'
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('unsupported_media_type');
    for (const r of [missing, badJson, xml]) expect(r.body).not.toMatch(/at .*\.ts:\d+|stack/);
  });

  it('rejects JSON bodies over the body limit with 413', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/api/watchlist',
      headers: as('admin'),
      payload: { entity: 'phone', key: '13800138000', reason: 'x'.repeat(2 * 1024 * 1024) }
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload_too_large');
  });

  it('hides internal errors behind a request id', async () => {
    const broken = await openTestStore();
    broken.listRuns = async () => {
      throw new Error('disk on fire at /var/lib/secret 360102197804120174');
    };
    const b = await makeApp({ createStore: () => broken });
    const res = await b.inject({ url: '/api/runs', headers: as('analyst') });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal_error');
    expect(res.body).not.toContain('disk on fire');
    await b.close();
  });
});

describe('readiness when the store is down', () => {
  it('answers 503 with ready false', async () => {
    const store = await openTestStore();
    store.ping = async () => {
      throw new Error('connection refused');
    };
    const app = await makeApp({ createStore: () => store });
    const res = await app.inject({ url: '/api/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ready: false, store: STORE });
    await app.close();
  });
});

describe('rate limiting', () => {
  it('answers 429 in the error shape once a client exceeds the limit', async () => {
    const app = await makeApp({ rateLimit: { max: 3, timeWindow: '1 minute' } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await app.inject({ url: '/api/health' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const res = await app.inject({ url: '/api/health' });
    expect(res.json().error.code).toBe('rate_limited');
    await app.close();
  });
});

describe('the built viewer', () => {
  it('is served at / with the API still under /api', async () => {
    const dir = tempDir('ringsight-viewer-');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ringsight</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const app = await makeApp({ viewerDir: dir });
    const index = await app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<title>ringsight</title>');
    expect((await app.inject({ url: '/assets/app.js' })).statusCode).toBe(200);
    const deepLink = await app.inject({ url: '/rings/R123', headers: { accept: 'text/html' } });
    expect(deepLink.body).toContain('<title>ringsight</title>');
    const apiMiss = await app.inject({ url: '/api/nope', headers: { accept: 'text/html' } });
    expect(apiMiss.statusCode).toBe(404);
    expect(apiMiss.json().error.code).toBe('not_found');
    expect((await app.inject({ url: '/api/health' })).json()).toEqual({ status: 'ok' });
    await app.close();
  });
});
