/**
 * Viewer end to end, in real headless Chromium against the real API: build
 * the viewer if needed, serve a generated batch, sign in, list rings, open the
 * top ring (its WebGL canvas must actually paint), click a node, highlight a
 * signal, expand from the store, switch language, export a PNG, and see the
 * error screens for 401, 403, 5xx and a dead network. Screenshots go to
 * test-artifacts/viewer/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KINDS } from '../../engine/model.js';
import {
  artifactsDir,
  ensureViewerBuilt,
  generateBatch,
  launchChromium,
  startApi,
  TOKENS,
  type RunningApi
} from './harness.js';
import { decodePng, inkStats } from './png.js';

type Pixels = Record<'nodes' | 'edges', { painted: number; total: number }>;

/** Renders synchronously and reads the WebGL layers back before the browser may clear them. */
function readWebGlPixels(): Pixels | null {
  const view = (
    window as unknown as {
      __ringsight?: {
        view: { renderer: { refresh(): void; getCanvases(): Record<string, HTMLCanvasElement> } } | null;
      };
    }
  ).__ringsight?.view;
  if (!view) return null;
  view.renderer.refresh();
  const out: Record<string, { painted: number; total: number }> = {};
  for (const id of ['nodes', 'edges']) {
    const canvas = view.renderer.getCanvases()[id]!;
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext;
    const w = gl.drawingBufferWidth;
    const h = gl.drawingBufferHeight;
    const px = new Uint8Array(w * h * 4);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
    let painted = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) painted++;
    out[id] = { painted, total: w * h };
  }
  return out as Pixels;
}

describe('viewer in headless Chromium', () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Page;
  const shots = artifactsDir();
  const pageErrors: string[] = [];

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(shots, `${name}.png`) });

  beforeAll(async () => {
    const [batch] = await Promise.all([generateBatch(3000, 7), ensureViewerBuilt()]);
    api = await startApi(batch);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('serves the viewer at / and asks for a token, in Chinese by default', async () => {
    await page.goto(api.url + '/');
    await expect(page.locator('h1').first().textContent()).resolves.toContain('使用访问令牌登录');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await shot('01-login');
  });

  it('refuses a wrong token with a clear message', async () => {
    await page.fill('#token', 'rs_not_a_real_token_at_all');
    await page.click('button[type=submit]');
    await expect(page.locator('.login .error-message').textContent({ timeout: 10_000 })).resolves.toContain(
      '令牌无效或已过期'
    );
  });

  it('signs in and lists rings, highest score first', async () => {
    await page.fill('#token', TOKENS.analyst);
    await page.click('button[type=submit]');
    await page.waitForSelector('.ring-row', { timeout: 15_000 });
    const scores = await page.$$eval('.ring-row .score', (els) =>
      els.map((e) => Number.parseFloat(e.textContent ?? ''))
    );
    expect(scores.length).toBeGreaterThan(0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The first run is monitored: every flagged ring is new and carries an open alert badge.
    await page.waitForSelector('.ring-row .alert-badge', { timeout: 10_000 });
    expect(await page.locator('.ring-row .alert-badge').count()).toBeGreaterThan(0);
    await shot('02-ring-list');
  });

  it('sorts by claimed amount when the column is clicked', async () => {
    await page.click('th button[data-sort=claimed]');
    await page.waitForFunction(() => location.hash.includes('sort=claimed'));
    await page.waitForSelector('.ring-row');
    expect(await page.getAttribute('th button[data-sort=claimed]', 'class')).toContain('active');
    await page.click('th button[data-sort=score]');
    await page.waitForFunction(() => location.hash.includes('sort=score'));
    // Clicking the active column flips the order; make sure we end on descending score.
    await page.waitForSelector('th[aria-sort] button[data-sort=score].active');
    if (await page.locator('th[aria-sort=ascending] button[data-sort=score]').count())
      await page.click('th button[data-sort=score]');
    await page.waitForSelector('th[aria-sort=descending] button[data-sort=score]');
  });

  it('opens the top ring and draws it: the WebGL canvas paints nodes and edges', async () => {
    await page.waitForSelector('.ring-row');
    await page.locator('.ring-row').first().click();
    await page.waitForSelector('.sigma-container canvas', { timeout: 15_000 });
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    // ForceAtlas2 ran in its web worker (the API's CSP allows blob: workers), not on the main thread.
    expect(
      await page.evaluate(
        () =>
          (window as unknown as { __ringsight: { view: { layout: { mode: string } } } }).__ringsight.view.layout.mode
      )
    ).toBe('worker');
    const pixels = await page.evaluate(readWebGlPixels);
    expect(pixels, 'window.__ringsight.view is set').not.toBeNull();
    // A canvas that renders nothing fails here.
    expect(pixels!.nodes.painted / pixels!.nodes.total).toBeGreaterThan(0.002);
    expect(pixels!.edges.painted / pixels!.edges.total).toBeGreaterThan(0.002);
    // And what the user sees: the composited canvas has ink in several of the palette's colours.
    const canvasShot = decodePng(
      await page.locator('.canvas-wrap').screenshot({ path: join(shots, '03-ring-canvas.png') })
    );
    const stats = inkStats(canvasShot);
    expect(stats.ink).toBeGreaterThan(0.01);
    expect(stats.colours).toBeGreaterThanOrEqual(5);
    await shot('03-ring');
  });

  it('clicks a node and shows its panel with attributes, claims and signals', async () => {
    // Person nodes in view, largest first, those no other node overlaps before the rest (the top node takes the hover).
    const candidates = async (): Promise<{ node: string; x: number; y: number }[]> =>
      page.evaluate(() => {
        type View = {
          graph: { forEachNode(cb: (n: string, a: { kind: string; size: number }) => void): void };
          renderer: {
            getNodeDisplayData(n: string): { x: number; y: number; size: number; hidden?: boolean } | undefined;
            framedGraphToViewport(p: { x: number; y: number }): { x: number; y: number };
            getContainer(): HTMLElement;
            getCamera(): { isAnimated(): boolean };
          };
        };
        const view = (window as unknown as { __ringsight: { view: View } }).__ringsight.view;
        if (view.renderer.getCamera().isAnimated()) return [];
        const rect = view.renderer.getContainer().getBoundingClientRect();
        const shown: { node: string; kind: string; size: number; x: number; y: number }[] = [];
        view.graph.forEachNode((node, a) => {
          const d = view.renderer.getNodeDisplayData(node);
          if (!d || d.hidden) return;
          const p = view.renderer.framedGraphToViewport(d);
          shown.push({ node, kind: a.kind, size: Math.max(d.size, 4), x: p.x, y: p.y });
        });
        return shown
          .filter(
            (c) =>
              c.kind === 'person' &&
              // Stay clear of the legend overlay and the edges of the canvas.
              c.x > rect.width * 0.25 &&
              c.x < rect.width * 0.85 &&
              c.y > rect.height * 0.1 &&
              c.y < rect.height * 0.75
          )
          .map((c) => ({
            ...c,
            covered: shown.some((o) => o.node !== c.node && Math.hypot(o.x - c.x, o.y - c.y) < o.size + c.size + 2)
          }))
          .sort((a, b) => Number(a.covered) - Number(b.covered) || b.size - a.size || (a.node < b.node ? -1 : 1))
          .slice(0, 4)
          .map((c) => ({ node: c.node, x: rect.left + c.x, y: rect.top + c.y }));
      });
    let target: { node: string; x: number; y: number } | null = null;
    // Hover highlights the node's neighbourhood. A loaded host may still be drawing the last layout frame,
    // so read positions again and try the next candidate rather than trusting one stale reading.
    for (let attempt = 0; attempt < 4 && !target; attempt++) {
      for (const c of await candidates()) {
        await page.mouse.move(5, 5);
        await page.mouse.move(c.x, c.y, { steps: 4 });
        const hovered = await page
          .waitForFunction(
            (n) =>
              (window as unknown as { __ringsight: { view: { state: { hovered: string | null } } } }).__ringsight.view
                .state.hovered === n,
            c.node,
            { timeout: 3000 }
          )
          .then(
            () => true,
            () => false
          );
        if (hovered) {
          target = c;
          break;
        }
      }
      if (!target) await page.waitForTimeout(500);
    }
    expect(target, 'a person node in view that highlights on hover').not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    const panel = page.locator('.node-panel');
    await panel.waitFor({ state: 'visible', timeout: 5000 });
    await expect(panel.locator('.node-type').textContent()).resolves.toContain('人员');
    await expect(panel.textContent()).resolves.toMatch(/相关案件/);
    // A member's claim count says its scope, so it is not read against the book-wide count on the entity page.
    await expect(panel.textContent()).resolves.toMatch(/团伙内案件数/);
    expect(await panel.locator('.node-link').count()).toBeGreaterThan(0);
    await shot('04-node-panel');
  });

  it('highlights the nodes and edges that carry a signal', async () => {
    await page.locator('.signal').first().click();
    await page.waitForSelector('.signal[aria-pressed=true]');
    const size = await page.evaluate(() => {
      const view = (
        window as unknown as {
          __ringsight: { view: { state: { highlight: { nodes: Set<string>; edges: Set<string> } | null } } };
        }
      ).__ringsight.view;
      return view.state.highlight
        ? { nodes: view.state.highlight.nodes.size, edges: view.state.highlight.edges.size }
        : null;
    });
    expect(size?.nodes).toBeGreaterThan(0);
    await page.waitForTimeout(200);
    await shot('05-signal-highlight');
    await page.locator('.signal[aria-pressed=true]').click();
  });

  it('hides an entity type from the legend and shows it again', async () => {
    const counts = async (): Promise<string> => (await page.locator('.toolbar .counts').textContent()) ?? '';
    const before = await counts();
    await page.click('.legend-item[data-kind=phone]');
    await page.waitForFunction((b) => document.querySelector('.toolbar .counts')?.textContent !== b, before);
    expect(await page.getAttribute('.legend-item[data-kind=phone]', 'aria-pressed')).toBe('false');
    await page.click('.legend-item[data-kind=phone]');
    await page.waitForFunction((b) => document.querySelector('.toolbar .counts')?.textContent === b, before);
  });

  it('expands an organisation from the store, bounded, and collapses it into one node and back', async () => {
    const org = await page.evaluate(
      (kinds) => {
        type View = {
          graph: { order: number; findNode(f: (n: string, a: { kind: string }) => boolean): string | undefined };
          select(n: string): void;
        };
        const view = (window as unknown as { __ringsight: { view: View } }).__ringsight.view;
        const node = view.graph.findNode((_n, a) => kinds.includes(a.kind));
        if (node) view.select(node);
        return node ?? null;
      },
      [...PROVIDER_KINDS] as string[]
    );
    expect(org, 'the ring has an organisation').not.toBeNull();
    const order = (): Promise<number> =>
      page.evaluate(
        () =>
          (window as unknown as { __ringsight: { view: { graph: { order: number } } } }).__ringsight.view.graph.order
      );
    const before = await order();
    await page.click('.node-panel [data-action=expand]');
    await page.waitForFunction(
      () => !document.querySelector('.node-panel [data-action=expand]')?.hasAttribute('disabled'),
      undefined,
      { timeout: 15_000 }
    );
    const after = await order();
    expect(await page.locator('.toast-error').count(), 'no error toast').toBe(0);
    // A first page of neighbours at most: bounded.
    expect(after).toBeGreaterThan(before);
    expect(after - before).toBeLessThanOrEqual(50);
    // "Show more" appears when the store holds more, and fetches a bigger page.
    if (await page.locator('.node-panel [data-action=more]').count()) {
      await page.click('.node-panel [data-action=more]');
      await page.waitForFunction(
        () => !document.querySelector('.node-panel [data-action=expand]')?.hasAttribute('disabled'),
        undefined,
        { timeout: 15_000 }
      );
      expect(await order()).toBeGreaterThan(after);
    }
    const expanded = await order();
    await page.waitForSelector('[data-layout=settled]', { timeout: 20_000 });
    await shot('06-expanded');

    await page.click('.node-panel [data-action=collapse-org]');
    await page.waitForSelector('.node-panel [data-action=expand-group]');
    expect(await order()).toBe(expanded + 1);
    await page.click('.node-panel [data-action=expand-group]');
    await page.waitForFunction(
      (n) =>
        (window as unknown as { __ringsight: { view: { graph: { order: number } } } }).__ringsight.view.graph.order ===
        n,
      expanded
    );
  });

  it('collapses the whole ring into one node and back', async () => {
    const counts = async (): Promise<string> => (await page.locator('.toolbar .counts').textContent()) ?? '';
    const before = await counts();
    await page.click('[data-action=collapse-ring]');
    await page.waitForFunction((b) => document.querySelector('.toolbar .counts')?.textContent !== b, before);
    expect(
      await page.evaluate(() =>
        (
          window as unknown as { __ringsight: { view: { graph: { someNode(f: (n: string) => boolean): boolean } } } }
        ).__ringsight.view.graph.someNode((n) => n.startsWith('group:ring:'))
      )
    ).toBe(true);
    await shot('07-ring-collapsed');
    await page.click('[data-action=collapse-ring]');
    await page.waitForFunction((b) => document.querySelector('.toolbar .counts')?.textContent === b, before);
  });

  it('narrows the claims to a date window with the time slider', async () => {
    const counts = async (): Promise<string> => (await page.locator('.toolbar .counts').textContent()) ?? '';
    const before = await counts();
    await page.evaluate(() => {
      const from = document.querySelector<HTMLInputElement>('.range-from')!;
      from.value = String(Math.round((Number(from.min) + Number(from.max)) / 2));
      from.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction((b) => document.querySelector('.toolbar .counts')?.textContent !== b, before);
    await shot('08-time-window');
    await page.evaluate(() => {
      const from = document.querySelector<HTMLInputElement>('.range-from')!;
      from.value = from.min;
      from.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction((b) => document.querySelector('.toolbar .counts')?.textContent === b, before);
  });

  it('switches to English, keeping the ring on screen', async () => {
    await page.click('[data-action=lang]');
    await expect(page.locator('#why-title').textContent()).resolves.toBe('Why it was flagged');
    await expect(page.locator('.legend h2').textContent()).resolves.toBe('Legend');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('.sigma-container canvas').count()).toBeGreaterThan(0);
    await shot('09-english');
  });

  it('exports the view as a PNG that shows the graph', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export]')]);
    const file = join(shots, '10-export.png');
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(/^ring-.+\.png$/);
    const stats = inkStats(decodePng(readFileSync(file)));
    expect(stats.ink).toBeGreaterThan(0.01);
    expect(stats.colours).toBeGreaterThanOrEqual(5);
  });

  it('keeps the police-report button disabled with a reason while reports do not exist', async () => {
    const button = page.locator('[data-action=report]');
    const exists = await page.evaluate(
      async () =>
        (
          await fetch('/api/reports', {
            headers: { authorization: `Bearer ${sessionStorage.getItem('ringsight.token')}` }
          })
        ).status !== 404
    );
    if (!exists) {
      expect(await button.isDisabled()).toBe(true);
      expect(await page.locator('.tooltip-wrap').getAttribute('title')).toMatch(/not available/);
    }
    await page.click('[data-action=lang]');
  });

  it('shows identities when the analyst asks for them (the server decides and audits)', async () => {
    const maskedPeople = (): Promise<number> =>
      page.evaluate(
        () =>
          (
            window as unknown as {
              __ringsight: {
                view: {
                  graph: { filterNodes(f: (n: string, a: { kind: string; masked: boolean }) => boolean): string[] };
                };
              };
            }
          ).__ringsight.view.graph.filterNodes((_n, a) => a.kind === 'person' && a.masked).length
      );
    expect(await maskedPeople()).toBeGreaterThan(0);
    await page.check('#unmask');
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    await page.waitForFunction(
      () => (window as unknown as { __ringsight: { view: unknown } }).__ringsight.view !== null
    );
    expect(await maskedPeople()).toBe(0);
    await page.uncheck('#unmask');
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
  });

  it('finds an organisation with the search box and opens its neighbourhood', async () => {
    const name = await page.evaluate(() => {
      const view = (
        window as unknown as {
          __ringsight: {
            view: { graph: { forEachNode(f: (n: string, a: { kind: string; label: string | null }) => void): void } };
          };
        }
      ).__ringsight.view;
      let found: string | null = null;
      view.graph.forEachNode((_n, a) => {
        if (!found && a.kind === 'hospital' && a.label) found = a.label;
      });
      return found as string | null;
    });
    expect(name).not.toBeNull();
    await page.fill('.search input', name!.slice(0, 6));
    await page.waitForSelector('.search-hit', { timeout: 10_000 });
    await shot('11-search');
    await page.locator('.search-hit[data-type=hospital]').first().click();
    await page.waitForFunction(() => location.hash.startsWith('#/entity/hospital/'));
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    const pixels = await page.evaluate(readWebGlPixels);
    expect(pixels!.nodes.painted).toBeGreaterThan(0);
    await expect(page.locator('.node-panel .node-type').textContent()).resolves.toContain('医院');
    await shot('11-entity');
  });

  it('explains a server error and a dead network instead of showing a blank page', async () => {
    await page.route('**/api/rings?*', (route) =>
      route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'internal_error', message: 'internal error (request abc)' } })
      })
    );
    await page.goto(api.url + '/#/rings');
    await expect(page.locator('.error-card .error-message').textContent({ timeout: 10_000 })).resolves.toContain(
      '服务器出错（500）'
    );
    await shot('12-error-500');
    await page.unroute('**/api/rings?*');
    await page.route('**/api/rings?*', (route) => route.abort('connectionrefused'));
    await page.click('.error-card button');
    await expect(page.locator('.error-card .error-message').textContent({ timeout: 10_000 })).resolves.toContain(
      '无法连接服务器'
    );
    await page.unroute('**/api/rings?*');
    await page.click('.error-card button');
    await page.waitForSelector('.ring-row');
  });

  it('sends an expired session back to sign-in, saying why', async () => {
    await page.route('**/api/rings/*', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'unauthenticated', message: 'unknown or revoked token' } })
      })
    );
    await page.locator('.ring-row').first().click();
    await expect(page.locator('.login .error-message').textContent({ timeout: 10_000 })).resolves.toContain(
      '令牌无效或已过期'
    );
    await page.unroute('**/api/rings/*');
  });

  it('tells a role without access that it may not see rings', async () => {
    await page.fill('#token', TOKENS.auditor);
    await page.click('button[type=submit]');
    await expect(page.locator('.error-card .error-message').textContent({ timeout: 10_000 })).resolves.toContain(
      '无权'
    );
    await shot('13-error-403');
    expect(pageErrors).toEqual([]);
    writeFileSync(join(shots, 'serve.log'), api.log());
  });
});
