/**
 * Issue 17, point 6 and the minor points, in real headless Chromium against
 * the real API: switching identities on keeps the analyst's graph (the
 * expansion, the collapsed organisation, the selection, the date window and
 * where every node was) and shows the same entities unmasked; a police
 * officer refused for want of a case reference sees the toast go once the
 * reference is given and the identities are shown; Esc closes the node panel;
 * legend counts follow the time slider; dates read the Chinese way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_KINDS } from '../../engine/model.js';
import { ensureViewerBuilt, generateBatch, launchChromium, startApi, TOKENS, type RunningApi } from './harness.js';

interface Summary {
  order: number;
  groups: Array<{ id: string; members: number }>;
  outside: number;
  selected: { kind: string; claims: string[] } | null;
  maskedPeople: number;
  people: number;
  timeRange: [number, number] | null;
  positions: Record<string, [number, number]>;
}

/** What the page's graph holds, by what survives unmasking (claims keep their ids). */
function summary(): Summary {
  type A = { kind: string; masked: boolean; inRing: boolean; groupedIn: string | null; x: number; y: number };
  type G = {
    order: number;
    forEachNode(cb: (n: string, a: A) => void): void;
    forEachNeighbor(n: string, cb: (o: string, a: A) => void): void;
    getNodeAttribute(n: string, k: 'kind'): string;
    hasNode(n: string): boolean;
  };
  const view = (
    window as unknown as {
      __ringsight: { view: { graph: G; state: { selected: string | null; timeRange: [number, number] | null } } };
    }
  ).__ringsight.view;
  const g = view.graph;
  const groups: Summary['groups'] = [];
  let outside = 0,
    maskedPeople = 0,
    people = 0;
  const positions: Summary['positions'] = {};
  g.forEachNode((n, a) => {
    if (a.kind === 'group') {
      let members = 0;
      g.forEachNode((_m, b) => {
        if (b.groupedIn === n) members++;
      });
      groups.push({ id: n, members });
    }
    if (!a.inRing && a.kind !== 'group') outside++;
    if (a.kind === 'person') {
      people++;
      if (a.masked) maskedPeople++;
    }
    if (a.kind === 'claim') positions[n] = [a.x, a.y];
  });
  const sel = view.state.selected;
  let selected: Summary['selected'] = null;
  if (sel && g.hasNode(sel)) {
    const claims: string[] = [];
    g.forEachNeighbor(sel, (o, b) => {
      if (b.kind === 'claim') claims.push(o);
    });
    selected = { kind: g.getNodeAttribute(sel, 'kind'), claims: claims.sort() };
  }
  return {
    order: g.order,
    groups,
    outside,
    selected,
    maskedPeople,
    people,
    timeRange: view.state.timeRange,
    positions
  };
}

describe('unmasking keeps the graph; Esc, legend counts and dates', () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Page;
  let ringId: string;
  const pageErrors: string[] = [];

  async function openRing(p: Page, who: keyof typeof TOKENS): Promise<void> {
    await p.goto(api.url + '/');
    await p.fill('#token', TOKENS[who]);
    await p.click('button[type=submit]');
    await p.waitForSelector('.ring-row', { timeout: 15_000 });
    await p.goto(`${api.url}/#/ring/${encodeURIComponent(ringId)}`);
    await p.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
  }

  beforeAll(async () => {
    const [batch] = await Promise.all([generateBatch(3000, 7), ensureViewerBuilt()]);
    api = await startApi(batch);
    const top = (await (
      await fetch(`${api.url}/api/rings?sort=score&order=desc&pageSize=1`, {
        headers: { authorization: `Bearer ${TOKENS.analyst}` }
      })
    ).json()) as { items: Array<{ id: string }> };
    ringId = top.items[0]!.id;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await openRing(page, 'analyst');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('keeps expansions, the collapsed organisation, the selection and the layout when identities are switched on', async () => {
    // Expand an organisation from the store, collapse another, select a person.
    const orgs = await page.evaluate(
      (kinds) => {
        const v = (
          window as unknown as {
            __ringsight: { view: { graph: { filterNodes(f: (n: string, a: { kind: string }) => boolean): string[] } } };
          }
        ).__ringsight.view;
        return v.graph.filterNodes((_n, a) => kinds.includes(a.kind));
      },
      [...PROVIDER_KINDS] as string[]
    );
    expect(orgs.length, 'the ring has two organisations').toBeGreaterThanOrEqual(2);
    const select = (id: string): Promise<void> =>
      page.evaluate(
        (n) => (window as unknown as { __ringsight: { view: { select(n: string): void } } }).__ringsight.view.select(n),
        id
      );
    await select(orgs[0]!);
    await page.click('.node-panel [data-action=expand]');
    await page.waitForFunction(
      () => !document.querySelector('.node-panel [data-action=expand]')?.hasAttribute('disabled'),
      undefined,
      { timeout: 15_000 }
    );
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    await select(orgs[1]!);
    await page.click('.node-panel [data-action=collapse-org]');
    await page.waitForSelector('.node-panel [data-action=expand-group]');
    const person = await page.evaluate(() => {
      const v = (
        window as unknown as {
          __ringsight: {
            view: {
              graph: {
                findNode(
                  f: (
                    n: string,
                    a: { kind: string; inRing: boolean; groupedIn: string | null; masked: boolean }
                  ) => boolean
                ): string | undefined;
              };
              select(n: string): void;
            };
          };
        }
      ).__ringsight.view;
      const n = v.graph.findNode((_n, a) => a.kind === 'person' && a.inRing && !a.groupedIn && a.masked)!;
      v.select(n);
      return n;
    });
    expect(person).toMatch(/^person:~/);
    const before = await page.evaluate(summary);
    expect(before.outside, 'the expansion added nodes').toBeGreaterThan(0);
    expect(before.groups).toHaveLength(1);
    expect(before.maskedPeople).toBeGreaterThan(0);

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
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    const after = await page.evaluate(summary);
    expect(after.maskedPeople).toBe(0);
    expect(after.people).toBe(before.people);
    expect(after.order).toBe(before.order);
    expect(after.outside).toBe(before.outside);
    expect(after.groups).toEqual(before.groups);
    expect(after.selected).toEqual(before.selected);
    expect(after.selected?.kind).toBe('person');
    // The panel shows the same person, now unmasked.
    await expect(page.locator('.node-panel .node-type').textContent()).resolves.toContain('人员');
    // Nodes stay where they were: no fresh layout.
    for (const [claim, xy] of Object.entries(before.positions)) expect(after.positions[claim], claim).toEqual(xy);
    expect(await page.locator('[data-action=collapse-ring]').count()).toBe(1);

    // And back: masked again, still the same graph.
    await page.uncheck('#unmask');
    await page.waitForFunction(
      () =>
        ((
          window as unknown as {
            __ringsight: {
              view: {
                graph: { filterNodes(f: (n: string, a: { kind: string; masked: boolean }) => boolean): string[] };
              } | null;
            };
          }
        ).__ringsight.view?.graph.filterNodes((_n, a) => a.kind === 'person' && a.masked).length ?? 0) > 0,
      undefined,
      { timeout: 30_000 }
    );
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    const back = await page.evaluate(summary);
    expect([back.order, back.outside, back.groups, back.selected]).toEqual([
      before.order,
      before.outside,
      before.groups,
      before.selected
    ]);
  }, 120_000);

  it('police: the case-reference toast goes once the reference is given and identities are shown', async () => {
    const p = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await openRing(p, 'police');
    await p.check('#unmask');
    const toast = p.locator('.toast[data-toast=unmask-refused]');
    await toast.waitFor({ timeout: 15_000 });
    expect(await toast.textContent()).toBe('警方查看身份信息须填写案件编号。已恢复脱敏显示。');
    await p.waitForFunction(() => !(document.getElementById('unmask') as HTMLInputElement).checked);
    await p.fill('#case-ref', 'JX-2026-017');
    await p.locator('#case-ref').dispatchEvent('change');
    await p.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    await p.check('#unmask');
    await p.waitForFunction(
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
    // Well before the toast's own 8 s: it went because the unmask succeeded.
    await toast.waitFor({ state: 'detached', timeout: 2000 });
    await p.close();
  }, 90_000);

  it('Esc closes the node panel', async () => {
    await page.evaluate(() => {
      const v = (
        window as unknown as {
          __ringsight: {
            view: {
              graph: {
                findNode(f: (n: string, a: { kind: string; groupedIn: string | null }) => boolean): string | undefined;
              };
              select(n: string): void;
            };
          };
        }
      ).__ringsight.view;
      v.select(v.graph.findNode((_n, a) => a.kind === 'claim' && !a.groupedIn)!);
    });
    await page.waitForSelector('.node-panel:not([hidden]) .node-type');
    await page.keyboard.press('Escape');
    await page.waitForFunction(
      () =>
        (window as unknown as { __ringsight: { view: { state: { selected: string | null } } } }).__ringsight.view.state
          .selected === null
    );
    expect(await page.locator('.node-panel .node-type').count()).toBe(0);
  });

  it('legend counts follow the time slider; dates read the Chinese way', async () => {
    const claimCount = (): Promise<number> =>
      page.locator('.legend-item[data-kind=claim] .count').textContent().then(Number);
    const all = await claimCount();
    expect(all).toBeGreaterThan(2);
    await expect(page.locator('.time-slider .range-end').first().textContent()).resolves.toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日$/
    );
    // Move the start handle to the middle: fewer claims in the window, and the legend says so.
    const slider = page.locator('.time-slider input.range-from');
    const [min, max] = await slider.evaluate((el) => [
      Number((el as HTMLInputElement).min),
      Number((el as HTMLInputElement).max)
    ]);
    await slider.evaluate(
      (el, v) => {
        (el as HTMLInputElement).value = String(v);
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
      Math.round((min! + max!) / 2)
    );
    await page.waitForFunction(
      (n) => Number(document.querySelector('.legend-item[data-kind=claim] .count')?.textContent) < n,
      all,
      { timeout: 5000 }
    );
    const visible = await page.evaluate(() => {
      type G = { forEachNode(cb: (n: string, a: { kind: string }) => void): void };
      const v = (window as unknown as { __ringsight: { view: { graph: G; state: { inWindow(n: string): boolean } } } })
        .__ringsight.view;
      let n = 0;
      v.graph.forEachNode((id, a) => {
        if (a.kind === 'claim' && v.state.inWindow(id)) n++;
      });
      return n;
    });
    expect(await claimCount()).toBe(visible);
    expect(await page.locator('.ring-header .facts').textContent()).toMatch(
      /\d{4}年\d{1,2}月\d{1,2}日 – \d{4}年\d{1,2}月\d{1,2}日/
    );
  });

  it('keeps an entity page’s graph too: expansion and selection survive identities being switched on', async () => {
    const graph = (await (
      await fetch(`${api.url}/api/rings/${ringId}/graph`, { headers: { authorization: `Bearer ${TOKENS.analyst}` } })
    ).json()) as { nodes: Array<{ id: string; type: string }> };
    const org = graph.nodes.find((n) => (PROVIDER_KINDS as readonly string[]).includes(n.type))!;
    const [type, key] = [org.id.slice(0, org.id.indexOf(':')), org.id.slice(org.id.indexOf(':') + 1)];
    await page.goto(`${api.url}/#/entity/${encodeURIComponent(type)}/${encodeURIComponent(key)}`);
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    const claim = await page.evaluate(() => {
      const v = (
        window as unknown as {
          __ringsight: {
            view: {
              graph: { findNode(f: (n: string, a: { kind: string }) => boolean): string | undefined };
              select(n: string): void;
            };
          };
        }
      ).__ringsight.view;
      const n = v.graph.findNode((_n, a) => a.kind === 'claim')!;
      v.select(n);
      return n;
    });
    await page.click('.node-panel [data-action=expand]');
    await page.waitForFunction(
      () => !document.querySelector('.node-panel [data-action=expand]')?.hasAttribute('disabled'),
      undefined,
      { timeout: 15_000 }
    );
    const person = await page.evaluate(() => {
      const v = (
        window as unknown as {
          __ringsight: {
            view: {
              graph: { findNode(f: (n: string, a: { kind: string; masked: boolean }) => boolean): string | undefined };
              select(n: string): void;
            };
          };
        }
      ).__ringsight.view;
      const n = v.graph.findNode((_n, a) => a.kind === 'person' && a.masked);
      if (n) v.select(n);
      return n ?? null;
    });
    expect(person, `expanding ${claim} brought people in`).not.toBeNull();
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    const before = await page.evaluate(summary);
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
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    const after = await page.evaluate(summary);
    expect([after.order, after.people, after.selected]).toEqual([before.order, before.people, before.selected]);
    for (const [c, xy] of Object.entries(before.positions)) expect(after.positions[c], c).toEqual(xy);
    await page.uncheck('#unmask');
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
