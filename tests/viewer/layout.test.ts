/**
 * The ring page's layout at 1280×720 and 800 px in real headless Chromium
 * (issue 17, point 8): a toolbar that wraps instead of overflowing, the graph
 * canvas filling its stage (below 900 px the sidebar goes above the canvas
 * and the node panel over it), a legend that collapses to its title and stays
 * so while navigating and after a reload, and labels that do not overlap.
 * Writes screenshots of the ring page at 1440×900, 1280×720 and 800 px.
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
const SIZES = [
  [1440, 900],
  [1280, 720],
  [800, 1000]
] as const;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

describe('ring page layout in headless Chromium', () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Page;
  let rings: string[];
  const pageErrors: string[] = [];
  const get = async <T>(path: string): Promise<T> =>
    (await fetch(api.url + path, { headers: { authorization: `Bearer ${TOKENS.analyst}` } })).json() as Promise<T>;

  async function openRing(id: string): Promise<void> {
    await page.goto(`${api.url}/#/ring/${encodeURIComponent(id)}`);
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
  }

  beforeAll(async () => {
    const [batch] = await Promise.all([generateBatch(3000, 7), ensureViewerBuilt()]);
    api = await startApi(batch);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    rings = (await get<{ items: Array<{ id: string }> }>('/api/rings?sort=score&order=desc&pageSize=2')).items.map(
      (r) => r.id
    );
    await page.goto(api.url + '/');
    await page.fill('#token', TOKENS.analyst);
    await page.click('button[type=submit]');
    await page.waitForSelector('.ring-row', { timeout: 15_000 });
    await openRing(rings[0]!);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  for (const [width, height] of SIZES) {
    it(`fits the toolbar and fills the stage with the canvas at ${width}×${height}`, async () => {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(300);
      const m = await page.evaluate(() => {
        const box = (sel: string): Box => {
          const r = document.querySelector(sel)!.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        };
        const bar = document.querySelector('.toolbar') as HTMLElement;
        const barRight = bar.getBoundingClientRect().right;
        return {
          scrollWidth: bar.scrollWidth,
          clientWidth: bar.clientWidth,
          overflowing: [...bar.children]
            .filter((c) => c.getBoundingClientRect().right > barRight + 0.5)
            .map((c) => c.outerHTML.slice(0, 60)),
          stage: box('.stage'),
          wrap: box('.canvas-wrap'),
          sigma: box('.sigma-container'),
          canvases: [...document.querySelectorAll('.sigma-container canvas')].map((c) => {
            const r = c.getBoundingClientRect();
            return { width: r.width, height: r.height };
          }),
          toolbarH: bar.getBoundingClientRect().height,
          sliderH: (document.querySelector('.time-slider') as HTMLElement | null)?.getBoundingClientRect().height ?? 0,
          viewport: { width: innerWidth, height: innerHeight },
          docScroll: document.documentElement.scrollWidth
        };
      });
      expect(m.scrollWidth, 'toolbar scrollWidth').toBeLessThanOrEqual(m.clientWidth);
      expect(m.overflowing).toEqual([]);
      expect(m.docScroll, 'no horizontal scroll of the page').toBeLessThanOrEqual(width);
      // The sigma container is the whole canvas area, and every sigma layer is as big as it.
      expect(Math.abs(m.sigma.width - m.wrap.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(m.sigma.height - m.wrap.height)).toBeLessThanOrEqual(1);
      expect(m.canvases.length).toBeGreaterThan(0);
      for (const c of m.canvases) {
        expect(Math.abs(c.width - m.sigma.width)).toBeLessThanOrEqual(1);
        expect(Math.abs(c.height - m.sigma.height)).toBeLessThanOrEqual(1);
      }
      // No dead space: the canvas takes the stage's full width and all its height but the toolbar and slider.
      expect(Math.abs(m.wrap.width - m.stage.width)).toBeLessThanOrEqual(1);
      expect(m.wrap.height).toBeGreaterThanOrEqual(m.stage.height - m.toolbarH - m.sliderH - 2);
      if (width < 900) expect(m.stage.width, 'the stage takes the full width at 800 px').toBeGreaterThan(width - 4);
      expect(m.wrap.height).toBeGreaterThan(height * 0.4);
    });
  }

  it('collapses and expands the legend, keeping the choice while navigating and after a reload', async () => {
    await page.setViewportSize({ width: 800, height: 1000 });
    const toggle = page.locator('.legend .legend-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('.legend .legend-list').isVisible()).toBe(true);
    const open = (await page.locator('.legend').boundingBox())!;
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('.legend .legend-list').count()).toBe(0);
    expect(await toggle.getAttribute('aria-label')).toBe('展开图例');
    const closed = (await page.locator('.legend').boundingBox())!;
    expect(closed.height).toBeLessThan(open.height / 3);
    await page.screenshot({ path: join(DOCS, 'layout-legend-collapsed-800x1000.png') });
    // Navigating to another ring, to the list and back, and reloading keep it collapsed.
    await openRing(rings[1]!);
    expect(await page.locator('.legend .legend-toggle').getAttribute('aria-expanded')).toBe('false');
    await page.goto(`${api.url}/#/rings`);
    await page.waitForSelector('.ring-row');
    await openRing(rings[0]!);
    expect(await page.locator('.legend .legend-toggle').getAttribute('aria-expanded')).toBe('false');
    await page.reload();
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    expect(await page.locator('.legend .legend-toggle').getAttribute('aria-expanded')).toBe('false');
    await page.locator('.legend .legend-toggle').click();
    expect(await page.locator('.legend .legend-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('.legend .legend-list').isVisible()).toBe(true);
    expect(await page.locator('.legend .legend-toggle').getAttribute('aria-label')).toBe('收起图例');
  });

  it('draws labels that do not overlap', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(300);
    const r = await page.evaluate(() => {
      type Box = { node: string; x: number; y: number; w: number; h: number };
      const view = (
        window as unknown as {
          __ringsight: { view: { renderer: { refresh(): void }; labelBoxes(): Box[] } };
        }
      ).__ringsight.view;
      view.renderer.refresh();
      const boxes = view.labelBoxes();
      const overlaps: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!,
            b = boxes[j]!;
          if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
            overlaps.push(`${a.node}|${b.node}`);
        }
      return { labels: boxes.length, overlaps };
    });
    expect(r.labels).toBeGreaterThan(3);
    expect(r.overlaps, `${r.overlaps.length} of ${r.labels} labels overlap`).toEqual([]);
  });

  it('writes the ring page at the three sizes', async () => {
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(DOCS, `layout-ring-${width}x${height}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(pageErrors).toEqual([]);
  });
});
