/**
 * ringsight/api/plugins/auth
 * ==========================
 *
 * Bearer-token authentication and role checks. Each /api route declares
 * `config.roles` (or `config.public`); a route that declares neither is
 * refused at registration, so access is decided in one place and fails
 * closed. No or unknown token → 401; a known token whose role the route does
 * not allow → 403.
 *
 * The check is attached to each /api route *after* the rate limit's own hook
 * (both are route-level onRequest hooks, added in plugin order), so refused
 * requests count against the rate limit too. On top of that, failures (401
 * and 403) are counted per client address and per token prefix (its first 8
 * characters; "none" without a token): once either has used up
 * `failureLimit`, further attempts get 429 before any token is compared —
 * token guessing is throttled even from many addresses with one prefix, or
 * one address cycling prefixes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { WindowCounter, type ThrottleSettings } from '../policy/throttle.js';
import { TokenTable, type TokenRecord } from '../policy/tokens.js';
import { expose } from './expose.js';

export interface AuthOptions extends Record<string, unknown> {
  tokens: readonly TokenRecord[];
  /** 401/403 answers allowed per client address and per token prefix per window; false: not throttled. */
  failureLimit: ThrottleSettings | false;
}

export const AUTH_FAILURE_LIMIT_DEFAULT: ThrottleSettings = { max: 30, windowMs: 5 * 60_000 };

export class AuthConfigError extends Error {
  constructor(message: string) {
    super(`ringsight/api/auth: ${message}`);
  }
}

function unauthenticated(reply: FastifyReply, message: string): ApiError {
  reply.header('www-authenticate', 'Bearer realm="ringsight"');
  return new ApiError(401, 'unauthenticated', message);
}

export const authPlugin = expose<AuthOptions>('ringsight-auth', async (app, opts) => {
  const table = new TokenTable(opts.tokens);
  app.decorateRequest('principal', null);

  const failures = opts.failureLimit ? new WindowCounter(opts.failureLimit) : null;

  const check = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const config = request.routeOptions.config;
    if (config.public || !config.roles) return;
    const header = request.headers.authorization;
    const m = header ? /^Bearer[ ]+([\x21-\x7e]{8,512})$/i.exec(header) : null;
    const keys = [`ip:${request.ip}`, `prefix:${m ? m[1]!.slice(0, 8) : 'none'}`];
    if (failures) {
      const spent = keys.find((k) => failures.exhausted(k));
      if (spent) {
        reply.header('retry-after', String(failures.retryAfter(spent)));
        throw new ApiError(429, 'rate_limited', `too many refused requests; retry in ${failures.retryAfter(spent)} s`);
      }
    }
    const fail = (err: ApiError): ApiError => {
      if (failures) for (const k of keys) failures.add(k);
      return err;
    };
    if (!header) throw fail(unauthenticated(reply, 'send Authorization: Bearer <token>'));
    if (!m) throw fail(unauthenticated(reply, 'the Authorization header must be "Bearer <token>"'));
    const principal = table.match(m[1]!);
    if (!principal) throw fail(unauthenticated(reply, 'unknown or revoked token'));
    request.principal = principal;
    if (!config.roles.includes(principal.role)) {
      throw fail(
        new ApiError(403, 'forbidden', `role ${principal.role} may not use this route`, { allowed: [...config.roles] })
      );
    }
  };

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const config = route.config ?? {};
    if (config.public) return;
    if (!config.roles || config.roles.length === 0) {
      throw new AuthConfigError(`route ${route.method} ${route.url} declares neither config.roles nor config.public`);
    }
    // After the rate limit's hook (added by its own onRoute hook, registered before this plugin).
    const own =
      route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...own, check] as typeof route.onRequest;
  });
});

/** The authenticated caller; routes with `config.roles` always have one. */
export function principalOf(request: FastifyRequest) {
  if (!request.principal) throw new ApiError(401, 'unauthenticated', 'send Authorization: Bearer <token>');
  return request.principal;
}
