/**
 * API tests: scoring models fitted from alert dispositions (issue 15, point 4).
 * The sample batch is run at flag threshold 0 so both planted rings alert; one
 * is confirmed, the other dismissed, and the fit takes them as its labels. A
 * run can then score with the kept model, and records which one it used.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { as, loadAndDetect, makeApp, runAndWait, tempDir, type Who } from './helpers.js';

interface AlertBody {
  id: string;
  ringId: string;
  runId: string;
  insurers: string[];
  state: string;
}

let app: App;
let dataDir: string;
let alerts: AlertBody[];

const fit = (who: Who = 'analyst') => app.inject({ method: 'POST', url: '/api/models', headers: as(who), payload: {} });
const review = (id: string, action: 'confirm' | 'dismiss' | 'ack', payload: object = {}) =>
  app.inject({ method: 'POST', url: `/api/alerts/${id}/${action}`, headers: as('analyst'), payload });

beforeEach(async () => {
  dataDir = tempDir();
  app = await makeApp({ dataDir });
  await loadAndDetect(app, 'analyst', { minScore: 0, threshold: 0 });
  alerts = (await app.inject({ url: '/api/alerts', headers: as('analyst') })).json().items;
  expect(alerts).toHaveLength(2);
});
afterEach(async () => {
  await app.close();
});

describe('fitting a model from dispositions', () => {
  it('refuses to fit before a ring has been both confirmed and dismissed, saying what is missing', async () => {
    let res = await fit();
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'not_enough_labels' });
    expect(res.json().error.message).toContain('0 confirmed and 0 dismissed');
    expect((await review(alerts[0]!.id, 'confirm')).statusCode).toBe(200);
    res = await fit();
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('1 confirmed and 0 dismissed');
    expect(existsSync(join(dataDir, 'models'))).toBe(false);
  });

  it('fits from one confirmed and one dismissed ring, keeps the model, and audits the fit', async () => {
    expect((await review(alerts[0]!.id, 'confirm')).statusCode).toBe(200);
    expect((await review(alerts[1]!.id, 'dismiss', { reason: '同一家庭，正常理赔' })).statusCode).toBe(200);
    const res = await fit();
    expect(res.statusCode).toBe(201);
    const model = res.json();
    expect(model).toMatchObject({
      created: true,
      createdBy: expect.any(String),
      labels: { confirmed: 1, dismissed: 1, unmatched: 0 }
    });
    expect(model.id).toMatch(/^M[0-9a-f]{8}$/);
    expect(model.trainedOn).toMatchObject({
      books: 1,
      candidates: 2,
      positives: 1,
      labels: 'alert dispositions: 1 confirmed, 1 dismissed'
    });
    expect(Object.keys(model.weights).length).toBeGreaterThan(5);
    // The file is the engine's model format: what `detect --model` reads.
    const file = JSON.parse(readFileSync(join(dataDir, 'models', `${model.id}.json`), 'utf8'));
    expect(file.model).toMatchObject({ format: 'ringsight-model', id: model.id });
    expect(app.audit.query({ action: 'model.fit', limit: 10, offset: 0 }).items).toHaveLength(1);

    // The same labels give the same model: found, not written again.
    const again = await fit();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: model.id, created: false });

    const listed = (await app.inject({ url: '/api/models', headers: as('admin') })).json();
    expect(listed.items.map((m: { id: string }) => m.id)).toEqual([model.id]);
    expect((await app.inject({ url: `/api/models/${model.id}`, headers: as('analyst') })).json()).toMatchObject({
      id: model.id,
      weights: model.weights
    });
    expect((await app.inject({ url: '/api/models/M00000000', headers: as('analyst') })).statusCode).toBe(404);
  });

  it('takes a later review of a ring over an earlier one', async () => {
    // Reviewing the same ring twice needs two alerts on it: a second monitored run raises none for a stable ring,
    // so this is checked on the helper that picks the last disposition.
    const { lastDispositions } = await import('../../api/routes/models.js');
    const base = { ringId: 'R1', runId: 'run-1', dismissReason: null } as const;
    const picked = lastDispositions([
      { ...base, id: 'A1', state: 'dismissed', stateAt: '2026-12-01T00:00:00Z' },
      { ...base, id: 'A2', state: 'confirmed', stateAt: '2026-12-02T00:00:00Z' },
      { ...base, id: 'A3', state: 'open', stateAt: null, ringId: 'R2' }
    ] as never);
    expect(picked.map((a) => [a.id, a.state])).toEqual([['A2', 'confirmed']]);
  });

  it("is the association's: insurers, police and the auditor cannot fit or read models", async () => {
    for (const who of ['picc', 'police', 'auditor'] as const) {
      expect((await fit(who)).statusCode, who).toBe(403);
      expect((await app.inject({ url: '/api/models', headers: as(who) })).statusCode, who).toBe(403);
    }
  });
});

describe('running with a model', () => {
  it('scores a run with a kept model and records it in the run; an unknown model is refused before queueing', async () => {
    await review(alerts[0]!.id, 'confirm');
    await review(alerts[1]!.id, 'dismiss', { reason: 'fleet' });
    const model = (await fit()).json();
    const runId = await runAndWait(app, { minScore: 0, threshold: 0, model: model.id, force: true });
    const run = (await app.inject({ url: `/api/runs/${runId}`, headers: as('analyst') })).json();
    expect(run.status).toBe('done');
    const stored = await app.store.getRun(runId);
    expect(stored?.run.params.model).toEqual({ id: model.id, version: 1 });
    expect(stored?.run.params.weights).toEqual(expect.objectContaining(model.weights));

    const unknown = await app.inject({
      method: 'POST',
      url: '/api/runs',
      headers: as('analyst'),
      payload: { model: 'M12345678' }
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('unknown_model');
    expect(
      (await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload: { model: '../etc' } }))
        .statusCode
    ).toBe(400);
  });

  it('refuses a kept model file edited by hand', async () => {
    await review(alerts[0]!.id, 'confirm');
    await review(alerts[1]!.id, 'dismiss', { reason: 'fleet' });
    const model = (await fit()).json();
    const path = join(dataDir, 'models', `${model.id}.json`);
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    doc.model.weights.shared_phone = 99;
    writeFileSync(path, JSON.stringify(doc));
    // A fresh app reads the file anew (the first one holds it cached).
    await app.close();
    app = await makeApp({ dataDir });
    const res = await app.inject({ url: `/api/models/${model.id}`, headers: as('analyst') });
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toMatchObject({ code: 'model_file_invalid' });
    expect(res.json().error.message).toContain('does not match');
    expect(res.body).not.toContain(dataDir);
  });
});
