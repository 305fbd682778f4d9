/**
 * ringsight/cli/commands/watch
 * ============================
 *
 * `ringsight watch --once --input DIR [--data .ringsight] [--as-of D]`: one
 * monitoring run, for the system's cron — load the batch into the embedded
 * store (or use Neo4j with --neo4j), detect, match against the last run in
 * --data, raise alerts, optionally deliver them to a webhook. `--cron EXPR`
 * instead runs the same on a schedule in the foreground until SIGINT/SIGTERM.
 *
 * Exit codes: 0 run done, nothing to do (unchanged) or skipped because
 * another run holds the lock; 2 bad usage or bad input; 1 anything else.
 * The webhook secret is read from RINGSIGHT_WEBHOOK_SECRET only — a flag
 * would show in `ps`.
 */
import { resolve } from 'node:path';
import { formatProblem } from '../../engine/validate/problems.js';
import { isDate } from '../../engine/monitor/calendar.js';
import type { Alert } from '../../engine/monitor/types.js';
import { startSchedule, validateCron } from '../../monitor/schedule.js';
import { WatchInputError } from '../../monitor/source.js';
import { DEFAULT_DATA_DIR } from '../../monitor/state.js';
import { runMonitor, type StoreSource, type WatchOptions, type WatchOutcome } from '../../monitor/watch.js';
import { safeTarget } from '../../monitor/webhook.js';
import { EmbeddedStore } from '../../store/embedded.js';
import type { RingStore } from '../../store/types.js';
import { CliError, intFlag, numberFlag, parseFlags } from '../args.js';
import { createProgress, formatCount } from '../progress.js';
import { detectFlags, detectParamsFromFlags } from '../detect-flags.js';

const FLAGS = {
  once: { type: 'boolean' },
  cron: { type: 'string' },
  timezone: { type: 'string' },
  input: { type: 'string' },
  'allow-partial': { type: 'boolean' },
  data: { type: 'string' },
  ...detectFlags('as-of'),
  neo4j: { type: 'boolean' },
  webhook: { type: 'string' },
  'webhook-retries': { type: 'string' },
  growth: { type: 'string' },
  force: { type: 'boolean' },
  ...detectFlags('seed', 'resolution', 'threshold', 'min-score'),
  json: { type: 'boolean' },
  quiet: { type: 'boolean' }
} as const;

export const WATCH_USAGE = `ringsight watch --once (--input DIR | --neo4j) [--data .ringsight] [--as-of YYYY-MM-DD] [--force]
                [--webhook URL] [--webhook-retries 4] [--growth 0.25] [--json] [--quiet]
                [--seed N] [--threshold 50] [--min-score 20] [--resolution 2] [--allow-partial]
ringsight watch --cron "0 2 * * *" [--timezone Asia/Shanghai] (--input DIR | --neo4j) ...   (foreground schedule)
webhook: --webhook or RINGSIGHT_WEBHOOK_URL; signing secret in RINGSIGHT_WEBHOOK_SECRET`;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>;

export interface WatchDeps {
  /** Opens the Neo4j store for --neo4j (cli/commands.ts passes openNeo4jStoreFromEnv; tests their own). */
  neo4jStore?: (() => Promise<RingStore>) | null;
  stdout?: NodeJS.WritableStream;
}

function storeSource(flags: Flags, deps: WatchDeps): StoreSource {
  if (flags.neo4j) {
    const factory = deps.neo4jStore;
    if (!factory)
      throw new CliError('ringsight watch: --neo4j needs a Neo4j store (createWatchCommand was given no neo4jStore)');
    return factory;
  }
  if (!flags.input)
    throw new CliError('ringsight watch: the embedded store starts empty: --input DIR is required (or --neo4j)');
  // A fresh store per run: the batch directory is the source of truth, re-read each time.
  return () => new EmbeddedStore();
}

export function watchOptionsFromFlags(flags: Flags, deps: WatchDeps = {}): Partial<WatchOptions> {
  // Date.parse rolls 2024-02-30 over to March; a replay date must be a real day.
  if (flags['as-of'] !== undefined && !isDate(flags['as-of']))
    throw new CliError(`ringsight watch: --as-of must be a date YYYY-MM-DD, got "${flags['as-of']}"`);
  const params = detectParamsFromFlags('watch', flags);
  const growth = numberFlag('watch', 'growth', flags.growth);
  if (growth !== undefined && growth < 0)
    throw new CliError(`ringsight watch: --growth must be a share ≥ 0, got ${growth}`);
  const url = flags.webhook ?? process.env.RINGSIGHT_WEBHOOK_URL ?? null;
  const { asOf = null, ...detect } = params;
  return {
    dataDir: resolve(flags.data ?? DEFAULT_DATA_DIR),
    store: storeSource(flags, deps),
    input: flags.input ? resolve(flags.input) : null,
    allowPartial: flags['allow-partial'] ?? false,
    asOf,
    params: detect,
    monitor: growth === undefined ? {} : { alerts: { growthShare: growth } },
    webhook: url
      ? {
          url,
          retries: intFlag('watch', 'webhook-retries', flags['webhook-retries'], 4, 0),
          secret: process.env.RINGSIGHT_WEBHOOK_SECRET || null
        }
      : null,
    force: flags.force ?? false
  };
}

function alertLine(a: Alert): string {
  return `  ${a.id}  ${a.kind.padEnd(14)} ring ${a.ringId}  score ${a.score}  ${a.claims} claims  ${a.category}  — ${a.reasons.map((r) => r.detail).join('; ')}`;
}

export function formatOutcome(outcome: WatchOutcome): string {
  if (outcome.status === 'busy') {
    const who = outcome.holder
      ? `process ${outcome.holder.pid} on ${outcome.holder.host} since ${outcome.holder.startedAt}`
      : 'another run';
    return `skipped: a monitoring run is already in progress (${who})\n`;
  }
  const deliveryLine = (o: Extract<WatchOutcome, { status: 'done' | 'unchanged' }>): string[] =>
    o.delivery
      ? [
          `webhook: ${o.delivery.delivered} delivered, ${o.delivery.failed} failed, ${o.delivery.deferred} deferred` +
            (o.delivery.lastError ? ` (last error: ${o.delivery.lastError})` : '') +
            (o.pendingDeliveries ? `; ${o.pendingDeliveries} not yet delivered` : '')
        ]
      : o.pendingDeliveries
        ? [`webhook: ${o.pendingDeliveries} alerts not yet delivered (no webhook configured for this run)`]
        : [];
  if (outcome.status === 'unchanged')
    return (
      [`unchanged: same data and parameters as run ${outcome.lastRunId}; no new run`, ...deliveryLine(outcome)].join(
        '\n'
      ) + '\n'
    );
  const { run, alerts } = outcome;
  const c = run.counts;
  return (
    [
      `run ${run.id}${run.asOf ? ` as of ${run.asOf}` : ''}: ${formatCount(run.claims)} claims, ${formatCount(run.rings)} rings (${formatCount(run.flagged)} flagged)`,
      `  new ${c.new}, growing ${c.growing}, stable ${c.stable}, shrinking ${c.shrinking}, merged ${c.merged}, split ${c.split}, dissolved ${c.dissolved}`,
      `alerts: ${alerts.length} raised`,
      ...alerts.map(alertLine),
      ...deliveryLine(outcome)
    ].join('\n') + '\n'
  );
}

function cliErrorFrom(err: unknown): unknown {
  if (err instanceof WatchInputError) {
    for (const p of err.validation.problems.filter((x) => x.severity === 'error').slice(0, 20))
      process.stderr.write(formatProblem(p) + '\n');
    return new CliError(
      `ringsight watch: ${err.input} has ${formatCount(err.validation.errors)} errors; nothing was loaded or changed ` +
        '(--allow-partial loads the valid claims)'
    );
  }
  return err; // WatchError, WebhookError, ScheduleError: RingsightErrors, mapped by cli/main.ts
}

async function runSchedule(
  flags: Flags,
  options: Partial<WatchOptions>,
  out: NodeJS.WritableStream,
  progress: ReturnType<typeof createProgress>
): Promise<number> {
  const timezone = flags.timezone ?? 'Asia/Shanghai';
  const cron = flags.cron!;
  try {
    validateCron(cron, timezone);
  } catch (err) {
    throw cliErrorFrom(err);
  }
  const handle = startSchedule({
    ...options,
    cron,
    timezone,
    onResult: (outcome) => {
      out.write(flags.json ? JSON.stringify(outcomeJson(outcome)) + '\n' : formatOutcome(outcome));
    },
    onError: (err) => {
      process.stderr.write(`ringsight watch: run failed, previous state kept: ${(err as Error).message}\n`);
    }
  });
  progress.stage(
    'schedule',
    `"${cron}" (${timezone}); next run ${handle.nextRun()?.toISOString() ?? 'never'}` +
      (options.webhook ? `; webhook ${safeTarget(options.webhook.url)}` : '')
  );
  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      progress.stage('schedule', 'stopping: waiting for a run in flight');
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await handle.stop();
  return 0;
}

function outcomeJson(outcome: WatchOutcome): unknown {
  if (outcome.status !== 'done') return outcome;
  const { doc: _doc, ...rest } = outcome;
  return rest;
}

export function createWatchCommand(deps: WatchDeps = {}): (args: string[]) => Promise<number> {
  return async (args) => {
    const flags = parseFlags('watch', args, FLAGS);
    if (!!flags.once === (flags.cron !== undefined))
      throw new CliError(`ringsight watch: give exactly one of --once or --cron EXPR\n${WATCH_USAGE}`);
    if (flags.cron !== undefined && flags['as-of'])
      throw new CliError('ringsight watch: --as-of replays one date; it cannot be combined with --cron');
    const out = deps.stdout ?? process.stdout;
    const progress = createProgress({ quiet: flags.quiet ?? false });
    const options: Partial<WatchOptions> = {
      ...watchOptionsFromFlags(flags, deps),
      onStage: (stage, detail, ms) => progress.stage(stage, detail, ms)
    };
    if (flags.cron !== undefined) return runSchedule(flags, options, out, progress);
    let outcome: WatchOutcome;
    try {
      outcome = await runMonitor(options);
    } catch (err) {
      throw cliErrorFrom(err);
    } finally {
      progress.done();
    }
    out.write(flags.json ? JSON.stringify(outcomeJson(outcome), null, 1) + '\n' : formatOutcome(outcome));
    return 0;
  };
}

export const watchCommand = createWatchCommand();
