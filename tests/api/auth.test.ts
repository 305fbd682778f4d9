import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { buildApp } from '../../api/app.js';
import { ACCESS, ROLES, type Role } from '../../api/policy/roles.js';
import { generateToken, hashToken, loadTokens, parseTokens, TokenTable } from '../../api/policy/tokens.js';
import { as, makeApp, tempDir, TOKEN_RECORDS, TOKENS, type Who } from './helpers.js';

const WHO_BY_ROLE: Record<Role, Who> = {
  admin: 'admin',
  analyst: 'analyst',
  insurer: 'picc',
  police: 'police',
  auditor: 'auditor'
};

// Every protected route, with a request that is valid enough to get past authorisation.
const ROUTES: Array<{ method: 'GET' | 'POST' | 'DELETE'; url: string; allowed: readonly Role[]; payload?: object }> = [
  { method: 'GET', url: '/api/rings', allowed: ACCESS.readRings },
  { method: 'GET', url: '/api/rings/R0/graph', allowed: ACCESS.readRings },
  { method: 'GET', url: '/api/rings/R0', allowed: ACCESS.readRings },
  { method: 'GET', url: '/api/runs', allowed: ACCESS.readRuns },
  { method: 'GET', url: '/api/runs/job-x', allowed: ACCESS.readRuns },
  { method: 'GET', url: '/api/runs/job-x/events', allowed: ACCESS.readRuns },
  { method: 'POST', url: '/api/runs', allowed: ACCESS.startRun, payload: { seed: 1 } },
  { method: 'POST', url: '/api/batches', allowed: ACCESS.uploadBatch, payload: { files: {} } },
  { method: 'GET', url: '/api/entities/phone/13800138000', allowed: ACCESS.readEntities },
  { method: 'GET', url: '/api/search?q=13800138000', allowed: ACCESS.readEntities },
  { method: 'GET', url: '/api/watchlist', allowed: ACCESS.watchlist },
  {
    method: 'POST',
    url: '/api/watchlist',
    allowed: ACCESS.watchlist,
    payload: { entity: 'phone', key: '13800138000', reason: 'test' }
  },
  { method: 'DELETE', url: '/api/watchlist/phone/13800138000', allowed: ACCESS.watchlist },
  { method: 'GET', url: '/api/audit', allowed: ACCESS.readAudit },
  { method: 'GET', url: '/api/me', allowed: ACCESS.me },
  { method: 'GET', url: '/api/reports', allowed: ACCESS.reports },
  {
    method: 'POST',
    url: '/api/reports',
    allowed: ACCESS.reports,
    payload: { ringId: 'R0123456789abcdef', formats: ['csv'] }
  },
  { method: 'GET', url: '/api/reports/RPT-20260101-000000-00000000', allowed: ACCESS.reports },
  { method: 'GET', url: '/api/reports/RPT-20260101-000000-00000000/files/report.html', allowed: ACCESS.reports },
  { method: 'POST', url: '/api/alerts/A0/confirm', allowed: ACCESS.reviewAlerts },
  { method: 'POST', url: '/api/alerts/A0/assign', allowed: ACCESS.reviewAlerts, payload: { assignee: null } },
  { method: 'GET', url: '/api/alerts/assignees', allowed: ACCESS.reviewAlerts },
  { method: 'GET', url: '/api/cases', allowed: ACCESS.readCases },
  { method: 'GET', url: '/api/cases/C0', allowed: ACCESS.readCases },
  { method: 'POST', url: '/api/cases', allowed: ACCESS.writeCases, payload: { name: 'x' } },
  { method: 'POST', url: '/api/cases/C0/rings', allowed: ACCESS.writeCases, payload: { ringId: 'R0' } },
  { method: 'DELETE', url: '/api/cases/C0/rings/R0', allowed: ACCESS.writeCases }
];

describe('authentication', () => {
  let app: App;
  beforeAll(async () => {
    app = await makeApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(ROUTES)('$method $url: 401 without a token, with a bad scheme, with an unknown token', async (r) => {
    for (const headers of [
      {},
      { authorization: `Basic ${TOKENS.admin}` },
      { authorization: 'Bearer not-a-real-token-at-all' },
      { authorization: 'Bearer' }
    ]) {
      const res = await app.inject({
        method: r.method,
        url: r.url,
        headers,
        ...(r.payload ? { payload: r.payload } : {})
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="ringsight"');
    }
  });

  it.each(ROUTES)('$method $url: 403 exactly for roles not allowed', async (r) => {
    for (const role of ROLES) {
      const res = await app.inject({
        method: r.method,
        url: r.url,
        headers: as(WHO_BY_ROLE[role]),
        ...(r.payload ? { payload: r.payload } : {})
      });
      if (r.allowed.includes(role)) {
        expect([401, 403], `${role} ${r.method} ${r.url} → ${res.statusCode} ${res.body}`).not.toContain(
          res.statusCode
        );
      } else {
        expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
        expect(res.json().error).toMatchObject({ code: 'forbidden', details: { allowed: [...r.allowed] } });
      }
    }
  });

  it('accepts the scheme case-insensitively and finds the right principal', async () => {
    const res = await app.inject({ url: '/api/audit', headers: { authorization: `bearer ${TOKENS.auditor}` } });
    expect(res.statusCode).toBe(200);
  });
});

describe('token configuration', () => {
  it('matches tokens by SHA-256 digest and returns the principal', () => {
    const table = new TokenTable(TOKEN_RECORDS);
    expect(table.match(TOKENS.picc)).toEqual({ name: 'picc-claims', role: 'insurer', insurer: 'PICC' });
    expect(table.match(TOKENS.admin)?.role).toBe('admin');
    expect(table.match('nope')).toBeNull();
    expect(table.match(hashToken(TOKENS.admin))).toBeNull(); // the digest is not the token
  });

  it('generates high-entropy tokens', () => {
    const a = generateToken();
    expect(a).toMatch(/^rs_[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(a);
  });

  it('loads tokens from a file and from RINGSIGHT_TOKENS together', () => {
    const dir = tempDir();
    const file = join(dir, 'tokens.json');
    writeFileSync(file, JSON.stringify([{ name: 'a', role: 'analyst', tokenSha256: hashToken('token-a-123456') }]));
    const env = JSON.stringify([
      { name: 'p', role: 'insurer', insurer: 'PICC', tokenSha256: hashToken('token-p-123456').toUpperCase() }
    ]);
    const tokens = loadTokens({ file, env });
    expect(tokens.map((t) => [t.name, t.role, t.insurer])).toEqual([
      ['a', 'analyst', null],
      ['p', 'insurer', 'PICC']
    ]);
    expect(tokens[1]!.tokenSha256).toBe(hashToken('token-p-123456'));
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['not an array', '{}', /must be a JSON array/],
    ['unknown role', JSON.stringify([{ name: 'x', role: 'root', tokenSha256: 'a'.repeat(64) }]), /role must be one of/],
    [
      'a raw token instead of a digest',
      JSON.stringify([{ name: 'x', role: 'admin', tokenSha256: 'secret' }]),
      /64-hex-digit SHA-256/
    ],
    [
      'insurer without insurer',
      JSON.stringify([{ name: 'x', role: 'insurer', tokenSha256: 'a'.repeat(64) }]),
      /needs "insurer"/
    ],
    [
      'insurer field on another role',
      JSON.stringify([{ name: 'x', role: 'police', insurer: 'PICC', tokenSha256: 'a'.repeat(64) }]),
      /only role insurer/
    ],
    [
      'duplicate names',
      JSON.stringify([
        { name: 'x', role: 'admin', tokenSha256: 'a'.repeat(64) },
        { name: 'x', role: 'admin', tokenSha256: 'b'.repeat(64) }
      ]),
      /configured twice/
    ]
  ])('refuses a config with %s', (_label, json, message) => {
    expect(() => loadTokens({ env: json })).toThrow(message);
    expect(() => parseTokens(json, 'x')).toThrow(/^ringsight\/api\/tokens: /);
  });

  it('with no tokens configured, every protected route answers 401', async () => {
    const app = await makeApp({ tokens: [] });
    expect((await app.inject({ url: '/api/rings', headers: as('admin') })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    await app.close();
  });

  it('refuses to build an app with an /api route that declares no roles', async () => {
    const app = await buildApp({ tokens: [], dataDir: null, viewerDir: null, rateLimit: false });
    await expect(
      app.register(async (child) => {
        child.get('/api/leak', async () => ({ secret: true }));
      })
    ).rejects.toThrow(/declares neither config.roles nor config.public/);
    await app.close().catch(() => undefined);
  });
});
