/**
 * ringsight/api/data/run-executor
 * ===============================
 *
 * What a queued detection run (jobs.ts) actually does.
 *
 * - `monitoredExecutor` (the API with a data directory, i.e. `serve`): one
 *   monitoring run (monitor/watch.ts `runMonitor`) — detect, match against
 *   the last monitored run, save the run under stable ring ids with statuses
 *   and history, raise alerts, deliver them to the webhook. It shares the
 *   monitor's run lock with the `serve --schedule` ticks and with
 *   `ringsight watch`: while one of those holds it, the job waits (stage
 *   `waiting`) up to `busyWaitMs`. Same data and parameters as the last run:
 *   nothing new is saved and the job points at that run (`unchanged`),
 *   unless the request says `force`.
 * - `plainExecutor` (no data directory: tests, throw-away instances): the
 *   engine run as is, saved to the store, no monitoring state.
 */
import type { ModelParams } from '../../engine/calibrate/model.js';
import type { DetectParams } from '../../engine/detect/index.js';
import type { ClaimsBook } from '../../engine/model.js';
import type { MonitorOptions } from '../../engine/monitor/index.js';
import { buildRun, type RunDocument } from '../../engine/run.js';
import { MonitorRepository, runMonitor, type WatchOutcome } from '../../monitor/index.js';
import type { WebhookOptions } from '../../monitor/webhook.js';
import type { RingStore } from '../../store/types.js';
import type { DetectRunner, RunContext, RunExecutor, RunOutcome, RunRequest } from './jobs.js';

export class RunExecutorError extends Error {
  constructor(message: string) {
    super(`ringsight/api/jobs: ${message}`);
  }
}

export interface ExecutorDeps {
  store: RingStore;
  detect: DetectRunner;
  /** Parameters every run starts from; a request overrides seed, threshold, minScore, asOf, and the model's weights. */
  defaults: Partial<DetectParams>;
  /** The detection parameters of a kept model, by id; null when there is no such model. */
  model?: (id: string) => ModelParams | null;
}

export interface MonitoredDeps extends ExecutorDeps {
  dataDir: string;
  webhook: (Partial<WebhookOptions> & { url: string }) | null;
  thresholds: Partial<MonitorOptions>;
  busyWaitMs: number;
}

/** The detection parameters of a request, over the defaults (asOf included). */
export function paramsFor(
  defaults: Partial<DetectParams>,
  request: RunRequest,
  model: ExecutorDeps['model'] = () => null
): Partial<DetectParams> {
  const params: Partial<DetectParams> = { ...defaults };
  if (request.model !== undefined) {
    const m = model(request.model);
    // Checked when the run was queued; a model file removed since then fails the run, never silently scores without it.
    if (!m) throw new RunExecutorError(`no model ${request.model}`);
    Object.assign(params, m);
  }
  if (request.seed !== undefined) params.seed = request.seed;
  if (request.threshold !== undefined) params.flagThreshold = request.threshold;
  if (request.minScore !== undefined) params.reportMinScore = request.minScore;
  if (request.asOf !== undefined) params.asOf = request.asOf;
  return params;
}

type Stage = [stage: string, progress: number];

// The stage a job is in *after* an engine stage finishes, and how far along that is.
const AFTER_ENGINE: Record<string, Stage> = {
  index: ['graph', 0.25],
  graph: ['communities', 0.4],
  communities: ['scoring', 0.7],
  scoring: ['centrality', 0.85]
};
const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function plainExecutor(deps: ExecutorDeps): RunExecutor {
  return async (request, ctx) => {
    const startedAt = new Date();
    const params = paramsFor(deps.defaults, request, deps.model);
    const book = await deps.store.projection({ asOf: params.asOf ?? null });
    ctx.progress('index', 0.1);
    await nextTick();
    const result = await deps.detect(book, params, {
      onStage: (stage) => {
        const [next, progress] = AFTER_ENGINE[stage] ?? ['saving', 0.95];
        ctx.progress(next, progress);
      }
    });
    const doc = buildRun(
      result,
      {
        source: `api:${ctx.requestedBy}`,
        claims: book.claims.length,
        parties: book.links.filter((l) => l.type === 'person').length,
        vehicles: book.links.filter((l) => l.type === 'vehicle').length,
        providers: book.links.filter(
          (l) => l.type !== 'person' && l.type !== 'phone' && l.type !== 'bank_account' && l.type !== 'vehicle'
        ).length,
        watchlist: book.watchlist.length,
        rejectedClaims: 0,
        warnings: 0
      },
      startedAt,
      new Date()
    );
    ctx.progress('saving', 0.95);
    await deps.store.saveRun(doc);
    return { doc, book, unchanged: false, alerts: null };
  };
}

/** Waits `ms`, or less if the server shuts down. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The last monitored run, for an `unchanged` outcome: from the store, or —
 * after a restart on a fresh embedded store — from `<data>/monitor/runs`,
 * put back into the store so the API serves it.
 */
async function lastRun(deps: MonitoredDeps, id: string): Promise<RunDocument> {
  const stored = await deps.store.getRun(id);
  if (stored) return stored;
  const saved = new MonitorRepository(deps.dataDir).loadRun(id);
  if (!saved)
    throw new RunExecutorError(
      `the last monitored run ${id} is neither in the store nor under the data directory's monitor/runs`
    );
  await deps.store.saveRun(saved);
  return saved;
}

export function monitoredExecutor(deps: MonitoredDeps): RunExecutor {
  return async (request, ctx) => {
    const { asOf = null, ...params } = paramsFor(deps.defaults, request, deps.model);
    const seen: { book: ClaimsBook | null } = { book: null };
    const deadline = Date.now() + deps.busyWaitMs;
    let outcome: WatchOutcome;
    for (;;) {
      outcome = await runMonitor({
        store: deps.store,
        dataDir: deps.dataDir,
        asOf,
        params,
        monitor: deps.thresholds,
        webhook: deps.webhook,
        force: request.force ?? false,
        // The projection the run detects on: kept so the catalog can draw its rings without asking the store again.
        detect: (book, p, hooks) => {
          seen.book = book;
          return deps.detect(book, p, hooks);
        },
        onStage: (stage) => onStage(stage, ctx, deps.webhook !== null)
      });
      if (outcome.status !== 'busy') break;
      const left = deadline - Date.now();
      if (left <= 0 || ctx.signal.aborted) {
        throw new RunExecutorError(
          'another monitoring run (the schedule or `ringsight watch`) holds the run lock; try again when it has finished'
        );
      }
      ctx.progress('waiting', 0.02);
      await pause(Math.min(1000, left), ctx.signal);
    }
    return outcomeOf(outcome, seen.book, deps);
  };
}

async function outcomeOf(
  outcome: Exclude<WatchOutcome, { status: 'busy' }>,
  book: ClaimsBook | null,
  deps: MonitoredDeps
): Promise<RunOutcome> {
  if (outcome.status === 'unchanged')
    return { doc: await lastRun(deps, outcome.lastRunId), book: null, unchanged: true, alerts: 0 };
  return { doc: outcome.doc, book, unchanged: false, alerts: outcome.alerts.length };
}

function onStage(stage: string, ctx: RunContext, delivering: boolean): void {
  if (stage === 'projection') return ctx.progress('index', 0.1);
  if (stage === 'centrality') return ctx.progress('matching', 0.9);
  if (stage === 'match') return ctx.progress('saving', 0.95);
  if (stage === 'commit' && delivering) return ctx.progress('delivering', 0.97);
  const after = AFTER_ENGINE[stage];
  if (after) ctx.progress(after[0], after[1]);
}
