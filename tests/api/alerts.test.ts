/**
 * API tests: monitoring alerts — list, get, acknowledge, dismiss — per role,
 * the error mapping of reviews (404, 409, 400), audit entries, and what an
 * insurer, the police and the auditor may see. The sample batch is run with
 * flag threshold 0 so both planted rings alert: ring A (PICC, CPIC, PINGAN)
 * and ring B (CPIC, PINGAN only — out of PICC's scope). In a 20-claim book
 * ring B's signs (one role switch, a phone and account shared by two people
 * of one district) are not unusual enough to score, which is not what these
 * tests are about.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { as, loadAndDetect, makeApp, type Who } from './helpers.js';

interface AlertBody {
  id: string;
  ringId: string;
  runId: string;
  kind: string;
  insurers: string[];
  state: string;
  stateBy: string | null;
  dismissReason: string | null;
  delivery: unknown;
  reasons: Array<{ kind: string; detail: string }>;
}

let app: App;
let runId: string;
let alerts: AlertBody[];
const ringOf = (insurer: string, inside: boolean) => alerts.find((a) => a.insurers.includes(insurer) === inside)!;

const list = async (who: Who, query = '') => app.inject({ url: `/api/alerts${query}`, headers: as(who) });
const ack = (who: Who, id: string) => app.inject({ method: 'POST', url: `/api/alerts/${id}/ack`, headers: as(who) });
const dismiss = (who: Who, id: string, payload: unknown) =>
  app.inject({ method: 'POST', url: `/api/alerts/${id}/dismiss`, headers: as(who), payload: payload as object });
const confirm = (who: Who, id: string, payload?: unknown) =>
  app.inject({
    method: 'POST',
    url: `/api/alerts/${id}/confirm`,
    headers: as(who),
    ...(payload === undefined ? {} : { payload: payload as object })
  });
const auditOf = (action: string) => app.audit.query({ action, limit: 50, offset: 0 }).items;

beforeEach(async () => {
  app = await makeApp();
  runId = await loadAndDetect(app, 'analyst', { minScore: 0, threshold: 0 });
  alerts = (await list('analyst')).json().items;
});
afterEach(async () => {
  await app.close();
});

describe('listing alerts', () => {
  it('lists the alerts an API run raised, with the summary the viewer badges rings from', async () => {
    const res = await list('analyst');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ monitoring: true, total: 2 });
    expect(body.items.map((a: AlertBody) => [a.kind, a.runId, a.state])).toEqual([
      ['new_ring', runId, 'open'],
      ['new_ring', runId, 'open']
    ]);
    const rings = (await app.inject({ url: '/api/rings', headers: as('analyst') }))
      .json()
      .items.map((r: { id: string }) => r.id);
    expect(body.items.map((a: AlertBody) => a.ringId).sort()).toEqual([...rings].sort());
    expect(body.summary).toMatchObject({
      total: 2,
      byState: { open: 2, acknowledged: 0, confirmed: 0, dismissed: 0 },
      byKind: { new_ring: 2 },
      deliveryFailed: 0
    });
    expect(body.summary.openByRing).toEqual(Object.fromEntries(rings.map((id: string) => [id, 1])));
    expect(body.items[0].reasons[0].detail).toMatch(/^new flagged ring: \d+ claims, score [\d.]+$/);
  });

  it('filters by state, kind, ring, run and delivery, and limits (total counts before the limit)', async () => {
    const a = ringOf('PICC', true);
    expect((await list('analyst', `?ringId=${a.ringId}`)).json().items.map((x: AlertBody) => x.id)).toEqual([a.id]);
    expect((await list('analyst', `?runId=${runId}&kind=new_ring&state=open`)).json().total).toBe(2);
    expect((await list('analyst', '?runId=run-nope')).json()).toMatchObject({ total: 0, items: [] });
    expect((await list('analyst', '?kind=growth')).json().total).toBe(0);
    expect((await list('analyst', '?deliveryFailed=true')).json().total).toBe(0);
    const limited = (await list('analyst', '?limit=1')).json();
    expect([limited.total, limited.items.length, limited.summary.total]).toEqual([2, 1, 2]);
    for (const q of ['?state=closed', '?kind=nope', '?limit=0', '?limit=5000', '?deliveryFailed=maybe']) {
      const res = await list('analyst', q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('bad_request');
    }
  });

  it('shows an insurer only alerts on rings holding its own claims, summary included', async () => {
    const a = ringOf('PICC', true);
    const b = ringOf('PICC', false);
    const picc = (await list('picc')).json();
    expect(picc.items.map((x: AlertBody) => x.id)).toEqual([a.id]);
    expect(picc.summary).toMatchObject({ total: 1, openByRing: { [a.ringId]: 1 } });
    expect(JSON.stringify(picc)).not.toContain(b.ringId);
    expect((await app.inject({ url: `/api/alerts/${b.id}`, headers: as('picc') })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/alerts/${a.id}`, headers: as('picc') })).json()).toMatchObject({
      id: a.id,
      ringId: a.ringId
    });
    expect((await list('cpic')).json().total).toBe(2);
  });

  it('lets the police read, not review; keeps the auditor and anonymous callers out', async () => {
    expect((await list('police')).json().total).toBe(2);
    expect((await app.inject({ url: `/api/alerts/${alerts[0]!.id}`, headers: as('police') })).statusCode).toBe(200);
    expect((await ack('police', alerts[0]!.id)).statusCode).toBe(403);
    expect((await dismiss('police', alerts[0]!.id, { reason: 'x' })).statusCode).toBe(403);
    for (const url of ['/api/alerts', `/api/alerts/${alerts[0]!.id}`]) {
      expect((await app.inject({ url, headers: as('auditor') })).statusCode).toBe(403);
      expect((await app.inject({ url })).statusCode).toBe(401);
    }
    expect((await ack('auditor', alerts[0]!.id)).statusCode).toBe(403);
  });

  it('404 for an unknown alert', async () => {
    const res = await app.inject({ url: '/api/alerts/Anope', headers: as('admin') });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

describe('reviewing alerts', () => {
  it('acknowledges, then dismisses with a reason; each audited before it is applied', async () => {
    const a = alerts[0]!;
    const acked = await ack('analyst', a.id);
    expect(acked.statusCode).toBe(200);
    expect(acked.json().alert).toMatchObject({
      id: a.id,
      state: 'acknowledged',
      stateBy: 'wang.analyst',
      dismissReason: null
    });
    expect(auditOf('alert.acknowledge')[0]).toMatchObject({
      actor: 'wang.analyst',
      target: `alert:${a.id}`,
      details: { ringId: a.ringId, runId, from: 'open' }
    });

    const dismissed = await dismiss('admin', a.id, { reason: ' known body shop fleet ' });
    expect(dismissed.statusCode).toBe(200);
    expect(dismissed.json().alert).toMatchObject({
      state: 'dismissed',
      stateBy: 'ada.admin',
      dismissReason: 'known body shop fleet'
    });
    expect(auditOf('alert.dismiss')[0]).toMatchObject({
      actor: 'ada.admin',
      details: { from: 'acknowledged', reason: 'known body shop fleet' }
    });

    const listed = (await list('analyst', '?state=dismissed')).json();
    expect(listed.items.map((x: AlertBody) => x.id)).toEqual([a.id]);
    expect(listed.summary.byState).toEqual({ open: 1, acknowledged: 0, confirmed: 0, dismissed: 1 });
    expect(listed.summary.openByRing[a.ringId]).toBeUndefined();
    // Who reviewed is the association's business.
    expect((await app.inject({ url: `/api/alerts/${a.id}`, headers: as('police') })).json()).toMatchObject({
      state: 'dismissed',
      stateBy: null,
      delivery: null
    });
  });

  it('confirms an open or acknowledged alert as fraud, with an optional note; audited; the dispositions stay apart', async () => {
    const [a, b] = [ringOf('PICC', true), ringOf('PICC', false)];
    const confirmed = await confirm('analyst', a.id, { note: ' same organiser as case JX-12, phone 13812345678 ' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().alert).toMatchObject({
      id: a.id,
      state: 'confirmed',
      stateBy: 'wang.analyst',
      dismissReason: null
    });
    // Free text leaves masked, in the response and in the audit details.
    expect(confirmed.json().alert.confirmNote).toMatch(/^same organiser as case JX-12, phone /);
    expect(confirmed.json().alert.confirmNote).not.toContain('13812345678');
    const audited = auditOf('alert.confirm');
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      actor: 'wang.analyst',
      target: `alert:${a.id}`,
      details: { ringId: a.ringId, runId, from: 'open' }
    });
    expect(JSON.stringify(audited[0])).not.toContain('13812345678');

    expect((await ack('admin', b.id)).statusCode).toBe(200);
    const second = await confirm('admin', b.id);
    expect(second.statusCode).toBe(200);
    expect(second.json().alert).toMatchObject({ state: 'confirmed', confirmNote: null });
    expect(auditOf('alert.confirm')[0]).toMatchObject({ details: { from: 'acknowledged' } });
    expect(auditOf('alert.confirm')[0]!.details).not.toHaveProperty('note');

    // Confirmed is final: neither dismissed nor confirmed again, and the listing and summary know it.
    expect((await confirm('analyst', a.id)).statusCode).toBe(409);
    expect((await dismiss('analyst', a.id, { reason: 'changed my mind' })).statusCode).toBe(409);
    const listed = (await list('analyst', '?state=confirmed')).json();
    expect(listed.items.map((x: AlertBody) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect(listed.summary.byState).toEqual({ open: 0, acknowledged: 0, confirmed: 2, dismissed: 0 });
  });

  it('confirm: the roles of dismiss, unknown fields refused, out of scope not found', async () => {
    const [a, b] = [ringOf('PICC', true), ringOf('PICC', false)];
    expect((await confirm('police', a.id)).statusCode).toBe(403);
    expect((await confirm('auditor', a.id)).statusCode).toBe(403);
    expect((await confirm('analyst', a.id, { note: 'x', reason: 'y' })).statusCode).toBe(400);
    expect((await confirm('analyst', a.id, { note: 'x'.repeat(1001) })).statusCode).toBe(400);
    expect((await confirm('picc', b.id)).statusCode).toBe(404);
    expect(auditOf('alert.confirm')).toEqual([]);
    const own = await confirm('picc', a.id, { note: 'our investigator agrees' });
    expect(own.statusCode).toBe(200);
    expect(own.json().alert).toMatchObject({ state: 'confirmed', confirmNote: 'our investigator agrees' });
  });

  it('maps review errors: 404 unknown or out of scope, 409 wrong state, 400 missing reason — none audited', async () => {
    const a = ringOf('PICC', true);
    const b = ringOf('PICC', false);
    const expectError = (
      res: { statusCode: number; json: () => { error: { code: string; message: string } } },
      status: number,
      code: string
    ): void => {
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(code);
      expect(res.json().error.message).not.toMatch(/^ringsight\//);
    };
    expectError(await ack('analyst', 'Anope'), 404, 'not_found');
    expectError(await dismiss('analyst', 'Anope', { reason: 'x' }), 404, 'not_found');
    expectError(await ack('picc', b.id), 404, 'not_found');
    expectError(await dismiss('analyst', a.id, { reason: '   ' }), 400, 'reason_required');
    expectError(await dismiss('analyst', a.id, { reason: '' }), 400, 'reason_required');
    expectError(await dismiss('analyst', a.id, {}), 400, 'bad_request');
    expectError(await dismiss('analyst', a.id, { reason: 'x', by: 'someone.else' }), 400, 'bad_request');
    expect(auditOf('alert.acknowledge')).toEqual([]);
    expect(auditOf('alert.dismiss')).toEqual([]);

    expect((await ack('analyst', a.id)).statusCode).toBe(200);
    expectError(await ack('analyst', a.id), 409, 'invalid_transition');
    expect((await dismiss('analyst', a.id, { reason: 'duplicate of case 12' })).statusCode).toBe(200);
    expectError(await dismiss('analyst', a.id, { reason: 'again' }), 409, 'invalid_transition');
    expectError(await ack('analyst', a.id), 409, 'invalid_transition');
    expect(auditOf('alert.acknowledge')).toHaveLength(1);
    expect(auditOf('alert.dismiss')).toHaveLength(1);
  });

  it('lets an insurer review alerts in its scope; it sees its own name, others see the association view', async () => {
    const a = ringOf('PICC', true);
    const res = await ack('picc', a.id);
    expect(res.statusCode).toBe(200);
    expect(res.json().alert).toMatchObject({ state: 'acknowledged', stateBy: 'picc-claims', delivery: null });
    expect((await app.inject({ url: `/api/alerts/${a.id}`, headers: as('cpic') })).json().stateBy).toBeNull();
    expect((await app.inject({ url: `/api/alerts/${a.id}`, headers: as('analyst') })).json().stateBy).toBe(
      'picc-claims'
    );
    expect(auditOf('alert.acknowledge')[0]).toMatchObject({ actor: 'picc-claims', role: 'insurer', insurer: 'PICC' });
  });

  it('scrubs identity numbers out of a dismissal reason in the audit trail', async () => {
    const id = alerts[0]!.id;
    expect((await dismiss('analyst', id, { reason: 'driver 360102197804120174 is a known courier' })).statusCode).toBe(
      200
    );
    expect(JSON.stringify(auditOf('alert.dismiss')[0])).not.toContain('360102197804120174');
  });
});

describe('without a data directory', () => {
  it('keeps no monitoring state: no alerts, plain runs', async () => {
    const plain = await makeApp({ dataDir: null });
    try {
      await loadAndDetect(plain);
      expect((await plain.inject({ url: '/api/alerts', headers: as('analyst') })).json()).toMatchObject({
        monitoring: false,
        total: 0,
        items: [],
        summary: { total: 0 }
      });
      expect((await plain.inject({ url: '/api/alerts/A1', headers: as('analyst') })).statusCode).toBe(404);
      expect(
        (await plain.inject({ method: 'POST', url: '/api/alerts/A1/ack', headers: as('analyst') })).statusCode
      ).toBe(404);
      const job = plain.jobs.list()[0]!;
      expect(job.summary).toMatchObject({ rings: 2 });
      expect(job.summary!.statuses).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
