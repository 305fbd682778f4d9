/**
 * The ring list's triage columns in real headless Chromium against the real
 * API (issue 17, point 4): an organiser column showing the first likely
 * organiser's label exactly as the API lists it (masked — the list never
 * unmasks), and an alert column holding the open-alert badge on its own,
 * which opens the inbox on that ring's alerts. Writes screenshots of the list
 * at 1440×900, 1280×720 and 800 px.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROOT,
  ensureViewerBuilt,
  generateBatch,
  launchChromium,
  startApi,
  TOKENS,
  type RunningApi
} from './harness.js';

const DOCS = join(ROOT, 'viewer/docs');

interface Item {
  id: string;
  organiser: string | null;
}

describe('ring list triage columns in headless Chromium', () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const get = async <T>(path: string): Promise<T> =>
    (await fetch(api.url + path, { headers: { authorization: `Bearer ${TOKENS.analyst}` } })).json() as Promise<T>;

  beforeAll(async () => {
    const [batch] = await Promise.all([generateBatch(3000, 7), ensureViewerBuilt()]);
    api = await startApi(batch);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(api.url + '/');
    await page.fill('#token', TOKENS.analyst);
    await page.click('button[type=submit]');
    await page.waitForSelector('.ring-row', { timeout: 15_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('shows each ring’s first organiser as the API lists it, masked', async () => {
    const listed = await get<{ items: Item[] }>('/api/rings?sort=score&order=desc&pageSize=50');
    expect(
      listed.items.some((i) => i.organiser !== null),
      'some ring names an organiser'
    ).toBe(true);
    const heads = await page.$$eval('.rings-table thead th', (ths) => ths.map((th) => th.textContent?.trim()));
    const col = heads.indexOf('组织者');
    expect(col, heads.join('|')).toBeGreaterThan(-1);
    const rows = await page.$$eval(
      '.ring-row',
      (trs, c) =>
        trs.map((tr) => ({ id: (tr as HTMLElement).dataset.ring!, organiser: tr.children[c]?.textContent ?? '' })),
      col
    );
    expect(rows.map((r) => r.id)).toEqual(listed.items.map((i) => i.id));
    for (const [i, row] of rows.entries()) {
      const want = listed.items[i]!.organiser;
      expect(row.organiser, row.id).toBe(want ?? '—');
      // Masked: a person's name keeps its surname only (张*), a key keeps its ends (360102********123X).
      if (want) expect(want).toMatch(/\*/);
    }
    // The ring's readable name carries the organiser's initial when it is a name.
    const named = rows.find((r) => /^\p{Script=Han}\*/u.test(r.organiser));
    if (named) {
      const name = await page.locator(`.ring-row[data-ring="${named.id}"] .ring-name`).textContent();
      expect(name).toMatch(new RegExp(`·${named.organiser.charAt(0)}$`));
    }
  });

  it('shows open alerts in their own column, with a badge that opens the inbox on that ring', async () => {
    const heads = await page.$$eval('.rings-table thead th', (ths) => ths.map((th) => th.textContent?.trim()));
    const col = heads.indexOf('预警');
    const status = heads.indexOf('状态');
    expect(col).toBeGreaterThan(-1);
    const alerts = await get<{ summary: { openByRing: Record<string, number> } }>('/api/alerts?state=open&limit=1');
    const open = new Map(Object.entries(alerts.summary.openByRing));
    expect(open.size, 'the startup run raised alerts').toBeGreaterThan(0);
    const rows = await page.$$eval(
      '.ring-row',
      (trs, [c, s]) =>
        trs.map((tr) => ({
          id: (tr as HTMLElement).dataset.ring!,
          alerts: tr.children[c]?.textContent ?? '',
          badgeInCol: tr.children[c]?.querySelector('.alert-badge') !== null,
          badgeInStatus: tr.children[s]?.querySelector('.alert-badge') !== null
        })),
      [col, status] as const
    );
    let badges = 0;
    for (const r of rows) {
      expect(r.badgeInStatus, r.id).toBe(false);
      const n = open.get(r.id) ?? 0;
      expect(r.badgeInCol, r.id).toBe(n > 0);
      expect(r.alerts, r.id).toBe(n > 0 ? `预警 ${n}` : '');
      if (n > 0) badges++;
    }
    expect(badges).toBeGreaterThan(0);
    const withAlert = rows.find((r) => r.badgeInCol)!;
    await page.locator(`.ring-row[data-ring="${withAlert.id}"] .alert-badge`).click();
    await page.waitForFunction((id) => location.hash === `#/alerts?state=open&ring=${id}`, withAlert.id);
    await page.goBack();
    await page.waitForSelector('.ring-row');
  });

  it('labels the columns in English too', async () => {
    await page.click('[data-action=lang]');
    const heads = await page.$$eval('.rings-table thead th', (ths) => ths.map((th) => th.textContent?.trim()));
    expect(heads).toContain('Organiser');
    expect(heads).toContain('Alerts');
    await page.click('[data-action=lang]');
    expect(pageErrors).toEqual([]);
  });

  it('writes the ring list at the three sizes', async () => {
    for (const [width, height] of [
      [1440, 900],
      [1280, 720],
      [800, 1000]
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(250);
      await page.screenshot({ path: join(DOCS, `ring-list-${width}x${height}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(pageErrors).toEqual([]);
  });
});
