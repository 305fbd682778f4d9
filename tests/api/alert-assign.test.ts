/**
 * API tests: assigning alerts — to whom (GET /api/alerts/assignees), the
 * assignment as every role then sees it, unassigning, the checks (an unknown
 * reviewer, one who cannot see the alert, an insurer handing work outside its
 * own insurer, a closed alert, a bad body), and the audit entry each leaves.
 * Same sample as alerts.test.ts: ring A holds PICC claims, ring B does not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { as, loadAndDetect, makeApp, type Who } from './helpers.js';

interface AlertBody {
  id: string;
  ringId: string;
  insurers: string[];
  state: string;
  assignee: string | null;
  assignedBy: string | null;
  assignedAt: string | null;
}

let app: App;
let alerts: AlertBody[];
const ringOf = (insurer: string, inside: boolean) => alerts.find((a) => a.insurers.includes(insurer) === inside)!;
const assign = (who: Who, id: string, payload: unknown) =>
  app.inject({ method: 'POST', url: `/api/alerts/${id}/assign`, headers: as(who), payload: payload as object });
const one = async (who: Who, id: string): Promise<AlertBody> =>
  (await app.inject({ url: `/api/alerts/${id}`, headers: as(who) })).json();
const auditOf = (action: string) => app.audit.query({ action, limit: 50, offset: 0 }).items;

beforeEach(async () => {
  app = await makeApp();
  await loadAndDetect(app, 'analyst', { minScore: 0, threshold: 0 });
  alerts = (await app.inject({ url: '/api/alerts', headers: as('analyst') })).json().items;
});
afterEach(async () => {
  await app.close();
});

describe('assigning alerts', () => {
  it('lists who may be assigned: every reviewer for staff, only its own insurer for an insurer', async () => {
    const names = async (who: Who) =>
      (await app.inject({ url: '/api/alerts/assignees', headers: as(who) }))
        .json()
        .items.map((r: { name: string }) => r.name);
    expect(await names('analyst')).toEqual(['ada.admin', 'cpic-claims', 'picc-claims', 'wang.analyst']);
    expect(await names('picc')).toEqual(['picc-claims']);
    expect((await app.inject({ url: '/api/alerts/assignees', headers: as('police') })).statusCode).toBe(403);
  });

  it('assigns, shows the assignee, filters by it, reassigns and unassigns; each audited before it applies', async () => {
    const a = ringOf('PICC', true);
    expect(a.assignee).toBeNull();
    const res = await assign('analyst', a.id, { assignee: 'ada.admin' });
    expect(res.statusCode).toBe(200);
    expect(res.json().alert).toMatchObject({
      id: a.id,
      state: 'open',
      assignee: 'ada.admin',
      assignedBy: 'wang.analyst'
    });
    expect(res.json().alert.assignedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await one('admin', a.id)).toMatchObject({ assignee: 'ada.admin' });
    const mine = (await app.inject({ url: '/api/alerts?assignee=ada.admin', headers: as('admin') })).json();
    expect(mine.items.map((x: AlertBody) => x.id)).toEqual([a.id]);
    expect(auditOf('alert.assign')[0]).toMatchObject({
      actor: 'wang.analyst',
      target: `alert:${a.id}`,
      details: { ringId: a.ringId, from: null, to: 'ada.admin' }
    });

    // The insurer does not see association staff as assignees; once it is assigned to PICC's own reviewer, it does.
    expect(await one('picc', a.id)).toMatchObject({ assignee: null, assignedBy: null });
    await assign('admin', a.id, { assignee: 'picc-claims' });
    expect(await one('picc', a.id)).toMatchObject({ assignee: 'picc-claims', assignedBy: null });
    // Reviews keep the assignment.
    expect(
      (await app.inject({ method: 'POST', url: `/api/alerts/${a.id}/ack`, headers: as('picc') })).json().alert
    ).toMatchObject({ state: 'acknowledged', assignee: 'picc-claims' });

    const cleared = await assign('picc', a.id, { assignee: null });
    expect(cleared.json().alert).toMatchObject({ assignee: null, assignedAt: null });
    expect(auditOf('alert.assign').map((e) => e.details)).toEqual([
      expect.objectContaining({ from: 'picc-claims', to: null }),
      expect.objectContaining({ from: 'ada.admin', to: 'picc-claims' }),
      expect.objectContaining({ to: 'ada.admin' })
    ]);
  });

  it('refuses unknown reviewers, reviewers who cannot see the alert, and an insurer assigning outside its insurer — none audited', async () => {
    const a = ringOf('PICC', true);
    const b = ringOf('PICC', false);
    const code = async (res: Promise<{ statusCode: number; json: () => { error: { code: string } } }>) => {
      const r = await res;
      return [r.statusCode, r.json().error.code];
    };
    expect(await code(assign('analyst', a.id, { assignee: 'nobody' }))).toEqual([400, 'unknown_assignee']);
    expect(await code(assign('analyst', a.id, { assignee: 'li.police' }))).toEqual([400, 'unknown_assignee']);
    expect(await code(assign('analyst', b.id, { assignee: 'picc-claims' }))).toEqual([400, 'unknown_assignee']);
    expect(await code(assign('picc', a.id, { assignee: 'wang.analyst' }))).toEqual([400, 'unknown_assignee']);
    expect(await code(assign('picc', b.id, { assignee: 'picc-claims' }))).toEqual([404, 'not_found']);
    expect(await code(assign('analyst', 'A-nope', { assignee: 'ada.admin' }))).toEqual([404, 'not_found']);
    for (const body of [{}, { assignee: ' ' }, { assignee: 'ada.admin', extra: 1 }, { assignee: 7 }]) {
      expect((await assign('analyst', a.id, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await assign('police', a.id, { assignee: 'ada.admin' })).statusCode).toBe(403);
    expect((await assign('auditor', a.id, { assignee: 'ada.admin' })).statusCode).toBe(403);
    expect(auditOf('alert.assign')).toEqual([]);
  });

  it('refuses to assign a closed alert (409)', async () => {
    const a = ringOf('PICC', true);
    await app.inject({
      method: 'POST',
      url: `/api/alerts/${a.id}/dismiss`,
      headers: as('analyst'),
      payload: { reason: 'known case' }
    });
    const res = await assign('analyst', a.id, { assignee: 'ada.admin' });
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'invalid_transition']);
  });

  it('keeps assignments across a restart on the same data directory', async () => {
    const a = ringOf('PICC', true);
    await assign('analyst', a.id, { assignee: 'wang.analyst' });
    const dataDir = app.monitoring.dataDir!;
    await app.close();
    app = await makeApp({ dataDir });
    expect(await one('analyst', a.id)).toMatchObject({ assignee: 'wang.analyst', assignedBy: 'wang.analyst' });
  });
});
