// Issue 16 item 7: on the embedded store, API uploads and watchlist changes would vanish at restart
// after a 201 — a server that is not durable refuses them (409 store_not_durable) unless started
// --ephemeral; on Neo4j they are accepted. Both stores.
import { describe, expect, it } from 'vitest';
import { as, makeApp, PHONE_A, sampleFiles, STORE } from '../api/helpers.js';

describe('security: writes the store cannot keep', () => {
  it(`${STORE === 'embedded' ? 'refuses' : 'accepts'} uploads and watchlist changes by default`, async () => {
    const app = await makeApp({ nonDurableWrites: 'refuse' });
    try {
      const up = await app.inject({
        method: 'POST',
        url: '/api/batches',
        headers: as('analyst'),
        payload: { files: sampleFiles() }
      });
      const add = await app.inject({
        method: 'POST',
        url: '/api/watchlist',
        headers: as('analyst'),
        payload: { entity: 'phone', key: PHONE_A, reason: 'x' }
      });
      const del = await app.inject({
        method: 'DELETE',
        url: `/api/watchlist/phone/${PHONE_A}`,
        headers: as('analyst')
      });
      if (STORE === 'embedded') {
        for (const res of [up, add, del]) {
          expect(res.statusCode).toBe(409);
          expect(res.json().error.code).toBe('store_not_durable');
          expect(res.json().error.message).toMatch(/lost at restart/);
        }
        expect(app.audit.query({ action: 'batch', limit: 10, offset: 0 }).total).toBe(0);
        expect((await app.store.counts()).claims).toBe(0);
      } else {
        expect([up.statusCode, add.statusCode, del.statusCode]).toEqual([201, 201, 200]);
      }
    } finally {
      await app.close();
    }
  });

  it('accepts them when told the data may be lost (serve --ephemeral)', async () => {
    const app = await makeApp({ nonDurableWrites: 'accept' });
    try {
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/api/batches',
            headers: as('analyst'),
            payload: { files: sampleFiles() }
          })
        ).statusCode
      ).toBe(201);
    } finally {
      await app.close();
    }
  });
});
