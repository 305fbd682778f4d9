/**
 * The analyst workbench in real headless Chromium against the real API (issue
 * 17): organisers badged and labelled, members numbered so masked names never
 * collide, edges coloured by role, the who-was-who card of a claim, the
 * shortest path between two entities, every signal lighting what carries it,
 * and signal names from the one label table the police report uses. Writes
 * the README screenshots (viewer/docs/) at 1440×900, 1280×720 and 800 px.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNAL_LABELS } from '../../reports/signal-labels.js';
import {
  ROOT,
  ensureViewerBuilt,
  generateBatch,
  launchChromium,
  startApi,
  TOKENS,
  type RunningApi
} from './harness.js';

interface NodeInfo {
  id: string;
  kind: string;
  label: string | null;
  organiser: boolean;
  memberNo: string | null;
  masked: boolean;
  dimmed?: boolean;
}
interface Ring {
  id: string;
  organisers: string[];
  evidence: Array<{ signal: string; refs: string[]; contribution: number }>;
}

const DOCS = join(ROOT, 'viewer/docs');

/** The graph as the page holds it, with what the reducers display. */
function nodesInPage(): NodeInfo[] {
  type A = { kind: string; label: string | null; organiser: boolean; memberNo: string | null; masked: boolean };
  const view = (
    window as unknown as { __ringsight: { view: { graph: { forEachNode(cb: (n: string, a: A) => void): void } } } }
  ).__ringsight.view;
  const out: NodeInfo[] = [];
  view.graph.forEachNode((id, a) =>
    out.push({ id, kind: a.kind, label: a.label, organiser: a.organiser, memberNo: a.memberNo, masked: a.masked })
  );
  return out;
}

describe('analyst workbench in headless Chromium', () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Page;
  let ring: Ring;
  const pageErrors: string[] = [];
  const get = async <T>(path: string): Promise<T> =>
    (await fetch(api.url + path, { headers: { authorization: `Bearer ${TOKENS.analyst}` } })).json() as Promise<T>;

  beforeAll(async () => {
    const [batch] = await Promise.all([generateBatch(3000, 7), ensureViewerBuilt()]);
    api = await startApi(batch);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const top = (await get<{ items: Array<{ id: string }> }>('/api/rings?sort=score&order=desc&pageSize=1')).items[0]!;
    ring = await get<Ring>(`/api/rings/${encodeURIComponent(top.id)}`);
    await page.goto(api.url + '/');
    await page.fill('#token', TOKENS.analyst);
    await page.click('button[type=submit]');
    await page.waitForSelector('.ring-row', { timeout: 15_000 });
    await page.goto(`${api.url}/#/ring/${encodeURIComponent(ring.id)}`);
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('every signal of the ring names what carries it (structural ones: its claims)', () => {
    expect(ring.evidence.length).toBeGreaterThan(0);
    for (const e of ring.evidence) expect(e.refs.length, e.signal).toBeGreaterThan(0);
  });

  it('badges and labels the organisers, and numbers members so masked names do not collide', async () => {
    const nodes = await page.evaluate(nodesInPage);
    expect(ring.organisers.length).toBeGreaterThan(0);
    const organisers = nodes.filter((n) => n.organiser);
    expect(organisers.map((n) => n.id).sort()).toEqual([...ring.organisers].sort());
    for (const n of organisers) expect(n.label).toMatch(/^★ /);
    // Organisers are labelled whatever the zoom: the reducer forces their label.
    const forced = await page.evaluate(
      (ids) => {
        const r = (
          window as unknown as {
            __ringsight: {
              view: { renderer: { getNodeDisplayData(n: string): { forceLabel?: boolean } | undefined } };
            };
          }
        ).__ringsight.view.renderer;
        return ids.map((id) => r.getNodeDisplayData(id)?.forceLabel === true);
      },
      organisers.map((n) => n.id)
    );
    expect(forced.every(Boolean)).toBe(true);
    // Masked people: the analyst sees masked names; each carries its member number, and no two labels collide.
    const people = nodes.filter((n) => n.kind === 'person' && n.masked);
    expect(people.length).toBeGreaterThan(1);
    for (const p of people) expect(p.label, p.id).toMatch(/·M\d+$/);
    expect(new Set(people.map((p) => p.label)).size).toBe(people.length);
    // The panel says so too; members are numbered from the first-ranked organiser.
    await page.evaluate(
      (id) => (window as unknown as { __ringsight: { view: { select(n: string): void } } }).__ringsight.view.select(id),
      ring.organisers[0]!
    );
    await expect(page.locator('.node-panel .badge.organiser').textContent()).resolves.toContain('组织者');
    await expect(page.locator('.node-panel .badge.member-no').textContent()).resolves.toBe('M1');
  });

  it('colours edges by role, with the key in the legend', async () => {
    const colours = await page.evaluate(() => {
      type G = {
        forEachEdge(cb: (e: string, a: { roles: string[]; color: string }, s: string, t: string) => void): void;
        getNodeAttribute(n: string, k: 'kind'): string;
      };
      const g = (window as unknown as { __ringsight: { view: { graph: G } } }).__ringsight.view.graph;
      const out: Array<[string[], string, string]> = [];
      g.forEachEdge((_e, a, s, t) => {
        const sk = g.getNodeAttribute(s, 'kind');
        out.push([a.roles, a.color, sk === 'claim' ? g.getNodeAttribute(t, 'kind') : sk]);
      });
      return out;
    });
    // The documented precedence (a dead driver is drawn as deceased); links to an account are the payout.
    const ORDER = ['deceased', 'driver', 'injured', 'witness', 'beneficiary', 'agent'];
    const primary = ([roles, , other]: [string[], string, string]): string =>
      other === 'bank_account' ? 'payee' : (ORDER.find((r) => roles.includes(r)) ?? 'other');
    const byPrimary = new Map<string, Set<string>>();
    for (const c of colours) {
      const key = primary(c) === 'beneficiary' ? 'payee' : primary(c);
      if (!byPrimary.has(key)) byPrimary.set(key, new Set());
      byPrimary.get(key)!.add(c[1]);
    }
    const typed = [...byPrimary].filter(([k]) => k !== 'other');
    expect(typed.length, 'the ring has typed links').toBeGreaterThanOrEqual(2);
    for (const [role, set] of byPrimary) expect(set.size, `one colour for ${role}`).toBe(1);
    const distinct = new Set(typed.map(([, set]) => [...set][0]));
    expect(distinct.size, 'roles told apart').toBe(typed.length);
    expect(await page.locator('.legend .role-key li[data-role=driver]').count()).toBe(1);
    expect(await page.locator('.legend .role-key li[data-role=payee]').count()).toBe(1);
  });

  it('shows who was who on a claim: each party with its role', async () => {
    const claim = await page.evaluate(() => {
      type G = {
        findNode(f: (n: string, a: { kind: string }) => boolean): string | undefined;
        degree(n: string): number;
      };
      const v = (window as unknown as { __ringsight: { view: { graph: G; select(n: string): void } } }).__ringsight
        .view;
      let best: string | null = null;
      (v.graph as unknown as { forEachNode(cb: (n: string, a: { kind: string }) => void): void }).forEachNode(
        (n, a) => {
          if (a.kind === 'claim' && (!best || v.graph.degree(n) > v.graph.degree(best))) best = n;
        }
      );
      if (best) v.select(best);
      return best as string | null;
    });
    expect(claim).not.toBeNull();
    const rows = page.locator('.node-panel .who-was-who tr');
    await rows.first().waitFor({ timeout: 5000 });
    const text = await rows.allTextContents();
    expect(text.length).toBeGreaterThanOrEqual(2);
    // Roles are named in Chinese (驾驶员, 伤者, 证人, 收款账户, …), never left as codes.
    expect(text.join('\n')).toMatch(/驾驶员|伤者|证人|被保险人|索赔人|受益人|死者|收款账户/);
    expect(text.join('\n')).not.toMatch(/\b(driver|injured|witness)\b/);
    await page.screenshot({ path: join(DOCS, 'who-was-who-1440x900.png') });
  });

  it('finds the shortest path between two people', async () => {
    const ends = await page.evaluate(() => {
      const v = (
        window as unknown as {
          __ringsight: {
            view: { graph: { forEachNode(cb: (n: string, a: { kind: string; organiser: boolean }) => void): void } };
          };
        }
      ).__ringsight.view;
      const people: string[] = [];
      v.graph.forEachNode((n, a) => {
        if (a.kind === 'person') people.push(n);
      });
      return [people[0]!, people[people.length - 1]!];
    });
    const select = (id: string): Promise<void> =>
      page.evaluate(
        (n) => (window as unknown as { __ringsight: { view: { select(n: string): void } } }).__ringsight.view.select(n),
        id
      );
    await select(ends[0]!);
    await page.click('.node-panel [data-action=path-from]');
    await select(ends[1]!);
    await page.click('.node-panel [data-action=path-to]');
    await expect(page.locator('.node-panel .path-status').textContent()).resolves.toMatch(/最短路径：\d+ 步/);
    const path = await page.evaluate(() => {
      const s = (
        window as unknown as {
          __ringsight: {
            view: { state: { highlight: { source: string; nodes: Set<string>; edges: Set<string> } | null } };
          };
        }
      ).__ringsight.view.state;
      return s.highlight
        ? { source: s.highlight.source, nodes: [...s.highlight.nodes], edges: s.highlight.edges.size }
        : null;
    });
    expect(path?.source.startsWith('path:')).toBe(true);
    expect(path!.nodes).toContain(ends[0]);
    expect(path!.nodes).toContain(ends[1]);
    // A path of n nodes has n - 1 edges, and people are tied through claims: at least person–claim–person.
    expect(path!.edges).toBe(path!.nodes.length - 1);
    expect(path!.nodes.length).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(DOCS, 'shortest-path-1440x900.png') });
  });

  it('lights what carries each signal, never dims a carrier, names signals from the shared table', async () => {
    await page.evaluate(() =>
      (
        window as unknown as { __ringsight: { view: { select(n: string | null): void; clearHighlight(): void } } }
      ).__ringsight.view.clearHighlight()
    );
    const buttons = page.locator('.evidence .signal');
    const n = await buttons.count();
    const ringClaims = (await page.evaluate(nodesInPage)).filter((x) => x.kind === 'claim').length;
    expect(n).toBe(ring.evidence.length);
    for (let i = 0; i < n; i++) {
      const button = buttons.nth(i);
      const signal = (await button.getAttribute('data-signal'))!;
      const shown = await button.locator('.signal-name').textContent();
      expect(shown).toBe(SIGNAL_LABELS[signal as keyof typeof SIGNAL_LABELS].zh);
      await button.click();
      await page.waitForSelector(`.signal[data-signal=${signal}][aria-pressed=true]`);
      const lit = await page.evaluate(() => [
        ...((window as unknown as { __ringsight: { view: { state: { highlight: { nodes: Set<string> } | null } } } })
          .__ringsight.view.state.highlight?.nodes ?? [])
      ]);
      const refs = ring.evidence.find((e) => e.signal === signal)!.refs;
      // Every carrier the ring sends is on the canvas and lit.
      for (const ref of refs) expect(lit, `${signal} lights ${ref}`).toContain(ref);
      if (!refs.some((r) => r.startsWith('claim:'))) {
        // An entity signal lights its carriers and the claims they are on, not the whole ring.
        const claims = lit.filter((x) => x.startsWith('claim:')).length;
        expect(claims, `${signal}: only the carriers' claims`).toBeLessThanOrEqual(ringClaims);
      }
      await button.click();
    }
  });

  it('names rings readably, ranks them, and breaks score ties by the evidence above the cap', async () => {
    await page.goto(`${api.url}/#/rings`);
    await page.waitForSelector('.ring-row');
    const rows = await page.$$eval('.ring-row', (els) =>
      els.map((e) => ({
        id: (e as HTMLElement).dataset.ring!,
        rank: e.querySelector('.rank')?.textContent ?? '',
        name: e.querySelector('.ring-name')?.textContent ?? '',
        score: Number.parseFloat(e.querySelector('.score')?.textContent ?? '')
      }))
    );
    expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => `#${i + 1}`));
    // Category and main place in Chinese, e.g. 碰瓷·宜春 — never the hash.
    for (const r of rows) {
      expect(r.name, r.id).toMatch(/^\p{Script=Han}+·\p{Script=Han}+/u);
      expect(r.name).not.toContain(r.id);
    }
    const tied = rows.filter((r) => r.score === rows[0]!.score);
    if (tied.length > 1) {
      const sums = await Promise.all(
        tied.map(async (r) => (await get<Ring>(`/api/rings/${r.id}`)).evidence.reduce((t, e) => t + e.contribution, 0))
      );
      expect(sums).toEqual([...sums].sort((a, b) => b - a));
    }
    await page.locator('.ring-row').first().click();
    await page.waitForSelector('.ring-head .ring-name, h1 .ring-name', { timeout: 15_000 });
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
  });

  it('takes the README screenshots at 1440×900, 1280×720 and 800 px wide, without page errors', async () => {
    for (const [w, hgt] of [
      [1440, 900],
      [1280, 720],
      [800, 1000]
    ] as const) {
      await page.setViewportSize({ width: w, height: hgt });
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(DOCS, `ring-${w}x${hgt}.png`) });
    }
    expect(pageErrors).toEqual([]);
  });
});
