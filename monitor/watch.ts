/**
 * ringsight/monitor/watch
 * =======================
 *
 * One monitoring run, end to end: take the run lock, load the previous state,
 * (load a batch,) project the book as of a date, detect, match against the
 * previous run, derive alerts, save the run and commit the state, deliver
 * webhooks. `watch --once`, the `serve` schedule and the API can all call
 * `runMonitor`.
 *
 * Crash safety: nothing is written before detection and matching are done;
 * the run goes to the store and to `runs/<id>.json` first, and the atomic
 * rename of `state.json` is the commit. A run killed at any point leaves the
 * last committed run and its alerts as they were; its lock file names a dead
 * pid, which the next run recognises as stale and takes over.
 */
import {
  detectRings,
  mergeParams,
  type DetectHooks,
  type DetectParams,
  type DetectResult
} from '../engine/detect/index.js';
import type { ClaimsBook } from '../engine/model.js';
import { monitorRun, paramsDigest, trackedFromRun, type MonitorOptions } from '../engine/monitor/index.js';
import type { Alert, AlertDelivery, MonitoredRunDocument, MonitorState, RunMonitor } from '../engine/monitor/types.js';
import { buildRun } from '../engine/run.js';
import type { RingStore } from '../store/types.js';
import { acquireLock, type LockInfo, type LockOptions } from './lock.js';
import { dataVersion, loadBatch, runInput, type LoadedBatch } from './source.js';
import { DEFAULT_DATA_DIR, MonitorRepository } from './state.js';
import { deliverPending, mergeWebhookOptions, type DeliveryReport, type WebhookOptions } from './webhook.js';
import { EXIT, RingsightError } from '../engine/errors.js';

export type DetectRunner = (
  book: ClaimsBook,
  params: Partial<DetectParams>,
  hooks: DetectHooks
) => DetectResult | Promise<DetectResult>;
export type StoreSource = RingStore | (() => RingStore | Promise<RingStore>);
export type StageListener = (stage: string, detail: string, ms?: number) => void | Promise<void>;

export interface WatchOptions {
  dataDir: string;
  /** The store, or a factory for one; a store the factory made is closed after the run. */
  store: StoreSource | null;
  /** A batch directory to load first (a fresh embedded store has no data otherwise). */
  input: string | null;
  allowPartial: boolean;
  /** Detect on the data as it stood on this date (claims reported on or before it); null: all of it. */
  asOf: string | null;
  params: Partial<DetectParams>;
  monitor: Partial<MonitorOptions>;
  webhook: (Partial<WebhookOptions> & { url: string }) | null;
  /** Run even if data and parameters equal the last run's, or the as-of date goes back in time. */
  force: boolean;
  lock: Partial<LockOptions>;
  detect: DetectRunner;
  clock: () => Date;
  /** Progress; awaited, so a caller can hold a run at a stage. Never given personal data. */
  onStage: StageListener;
}

export const DEFAULTS: WatchOptions = {
  dataDir: DEFAULT_DATA_DIR,
  store: null,
  input: null,
  allowPartial: false,
  asOf: null,
  params: {},
  monitor: {},
  webhook: null,
  force: false,
  lock: {},
  detect: (book, params, hooks) => detectRings(book, params, hooks),
  clock: () => new Date(),
  onStage: () => undefined
};

export interface RunSummaryOut {
  id: string;
  asOf: string | null;
  claims: number;
  rings: number;
  flagged: number;
  counts: RunMonitor['counts'];
  dissolved: number;
}

export type WatchOutcome =
  | { status: 'busy'; reason: 'in_process' | 'held'; holder: LockInfo | null }
  | { status: 'unchanged'; lastRunId: string; delivery: DeliveryReport | null; pendingDeliveries: number }
  | {
      status: 'done';
      run: RunSummaryOut;
      alerts: Alert[];
      doc: MonitoredRunDocument;
      delivery: DeliveryReport | null;
      pendingDeliveries: number;
    };

export class WatchError extends RingsightError {
  constructor(message: string) {
    super('bad_watch', `ringsight/monitor: ${message}`, EXIT.usage);
  }
}

function asOfDay(asOf: string | null, at: string): string {
  return asOf ?? at.slice(0, 10);
}

async function previousRun(
  repo: MonitorRepository,
  store: RingStore,
  state: MonitorState
): Promise<MonitoredRunDocument | null> {
  if (!state.lastRun) return null;
  const id = state.lastRun.id;
  const doc = repo.loadRun(id) ?? (await store.getRun(id));
  if (!doc) {
    throw new WatchError(
      `the last monitored run ${id} is in ${repo.paths.state} but neither in ${repo.paths.runs} nor in the store; ` +
        'restore it, or start monitoring afresh with another --data directory'
    );
  }
  return doc as MonitoredRunDocument;
}

/** Delivers what is pending, persisting each outcome at once so a crash mid-round loses none. */
async function deliver(
  repo: MonitorRepository,
  state: MonitorState,
  options: WatchOptions
): Promise<{ state: MonitorState; report: DeliveryReport | null; pending: number }> {
  const pendingOf = (s: MonitorState): number =>
    s.alerts.filter((a) => a.delivery && a.delivery.status !== 'delivered').length;
  if (!options.webhook || pendingOf(state) === 0) return { state, report: null, pending: pendingOf(state) };
  let current = state;
  const t0 = performance.now();
  const report = await deliverPending(current.alerts, options.webhook, (id: string, delivery: AlertDelivery) => {
    current = { ...current, alerts: current.alerts.map((a) => (a.id === id ? { ...a, delivery } : a)) };
    repo.saveState(current);
  });
  await options.onStage(
    'deliver',
    `${report.delivered} delivered, ${report.failed} failed, ${report.deferred} left pending` +
      (report.lastError ? ` (last error: ${report.lastError})` : ''),
    performance.now() - t0
  );
  return { state: current, report, pending: pendingOf(current) };
}

export async function runMonitor(options: Partial<WatchOptions> = {}): Promise<WatchOutcome> {
  const opts: WatchOptions = { ...DEFAULTS, ...options };
  if (opts.webhook) opts.webhook = mergeWebhookOptions(opts.webhook); // a bad URL fails before any work
  const repo = new MonitorRepository(opts.dataDir);
  const attempt = acquireLock(repo.paths.lock, opts.lock);
  if (!attempt.acquired) {
    const who = attempt.holder ? `process ${attempt.holder.pid} since ${attempt.holder.startedAt}` : 'another run';
    await opts.onStage('busy', `a monitoring run is already in progress (${who}); skipped`);
    return { status: 'busy', reason: attempt.reason, holder: attempt.holder };
  }
  let store: RingStore | null = null;
  let ownStore = false;
  try {
    const state = repo.loadState();
    const actions = repo.readActions();
    if (!opts.store) throw new WatchError('no store: pass a RingStore or a factory');
    ownStore = typeof opts.store === 'function';
    store = typeof opts.store === 'function' ? await opts.store() : opts.store;
    const startedAt = opts.clock();

    let loaded: LoadedBatch | null = null;
    if (opts.input) {
      const t = performance.now();
      loaded = await loadBatch(store, opts.input, { allowPartial: opts.allowPartial, loadedAt: startedAt });
      await opts.onStage(
        'ingest',
        `${loaded.claims} claims read, ${loaded.added} added, ${loaded.updated} updated`,
        performance.now() - t
      );
    }

    const t1 = performance.now();
    const book = await store.projection({ asOf: opts.asOf });
    const version = dataVersion(book);
    await opts.onStage(
      'projection',
      `${book.claims.length} claims${opts.asOf ? ` reported on or before ${opts.asOf}` : ''}`,
      performance.now() - t1
    );

    const params = mergeParams({ ...opts.params, asOf: opts.asOf });
    const last = state.lastRun;
    if (last && !opts.force) {
      const before = asOfDay(last.asOf, last.finishedAt);
      const now = asOfDay(opts.asOf, startedAt.toISOString());
      if (now < before) {
        throw new WatchError(
          `as-of ${now} is before the last run's ${before}: monitoring moves forward in time ` +
            '(replay history into another --data directory, or pass --force)'
        );
      }
      if (last.dataVersion === version && last.paramsDigest === paramsDigest(params)) {
        await opts.onStage(
          'unchanged',
          `same data and parameters as run ${last.id}; no new run (use --force to run anyway)`
        );
        const delivered = await deliver(repo, state, opts);
        return {
          status: 'unchanged',
          lastRunId: last.id,
          delivery: delivered.report,
          pendingDeliveries: delivered.pending
        };
      }
    }

    const result = await opts.detect(book, params, {
      onStage: (stage, ms, info) => {
        void opts.onStage(
          stage,
          Object.entries(info)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
          ms
        );
      }
    });
    const doc = buildRun(result, runInput(book, opts.input ?? store.kind, loaded, version), startedAt, opts.clock());
    // Run ids are stamped to the second: a forced rerun within the same second would repeat one.
    const taken = new Set(state.runs.map((r) => r.id));
    for (let n = 2, base = doc.run.id; taken.has(doc.run.id); n++) doc.run.id = `${base}-${n}`;
    const prev = await previousRun(repo, store, state);
    const t2 = performance.now();
    const monitored = monitorRun(
      {
        state,
        previousRings: prev ? trackedFromRun(prev) : [],
        doc,
        actions,
        dataVersion: version,
        deliver: opts.webhook !== null
      },
      opts.monitor
    );
    const c = monitored.entry.counts;
    await opts.onStage(
      'match',
      `${c.new} new, ${c.growing} growing, ${c.stable} stable, ${c.shrinking} shrinking, ` +
        `${c.merged} merged, ${c.split} split, ${c.dissolved} dissolved; ${monitored.alerts.length} alerts`,
      performance.now() - t2
    );

    const t3 = performance.now();
    await store.saveRun(monitored.doc);
    repo.saveRun(monitored.doc);
    repo.saveState(monitored.state);
    await opts.onStage(
      'commit',
      `run ${doc.run.id} saved; state committed to ${repo.paths.state}`,
      performance.now() - t3
    );

    const delivered = await deliver(repo, monitored.state, opts);
    return {
      status: 'done',
      run: {
        id: doc.run.id,
        asOf: opts.asOf,
        claims: book.claims.length,
        rings: monitored.entry.rings,
        flagged: monitored.entry.flagged,
        counts: c,
        dissolved: c.dissolved
      },
      alerts: monitored.alerts.map((a) => delivered.state.alerts.find((s) => s.id === a.id) ?? a),
      doc: monitored.doc,
      delivery: delivered.report,
      pendingDeliveries: delivered.pending
    };
  } finally {
    attempt.lock.release();
    if (ownStore && store) await store.close();
  }
}
