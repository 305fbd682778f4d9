/**
 * ringsight/monitor/webhook
 * =========================
 *
 * Delivers alerts to a configured URL: one JSON POST per alert, retried with
 * exponential backoff (and jitter, and the server's Retry-After when it sends
 * one) on network errors, timeouts, 408, 425, 429 and 5xx; any other answer
 * is final. Each outcome is recorded on the alert's `delivery`, so a delivery
 * that keeps failing stays visible as `failed` and is tried again by the next
 * run — never dropped. Delivery is at least once: receivers deduplicate on
 * the `X-Ringsight-Alert` header (the alert id).
 *
 * Payloads carry counts, codes and insurer names only. The URL may hold a
 * secret token, so errors name its origin, never the whole URL.
 */
import { createHmac } from 'node:crypto';
import type { Alert, AlertDelivery } from '../engine/monitor/types.js';
import { EXIT, RingsightError } from '../engine/errors.js';

export interface WebhookOptions {
  url: string;
  /** Retries after the first attempt. */
  retries: number;
  backoffMs: number;
  factor: number;
  maxBackoffMs: number;
  /** Share of each delay drawn at random (0..1) so many senders do not retry in step. */
  jitter: number;
  timeoutMs: number;
  /** With a secret, each body is signed: `X-Ringsight-Signature: sha256=<hex HMAC of the body>`. */
  secret: string | null;
  headers: Record<string, string>;
  /** After one alert has used up its retries, leave the rest pending for the next run (the endpoint is down). */
  stopAfterFailure: boolean;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => Date;
}

export const DEFAULTS: Omit<WebhookOptions, 'url'> = {
  retries: 4,
  backoffMs: 1000,
  factor: 2,
  maxBackoffMs: 60_000,
  jitter: 0.2,
  timeoutMs: 10_000,
  secret: null,
  headers: {},
  stopAfterFailure: true,
  fetch: (...args) => fetch(...args),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: () => new Date()
};

export class WebhookError extends RingsightError {
  constructor(message: string) {
    super('bad_webhook', `ringsight/monitor/webhook: ${message}`, EXIT.usage);
  }
}

export function mergeWebhookOptions(options: Partial<WebhookOptions> & { url: string }): WebhookOptions {
  const opts = { ...DEFAULTS, ...options };
  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    throw new WebhookError('the webhook URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new WebhookError(`the webhook URL must be http(s), got ${url.protocol}`);
  if (!Number.isInteger(opts.retries) || opts.retries < 0)
    throw new WebhookError(`retries must be a whole number ≥ 0, got ${opts.retries}`);
  for (const name of ['backoffMs', 'maxBackoffMs', 'timeoutMs', 'factor'] as const) {
    if (!Number.isFinite(opts[name]) || opts[name] < 0)
      throw new WebhookError(`${name} must be a number ≥ 0, got ${opts[name]}`);
  }
  return opts;
}

/** The origin of a URL: safe to print. */
export function safeTarget(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}

/** What leaves the system: the alert without review details (who acted is internal). */
export function alertPayload(alert: Alert): Record<string, unknown> {
  const { stateBy: _by, dismissReason: _reason, delivery: _delivery, ...rest } = alert;
  return { type: 'ringsight.alert', version: 1, alert: rest };
}

const RETRYABLE = new Set([408, 425, 429]);

export interface AttemptResult {
  ok: boolean;
  retryable: boolean;
  error: string | null;
  retryAfterMs: number | null;
}

async function attempt(body: string, alertId: string, opts: WebhookOptions): Promise<AttemptResult> {
  const headers: Record<string, string> = {
    ...opts.headers,
    'content-type': 'application/json',
    'user-agent': 'ringsight-monitor/1',
    'x-ringsight-alert': alertId
  };
  if (opts.secret)
    headers['x-ringsight-signature'] = 'sha256=' + createHmac('sha256', opts.secret).update(body).digest('hex');
  try {
    const res = await opts.fetch(opts.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'error'
    });
    await res.body?.cancel().catch(() => undefined); // nothing to read; free the socket
    if (res.ok) return { ok: true, retryable: false, error: null, retryAfterMs: null };
    const after = Number(res.headers.get('retry-after'));
    return {
      ok: false,
      retryable: res.status >= 500 || RETRYABLE.has(res.status),
      error: `HTTP ${res.status}`,
      retryAfterMs: Number.isFinite(after) && after >= 0 ? after * 1000 : null
    };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const cause =
      e.name === 'TimeoutError' ? `timeout after ${opts.timeoutMs} ms` : (e.cause?.code ?? e.name ?? 'network error');
    return { ok: false, retryable: true, error: cause, retryAfterMs: null };
  }
}

export function backoffDelay(
  retry: number,
  opts: Pick<WebhookOptions, 'backoffMs' | 'factor' | 'maxBackoffMs' | 'jitter' | 'random'>,
  retryAfterMs: number | null = null
): number {
  const base = Math.min(opts.maxBackoffMs, opts.backoffMs * opts.factor ** retry);
  const jittered = base * (1 - opts.jitter + opts.jitter * opts.random());
  return Math.round(Math.min(opts.maxBackoffMs, Math.max(jittered, retryAfterMs ?? 0)));
}

async function deliverOne(
  alert: Alert,
  opts: WebhookOptions
): Promise<{ delivery: AlertDelivery; endpointDown: boolean }> {
  const body = JSON.stringify(alertPayload(alert));
  const delivery: AlertDelivery = {
    ...(alert.delivery ?? { status: 'pending', attempts: 0, lastAttemptAt: null, deliveredAt: null, lastError: null })
  };
  for (let retry = 0; ; retry++) {
    const result = await attempt(body, alert.id, opts);
    delivery.attempts++;
    delivery.lastAttemptAt = opts.now().toISOString();
    if (result.ok)
      return {
        delivery: { ...delivery, status: 'delivered', deliveredAt: delivery.lastAttemptAt, lastError: null },
        endpointDown: false
      };
    delivery.lastError = `${result.error} from ${safeTarget(opts.url)}`;
    if (!result.retryable || retry >= opts.retries)
      return { delivery: { ...delivery, status: 'failed' }, endpointDown: result.retryable };
    await opts.sleep(backoffDelay(retry, opts, result.retryAfterMs));
  }
}

/** Delivers one alert with retries; returns its updated delivery record (never throws for an HTTP or network failure). */
export async function deliverAlert(
  alert: Alert,
  options: Partial<WebhookOptions> & { url: string }
): Promise<AlertDelivery> {
  return (await deliverOne(alert, mergeWebhookOptions(options))).delivery;
}

export interface DeliveryReport {
  delivered: number;
  failed: number;
  deferred: number;
  lastError: string | null;
}

/**
 * Delivers every alert not yet delivered, oldest first, calling `onDelivery`
 * after each so the caller can persist progress. With `stopAfterFailure`,
 * the first alert to use up its retries on a retryable failure ends the
 * round: the rest stay pending for the next run rather than each waiting
 * through the full backoff against an endpoint that is down.
 */
export async function deliverPending(
  alerts: readonly Alert[],
  options: Partial<WebhookOptions> & { url: string },
  onDelivery: (alertId: string, delivery: AlertDelivery) => void | Promise<void> = () => undefined
): Promise<DeliveryReport> {
  const opts = mergeWebhookOptions(options);
  const todo = alerts
    .filter((a) => a.delivery && a.delivery.status !== 'delivered')
    .sort((a, b) => (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : 0));
  const report: DeliveryReport = { delivered: 0, failed: 0, deferred: 0, lastError: null };
  for (let i = 0; i < todo.length; i++) {
    const { delivery, endpointDown } = await deliverOne(todo[i]!, opts);
    await onDelivery(todo[i]!.id, delivery);
    if (delivery.status === 'delivered') {
      report.delivered++;
      continue;
    }
    report.failed++;
    report.lastError = delivery.lastError;
    // A plain 4xx is about this alert (the receiver refused it); a network error, timeout or 5xx is about the endpoint.
    if (opts.stopAfterFailure && endpointDown) {
      report.deferred = todo.length - i - 1;
      break;
    }
  }
  return report;
}
