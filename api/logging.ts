/**
 * ringsight/api/logging
 * =====================
 *
 * Logger settings that keep personal data out of the logs. URLs carry
 * identities (`/api/entities/person/<ID>`, `?q=<phone>`), so a request is
 * logged by its route pattern and the *names* of its query parameters only;
 * authorization and case-reference headers are redacted; error messages are
 * scrubbed of long digit runs.
 */
import type { FastifyRequest } from 'fastify';
import { scrubText } from './errors.js';

export interface LogSettings {
  level?: string;
  /** Where log lines go (tests capture them); stdout by default. */
  stream?: { write(line: string): void };
}

/** A request's URL as it may be logged: the matched pattern, or the first two path segments. */
export function safeUrl(req: Pick<FastifyRequest, 'url'> & { routeOptions?: { url?: string } }): string {
  const [path = '', query] = req.url.split('?', 2);
  let shown = req.routeOptions?.url;
  if (!shown) {
    const segments = path.split('/').filter(Boolean);
    shown = '/' + segments.slice(0, 2).join('/') + (segments.length > 2 ? '/…' : '');
  }
  if (query === undefined) return shown;
  const names = [...new Set([...new URLSearchParams(query).keys()])].map((k) => scrubText(k).slice(0, 40));
  return `${shown}?${names.map((k) => `${k}=…`).join('&')}`;
}

export function loggerOptions(settings: false | LogSettings): false | Record<string, unknown> {
  if (settings === false) return false;
  return {
    level: settings.level ?? 'info',
    ...(settings.stream ? { stream: settings.stream } : {}),
    redact: { paths: ['req.headers.authorization', 'req.headers["x-case-reference"]', 'req.headers.cookie'], censor: '[redacted]' },
    serializers: {
      req: (req: FastifyRequest) => ({ id: req.id, method: req.method, url: safeUrl(req), remoteAddress: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error & { code?: string; statusCode?: number }) => ({
        type: err.name, code: err.code, statusCode: err.statusCode,
        message: scrubText(err.message ?? ''), stack: err.stack ? scrubText(err.stack) : undefined
      })
    }
  };
}
