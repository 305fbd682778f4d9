/**
 * ringsight/api/plugins/auth
 * ==========================
 *
 * Bearer-token authentication and role checks. Each /api route declares
 * `config.roles` (or `config.public`); a route that declares neither is
 * refused at registration, so access is decided in one place and fails
 * closed. No or unknown token → 401; a known token whose role the route does
 * not allow → 403.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { TokenTable, type TokenRecord } from '../policy/tokens.js';
import { expose } from './expose.js';

export interface AuthOptions extends Record<string, unknown> {
  tokens: readonly TokenRecord[];
}

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

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    const config = route.config ?? {};
    if (config.public) return;
    if (!config.roles || config.roles.length === 0) {
      throw new AuthConfigError(`route ${route.method} ${route.url} declares neither config.roles nor config.public`);
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    if (request.is404 || config.public || !config.roles) return;
    const header = request.headers.authorization;
    if (!header) throw unauthenticated(reply, 'send Authorization: Bearer <token>');
    const m = /^Bearer[ ]+([\x21-\x7e]{8,512})$/i.exec(header);
    if (!m) throw unauthenticated(reply, 'the Authorization header must be "Bearer <token>"');
    const principal = table.match(m[1]!);
    if (!principal) throw unauthenticated(reply, 'unknown or revoked token');
    request.principal = principal;
    if (!config.roles.includes(principal.role)) {
      throw new ApiError(403, 'forbidden', `role ${principal.role} may not use this route`, { allowed: [...config.roles] });
    }
  });
});

/** The authenticated caller; routes with `config.roles` always have one. */
export function principalOf(request: FastifyRequest) {
  if (!request.principal) throw new ApiError(401, 'unauthenticated', 'send Authorization: Bearer <token>');
  return request.principal;
}
