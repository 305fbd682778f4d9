/**
 * ringsight/monitor/schedule
 * ==========================
 *
 * The built-in schedule: a cron expression (croner) that runs `runMonitor`
 * on each tick, for `ringsight serve` and `ringsight watch --cron`. A tick
 * that finds a run still going is skipped — by croner's `protect`, and by
 * the run lock, which also keeps out a `watch --once` from the system's
 * cron. `stop()` stops ticking and waits for a run in flight.
 */
import { Cron } from 'croner';
import { runMonitor, type WatchOptions, type WatchOutcome } from './watch.js';
import { EXIT, RingsightError } from '../engine/errors.js';

export interface ScheduleOptions extends Partial<WatchOptions> {
  /** 5 or 6 fields (seconds first when 6), e.g. `0 2 * * *` for 02:00 daily. */
  cron: string;
  /** The schedule's clock; the claims come from Jiangxi, so China time by default. */
  timezone: string;
  /** Also run once right away. */
  runOnStart: boolean;
  onResult: (outcome: WatchOutcome) => void;
  /** A run that failed: the previous state stays; the next tick tries again. */
  onError: (err: unknown) => void;
}

export const DEFAULTS: Omit<ScheduleOptions, 'cron'> = {
  timezone: 'Asia/Shanghai',
  runOnStart: false,
  onResult: () => undefined,
  onError: () => undefined
};

export interface ScheduleHandle {
  /** When the next tick fires, or null once stopped. */
  nextRun(): Date | null;
  /** Runs now, outside the cron rhythm (still under the lock: may come back `busy`). */
  runNow(): Promise<WatchOutcome>;
  /** Stops ticking; resolves when a run in flight has finished. */
  stop(): Promise<void>;
}

export class ScheduleError extends RingsightError {
  constructor(message: string) {
    super('bad_schedule', `ringsight/monitor/schedule: ${message}`, EXIT.usage);
  }
}

/** Checks a cron expression (and time zone) without scheduling anything. */
export function validateCron(expression: string, timezone: string = DEFAULTS.timezone): Date | null {
  try {
    return new Cron(expression, { timezone, paused: true }).nextRun();
  } catch (err) {
    throw new ScheduleError(`invalid cron expression "${expression}" (${(err as Error).message})`);
  }
}

export function startSchedule(options: Partial<ScheduleOptions> & { cron: string }): ScheduleHandle {
  const { cron: expression, timezone, runOnStart, onResult, onError, ...watch } = { ...DEFAULTS, ...options };
  validateCron(expression, timezone);
  const inFlight = new Set<Promise<unknown>>();

  const run = (): Promise<WatchOutcome> => {
    const p = runMonitor(watch);
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };
  const tick = async (): Promise<void> => {
    try {
      onResult(await run());
    } catch (err) {
      onError(err);
    }
  };

  const job = new Cron(expression, { timezone, protect: true }, tick);
  if (runOnStart) void tick();
  return {
    nextRun: () => job.nextRun(),
    runNow: run,
    async stop() {
      job.stop();
      await Promise.allSettled([...inFlight]);
    }
  };
}
