// Issue 16 item 9: refused requests are counted before authentication — per client address and per
// token prefix — so token guessing gets 429s; and the general rate limit counts 401s too. Both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { as, makeApp } from '../api/helpers.js';

describe('security: throttling refused requests', () => {
  let app: App;
  beforeAll(async () => {
    app = await makeApp({ authFailureLimit: { max: 10, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await app.close();
  });

  const guess = (token: string, ip = '10.0.0.1') =>
    app.inject({ url: '/api/rings', headers: { authorization: `Bearer ${token}` }, remoteAddress: ip });

  it('guessing tokens from one address: 401s, then 429 — even for the right token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await guess(`rs_guess-${i}-0123456789abcdef`)).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429, 429, 429]);
    const right = await app.inject({ url: '/api/rings', headers: as('analyst'), remoteAddress: '10.0.0.1' });
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('rate_limited');
    expect(right.headers['retry-after']).toBeDefined();
    // Another address with another prefix is not affected.
    expect(
      (await app.inject({ url: '/api/rings', headers: as('analyst'), remoteAddress: '10.0.0.2' })).statusCode
    ).toBe(200);
  });

  it('one token prefix from many addresses is throttled too', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await guess(`samepfx-${i}-abcdefghijkl`, `10.1.0.${i}`)).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('403s count as well (role probing)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push(
        (await app.inject({ url: '/api/audit', headers: as('picc'), remoteAddress: '10.2.0.1' })).statusCode
      );
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('the general rate limit counts unauthenticated requests', async () => {
    const limited = await makeApp({ rateLimit: { max: 5, timeWindow: '1 minute' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push((await limited.inject({ url: '/api/rings', remoteAddress: '10.3.0.1' })).statusCode);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
