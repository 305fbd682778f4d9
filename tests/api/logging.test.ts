import { describe, expect, it } from 'vitest';
import { safeUrl } from '../../api/logging.js';
import { as, loadAndDetect, makeApp, openTestStore, PEOPLE, PHONE_A, TOKENS } from './helpers.js';

describe('logs', () => {
  it('never carry identities, tokens or case references — URLs are logged as route patterns', async () => {
    const lines: string[] = [];
    const store = await openTestStore();
    const app = await makeApp({
      createStore: () => store,
      logger: {
        level: 'debug',
        stream: {
          write: (l: string) => {
            lines.push(l);
          }
        }
      }
    });
    await loadAndDetect(app);
    const ring = (await app.inject({ url: '/api/rings', headers: as('analyst') })).json().items[0].id;
    await app.inject({ url: `/api/entities/person/${PEOPLE.org}?hops=1&unmask=true`, headers: as('analyst') });
    await app.inject({ url: `/api/search?q=${PHONE_A}`, headers: as('analyst') });
    await app.inject({ url: `/api/rings?q=${PEOPLE.a2}`, headers: as('analyst') });
    await app.inject({ url: `/api/no/such/${PEOPLE.a3}?phone=${PHONE_A}`, headers: as('analyst') });
    await app.inject({
      url: `/api/rings/${ring}?unmask=true`,
      headers: as('police', { 'x-case-reference': 'SECRET-CASE-991' })
    });
    await app.inject({ url: `/api/entities/person/36010219800101123X`, headers: as('analyst') });
    await app.inject({ method: 'DELETE', url: `/api/watchlist/person/${PEOPLE.a4}`, headers: as('analyst') });
    store.claims = async () => {
      throw new Error(`cannot read claim of ${PEOPLE.b1} phone ${PHONE_A}`);
    };
    expect((await app.inject({ url: `/api/rings/${ring}`, headers: as('analyst') })).statusCode).toBe(500);
    await app.close();

    const log = lines.join('');
    expect(log).toContain('/api/entities/:type/:key?hops=…&unmask=…');
    expect(log).toContain('/api/search?q=…');
    expect(log).toContain('/api/no/…?phone=…');
    expect(log).toContain('cannot read claim of');
    for (const secret of [
      ...Object.values(PEOPLE),
      PHONE_A,
      '36010219800101123X',
      'SECRET-CASE-991',
      ...Object.values(TOKENS)
    ]) {
      expect(log, `log leaks ${secret}`).not.toContain(secret);
    }
  });

  it('safeUrl keeps the pattern and the query parameter names only', () => {
    expect(
      safeUrl({
        url: '/api/entities/person/360102197804120174?hops=2',
        routeOptions: { url: '/api/entities/:type/:key' }
      })
    ).toBe('/api/entities/:type/:key?hops=…');
    expect(safeUrl({ url: '/api/x/y/z' })).toBe('/api/x/…');
    // Names that are not plain words are counted, never shown (issue 16).
    expect(safeUrl({ url: '/?13800138000=1' })).toBe('/?…1 other');
  });
});
