/**
 * ringsight/api/errors
 * ====================
 *
 * The one error shape every API response uses — `{error:{code,message,details?}}`
 * — and the ApiError routes throw to produce it. The JSON error handler in
 * plugins/security.ts turns ApiError (and fastify's own errors) into that body.
 */
import { scrubFreeText } from '../engine/privacy/scrub.js';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (code: string, message: string, details?: Record<string, unknown>): ApiError =>
  new ApiError(400, code, message, details);

export const forbidden = (message: string, details?: Record<string, unknown>, code = 'forbidden'): ApiError =>
  new ApiError(403, code, message, details);

export const notFound = (message: string, code = 'not_found'): ApiError => new ApiError(404, code, message);

export const conflict = (code: string, message: string): ApiError => new ApiError(409, code, message);

/** A write the store could not keep across a restart (the embedded store): refused, never a 201 that vanishes. */
export const notDurable = (what: string): ApiError =>
  new ApiError(
    409,
    'store_not_durable',
    `${what}: this server runs on the embedded store, which keeps data in memory only, so the change would be lost at restart. ` +
      'Run `ringsight serve --neo4j` for a durable store, or start with --ephemeral to accept losing it.'
  );

/**
 * Messages that reach clients or logs must not echo identity numbers: the free-text scrubber
 * (engine/privacy/scrub.ts: IDs, phones, accounts in any common formatting), then any long digit
 * run that is left.
 */
export function scrubText(text: string): string {
  return scrubFreeText(text).replace(/\d{7,}[\dXx]?/g, (run) =>
    run.length < 10
      ? run.slice(0, 2) + '*'.repeat(run.length - 2)
      : run.slice(0, 3) + '*'.repeat(run.length - 7) + run.slice(-4)
  );
}
