/**
 * API tests: detection runs go through monitoring — ring statuses, history
 * and alerts from API runs, a ring growing after more claims are uploaded,
 * unchanged data, the shared run lock, webhook delivery — and the built-in
 * schedule, in process and as `ringsight serve --schedule`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import type { DetectRunner } from '../../api/data/jobs.js';
import { monitoringFromFlags } from '../../cli/commands/serve.js';
import { detectRings } from '../../engine/detect/index.js';
import { acquireLock } from '../../monitor/lock.js';
import { monitorPaths, type WatchOutcome } from '../../monitor/index.js';
import { claim, csv, residentId, writeBatch } from '../helpers/batch.js';
import {
  as,
  BANK_A,
  loadAndDetect,
  makeApp,
  PEOPLE,
  PHONE_A,
  runAndWait,
  sampleFiles,
  SHOP,
  STORE
} from './helpers.js';

/** Two more claims of ring A's people, phone, account and body shop: ring A grows from 5 to 7 claims. */
function moreClaimsOfRingA(): Record<string, string> {
  const newcomer = residentId('360102', '1993-11-11', 77);
  return {
    'claims.csv': csv([
      claim('A6', {
        insurer: 'PICC',
        region_code: '360102',
        accident_date: '2024-03-12',
        report_date: '2024-03-13',
        policy_start: '2024-03-01',
        claimed_amount: '51000'
      }),
      claim('A7', {
        insurer: 'PINGAN',
        region_code: '360702',
        accident_date: '2024-03-22',
        report_date: '2024-03-23',
        policy_start: '2024-03-10',
        claimed_amount: '47000'
      })
    ]),
    'parties.csv': csv([
      { claim_id: 'A6', role: 'driver', id_number: PEOPLE.org, name: '张伟', phone: PHONE_A, bank_account: BANK_A },
      { claim_id: 'A6', role: 'injured', id_number: newcomer, name: '赵敏', phone: PHONE_A, bank_account: '' },
      { claim_id: 'A7', role: 'driver', id_number: PEOPLE.a2, name: '李娜', phone: PHONE_A, bank_account: BANK_A },
      { claim_id: 'A7', role: 'claimant', id_number: PEOPLE.org, name: '张伟', phone: '', bank_account: '' }
    ]),
    'providers.csv': csv(
      ['A6', 'A7'].map((id) => ({
        claim_id: id,
        kind: 'repair_shop',
        org_code: SHOP,
        name: '南昌顺达汽修',
        region_code: '360102'
      }))
    )
  };
}

const lastJob = (app: App) => app.jobs.list()[0]!;
const get = async (app: App, url: string, who: Parameters<typeof as>[0] = 'analyst') =>
  (await app.inject({ url, headers: as(who) })).json();

describe('API runs are monitoring runs', () => {
  it("gives the first run's rings status new, history and alerts", async () => {
    const app = await makeApp();
    try {
      const runId = await loadAndDetect(app);
      expect(lastJob(app).summary).toMatchObject({
        runId,
        rings: 2,
        flagged: 1,
        alerts: 1,
        statuses: { new: 2, growing: 0, dissolved: 0 }
      });
      const rings = await get(app, '/api/rings');
      expect(rings.items.map((r: { status: string }) => r.status)).toEqual(['new', 'new']);
      const detail = await get(app, `/api/rings/${rings.items[0].id}`);
      expect(detail).toMatchObject({ status: 'new', firstSeen: { run: runId, asOf: null } });
      expect(detail.history).toEqual([expect.objectContaining({ run: runId, claims: 5, flagged: true })]);
      expect((await get(app, '/api/alerts')).items).toEqual([
        expect.objectContaining({ ringId: rings.items[0].id, runId, kind: 'new_ring' })
      ]);
      const state = JSON.parse(readFileSync(monitorPaths(app.monitoring.dataDir!).state, 'utf8'));
      expect(state.lastRun.id).toBe(runId);
    } finally {
      await app.close();
    }
  });

  it('shows a ring growing after more claims are uploaded, under the same id, with a growth alert', async () => {
    const app = await makeApp();
    try {
      const first = await loadAndDetect(app);
      const before = (await get(app, '/api/rings?flagged=true')).items[0];
      const up = await app.inject({
        method: 'POST',
        url: '/api/batches',
        headers: as('analyst'),
        payload: { files: moreClaimsOfRingA() }
      });
      expect(up.statusCode).toBe(201);
      const second = await runAndWait(app);
      expect(second).not.toBe(first);
      expect(lastJob(app).summary).toMatchObject({
        runId: second,
        alerts: 1,
        statuses: { growing: 1, stable: 1, new: 0 }
      });

      const growing = await get(app, '/api/rings?status=growing');
      expect(growing.items.map((r: { id: string; claims: number }) => [r.id, r.claims])).toEqual([[before.id, 7]]);
      expect((await get(app, '/api/rings?status=stable')).total).toBe(1);
      // An insurer's list shows statuses too (ring A holds PICC claims).
      expect((await get(app, '/api/rings', 'picc')).items.map((r: { status: string }) => r.status)).toEqual([
        'growing'
      ]);
      // The previous run still reads as it was.
      expect((await get(app, `/api/rings?runId=${first}`)).items.map((r: { status: string }) => r.status)).toEqual([
        'new',
        'new'
      ]);
      const detail = await get(app, `/api/rings/${before.id}`);
      expect(detail.history.map((h: { run: string; claims: number }) => [h.run, h.claims])).toEqual([
        [first, 5],
        [second, 7]
      ]);
      expect(detail.firstSeen.run).toBe(first);

      const alerts = await get(app, `/api/alerts?runId=${second}`);
      expect(alerts.items).toHaveLength(1);
      expect(alerts.items[0]).toMatchObject({ ringId: before.id, kind: 'growth', ringStatus: 'growing', claims: 7 });
      expect(alerts.items[0].reasons[0]).toMatchObject({ kind: 'growth', from: 5, to: 7 });
      expect((await get(app, '/api/alerts')).summary.openByRing).toEqual({ [before.id]: 2 });
    } finally {
      await app.close();
    }
  });

  it('answers a run on unchanged data with the last run (unchanged), and runs anyway with force', async () => {
    const app = await makeApp();
    try {
      const first = await loadAndDetect(app);
      expect(await runAndWait(app)).toBe(first);
      expect(lastJob(app).summary).toMatchObject({ runId: first, unchanged: true, alerts: 0 });
      expect((await get(app, '/api/runs')).items.filter((r: { status: string }) => r.status === 'done')).toHaveLength(
        1
      );
      const forced = await runAndWait(app, { minScore: 0, force: true });
      expect(forced).not.toBe(first);
      expect(lastJob(app).summary).toMatchObject({ runId: forced, alerts: 0, statuses: { stable: 2, new: 0 } });
      expect((await get(app, '/api/rings')).items.map((r: { status: string }) => r.status)).toEqual([
        'stable',
        'stable'
      ]);
    } finally {
      await app.close();
    }
  });

  it('after a restart on a fresh store, serves the last monitored run when the data has not changed', async () => {
    const first = await makeApp();
    const dataDir = first.monitoring.dataDir!;
    const runId = await loadAndDetect(first);
    await first.close();
    const again = await makeApp({ dataDir });
    try {
      expect(await loadAndDetect(again)).toBe(runId);
      expect(lastJob(again).summary).toMatchObject({ runId, unchanged: true });
      const rings = await get(again, '/api/rings');
      expect([rings.runId, rings.total]).toEqual([runId, 2]);
      expect((await get(again, '/api/alerts')).total).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('refuses a run dated before the last one, as a failed job with the reason', async () => {
    const app = await makeApp();
    try {
      await loadAndDetect(app);
      await expect(runAndWait(app, { asOf: '2024-02-01' })).rejects.toThrow(
        /run failed: ringsight\/monitor: as-of 2024-02-01 is before the last run's/
      );
    } finally {
      await app.close();
    }
  });

  it('waits while another monitoring run holds the lock, and gives up after busyWaitMs', async () => {
    const app = await makeApp({ monitoring: { busyWaitMs: 30_000 } });
    const impatient = await makeApp({ monitoring: { busyWaitMs: 50 } });
    try {
      await app.inject({
        method: 'POST',
        url: '/api/batches',
        headers: as('analyst'),
        payload: { files: sampleFiles() }
      });
      const held = acquireLock(monitorPaths(app.monitoring.dataDir!).lock);
      if (!held.acquired) throw new Error('lock not acquired');
      const { id } = (
        await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload: { minScore: 0 } })
      ).json();
      await new Promise((r) => setTimeout(r, 300));
      expect(app.jobs.get(id)).toMatchObject({ status: 'running', stage: 'waiting' });
      held.lock.release();
      for (let i = 0; i < 300 && app.jobs.get(id)!.status === 'running'; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(app.jobs.get(id)).toMatchObject({ status: 'done', summary: { rings: 2, statuses: { new: 2 } } });

      const other = acquireLock(monitorPaths(impatient.monitoring.dataDir!).lock);
      if (!other.acquired) throw new Error('lock not acquired');
      try {
        await expect(runAndWait(impatient)).rejects.toThrow(/another monitoring run .* holds the run lock/);
      } finally {
        other.lock.release();
      }
    } finally {
      await app.close();
      await impatient.close();
    }
  });

  it('delivers the alerts of an API run to the webhook, signed; delivery is shown to the association only', async () => {
    const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => {
        body += d.toString();
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook?token=abc`;
    const app = await makeApp({ monitoring: { webhook: { url, secret: 'hook-secret', retries: 0 } } });
    try {
      await loadAndDetect(app);
      expect(received).toHaveLength(1);
      expect(received[0]!.headers['x-ringsight-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      for (const raw of Object.values(PEOPLE)) expect(received[0]!.body).not.toContain(raw);
      const alertId = JSON.parse(received[0]!.body).alert.id;
      expect((await get(app, `/api/alerts/${alertId}`)).delivery).toMatchObject({ status: 'delivered', attempts: 1 });
      expect((await get(app, `/api/alerts/${alertId}`, 'police')).delivery).toBeNull();
    } finally {
      await app.close();
      await new Promise((r) => hook.close(r));
    }
  });
});

/** A detection runner that signals each start and waits for release() before running the engine. */
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

describe('the monitoring schedule', () => {
  it("runs on the cron against the app's store, serves each run at once, and stops on close after the run in flight", async () => {
    const outcomes: WatchOutcome[] = [];
    const gated = gatedRunner();
    const app = await makeApp({
      detect: gated.detect,
      monitoring: { schedule: { cron: '* * * * * *', timezone: 'Asia/Shanghai', onResult: (o) => outcomes.push(o) } }
    });
    const dataDir = app.monitoring.dataDir!;
    expect(app.monitoring.schedule!.nextRun()).toBeInstanceOf(Date);
    await app.inject({
      method: 'POST',
      url: '/api/batches',
      headers: as('analyst'),
      payload: { files: sampleFiles() }
    });
    await gated.started;
    gated.release();
    const deadline = Date.now() + 15_000;
    while (!outcomes.some((o) => o.status === 'done' && o.run.rings > 0) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const done = outcomes.find(
      (o): o is Extract<WatchOutcome, { status: 'done' }> => o.status === 'done' && o.run.rings > 0
    )!;
    expect(done.run.counts.new).toBeGreaterThan(0);
    const rings = await get(app, '/api/rings');
    expect(rings.runId).toBe(done.run.id);
    expect(rings.items.every((r: { status: string }) => ['new', 'growing'].includes(r.status))).toBe(true);
    expect((await get(app, `/api/alerts?runId=${done.run.id}`)).total).toBeGreaterThan(0);
    await app.close();
    expect(app.monitoring.schedule).toBeNull();
    expect(existsSync(monitorPaths(dataDir).lock)).toBe(false);
    const settled = outcomes.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(outcomes).toHaveLength(settled); // no tick after close
  });

  it('waits for a scheduled run in flight before the store closes', async () => {
    const gated = gatedRunner();
    const outcomes: WatchOutcome[] = [];
    const app = await makeApp({
      detect: gated.detect,
      monitoring: { schedule: { cron: '* * * * * *', timezone: 'UTC', onResult: (o) => outcomes.push(o) } }
    });
    await gated.started;
    let closed = false;
    const closing = app.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    gated.release();
    await closing;
    expect(outcomes.map((o) => o.status)).toEqual(['done']);
  });

  it('refuses a schedule without a data directory, with a bad expression, or with a fixed as-of date', async () => {
    const schedule = { cron: '0 2 * * *', timezone: 'Asia/Shanghai' };
    await expect(makeApp({ dataDir: null, monitoring: { schedule } })).rejects.toThrow(
      /^ringsight\/api\/monitor: a monitoring schedule needs a data directory/
    );
    await expect(makeApp({ monitoring: { schedule: { ...schedule, cron: 'every night' } } })).rejects.toThrow(
      /invalid cron expression/
    );
    await expect(makeApp({ detectDefaults: { asOf: '2024-06-30' }, monitoring: { schedule } })).rejects.toThrow(
      /cannot run with a fixed asOf/
    );
  });
});

// Embedded store only: flag parsing involves no store, and the serve test runs `ringsight serve`
// in a child process that loads --input into its own embedded store.
describe.runIf(STORE === 'embedded')('ringsight serve --schedule', () => {
  type Flags = Parameters<typeof monitoringFromFlags>[0];
  const flags = (f: Record<string, unknown>) => f as Flags;

  it('checks the schedule and webhook flags before anything is loaded', () => {
    const say = (): void => undefined;
    expect(() => monitoringFromFlags(flags({ schedule: 'nightly' }), say)).toThrow(
      /^ringsight serve: .*invalid cron expression "nightly"/
    );
    expect(() => monitoringFromFlags(flags({ schedule: '0 2 * * *', 'as-of': '2024-01-01' }), say)).toThrow(
      /cannot be combined with --as-of/
    );
    expect(() => monitoringFromFlags(flags({ timezone: 'UTC' }), say)).toThrow(/--timezone only applies to --schedule/);
    expect(() => monitoringFromFlags(flags({ webhook: 'ftp://example.org/x' }), say)).toThrow(
      /^ringsight serve: .*must be http\(s\)/
    );
    process.env.RINGSIGHT_WEBHOOK_SECRET = 'from-env';
    try {
      const m = monitoringFromFlags(
        flags({ schedule: '0 2 * * *', webhook: 'https://hooks.example.org/ringsight' }),
        say
      );
      expect(m.webhook).toEqual({ url: 'https://hooks.example.org/ringsight', secret: 'from-env' });
      expect(m.schedule).toMatchObject({ cron: '0 2 * * *', timezone: 'Asia/Shanghai' });
    } finally {
      delete process.env.RINGSIGHT_WEBHOOK_SECRET;
    }
  });

  it('starts the schedule next to the --input run (whose rings are new), and stops cleanly on SIGTERM', async () => {
    const input = writeBatch(sampleFiles());
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dataDir = mkdtempSync(join(tmpdir(), 'ringsight-serve-schedule-'));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "import('./cli/commands/serve.ts').then((m) => m.serveCommand(process.argv.slice(1))).then((code) => { process.exitCode = code; })",
        '--',
        '--port',
        '0',
        '--input',
        input,
        '--data',
        dataDir,
        '--dev-token',
        '--log-level',
        'warn',
        '--viewer',
        join(dataDir, 'none'),
        '--schedule',
        '* * * * * *'
      ],
      {
        cwd: process.cwd(),
        env: { ...process.env, RINGSIGHT_TOKENS: '', RINGSIGHT_WEBHOOK_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe']
      }
    );
    let stderr = '';
    const waiting: Array<() => void> = [];
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      for (const w of waiting.splice(0)) w();
    });
    const seen = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = (): void => {
          const m = stderr.match(pattern);
          if (m) resolve(m);
          else if (child.exitCode !== null) reject(new Error(`serve exited early:\n${stderr}`));
          else waiting.push(check);
        };
        check();
      });
    try {
      await seen(/monitoring schedule "\* \* \* \* \* \*" \(Asia\/Shanghai\); next run \d{4}-/);
      const token = (await seen(/dev admin token \(this process only\): (\S+)/))[1]!;
      const url = (await seen(/listening on (http:\/\/\S+) /))[1]!;
      // serve's default minScore (20) reports ring A only.
      const runId = (await seen(/detection done: 1 rings, 1 flagged \(run (\S+)\); new 1, growing 0/))[1]!;
      // Same data and parameters on the next tick: nothing new to run.
      await seen(new RegExp(`scheduled monitoring unchanged since run ${runId}`));
      const rings = await (await fetch(`${url}/api/rings`, { headers: { authorization: `Bearer ${token}` } })).json();
      expect(rings.runId).toBe(runId);
      expect(rings.items.map((r: { status: string }) => r.status)).toEqual(['new']);
      const alerts = await (await fetch(`${url}/api/alerts`, { headers: { authorization: `Bearer ${token}` } })).json();
      expect(alerts.total).toBe(1);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(stderr).toContain('SIGTERM: closing (the schedule stops after any run in flight)');
    expect(stderr).not.toMatch(/failed/);
    expect(existsSync(monitorPaths(dataDir).lock)).toBe(false);
    expect(JSON.parse(readFileSync(monitorPaths(dataDir).state, 'utf8')).lastRun.id).toMatch(/^run-/);
  }, 120_000);
});
