import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { as, loadAndDetect, makeApp, PEOPLE, PHONE_A, runAndWait } from './helpers.js';

describe('watchlist', () => {
  let app: App;
  beforeEach(async () => {
    app = await makeApp();
  });
  afterEach(async () => {
    await app.close();
  });
  const add = (payload: object, who: Parameters<typeof as>[0] = 'analyst') =>
    app.inject({ method: 'POST', url: '/api/watchlist', headers: as(who), payload });
  const actions = () => app.audit.query({ action: 'watchlist', limit: 100, offset: 0 }).items;

  it('adds an entry stamped with the caller and today, masked in the response, audited', async () => {
    const res = await add({
      entity: 'person',
      key: PEOPLE.org.toLowerCase(),
      reason: 'organiser in case 2024-17',
      expiresAt: '2026-12-31'
    });
    expect(res.statusCode).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    expect(res.json()).toMatchObject({
      created: true,
      item: {
        entity: 'person',
        key: '360102********0174',
        masked: true,
        reason: 'organiser in case 2024-17',
        listedBy: 'wang.analyst',
        listedAt: today,
        expiresAt: '2026-12-31'
      }
    });
    expect(res.body).not.toContain(PEOPLE.org);
    expect(await app.store.listWatch()).toEqual([
      {
        entity: 'person',
        key: PEOPLE.org,
        reason: 'organiser in case 2024-17',
        listedBy: 'wang.analyst',
        listedAt: today,
        expiresAt: '2026-12-31'
      }
    ]);
    expect(actions()[0]).toMatchObject({
      action: 'watchlist.add',
      actor: 'wang.analyst',
      target: 'person:360102********0174',
      details: { reason: 'organiser in case 2024-17' }
    });
    expect(JSON.stringify(actions())).not.toContain(PEOPLE.org);
  });

  it('updates an existing entry (200) and audits the update', async () => {
    await add({ entity: 'phone', key: PHONE_A, reason: 'first' });
    const res = await add({ entity: 'phone', key: '138 0013 8000', reason: 'second' }, 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: false, item: { reason: 'second', listedBy: 'ada.admin' } });
    expect(actions()[0]).toMatchObject({
      action: 'watchlist.update',
      details: { reason: 'second', previousReason: 'first' }
    });
    expect(await app.store.listWatch()).toHaveLength(1);
  });

  it('lists masked by default and unmasked on request (audited)', async () => {
    await add({ entity: 'phone', key: PHONE_A, reason: 'shared phone' });
    await add({ entity: 'repair_shop', key: '91360100ma35xxxx1a', reason: 'concentration' });
    const masked = (await app.inject({ url: '/api/watchlist', headers: as('analyst') })).json();
    expect(masked.items.map((i: { key: string }) => i.key).sort()).toEqual(['138****8000', '91360100MA35XXXX1A']);
    const before = app.audit.size;
    const unmasked = (await app.inject({ url: '/api/watchlist?unmask=true', headers: as('admin') })).json();
    expect(unmasked.items.map((i: { key: string }) => i.key)).toContain(PHONE_A);
    expect(app.audit.size).toBe(before + 1);
    expect(app.audit.query({ action: 'pii.view', limit: 1, offset: 0 }).items[0]).toMatchObject({
      target: 'watchlist',
      details: { count: 1, refs: ['phone:138****8000'] }
    });
  });

  it('deletes by key in any format or by handle, audited; 404 when absent', async () => {
    await add({ entity: 'phone', key: PHONE_A, reason: 'x' });
    await add({ entity: 'person', key: PEOPLE.a2, reason: 'y' });
    const del = await app.inject({
      method: 'DELETE',
      url: `/api/watchlist/phone/${encodeURIComponent('+86 138-0013-8000')}`,
      headers: as('analyst')
    });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ removed: true });
    expect(actions()[0]).toMatchObject({
      action: 'watchlist.remove',
      target: 'phone:138****8000',
      details: { reason: 'x', listedBy: 'wang.analyst' }
    });
    const again = await app.inject({
      method: 'DELETE',
      url: `/api/watchlist/phone/${PHONE_A}`,
      headers: as('analyst')
    });
    expect(again.statusCode).toBe(404);
    const handleId = (await app.inject({ url: '/api/watchlist', headers: as('analyst') })).json().items[0].id as string;
    const byHandle = await app.inject({
      method: 'DELETE',
      url: `/api/watchlist/${handleId.replace(':', '/')}`,
      headers: as('analyst')
    });
    expect(byHandle.statusCode).toBe(200);
    expect(await app.store.listWatch()).toEqual([]);
  });

  it('400 for bad entries; listed_by cannot be supplied by the client', async () => {
    for (const payload of [
      { entity: 'phone', key: '12345', reason: 'x' },
      { entity: 'tow', key: 'X1234', reason: 'x' },
      { entity: 'phone', key: PHONE_A },
      { entity: 'phone', key: PHONE_A, reason: '' },
      { entity: 'phone', key: PHONE_A, reason: 'x', listedBy: 'someone.else' },
      { entity: 'phone', key: PHONE_A, reason: 'x', expiresAt: 'next week' }
    ]) {
      const res = await add(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    const bad = await add({ entity: 'person', key: '36010219800101123X', reason: 'x' });
    expect(bad.json().error.code).toBe('bad_key');
    expect(bad.body).not.toContain('36010219800101123X');
    expect(await app.store.listWatch()).toEqual([]);
  });

  it('changes nothing when the change cannot be audited', async () => {
    app.audit.append = async () => {
      throw new Error('disk full');
    };
    const res = await add({ entity: 'phone', key: PHONE_A, reason: 'x' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal_error');
    expect(await app.store.listWatch()).toEqual([]);
  });

  it('feeds the next detection run', async () => {
    await loadAndDetect(app);
    await add({ entity: 'phone', key: PHONE_A, reason: 'shared phone' });
    await runAndWait(app);
    const ring = (await app.inject({ url: '/api/rings?insurer=PICC', headers: as('analyst') })).json().items[0];
    const detail = (await app.inject({ url: `/api/rings/${ring.id}`, headers: as('analyst') })).json();
    expect(detail.evidence.map((e: { signal: string }) => e.signal)).toContain('watchlist_hit');
    expect(detail.members.find((m: { key: string }) => m.key === '138****8000')).toMatchObject({ watchlisted: true });
  });
});
