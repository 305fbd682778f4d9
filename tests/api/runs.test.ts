import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import type { DetectRunner } from '../../api/data/jobs.js';
import { detectRings } from '../../engine/detect/index.js';
import { as, makeApp, runAndWait, sampleFiles } from './helpers.js';

interface Sse {
  event: string;
  data: {
    id: string;
    status: string;
    stage: string;
    progress: number;
    error?: string;
    summary?: { runId: string; rings: number };
  };
}

function parseSse(body: string): Sse[] {
  return body
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const [eventLine, dataLine] = block.split('\n');
      return { event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) };
    });
}

/** A detection runner that waits for release() before running the real engine. */
function gatedRunner(): { detect: DetectRunner; release: () => void; started: Promise<void> } {
  let release!: () => void;
  let markStarted!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const started = new Promise<void>((r) => {
    markStarted = r;
  });
  return {
    release,
    started,
    detect: async (book, params, hooks) => {
      markStarted();
      await gate;
      return detectRings(book, params, hooks);
    }
  };
}

describe('detection runs', () => {
  let app: App;
  beforeEach(async () => {
    app = await makeApp();
    await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst'),
      payload: { files: sampleFiles() }
    });
  });
  afterEach(async () => {
    await app.close();
  });

  it('queues a run (202), runs it to done, and lists it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/runs',
      headers: as('analyst'),
      payload: { seed: 7, minScore: 0 }
    });
    expect(res.statusCode).toBe(202);
    const { id, status } = res.json();
    expect(status).toBe('queued');
    expect(res.headers.location).toBe(`/api/runs/${id}`);
    const runId = await runAndWait(app);
    const job = (await app.inject({ url: `/api/runs/${id}`, headers: as('police') })).json();
    expect(job).toMatchObject({ id, status: 'done', stage: 'done', progress: 1, params: { seed: 7, minScore: 0 } });
    expect(job.summary).toMatchObject({ rings: 2, flagged: 1, claims: 20 });
    expect(job.requestedBy).toBeUndefined(); // staff names are for association roles
    expect((await app.inject({ url: `/api/runs/${id}`, headers: as('analyst') })).json().requestedBy).toBe(
      'wang.analyst'
    );
    const list = (await app.inject({ url: '/api/runs', headers: as('picc') })).json();
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([runId, job.summary.runId]);
    expect(list.items[0]).toMatchObject({ status: 'done', summary: { runId } });
    const stored = (await app.inject({ url: `/api/runs/${runId}`, headers: as('analyst') })).json();
    expect(stored).toMatchObject({ id: runId, status: 'done', summary: { rings: 2 } });
  });

  it('streams stage progress as server-sent events until done', async () => {
    const { id } = (await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload: {} })).json();
    const res = await app.inject({ url: `/api/runs/${id}/events`, headers: as('analyst') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("worker-src 'self' blob:");
    const events = parseSse(res.body);
    expect(events.at(-1)!.event).toBe('done');
    expect(events.at(-1)!.data.summary!.rings).toBeGreaterThan(0);
    const stages = events.map((e) => e.data.stage);
    expect(stages).toEqual(expect.arrayContaining(['index', 'communities', 'scoring', 'saving', 'done']));
    const progress = events.map((e) => e.data.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(events.slice(0, -1).every((e) => e.event === 'progress')).toBe(true);
  });

  it('answers the event stream of a finished run with one done event', async () => {
    const runId = await runAndWait(app);
    const events = parseSse((await app.inject({ url: `/api/runs/${runId}/events`, headers: as('analyst') })).body);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: 'done', data: { id: runId, status: 'done' } });
  });

  it('404 for an unknown run, on status and events', async () => {
    for (const url of ['/api/runs/job-nope', '/api/runs/job-nope/events']) {
      const res = await app.inject({ url, headers: as('analyst') });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('400 for invalid run parameters', async () => {
    for (const payload of [
      { seed: -1 },
      { threshold: 101 },
      { minScore: 'high' },
      { asOf: '2024/01/01' },
      { resolution: 2 }
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('bad_request');
    }
  });

  it('audits run requests', async () => {
    await app.inject({ method: 'POST', url: '/api/runs', headers: as('admin'), payload: { threshold: 40 } });
    expect(app.audit.query({ action: 'run.start', limit: 5, offset: 0 }).items[0]).toMatchObject({
      actor: 'ada.admin',
      details: { params: { threshold: 40 } }
    });
  });
});

describe('the run queue', () => {
  it('runs one detection at a time, in order', async () => {
    const gated = gatedRunner();
    const app = await makeApp({ detect: gated.detect });
    await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst'),
      payload: { files: sampleFiles() }
    });
    const a = (await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload: {} })).json().id;
    const b = (
      await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload: { seed: 3 } })
    ).json().id;
    await gated.started;
    const status = async (id: string) => (await app.inject({ url: `/api/runs/${id}`, headers: as('analyst') })).json();
    expect((await status(a)).status).toBe('running');
    expect(await status(b)).toMatchObject({ status: 'queued', stage: 'queued', progress: 0 });
    const listed = (await app.inject({ url: '/api/runs', headers: as('analyst') }))
      .json()
      .items.map((r: { id: string; status: string }) => [r.id, r.status]);
    expect(listed).toEqual(
      expect.arrayContaining([
        [a, 'running'],
        [b, 'queued']
      ])
    );
    const streamB = app.inject({ url: `/api/runs/${b}/events`, headers: as('analyst') });
    gated.release();
    const events = parseSse((await streamB).body);
    expect(events[0]!.data.status).toBe('queued');
    expect(events.at(-1)!.event).toBe('done');
    expect((await status(a)).status).toBe('done');
    await app.close();
  });

  it('reports a failed run with its reason, and keeps serving', async () => {
    const app = await makeApp({
      detect: () => {
        throw new Error('engine exploded on claim 360102197804120174\n    at secret.ts:1');
      }
    });
    const { id } = (await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload: {} })).json();
    const events = parseSse((await app.inject({ url: `/api/runs/${id}/events`, headers: as('analyst') })).body);
    const last = events.at(-1)!;
    expect(last.event).toBe('failed');
    // Masked like any resident ID (the free-text scrubber, issue 16): 360102********0174.
    expect(last.data.error).toMatch(/^engine exploded on claim 360\d{0,3}\*+0174$/);
    expect((await app.inject({ url: '/api/runs', headers: as('analyst') })).json().items[0]).toMatchObject({
      id,
      status: 'failed'
    });
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
    await app.close();
  });

  it('waits for a running detection on close, and fails what is still queued', async () => {
    const gated = gatedRunner();
    const app = await makeApp({ detect: gated.detect });
    const a = (await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload: {} })).json().id;
    const b = (await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload: {} })).json().id;
    await gated.started;
    const closing = app.close();
    setTimeout(gated.release, 20);
    await closing;
    expect(app.jobs.get(a)!.status).toBe('done');
    expect(app.jobs.get(b)).toMatchObject({ status: 'failed', error: 'the server shut down before this run started' });
  });
});
