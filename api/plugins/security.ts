/**
 * ringsight/api/plugins/security
 * ==============================
 *
 * Hardening that applies to every route: security headers (helmet, with a CSP
 * the viewer's WebGL canvas and its layout worker still run under), rate
 * limits, and the single JSON error handler — `{error:{code,message,details?}}`,
 * never a stack trace, never an echoed request value — router errors included
 * (`frameworkErrors`, passed to Fastify in app.ts). (The 404 handler lives
 * in viewer.ts, which knows whether unknown paths belong to the viewer.)
 * (Body size limits are fastify's `bodyLimit`, set in app.ts and per route.)
 */
import { STATUS_CODES } from 'node:http';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, scrubText } from '../errors.js';
import { caseHeaderCount } from '../policy/view.js';
import { expose } from './expose.js';

export interface RateLimitSettings {
  /** Requests per client per window, across the API. */
  max: number;
  timeWindow: number | string;
}

export interface SecurityOptions extends Record<string, unknown> {
  rateLimit: RateLimitSettings | false;
}

// Fastify and plugin errors whose own message is safe and useful; any other 4xx gets the status text.
const KNOWN: Record<string, [status: number, code: string, message: string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported_media_type',
    'unsupported content type; send application/json (or multipart/form-data for uploads)'
  ],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'request body is larger than this route accepts'],
  FST_REQ_FILE_TOO_LARGE: [413, 'payload_too_large', 'an uploaded file is larger than this server accepts'],
  FST_PARTS_LIMIT: [413, 'payload_too_large', 'too many parts in the multipart upload'],
  FST_FILES_LIMIT: [413, 'payload_too_large', 'too many files in the multipart upload'],
  FST_FIELDS_LIMIT: [413, 'payload_too_large', 'too many fields in the multipart upload'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad_request', 'the JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad_request', 'the request body is not valid JSON'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [400, 'bad_request', 'the request is not multipart/form-data'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'content-length does not match the body'],
  // Router errors (frameworkErrors below): never echo the URL, which may hold an identity.
  FST_ERR_BAD_URL: [400, 'bad_url', 'the URL is not valid (bad percent-encoding)'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', 'a path segment is longer than this API accepts'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad_request', 'the request could not be routed']
};

/**
 * fastify's `frameworkErrors`: errors raised by the router before any route or hook runs (a bad
 * percent-encoding, a path parameter over maxParamLength). Same body as every other error, no echo
 * of the URL, and the headers the onSend hook would have set.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = errorBody(err, request.id);
  request.log.info({ code: body.error.code, status }, 'request refused by the router');
  void reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    .type('application/json; charset=utf-8')
    .send(body);
}

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export function errorBody(
  err: FastifyError | ApiError | Error,
  requestId: string
): { status: number; body: ErrorBody } {
  if (err instanceof ApiError) {
    return {
      status: err.statusCode,
      body: { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }
    };
  }
  const e = err as FastifyError;
  if (e.validation) {
    // AJV messages name the field and the rule, never the offending value.
    const issues = e.validation.map((v) => ({
      path: `${e.validationContext ?? ''}${v.instancePath}`,
      message: scrubText(v.message ?? 'is invalid')
    }));
    return {
      status: 400,
      body: { error: { code: 'bad_request', message: scrubText(e.message), details: { issues } } }
    };
  }
  const known = e.code ? KNOWN[e.code] : undefined;
  if (known) return { status: known[0], body: { error: { code: known[1], message: known[2] } } };
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status >= 500)
    return { status, body: { error: { code: 'internal_error', message: `internal error (request ${requestId})` } } };
  const code =
    status === 429
      ? 'rate_limited'
      : status === 404
        ? 'not_found'
        : (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/\W+/g, '_');
  return { status, body: { error: { code, message: STATUS_CODES[status] ?? 'request failed' } } };
}

export const securityPlugin = expose<SecurityOptions>('ringsight-security', async (app, opts) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Swagger UI and graph tooltips set inline styles; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // WebGL reads textures from canvases and blobs; the layout worker is started from a blob URL.
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"]
      }
    },
    // Cross-origin isolation would break nothing we serve but buys nothing either; keep embedding off instead.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' }
  });

  if (opts.rateLimit) {
    await app.register(rateLimit, {
      global: true,
      max: opts.rateLimit.max,
      timeWindow: opts.rateLimit.timeWindow,
      // Keyed by client address: counted before authentication, so token guessing is throttled too.
      errorResponseBuilder: (_req, ctx) => new ApiError(429, 'rate_limited', `too many requests; retry in ${ctx.after}`)
    });
  }

  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = errorBody(err, request.id);
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error.code, status }, 'request refused');
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });

  // Node joins repeated headers into one value: a second X-Case-Reference would pass as "A, B". Refuse it.
  app.addHook('onRequest', async (request) => {
    if (caseHeaderCount(request.raw.rawHeaders) > 1) {
      throw new ApiError(400, 'bad_case_reference', 'send one X-Case-Reference header, not several');
    }
  });

  // A response must never be cached by a shared cache: most carry case data.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
});
