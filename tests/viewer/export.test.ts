/**
 * Graph export in real headless Chromium (issue 17, point 9): the PNG is
 * rendered at 2× the canvas' CSS size (sigma draws once at that pixel ratio;
 * the screen keeps its own) with the legend drawn under the graph; the SVG is
 * the whole visible graph from its positions — it parses, holds one element
 * per visible node in the type's colour, its edges, labels and the legend,
 * and follows the type filter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STYLES } from '../../viewer/src/graph/styles/palette.js';
import {
  artifactsDir,
  ensureViewerBuilt,
  generateBatch,
  launchChromium,
  startApi,
  TOKENS,
  type RunningApi
} from './harness.js';
import { decodePng, inkStats, type Image } from './png.js';

function crop(image: Image, y0: number, y1: number): Image {
  const rows = image.rgba.subarray(y0 * image.width * 4, y1 * image.width * 4);
  return { width: image.width, height: y1 - y0, rgba: rows };
}

describe('graph export in headless Chromium', () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  async function download(action: string): Promise<{ name: string; body: Buffer }> {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-action=${action}]`)]);
    const file = join(artifactsDir(), `export-${action}-${d.suggestedFilename()}`);
    await d.saveAs(file);
    return { name: d.suggestedFilename(), body: readFileSync(file) };
  }

  const visibleNodes = (): Promise<Array<{ id: string; color: string }>> =>
    page.evaluate(() => {
      type V = {
        graph: { filterNodes(cb: (n: string) => boolean): string[]; getNodeAttribute(n: string, k: string): string };
        state: { isHidden(n: string): boolean };
      };
      const view = (window as unknown as { __ringsight: { view: V } }).__ringsight.view;
      return view.graph
        .filterNodes((n) => !view.state.isHidden(n))
        .map((id) => ({ id, color: view.graph.getNodeAttribute(id, 'color') }));
    });

  /** Parses the SVG in the page, as a browser would open it. */
  const parseSvg = (text: string) =>
    page.evaluate((svg) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.nodeName,
        nodes: [...doc.querySelectorAll('[data-node]')].map((e) => ({
          id: e.getAttribute('data-node')!,
          fill: e.getAttribute('fill') === 'none' ? e.getAttribute('stroke') : e.getAttribute('fill')
        })),
        edges: doc.querySelectorAll('.edges line').length,
        labels: [...doc.querySelectorAll('.labels text')].map((t) => t.textContent),
        legend: [...doc.querySelectorAll('.legend text')].map((t) => t.textContent)
      };
    }, text);

  beforeAll(async () => {
    const [batch] = await Promise.all([generateBatch(3000, 7), ensureViewerBuilt()]);
    api = await startApi(batch);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const top = (
      (await (
        await fetch(`${api.url}/api/rings?sort=score&order=desc&pageSize=1`, {
          headers: { authorization: `Bearer ${TOKENS.analyst}` }
        })
      ).json()) as { items: Array<{ id: string }> }
    ).items[0]!;
    await page.goto(api.url + '/');
    await page.fill('#token', TOKENS.analyst);
    await page.click('button[type=submit]');
    await page.waitForSelector('.ring-row', { timeout: 15_000 });
    await page.goto(`${api.url}/#/ring/${encodeURIComponent(top.id)}`);
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('exports a PNG at twice the canvas size with the legend drawn under the graph', async () => {
    const css = await page.evaluate(() => {
      const c = document.querySelector('.sigma-container') as HTMLElement;
      return { width: c.offsetWidth, height: c.offsetHeight, ratio: devicePixelRatio };
    });
    expect(css.ratio).toBe(1);
    const png = await download('export');
    expect(png.name).toMatch(/^ring-.+\.png$/);
    const image = decodePng(png.body);
    expect(image.width).toBeGreaterThanOrEqual(2 * css.width);
    expect(image.height).toBeGreaterThanOrEqual(2 * css.height);
    // The graph band is drawn, not blank.
    const header = 56 * 2;
    const graph = inkStats(crop(image, header, header + 2 * css.height));
    expect(graph.ink).toBeGreaterThan(0.005);
    expect(graph.colours).toBeGreaterThanOrEqual(4);
    // Below the graph: the legend's shapes in the type colours and its labels.
    const legend = inkStats(crop(image, header + 2 * css.height, image.height));
    expect(legend.ink, 'legend area has ink').toBeGreaterThan(0.01);
    expect(legend.colours, 'legend shows several type colours').toBeGreaterThanOrEqual(3);
    // The screen is back at its own pixel ratio, its canvases at their CSS size.
    const after = await page.evaluate(() => ({
      ratio: devicePixelRatio,
      canvas: (document.querySelector('.sigma-container canvas') as HTMLCanvasElement).width,
      css: (document.querySelector('.sigma-container') as HTMLElement).offsetWidth
    }));
    expect(after.ratio).toBe(1);
    expect(after.canvas).toBe(after.css);
  });

  it('exports the whole graph even when zoomed in, and gives the view back', async () => {
    type Cam = { getState(): { x: number; y: number; ratio: number }; setState(s: object): void };
    const zoom = (ratio: number | null) =>
      page.evaluate((r) => {
        const cam = (
          window as unknown as { __ringsight: { view: { renderer: { getCamera(): Cam } } } }
        ).__ringsight.view.renderer.getCamera();
        if (r !== null) cam.setState({ x: 0.5, y: 0.5, ratio: r, angle: 0 });
        return cam.getState();
      }, ratio);
    await zoom(1);
    const whole = decodePng((await download('export')).body);
    await zoom(0.08);
    const zoomed = decodePng((await download('export')).body);
    expect((await zoom(null)).ratio).toBeCloseTo(0.08, 5);
    // Same framing: the same image, not a close-up of a few nodes.
    expect(zoomed.width).toBe(whole.width);
    const a = inkStats(whole).ink;
    const b = inkStats(zoomed).ink;
    expect(Math.abs(a - b) / a).toBeLessThan(0.1);
    await zoom(1);
  });

  it('exports an SVG with one element per visible node, its edges, labels and the legend', async () => {
    const nodes = await visibleNodes();
    const svg = await download('export-svg');
    expect(svg.name).toMatch(/^ring-.+\.svg$/);
    const parsed = await parseSvg(svg.body.toString('utf8'));
    expect(parsed.error).toBeNull();
    expect(parsed.root).toBe('svg');
    expect(parsed.nodes.map((n) => n.id).sort()).toEqual(nodes.map((n) => n.id).sort());
    const colour = new Map(nodes.map((n) => [n.id, n.color]));
    for (const n of parsed.nodes) expect(n.fill, n.id).toBe(colour.get(n.id));
    expect(parsed.edges).toBeGreaterThan(0);
    expect(parsed.labels.length).toBeGreaterThan(0);
    // Labels as the canvas shows them: masked (no 18-digit resident id, no full phone).
    for (const l of parsed.labels) expect(l).not.toMatch(/\d{17}[\dX]|1\d{10}/);
    expect(parsed.legend).toContain('案件');
    expect(parsed.legend).toContain('人员');
    // The type colours of the palette are what the legend uses.
    expect(svg.body.toString('utf8')).toContain(STYLES.claim.color);
  });

  it('leaves types hidden by the legend out of the SVG', async () => {
    await page.click('.legend-item[data-kind=claim]');
    const nodes = await visibleNodes();
    const parsed = await parseSvg((await download('export-svg')).body.toString('utf8'));
    expect(parsed.nodes.map((n) => n.id).sort()).toEqual(nodes.map((n) => n.id).sort());
    expect(parsed.nodes.some((n) => n.id.startsWith('claim:'))).toBe(false);
    await page.click('.legend-item[data-kind=claim]');
    expect(pageErrors).toEqual([]);
  });
});
