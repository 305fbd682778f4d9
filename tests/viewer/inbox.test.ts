/**
 * The alert inbox, case folders and the police report dialog in real headless
 * Chromium against the real API (issue 17, point 5): alerts listed with state,
 * ring, score and assignee; acknowledge, assign, dismiss with a listed reason
 * plus free text, confirm with a note — each checked against the API after;
 * police read the inbox without actions; case folders created, rings linked
 * and unlinked; "移交警方报告" asks for the operation and the case reference and
 * lists the reports with downloads (police get an unmasked one for their case
 * only). Writes screenshots of the new screens at the three sizes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

interface Alert {
  id: string;
  ringId: string;
  state: string;
  stateBy: string | null;
  assignee: string | null;
  dismissReason: string | null;
  confirmNote: string | null;
}

describe('alert inbox, case folders and police reports in headless Chromium', () => {
  let api: RunningApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const get = async <T>(path: string, who: keyof typeof TOKENS = 'analyst'): Promise<T> =>
    (await fetch(api.url + path, { headers: { authorization: `Bearer ${TOKENS[who]}` } })).json() as Promise<T>;
  const alertOf = (id: string): Promise<Alert> => get<Alert>(`/api/alerts/${id}`);

  async function signIn(p: Page, who: keyof typeof TOKENS): Promise<void> {
    await p.goto(api.url + '/');
    await p.fill('#token', TOKENS[who]);
    await p.click('button[type=submit]');
    await p.waitForSelector('.app-header .who', { timeout: 15_000 });
  }

  async function screens(name: string): Promise<void> {
    await page.evaluate(() => document.querySelectorAll('.toast').forEach((t) => t.remove()));
    for (const [w, hgt] of SIZES) {
      await page.setViewportSize({ width: w, height: hgt });
      await page.waitForTimeout(250);
      await page.screenshot({ path: join(DOCS, `${name}-${w}x${hgt}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }

  beforeAll(async () => {
    const [batch] = await Promise.all([generateBatch(3000, 7), ensureViewerBuilt()]);
    api = await startApi(batch);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, 'analyst');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('lists the alerts with state, readable ring, score and assignee', async () => {
    const listed = await get<{ total: number; items: Alert[] }>('/api/alerts?limit=500');
    expect(listed.total, 'the startup run raised alerts').toBeGreaterThanOrEqual(4);
    await page.click('.main-nav a[data-page=alerts]');
    await page.waitForSelector('.alert-row');
    expect(await page.locator('.main-nav a[data-page=alerts]').getAttribute('aria-current')).toBe('page');
    const rows = await page.$$eval('.alert-row', (els) =>
      els.map((e) => ({
        id: (e as HTMLElement).dataset.alert,
        ringId: (e as HTMLElement).dataset.ring ?? '',
        state: e.querySelector('.alert-state')?.textContent,
        ring: e.querySelector('.ring-name')?.textContent ?? '',
        score: e.querySelector('.score')?.textContent ?? '',
        assignee: (e.querySelector('select.assignee') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent
      }))
    );
    expect(rows.map((r) => r.id)).toEqual(listed.items.map((a) => a.id));
    for (const r of rows) {
      expect(r.state).toBe('待处理');
      expect(r.ring).toMatch(/^\p{Script=Han}+·\p{Script=Han}+/u);
      expect(r.score).toMatch(/^\d+/);
      expect(r.assignee).toBe('未分配');
    }
    // Named as in the ring list: the organiser's surname (masked names keep it) ends the name.
    const ringList = await get<{ items: { id: string; organiser: string | null }[] }>('/api/rings?pageSize=500');
    const organiser = new Map(ringList.items.map((r) => [r.id, r.organiser]));
    let initials = 0;
    for (const r of rows) {
      const initial = organiser.get(r.ringId)?.charAt(0);
      if (!initial || !/\p{Script=Han}/u.test(initial)) continue;
      expect(r.ring.endsWith(`·${initial}`), `${r.ring} ends with the organiser's initial ${initial}`).toBe(true);
      initials++;
    }
    expect(initials, 'alerts on rings with a named organiser').toBeGreaterThan(0);
    expect(await page.locator('.inbox-total').textContent()).toBe(`共 ${listed.total} 条预警`);
    // Dates read the Chinese way.
    expect(await page.locator('.alert-row td').first().textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/);
  });

  it('opens the inbox on one ring from its alert badge in the ring list', async () => {
    await page.goto(`${api.url}/#/rings`);
    const badge = page.locator('.ring-row .alert-badge').first();
    await badge.waitFor({ timeout: 15_000 });
    const ring = await badge.evaluate((el) => (el.closest('.ring-row') as HTMLElement).dataset.ring!);
    await badge.click();
    await page.waitForFunction((id) => location.hash === `#/alerts?state=open&ring=${id}`, ring);
    await page.waitForSelector('.alert-row');
    const rings = await page.$$eval('.alert-row', (els) => els.map((e) => (e as HTMLElement).dataset.ring));
    expect(rings.length).toBeGreaterThan(0);
    expect(new Set(rings)).toEqual(new Set([ring]));
    expect(await page.locator('.ring-filter').textContent()).toContain(ring);
    await page.click('.ring-filter .chip-x');
    await page.waitForFunction(() => !location.hash.includes('ring='));
    await page.selectOption('#alert-state', '');
    await page.waitForFunction(() => location.hash === '#/alerts');
    await page.waitForFunction(
      (n) => document.querySelectorAll('.alert-row').length === n,
      (await get<{ total: number }>('/api/alerts?limit=500')).total
    );
  });

  it('acknowledges an alert; the API has it acknowledged by the analyst', async () => {
    const row = page.locator('.alert-row').nth(0);
    const id = (await row.getAttribute('data-alert'))!;
    await row.locator('[data-action=ack]').click();
    await page.waitForSelector(`.alert-row[data-alert="${id}"][data-state=acknowledged]`);
    expect(await page.locator(`.alert-row[data-alert="${id}"] .alert-state`).textContent()).toBe('处理中');
    expect(await page.locator(`.alert-row[data-alert="${id}"] [data-action=ack]`).count()).toBe(0);
    expect(await alertOf(id)).toMatchObject({ state: 'acknowledged', stateBy: 'viewer-analyst' });
  });

  it('assigns alerts, and "assigned to me" shows only mine', async () => {
    const first = (await page.locator('.alert-row').nth(0).getAttribute('data-alert'))!;
    const second = (await page.locator('.alert-row').nth(1).getAttribute('data-alert'))!;
    const options = await page.locator(`.alert-row[data-alert="${first}"] select.assignee option`).allTextContents();
    expect(options).toEqual(['未分配', 'viewer-admin', 'viewer-analyst']);
    await page.selectOption(`.alert-row[data-alert="${first}"] select.assignee`, 'viewer-admin');
    await page.waitForSelector(`.toast:has-text("已分配给 viewer-admin")`);
    await page.selectOption(`.alert-row[data-alert="${second}"] select.assignee`, 'viewer-analyst');
    await page.waitForSelector(`.toast:has-text("已分配给 viewer-analyst")`);
    expect((await alertOf(first)).assignee).toBe('viewer-admin');
    expect((await alertOf(second)).assignee).toBe('viewer-analyst');
    await page.check('#alert-mine');
    await page.waitForFunction(() => location.hash.includes('mine=1'));
    await page.waitForFunction((id) => {
      const rows = [...document.querySelectorAll<HTMLElement>('.alert-row')];
      return rows.length === 1 && rows[0]!.dataset.alert === id;
    }, second);
    await page.uncheck('#alert-mine');
    await page.waitForFunction(() => document.querySelectorAll('.alert-row').length > 1);
  });

  it('dismisses with a reason chosen from the list plus free text; Esc closes the dialog without a change', async () => {
    const row = page.locator('.alert-row[data-state=open]').first();
    const id = (await row.getAttribute('data-alert'))!;
    await row.locator('[data-action=dismiss]').click();
    await page.waitForSelector('[data-dialog=dismiss]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-dialog=dismiss]', { state: 'detached' });
    expect((await alertOf(id)).state).toBe('open');

    await row.locator('[data-action=dismiss]').click();
    const labels = await page.locator('#dismiss-reason option').allTextContents();
    expect(labels).toEqual(['经核实为正常业务', '已在调查的已知案件', '重复预警', '数据错误', '证据不足', '其他']);
    // "Other" needs the free text.
    await page.selectOption('#dismiss-reason', 'other');
    await page.click('[data-action=submit-dismiss]');
    await expect(page.locator('[data-dialog=dismiss] .form-message').textContent()).resolves.toBe(
      '选择“其他”时请写明原因。'
    );
    await page.selectOption('#dismiss-reason', 'duplicate');
    await page.fill('#dismiss-text', '与上一批次的预警相同');
    await page.click('[data-action=submit-dismiss]');
    await page.waitForSelector(`.alert-row[data-alert="${id}"][data-state=dismissed]`);
    expect(await page.locator(`.alert-row[data-alert="${id}"] .dismiss-reason`).textContent()).toBe(
      '重复预警：与上一批次的预警相同'
    );
    expect(await alertOf(id)).toMatchObject({
      state: 'dismissed',
      dismissReason: 'duplicate: 与上一批次的预警相同',
      stateBy: 'viewer-analyst'
    });
  });

  it('confirms an alert as fraud with a note', async () => {
    const row = page.locator('.alert-row[data-state=open]').first();
    const id = (await row.getAttribute('data-alert'))!;
    await row.locator('[data-action=confirm]').click();
    await page.fill('#confirm-note', '已移交经侦');
    await screens('alert-confirm');
    await page.click('[data-action=submit-confirm]');
    await page.waitForSelector(`.alert-row[data-alert="${id}"][data-state=confirmed]`);
    expect(await alertOf(id)).toMatchObject({ state: 'confirmed', confirmNote: '已移交经侦' });
    await screens('alert-inbox');
  });

  it('relabels the inbox in English and back, states and reasons included', async () => {
    await page.click('[data-action=lang]');
    await page.waitForFunction(() => document.querySelector('.alerts-page h1')?.textContent === 'Alert inbox');
    const states = await page.locator('.alert-row .alert-state').allTextContents();
    expect(new Set(states)).toEqual(new Set(['Acknowledged', 'Dismissed', 'Confirmed fraud', 'Open']));
    expect(await page.locator('.alert-row .dismiss-reason').first().textContent()).toBe(
      'Duplicate alert: 与上一批次的预警相同'
    );
    expect(await page.locator('.alert-row td.raised').first().textContent()).toMatch(
      /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/
    );
    await page.click('[data-action=lang]');
    await page.waitForFunction(() => document.querySelector('.alerts-page h1')?.textContent === '预警收件箱');
  });

  it('opens case folders, links and unlinks a ring', async () => {
    await page.click('.main-nav a[data-page=cases]');
    await page.waitForSelector('.case-form');
    await expect(page.locator('.cases-page .empty').textContent()).resolves.toBe('还没有案件夹。');
    await page.click('[data-action=create-case]');
    await expect(page.locator('.case-form .form-message').textContent()).resolves.toBe('请填写名称。');
    await page.fill('#case-name', '赣南行动');
    await page.fill('#case-reference', 'JX-2026-017');
    await page.click('[data-action=create-case]');
    const folder = page.locator('.case-folder').first();
    await folder.waitFor();
    const caseId = (await folder.getAttribute('data-case'))!;
    expect(await folder.locator('.case-name').textContent()).toBe('赣南行动');
    expect(await folder.locator('.case-ref').textContent()).toBe('JX-2026-017');
    const picks = await folder
      .locator('select.ring-picker option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(picks.length).toBeGreaterThanOrEqual(2);
    for (const ring of picks.slice(0, 2)) {
      await folder.locator('select.ring-picker').selectOption(ring);
      await folder.locator('[data-action=link]').click();
      await page.waitForSelector(`.case-folder[data-case="${caseId}"] .case-rings li[data-ring="${ring}"]`);
    }
    expect((await get<{ rings: string[] }>(`/api/cases/${caseId}`)).rings).toEqual(picks.slice(0, 2));
    expect(await folder.locator('.case-rings li .ring-name').first().textContent()).toMatch(/^\p{Script=Han}+·/u);
    // Named as in the ring list, the organiser's surname included.
    const ringList = await get<{ items: { id: string; organiser: string | null }[] }>('/api/rings?pageSize=500');
    const initial = ringList.items.find((r) => r.id === picks[0])?.organiser?.charAt(0);
    if (initial && /\p{Script=Han}/u.test(initial))
      expect(
        (await folder.locator(`.case-rings li[data-ring="${picks[0]}"] .ring-name`).textContent())?.trim()
      ).toMatch(new RegExp(`·${initial}$`));
    await screens('case-folders');
    await folder.locator(`.case-rings li[data-ring="${picks[0]}"] [data-action=unlink]`).click();
    await page.waitForSelector(`.case-rings li[data-ring="${picks[0]}"]`, { state: 'detached' });
    expect((await get<{ rings: string[] }>(`/api/cases/${caseId}`)).rings).toEqual([picks[1]]);
  });

  it('hands a ring to a police report: asks for the operation and case, lists the report, downloads its files', async () => {
    const ring = (await get<{ items: Array<{ id: string }> }>('/api/rings?sort=score&order=desc&pageSize=1')).items[0]!;
    await page.goto(`${api.url}/#/ring/${encodeURIComponent(ring.id)}`);
    await page.waitForSelector('[data-layout=settled]', { timeout: 30_000 });
    // The ring's header adds it to a case folder and shows the folders holding it.
    const folder = (
      await get<{ items: Array<{ id: string; name: string; rings: string[] }> }>('/api/cases')
    ).items.find((f) => f.name === '赣南行动')!;
    if (!folder.rings.includes(ring.id)) await page.selectOption('.ring-header .case-picker', folder.id);
    await page.waitForSelector(`.ring-header .case-chip[data-case="${folder.id}"]`);
    expect((await get<{ rings: string[] }>(`/api/cases/${folder.id}`)).rings).toContain(ring.id);
    await page.waitForSelector('[data-action=report]:not([disabled])');
    await page.click('[data-action=report]');
    await page.waitForSelector('[data-dialog=report]');
    expect(await page.locator('#dialog-report-title').textContent()).toBe('移交警方报告');
    expect(await page.inputValue('#report-name')).toMatch(/^团伙 \p{Script=Han}+·/u);
    await page.fill('#report-name', '');
    await page.click('[data-action=create-report]');
    await expect(page.locator('[data-dialog=report] .form-message').textContent()).resolves.toBe('请填写行动名称。');
    await page.fill('#report-name', '赣南行动 第一批');
    await page.fill('#report-case', 'JX-2026-017');
    await page.click('[data-action=create-report]');
    const fresh = page.locator('.report-item.fresh');
    await fresh.waitFor({ timeout: 90_000 });
    const reportId = (await fresh.getAttribute('data-report'))!;
    expect(await fresh.locator('.report-name').textContent()).toBe('赣南行动 第一批');
    expect(
      await fresh.locator('a.download').evaluateAll((as) => as.map((a) => (a as HTMLElement).dataset.file))
    ).toEqual(expect.arrayContaining(['report.html', 'report.pdf']));
    expect(await fresh.textContent()).toContain('已脱敏');
    const listed = await get<{
      items: Array<{ id: string; name: string; caseReference: string | null; masked: boolean }>;
    }>('/api/reports');
    expect(listed.items.find((r) => r.id === reportId)).toMatchObject({
      name: '赣南行动 第一批',
      caseReference: 'JX-2026-017',
      masked: true
    });
    await screens('police-report-dialog');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      fresh.locator('a.download[data-file="report.html"]').click()
    ]);
    expect(download.suggestedFilename()).toBe(`${reportId}-report.html`);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toContain('赣南行动 第一批');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-dialog=report]', { state: 'detached' });
  }, 150_000);

  it('police: the inbox and case folders are read-only; a report needs the case reference and then shows identities', async () => {
    const police = await context
      .browser()!
      .newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    const p = await police.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(p, 'police');
    await p.goto(`${api.url}/#/alerts`);
    await p.waitForSelector('.alert-row');
    expect(await p.locator('.alert-row button, .alert-row select').count()).toBe(0);
    // Who an alert is assigned to is the association's: police see a dash, not "unassigned".
    expect(new Set(await p.locator('.alert-row td.assignee-cell').allTextContents())).toEqual(new Set(['—']));
    await expect(p.locator('.list-head').textContent()).resolves.toContain('您的角色只能查看预警，不能处理。');
    await p.goto(`${api.url}/#/cases`);
    await p.waitForSelector('.case-folder');
    expect(await p.locator('.case-form, [data-action=link], [data-action=unlink]').count()).toBe(0);

    const ring = (await get<{ items: Array<{ id: string }> }>('/api/rings?sort=score&order=desc&pageSize=1')).items[0]!;
    await p.goto(`${api.url}/#/ring/${encodeURIComponent(ring.id)}`);
    await p.waitForSelector('[data-action=report]:not([disabled])', { timeout: 30_000 });
    await p.click('[data-action=report]');
    await p.fill('#report-case', '');
    await p.click('[data-action=create-report]');
    await expect(p.locator('[data-dialog=report] .form-message').textContent()).resolves.toBe('警方须填写案件编号。');
    await p.fill('#report-case', '赣公刑〔2026〕17号');
    await p.click('[data-action=create-report]');
    const fresh = p.locator('.report-item.fresh');
    await fresh.waitFor({ timeout: 90_000 });
    expect(await fresh.textContent()).toContain('含身份信息');
    expect(await fresh.textContent()).toContain('赣公刑〔2026〕17号');
    // The unmasked report's file downloads with its own case reference.
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      fresh.locator('a.download[data-file="report.html"]').click()
    ]);
    expect(download.suggestedFilename()).toMatch(/-report\.html$/);
    await police.close();
    expect(pageErrors).toEqual([]);
  }, 150_000);
});
