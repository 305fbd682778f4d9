/**
 * ringsight/api/plugins/monitor
 * =============================
 *
 * Monitoring in the server. Decorates the app with `monitoring` — the data
 * directory whose `monitor/` holds the alerts the alert routes serve (null:
 * monitoring is off) — and, with a `schedule`, runs monitoring on a cron
 * (monitor/schedule.ts) against the app's store: started once the app is
 * ready, stopped on close after any run in flight has finished (before the
 * queue and the store close). A scheduled run's result is served at once.
 *
 * API runs are monitoring runs too (plugins/jobs.ts); all of them share the
 * monitor's run lock with `ringsight watch` on the same data directory, so
 * runs never overlap. Logs carry ids and counts only, never personal data.
 */
import type { DetectParams } from '../../engine/detect/index.js';
import type { MonitorOptions } from '../../engine/monitor/index.js';
import { startSchedule, validateCron, type ScheduleHandle, type WatchOutcome } from '../../monitor/index.js';
import type { WebhookOptions } from '../../monitor/webhook.js';
import type { DetectRunner } from '../data/jobs.js';
import { scrubText } from '../errors.js';
import { expose } from './expose.js';

export interface ScheduleSettings {
  /** 5 or 6 fields (seconds first when 6), e.g. `0 2 * * *`. */
  cron: string;
  timezone: string;
  /** Also told of each scheduled run (after the app has taken it in). */
  onResult?: (outcome: WatchOutcome) => void;
  onError?: (err: unknown) => void;
}

export interface MonitoringSettings {
  /** Alerts raised by any run — API or scheduled — are POSTed here (secret: RINGSIGHT_WEBHOOK_SECRET in serve). */
  webhook: (Partial<WebhookOptions> & { url: string }) | null;
  /** Matching and alert thresholds (engine/monitor). */
  thresholds: Partial<MonitorOptions>;
  /** The built-in schedule (`serve --schedule`); null: none. */
  schedule: ScheduleSettings | null;
  /** How long an API run waits for another monitoring run holding the lock before it fails. */
  busyWaitMs: number;
}

export const MONITORING_DEFAULTS: MonitoringSettings = {
  webhook: null,
  thresholds: {},
  schedule: null,
  busyWaitMs: 10 * 60_000
};

export interface Monitoring {
  /** The data directory whose `monitor/` holds runs and alerts; null: monitoring is off. */
  dataDir: string | null;
  /** The running schedule (null without one, and until the app is ready). */
  schedule: ScheduleHandle | null;
}

export interface MonitorPluginOptions extends Record<string, unknown> {
  dataDir: string | null;
  settings: MonitoringSettings;
  detect: DetectRunner;
  defaults: Partial<DetectParams>;
}

export class MonitorConfigError extends Error {
  constructor(message: string) {
    super(`ringsight/api/monitor: ${message}`);
  }
}

export const monitorPlugin = expose<MonitorPluginOptions>('ringsight-monitor', async (app, opts) => {
  const monitoring: Monitoring = { dataDir: opts.dataDir, schedule: null };
  app.decorate('monitoring', monitoring);
  const schedule = opts.settings.schedule;
  if (!schedule) return;
  const dataDir = opts.dataDir;
  if (dataDir === null) throw new MonitorConfigError('a monitoring schedule needs a data directory');
  const { asOf, ...params } = opts.defaults;
  if (asOf) throw new MonitorConfigError('a schedule monitors the data as it grows; it cannot run with a fixed asOf');
  validateCron(schedule.cron, schedule.timezone); // a bad expression fails the build, not the first tick

  const taken = (outcome: WatchOutcome): void => {
    if (outcome.status === 'done') {
      app.catalog.adopt(outcome.doc, null);
      app.log.info(
        {
          run: outcome.run.id,
          rings: outcome.run.rings,
          flagged: outcome.run.flagged,
          statuses: outcome.run.counts,
          alerts: outcome.alerts.length
        },
        'scheduled monitoring run done'
      );
    } else if (outcome.status === 'unchanged') {
      app.log.info({ run: outcome.lastRunId }, 'scheduled monitoring run: data and parameters unchanged, no new run');
    } else {
      app.log.info({ reason: outcome.reason }, 'scheduled monitoring run skipped: another run holds the lock');
    }
    schedule.onResult?.(outcome);
  };
  const failed = (err: unknown): void => {
    // The message only: monitoring errors name files and ids; scrubbed all the same.
    app.log.error(
      { error: scrubText(err instanceof Error ? err.message.split('\n')[0]! : String(err)) },
      'scheduled monitoring run failed; previous state kept'
    );
    schedule.onError?.(err);
  };

  app.addHook('onReady', async () => {
    monitoring.schedule = startSchedule({
      cron: schedule.cron,
      timezone: schedule.timezone,
      store: app.store,
      dataDir,
      params,
      monitor: opts.settings.thresholds,
      webhook: opts.settings.webhook,
      detect: opts.detect,
      onResult: taken,
      onError: failed
    });
    app.log.info(
      { cron: schedule.cron, timezone: schedule.timezone, next: monitoring.schedule.nextRun()?.toISOString() ?? null },
      'monitoring schedule started'
    );
  });
  // Registered after the jobs plugin and the store: runs before they close.
  app.addHook('onClose', async () => {
    const running = monitoring.schedule;
    monitoring.schedule = null;
    await running?.stop();
  });
});
