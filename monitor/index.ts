/**
 * ringsight/monitor (runtime)
 * ===========================
 *
 * What the rest of ringsight uses of monitoring: `runMonitor` (one run),
 * `startSchedule` (the cron schedule for `serve`), and the alert functions
 * the API serves. The pure logic lives in engine/monitor.
 */
export {
  runMonitor,
  DEFAULTS as WATCH_DEFAULTS,
  WatchError,
  type WatchOptions,
  type WatchOutcome,
  type StoreSource,
  type DetectRunner
} from './watch.js';
export { startSchedule, validateCron, ScheduleError, type ScheduleHandle, type ScheduleOptions } from './schedule.js';
export {
  alertSummary,
  getAlert,
  listAlerts,
  reviewAlert,
  monitorPaths,
  MonitorRepository,
  DEFAULT_DATA_DIR,
  type AlertFilter
} from './state.js';
export { AlertActionError, summariseAlerts, type AlertSummary } from '../engine/monitor/alerts.js';
export { alertPayload, deliverAlert, type WebhookOptions } from './webhook.js';
export { WatchInputError } from './source.js';
export type {
  Alert,
  AlertState,
  AlertKind,
  MonitoredRing,
  MonitoredRunDocument,
  RingStatus,
  RunMonitor
} from '../engine/monitor/types.js';
