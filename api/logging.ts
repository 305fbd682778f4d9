/**
 * ringsight/api/logging
 * =====================
 *
 * Logger settings that keep personal data out of the logs. URLs carry
 * identities (`/api/entities/person/<ID>`, `?q=<phone>`), so a request is
 * logged by its route pattern and the *names* of the query parameters its
 * route declares only (other names are counted, not shown);
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

/** A path segment or parameter name as it may be logged: identity numbers masked, odd characters out, short. */
function safeToken(text: string): string {
  return scrubText(text)
    .replace(/[^\w.~*-]/g, '?')
    .slice(0, 40);
}

/**
 * A request's URL as it may be logged: the matched pattern (or the first two path segments,
 * scrubbed), and of the query only the names the route's schema declares (no route: plain ASCII
 * words); any other names are counted, never shown (a name can be an ID or a name: `?张伟=1`).
 */
export function safeUrl(
  req: Pick<FastifyRequest, 'url'> & { routeOptions?: { url?: string; schema?: unknown } }
): string {
  const [path = '', query] = req.url.split('?', 2);
  let shown = req.routeOptions?.url;
  if (!shown) {
    const segments = path.split('/').filter(Boolean);
    shown = '/' + segments.slice(0, 2).map(safeToken).join('/') + (segments.length > 2 ? '/…' : '');
  }
  if (query === undefined) return shown;
  const schema = req.routeOptions?.schema as { querystring?: { properties?: Record<string, unknown> } } | undefined;
  const known = new Set(Object.keys(schema?.querystring?.properties ?? {}));
  // Without a route schema (no route matched), only plain ASCII words: no digits, no other scripts.
  const shownName = (k: string): boolean => (schema ? known.has(k) : /^[A-Za-z][A-Za-z_]{0,31}$/.test(k));
  const names = [...new Set([...new URLSearchParams(query).keys()])];
  const listed = names.filter(shownName).map((k) => `${k}=…`);
  const others = names.length - listed.length;
  if (others > 0) listed.push(`…${others} other${others === 1 ? '' : 's'}`);
  return listed.length > 0 ? `${shown}?${listed.join('&')}` : shown;
}

export function loggerOptions(settings: false | LogSettings): false | Record<string, unknown> {
  if (settings === false) return false;
  return {
    level: settings.level ?? 'info',
    ...(settings.stream ? { stream: settings.stream } : {}),
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-case-reference"]', 'req.headers.cookie'],
      censor: '[redacted]'
    },
    serializers: {
      req: (req: FastifyRequest) => ({ id: req.id, method: req.method, url: safeUrl(req), remoteAddress: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error & { code?: string; statusCode?: number }) => ({
        type: err.name,
        code: err.code,
        statusCode: err.statusCode,
        message: scrubText(err.message ?? ''),
        stack: err.stack ? scrubText(err.stack) : undefined
      })
    }
  };
}
