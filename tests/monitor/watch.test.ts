import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../datasets/generator/index.js';
import { readBatch } from '../../ingest/read-batch.js';
import type { MonitorState } from '../../engine/monitor/types.js';
import { startSchedule } from '../../monitor/schedule.js';
import { listAlerts, monitorPaths, MonitorRepository, reviewAlert } from '../../monitor/state.js';
import { runMonitor, WatchError, type WatchOutcome, type WatchOptions } from '../../monitor/watch.js';
import { EmbeddedStore } from '../../store/embedded.js';
import { holdInChild } from './child.js';

const work = mkdtempSync(join(tmpdir(), 'ringsight-watch-'));
const batch = join(work, 'batch');
let store: EmbeddedStore;

beforeAll(async () => {
  await generate({ claims: 6000, out: batch, seed: 21 });
  store = new EmbeddedStore();
  const { book } = await readBatch(batch);
  store.ingestSync(book, { batchId: 'test', loadedAt: '2024-01-01T00:00:00.000Z' });
});

const dataDir = (): string => mkdtempSync(join(work, 'data-'));
const done = (o: WatchOutcome): Extract<WatchOutcome, { status: 'done' }> => {
  if (o.status !== 'done') throw new Error(`expected a run, got ${o.status}`);
  return o;
};
const readState = (dir: string): MonitorState => JSON.parse(readFileSync(monitorPaths(dir).state, 'utf8'));
const watch = (dir: string, asOf: string, extra: Partial<WatchOptions> = {}): Promise<WatchOutcome> =>
  runMonitor({ dataDir: dir, store, asOf, ...extra });

describe('watch: runs with memory', () => {
  it('first run: every ring is new, the run is saved and the state committed', async () => {
    const dir = dataDir();
    const out = done(await watch(dir, '2024-06-30'));
    expect(out.run.rings).toBeGreaterThan(0);
    expect(out.run.counts.new).toBe(out.run.rings);
    expect(out.doc.run.monitor.previousRunId).toBeNull();
    expect(out.doc.run.input.dataVersion).toMatch(/^d1-\d+-[0-9a-f]{16}$/);
    expect(out.doc.run.params.asOf).toBe('2024-06-30');
    const state = readState(dir);
    expect(state.lastRun!.id).toBe(out.run.id);
    expect(existsSync(join(monitorPaths(dir).runs, `${out.run.id}.json`))).toBe(true);
    expect(await store.getRun(out.run.id)).not.toBeNull();
    expect(out.alerts.length).toBe(out.run.flagged);
    expect(out.alerts.every((a) => a.kind === 'new_ring' && a.delivery === null)).toBe(true);
    expect(
      listAlerts(dir)
        .map((a) => a.id)
        .sort()
    ).toEqual(out.alerts.map((a) => a.id).sort());
    expect(existsSync(monitorPaths(dir).lock)).toBe(false);
  });

  it('a later run keeps ids of rings that changed a little, grows their history, and an identical run is skipped', async () => {
    const dir = dataDir();
    const a = done(await watch(dir, '2024-06-30'));
    const b = done(await watch(dir, '2024-09-30'));
    expect(b.doc.run.monitor.previousRunId).toBe(a.run.id);
    const before = new Map(a.doc.rings.map((r) => [r.id, r]));
    const carried = b.doc.rings.filter((r) => before.has(r.id));
    expect(carried.length).toBeGreaterThan(0);
    for (const r of carried) {
      expect(r.status).not.toBe('new');
      expect(r.history.map((h) => h.run)).toEqual([a.run.id, b.run.id]);
      const shared = r.claims.filter((c) => before.get(r.id)!.claims.includes(c)).length;
      expect(shared).toBeGreaterThan(0);
    }
    const c = await watch(dir, '2024-09-30');
    expect(c).toMatchObject({ status: 'unchanged', lastRunId: b.run.id });
    expect(readState(dir).runs.map((r) => r.id)).toEqual([a.run.id, b.run.id]);
    expect(done(await watch(dir, '2024-09-30', { force: true })).doc.run.monitor.previousRunId).toBe(b.run.id);
  });

  it('refuses to go back in time unless forced', async () => {
    const dir = dataDir();
    await watch(dir, '2024-09-30');
    await expect(watch(dir, '2024-06-30')).rejects.toThrow(WatchError);
    await expect(watch(dir, '2024-06-30')).rejects.toThrow(/^ringsight\/monitor: as-of 2024-06-30 is before/);
    expect(done(await watch(dir, '2024-06-30', { force: true })).run.asOf).toBe('2024-06-30');
  });

  it('loads --input into a fresh store from a factory, and closes it', async () => {
    const dir = dataDir();
    let closed = 0;
    const out = done(
      await runMonitor({
        dataDir: dir,
        input: batch,
        asOf: '2024-03-31',
        store: () =>
          Object.assign(new EmbeddedStore(), {
            close: async () => {
              closed++;
            }
          })
      })
    );
    expect(out.doc.run.input).toMatchObject({ source: batch, parties: expect.any(Number) });
    expect(out.doc.run.input.parties).toBeGreaterThan(0);
    expect(closed).toBe(1);
  });

  it('reviews: acknowledge and dismiss through the action log; a dismissal survives later runs', async () => {
    const dir = dataDir();
    const first = done(await watch(dir, '2024-06-30'));
    const [one, two] = first.alerts;
    reviewAlert(dir, one!.id, 'acknowledge', { by: 'analyst-1' });
    const dismissed = reviewAlert(dir, two!.id, 'dismiss', { by: 'analyst-2', reason: 'known family garage' });
    expect(dismissed).toMatchObject({ state: 'dismissed', dismissReason: 'known family garage', stateBy: 'analyst-2' });
    expect(() => reviewAlert(dir, two!.id, 'acknowledge')).toThrow(/cannot be acknowledged/);
    expect(() => reviewAlert(dir, 'A-nope', 'acknowledge')).toThrow(/no alert A-nope/);
    done(await watch(dir, '2025-12-31'));
    const view = new Map(listAlerts(dir).map((a) => [a.id, a]));
    expect(view.get(one!.id)!.state).toBe('acknowledged');
    expect(view.get(two!.id)!.state).toBe('dismissed');
    expect(listAlerts(dir, { state: 'dismissed' })).toHaveLength(1);
    // the dismissed ring is muted: nothing raised on it since
    expect(listAlerts(dir, { ringId: two!.ringId }).map((a) => a.id)).toEqual([two!.id]);
  });

  it('a run killed mid-way leaves the last good run and its alerts intact; the next run recovers the stale lock', async () => {
    const dir = dataDir();
    const good = done(
      await runMonitor({ dataDir: dir, input: batch, asOf: '2024-06-30', store: () => new EmbeddedStore() })
    );
    const stateBefore = readFileSync(monitorPaths(dir).state, 'utf8');
    const marker = join(work, `marker-${Date.now()}`);
    const held = await holdInChild(['run', dir, marker, batch, '2024-12-31'], marker);
    const busy = await watch(dir, '2024-12-31');
    expect(busy).toMatchObject({ status: 'busy', reason: 'held', holder: { pid: held.pid } });
    await held.kill();

    expect(readFileSync(monitorPaths(dir).state, 'utf8')).toBe(stateBefore);
    expect(JSON.parse(readFileSync(monitorPaths(dir).lock, 'utf8')).pid).toBe(held.pid); // left behind by the killed run
    expect(
      listAlerts(dir)
        .map((a) => a.id)
        .sort()
    ).toEqual(good.alerts.map((a) => a.id).sort());

    const next = done(
      await runMonitor({ dataDir: dir, input: batch, asOf: '2024-12-31', store: () => new EmbeddedStore() })
    );
    expect(next.doc.run.monitor.previousRunId).toBe(good.run.id);
    expect(readState(dir).runs.map((r) => r.id)).toEqual([good.run.id, next.run.id]);
    expect(existsSync(monitorPaths(dir).lock)).toBe(false);
  }, 120_000); // a child process that loads the batch itself

  it('keeps a failing webhook delivery, shows it, and delivers it on a later run', async () => {
    let up = false;
    const hits: string[] = [];
    const server: Server = createServer((req, res) => {
      req.resume();
      hits.push(String(req.headers['x-ringsight-alert']));
      res.writeHead(up ? 200 : 503).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const webhook = {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        retries: 1,
        backoffMs: 1,
        jitter: 0
      };
      const dir = dataDir();
      const out = done(await watch(dir, '2024-06-30', { webhook }));
      expect(out.delivery).toMatchObject({ delivered: 0, failed: 1, deferred: out.alerts.length - 1 });
      expect(listAlerts(dir, { deliveryFailed: true })).toHaveLength(1);
      expect(listAlerts(dir, { deliveryFailed: true })[0]!.delivery).toMatchObject({
        attempts: 2,
        lastError: expect.stringMatching(/^HTTP 503 from/)
      });
      up = true;
      const again = await watch(dir, '2024-06-30', { webhook }); // same data: no new run, but deliveries resume
      expect(again).toMatchObject({
        status: 'unchanged',
        delivery: { delivered: out.alerts.length, failed: 0 },
        pendingDeliveries: 0
      });
      expect(listAlerts(dir).every((a) => a.delivery?.status === 'delivered')).toBe(true);
      expect(new Set(hits)).toEqual(new Set(out.alerts.map((a) => a.id)));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('overlapping schedule ticks do not run twice', async () => {
    const dir = dataDir();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started = 0;
    const results: WatchOutcome[] = [];
    const handle = startSchedule({
      cron: '* * * * * *',
      dataDir: dir,
      store,
      asOf: '2024-06-30', // every second
      onStage: async (stage) => {
        if (stage === 'projection') {
          started++;
          await gate;
        }
      },
      onResult: (o) => results.push(o)
    });
    try {
      const deadline = Date.now() + 10_000;
      while (started === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(started).toBe(1);
      expect(await handle.runNow()).toMatchObject({ status: 'busy', reason: 'in_process' });
      await new Promise((r) => setTimeout(r, 2200)); // two more ticks while the first run is held
      expect(started).toBe(1);
      release();
    } finally {
      await handle.stop();
    }
    expect(started).toBe(1);
    expect(results.filter((o) => o.status === 'done')).toHaveLength(1);
    expect(readState(dir).runs).toHaveLength(1);
  });
});

describe('monitor repository', () => {
  it('tells a missing state (start afresh) from a damaged one (stop)', () => {
    const dir = dataDir();
    const repo = new MonitorRepository(dir);
    expect(repo.loadState()).toEqual({ version: 1, lastRun: null, runs: [], alerts: [] });
    repo.saveState({ version: 1, lastRun: null, runs: [], alerts: [] });
    writeFileSync(repo.paths.state, '{"version":1,');
    expect(() => repo.loadState()).toThrow(/^ringsight\/monitor\/fs: .*not valid JSON/);
  });
});
