/**
 * The header search in real headless Chromium against the real API (issue 17,
 * point 7): a name typed in a masked session says why it finds nobody, and is
 * found once identities are shown; results never belong to older text (typing
 * drops them, a slow answer for old text is discarded); arrow keys and Enter
 * pick a hit; navigating closes the list; a masked phone copied from the graph
 * is found among the nodes on screen without asking the server.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureViewerBuilt, generateBatch, launchChromium, startApi, TOKENS, type RunningApi } from './harness.js';

describe('header search in headless Chromium', () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Page;
  let ringId: string;
  let personName: string;
  let hospital: string;
  const pageErrors: string[] = [];
  const get = async <T>(path: string): Promise<T> =>
    (await fetch(api.url + path, { headers: { authorization: `Bearer ${TOKENS.analyst}` } })).json() as Promise<T>;

  beforeAll(async () => {
    const [batch] = await Promise.all([generateBatch(3000, 7), ensureViewerBuilt()]);
    api = await startApi(batch);
    ringId = (await get<{ items: Array<{ id: string }> }>('/api/rings?sort=score&order=desc&pageSize=1')).items[0]!.id;
    const ring = await get<{ members: Array<{ type: string; name?: string | null }> }>(
      `/api/rings/${ringId}?unmask=true`
    );
    personName = ring.members.find((m) => m.type === 'person' && m.name && !m.name.includes('*'))!.name!;
    const graph = await get<{ nodes: Array<{ type: string; label: string }> }>(`/api/rings/${ringId}/graph`);
    hospital = graph.nodes.find((n) => n.type === 'hospital' || n.type === 'repair_shop')!.label.slice(0, 4);
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

  it('says why a name finds nobody in a masked session', async () => {
    expect(personName).toMatch(/^\p{Script=Han}{2,4}$/u);
    await page.fill('.search input', personName);
    const note = page.locator('.search-results .search-note');
    await note.waitFor({ timeout: 10_000 });
    expect(await note.textContent()).toBe(
      '当前为脱敏显示，按姓名搜索不会有结果：姓名只在显示身份信息时可搜（警方须填写案件编号）。可改用身份证号、电话、车牌或账户搜索。'
    );
    expect(await page.locator('.search-hit[data-type=person]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.search-results', { state: 'hidden' });
  });

  it('drops results as soon as the text changes, and discards a slow answer for older text', async () => {
    await page.fill('.search input', hospital);
    await page.waitForSelector('.search-hit', { timeout: 10_000 });
    await page.fill('.search input', `${hospital}x0`);
    // At once, before the debounce and the new answer: the hits for the old text are gone.
    expect(await page.locator('.search-hit').count()).toBe(0);
    expect(await page.locator('.search-results .searching').count()).toBe(1);
    await page.waitForSelector('.search-results p.muted:not(.searching)', { timeout: 10_000 });
    // The answer for the organisation's name is held back 1.5 s; the next text is answered at once.
    await page.route('**/api/search?*', async (route) => {
      const q = new URL(route.request().url()).searchParams.get('q') ?? '';
      if (q === hospital) await new Promise((r) => setTimeout(r, 1500));
      await route.continue().catch(() => undefined);
    });
    await page.fill('.search input', hospital);
    await page.waitForTimeout(450); // the debounce has fired: the slow request is in flight
    await page.fill('.search input', 'x0-nothing-matches');
    // At once: nothing of the old text stays on screen.
    expect(await page.locator('.search-hit').count()).toBe(0);
    await page.waitForSelector('.search-results p.muted:not(.searching)', { timeout: 10_000 });
    await page.waitForTimeout(1800);
    expect(await page.locator('.search-hit').count(), 'the slow answer for the old text is not shown').toBe(0);
    expect(await page.locator('.search-results').textContent()).toBe('未找到匹配结果。');
    await page.unroute('**/api/search?*');
  });

  it('picks a hit with the arrow keys and Enter', async () => {
    await page.fill('.search input', hospital);
    await page.waitForSelector('.search-hit', { timeout: 10_000 });
    const hits = await page.locator('.search-hit').count();
    expect(hits).toBeGreaterThanOrEqual(1);
    const selected = (): Promise<string[]> =>
      page.locator('.search-hit').evaluateAll((els) => els.map((e) => e.getAttribute('aria-selected') ?? 'false'));
    await page.keyboard.press('ArrowDown');
    expect((await selected())[0]).toBe('true');
    if (hits > 1) {
      await page.keyboard.press('ArrowDown');
      expect((await selected()).slice(0, 2)).toEqual(['false', 'true']);
      await page.keyboard.press('ArrowUp');
    }
    expect((await selected())[0]).toBe('true');
    expect(await page.locator('.search input').getAttribute('aria-activedescendant')).toBe(
      await page.locator('.search-hit').first().getAttribute('id')
    );
    const target = await page.locator('.search-hit').first().getAttribute('data-type');
    await page.keyboard.press('Enter');
    await page.waitForFunction((type) => location.hash.startsWith(`#/entity/${type}/`), target);
    await page.waitForSelector('.search-results', { state: 'hidden' });
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
  });

  it('closes the results on navigation', async () => {
    await page.fill('.search input', hospital);
    await page.waitForSelector('.search-hit', { timeout: 10_000 });
    await page.evaluate(() => {
      location.hash = '#/alerts';
    });
    await page.waitForSelector('.alerts-page');
    expect(await page.locator('.search-results').isHidden()).toBe(true);
    expect(await page.locator('.search-hit').count()).toBe(0);
  });

  it('finds a masked phone copied from the graph among the nodes on screen, never asking the server', async () => {
    await page.goto(`${api.url}/#/ring/${encodeURIComponent(ringId)}`);
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    type View = {
      graph: {
        filterNodes(f: (n: string, a: { kind: string; masked: boolean }) => boolean): string[];
        getNodeAttribute(n: string, name: string): string | null;
      };
      state: { selected: string | null };
    };
    const phone = await page.evaluate(() => {
      const view = (window as unknown as { __ringsight: { view: View } }).__ringsight.view;
      const id = view.graph.filterNodes((_n, a) => a.kind === 'phone' && a.masked)[0]!;
      return { id, label: view.graph.getNodeAttribute(id, 'label') ?? '' };
    });
    expect(phone.label).toMatch(/\*{4}/);
    const asked: string[] = [];
    const onRequest = (r: { url(): string }): void => {
      if (r.url().includes('/api/search')) asked.push(r.url());
    };
    page.on('request', onRequest);
    await page.fill('.search input', phone.label);
    await page.waitForSelector('.search-hit.on-screen', { timeout: 10_000 });
    expect(await page.locator('.search-results h4').textContent()).toBe('当前图中');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (id) => (window as unknown as { __ringsight: { view: View } }).__ringsight.view.state.selected === id,
      phone.id
    );
    await page.fill('.search input', '199****0000');
    const note = page.locator('.search-results .search-note');
    await note.waitFor({ timeout: 10_000 });
    expect(await note.textContent()).toBe('脱敏号码不能在服务器上搜索；当前图中也没有显示为该号码的节点。');
    page.off('request', onRequest);
    expect(asked, 'masked text is never sent to the server').toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('finds the name once identities are shown', async () => {
    await page.goto(`${api.url}/#/ring/${encodeURIComponent(ringId)}`);
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    await page.check('#unmask');
    await page.waitForFunction(
      () =>
        (
          window as unknown as {
            __ringsight: {
              view: {
                graph: { filterNodes(f: (n: string, a: { kind: string; masked: boolean }) => boolean): string[] };
              } | null;
            };
          }
        ).__ringsight.view?.graph.filterNodes((_n, a) => a.kind === 'person' && a.masked).length === 0,
      undefined,
      { timeout: 30_000 }
    );
    await page.fill('.search input', personName);
    await page.waitForSelector('.search-hit[data-type=person]', { timeout: 10_000 });
    expect(await page.locator('.search-results .search-note').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
