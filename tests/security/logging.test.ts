// Issue 16 items 15 and 16: pii.view audit entries list every revealed ref (with their digest and
// count); logs never show query-parameter names that could be identities; idle connections are capped.
import { describe, expect, it } from 'vitest';
import { CONNECTION_DEFAULTS } from '../../api/app.js';
import { safeUrl } from '../../api/logging.js';
import { SERVE_USAGE } from '../../cli/commands/serve.js';
import { as, makeApp, PEOPLE, TOKENS } from '../api/helpers.js';

describe('security: audit completeness, logs and connections', () => {
  it('pii.view stores every revealed ref, their count and digest — not the first 50', async () => {
    const app = await makeApp();
    try {
      for (let i = 0; i < 60; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/watchlist',
          headers: as('analyst'),
          payload: { entity: 'phone', key: `1390000${String(1000 + i)}`, reason: 'test' }
        });
        expect(res.statusCode).toBe(201);
      }
      expect((await app.inject({ url: '/api/watchlist?unmask=true', headers: as('admin') })).statusCode).toBe(200);
      const [entry] = app.audit.query({ action: 'pii.view', limit: 1, offset: 0 }).items;
      expect(entry!.details.count).toBe(60);
      expect(entry!.details.refs).toHaveLength(60);
      expect(entry!.details.refsSha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await app.close();
    }
  });

  it('query-parameter names are logged only when the route declares them', async () => {
    const lines: string[] = [];
    const app = await makeApp({
      logger: {
        level: 'info',
        stream: {
          write: (l: string) => {
            lines.push(l);
          }
        }
      }
    });
    try {
      await app.inject({
        url: `/api/rings?${encodeURIComponent('张伟')}=1&${encodeURIComponent('138-0013-8000')}=2&page=1`,
        headers: as('analyst')
      });
      await app.inject({
        url: `/api/nothing/${encodeURIComponent('360102 19780412 0174')}?${encodeURIComponent('360102-19780412-0174')}=x`,
        headers: as('analyst')
      });
    } finally {
      await app.close();
    }
    // Timings, times and pids are numbers that may hold any digits ("responseTime":20.1167000000133): left out of the search.
    const log = lines.map((l) => JSON.stringify(JSON.parse(l), (_key, v) => (typeof v === 'number' ? 0 : v))).join('');
    expect(log).toContain('/api/rings?page=…&…2 others');
    for (const secret of ['张伟', '%E5%BC%A0', '138-0013-8000', '0013', '19780412', PEOPLE.org, TOKENS.analyst])
      expect(log, secret).not.toContain(secret);
    expect(safeUrl({ url: '/api/x?name=1&a1b=2&%E6%9D%8E=3' })).toBe('/api/x?name=…&…2 others');
  });

  it('serve --help says the dev token is printed even with --quiet', () => {
    expect(SERVE_USAGE).toMatch(/--dev-token: .*printed to stderr\s+even with --quiet/s);
  });

  it('idle connections are capped', async () => {
    const app = await makeApp();
    try {
      expect(app.server.maxConnections).toBe(CONNECTION_DEFAULTS.maxConnections);
      expect(app.initialConfig.keepAliveTimeout).toBe(CONNECTION_DEFAULTS.keepAliveTimeout);
      expect(app.initialConfig.connectionTimeout).toBe(CONNECTION_DEFAULTS.connectionTimeout);
      expect(app.server.maxRequestsPerSocket).toBe(CONNECTION_DEFAULTS.maxRequestsPerSocket);
      expect(CONNECTION_DEFAULTS.keepAliveTimeout).toBeLessThanOrEqual(10_000);
    } finally {
      await app.close();
    }
  });
});
