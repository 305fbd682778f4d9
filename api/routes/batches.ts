/**
 * ringsight/api/routes/batches
 * ============================
 *
 * `POST /api/batches`: a claims batch, as multipart files (claims.csv,
 * parties.csv, vehicles.csv, providers.csv, watchlist.csv — by field name or
 * file name) or as JSON `{files: {"claims.csv": "<csv text>"}, allowPartial?}`.
 * Validated exactly like `ringsight detect --input`; any error → 400 with
 * every problem and nothing loaded (unless allowPartial, which rejects bad
 * claims whole and loads the rest).
 *
 * Insurer callers may upload only their own claims, may not take over a
 * claim id another insurer holds, and may not send watchlist.csv (the
 * watchlist is the association's): each → 403 naming the offending lines.
 */
import multipart from '@fastify/multipart';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { ClaimsBook } from '../../engine/model.js';
import { maskKey } from '../../engine/privacy/mask.js';
import { BATCH_FILES } from '../../engine/validate/schema.js';
import { parseCsvText } from '../../ingest/csv.js';
import { readBatchFromTexts } from '../../ingest/read-batch.js';
import type { RingStore } from '../../store/types.js';
import { ApiError, badRequest, forbidden, notDurable } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { recordAudit } from '../plugins/audit.js';
import { ACCESS, type Principal } from '../policy/roles.js';
import { AUTH_ERRORS, errors, Problem } from '../schemas.js';

export interface BatchRouteOptions extends Record<string, unknown> {
  uploadLimit: number;
  maxProblems: number;
}

const FileText = Type.String({ description: 'the CSV file, UTF-8' });
const JsonUpload = Type.Object(
  {
    files: Type.Record(Type.String(), FileText, { description: 'file name (claims.csv, parties.csv, …) → CSV text' }),
    allowPartial: Type.Optional(
      Type.Boolean({ description: 'load the valid claims and reject bad ones whole, instead of rejecting the batch' })
    )
  },
  { additionalProperties: false }
);
const Binary = Type.Optional(Type.Unsafe<unknown>({ type: 'string', format: 'binary' }));
const MultipartUpload = Type.Object(
  {
    'claims.csv': Binary,
    'parties.csv': Binary,
    'vehicles.csv': Binary,
    'providers.csv': Binary,
    'watchlist.csv': Binary,
    allowPartial: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: ['true', 'false'] }))
  },
  { description: 'one file part per batch file, named by field name or file name' }
);

const Loaded = Type.Object({
  added: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  watchlist: Type.Integer()
});
const BatchResult = Type.Object({
  batchId: Type.String(),
  loaded: Loaded,
  warnings: Type.Array(Problem),
  errors: Type.Array(Problem, { description: 'with allowPartial: the problems that rejected claims' }),
  rejectedClaims: Type.Array(Type.String()),
  counts: Type.Object({ errors: Type.Integer(), warnings: Type.Integer(), truncated: Type.Boolean() })
});

interface Upload {
  files: Record<string, string>;
  allowPartial: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Which file is not UTF-8, and where: the line and byte offset of the first invalid byte (GBK exports, mostly). */
export function notUtf8Message(name: string, bytes: Uint8Array): string {
  const at = firstInvalidUtf8(bytes);
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  const hex = at < bytes.length ? bytes[at]!.toString(16).toUpperCase().padStart(2, '0') : 'end of file';
  return (
    `${name.slice(0, 60)} is not valid UTF-8: the first bad byte (0x${hex}) is at line ${line}, byte ${at + 1}; ` +
    'save it as UTF-8 (files exported as GBK must be converted, e.g. iconv -f GBK -t UTF-8)'
  );
}

/** Offset of the first byte that does not belong to a valid UTF-8 sequence (bytes.length when all are valid). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n: number;
    let min: number;
    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || (x & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (x & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}

async function readMultipart(request: FastifyRequest): Promise<Upload> {
  const files: Record<string, string> = {};
  let allowPartial = false;
  const refused: string[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'allowPartial') allowPartial = part.value === 'true' || part.value === '1';
        else refused.push(`field "${part.fieldname.slice(0, 40)}"`);
        continue;
      }
      const name = (BATCH_FILES as readonly string[]).includes(part.fieldname)
        ? part.fieldname
        : part.filename || part.fieldname;
      const bytes = await part.toBuffer();
      if (files[name] !== undefined) {
        refused.push(`a second "${name.slice(0, 40)}"`);
        continue;
      }
      try {
        files[name] = utf8.decode(bytes);
      } catch {
        throw badRequest('not_utf8', notUtf8Message(name, bytes));
      }
    }
  } catch (err) {
    // Our own refusals and the size limits (413) keep their meaning; anything else the parser
    // throws is a malformed or truncated body — the client's, not a server error.
    const e = err as { statusCode?: number; code?: string };
    if (
      err instanceof ApiError ||
      (typeof e.statusCode === 'number' && e.statusCode !== 500) ||
      e.code?.startsWith('FST_')
    )
      throw err;
    throw badRequest(
      'bad_upload',
      'the multipart body is malformed or ended early (a truncated upload?): send it again whole'
    );
  }
  if (refused.length > 0) throw badRequest('bad_upload', `unexpected parts: ${refused.join(', ')}`);
  return { files, allowPartial };
}

/** Lines (1-based, header = 1) of claims.csv rows whose claim_id is in `ids`. */
function claimLines(text: string, ids: ReadonlySet<string>): Array<{ line: number; claim: string }> {
  const out: Array<{ line: number; claim: string }> = [];
  parseCsvText(
    text,
    (header) => {
      const at = header.findIndex(
        (h) =>
          h
            .replace(/^\uFEFF/, '')
            .trim()
            .toLowerCase() === 'claim_id'
      );
      return (fields, line) => {
        const id = (fields[at] ?? '').trim();
        if (ids.has(id)) out.push({ line, claim: id });
      };
    },
    'claims.csv'
  );
  return out;
}

async function checkInsurerScope(
  store: RingStore,
  principal: Principal,
  upload: Upload,
  book: ClaimsBook
): Promise<void> {
  if (upload.files['watchlist.csv'] !== undefined) {
    throw forbidden(
      'insurers cannot change the shared watchlist: leave watchlist.csv out (the association curates it)',
      undefined,
      'watchlist_not_allowed'
    );
  }
  const foreign = new Set(book.claims.filter((c) => c.insurer !== principal.insurer).map((c) => c.id));
  if (foreign.size > 0) {
    const lines = claimLines(upload.files['claims.csv']!, foreign);
    throw forbidden(
      `${foreign.size} claims carry another insurer than ${principal.insurer}; nothing was loaded`,
      { lines: lines.slice(0, 1000) },
      'foreign_claims'
    );
  }
  // An update replaces a claim whole: an insurer must not be able to overwrite another's claim by reusing its id.
  const held = new Set(
    (await store.claims(book.claims.map((c) => c.id))).filter((c) => c.insurer !== principal.insurer).map((c) => c.id)
  );
  if (held.size > 0) {
    const lines = claimLines(upload.files['claims.csv']!, held);
    throw forbidden(
      `${held.size} claim ids are already held by another insurer; nothing was loaded`,
      { lines: lines.slice(0, 1000) },
      'claim_id_taken'
    );
  }
}

export const batchRoutes: FastifyPluginAsyncTypebox<BatchRouteOptions> = async (app, opts) => {
  await app.register(multipart, {
    limits: {
      fileSize: opts.uploadLimit,
      files: BATCH_FILES.length,
      fields: 2,
      parts: BATCH_FILES.length + 2,
      fieldSize: 64,
      headerPairs: 50
    }
  });
  // A multipart body is streamed by the handler, so there is nothing to validate yet; `{}` keeps the documented schema valid.
  app.addHook('preValidation', async (request) => {
    if (request.isMultipart()) request.body = {};
  });

  app.post(
    '/batches',
    {
      bodyLimit: opts.uploadLimit,
      config: { roles: ACCESS.uploadBatch, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['batches'],
        summary: 'validate and load a claims batch',
        body: {
          content: { 'application/json': { schema: JsonUpload }, 'multipart/form-data': { schema: MultipartUpload } }
        },
        response: { 201: BatchResult, ...errors(...AUTH_ERRORS, 413, 415) }
      }
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!app.durableWrites) throw notDurable('uploads are refused');
      const body = request.body as { files?: Record<string, string>; allowPartial?: boolean } | undefined | null;
      if (
        !request.isMultipart() &&
        (body === undefined || body === null || typeof body.files !== 'object' || body.files === null)
      ) {
        throw badRequest(
          'bad_upload',
          'no batch in the request: send the files as multipart/form-data, or as JSON {"files": {"claims.csv": "<csv text>", …}}'
        );
      }
      const upload: Upload = request.isMultipart()
        ? await readMultipart(request)
        : { files: body!.files!, allowPartial: body!.allowPartial ?? false };
      const result = readBatchFromTexts(upload.files, { allowPartial: upload.allowPartial });
      const truncated =
        result.problems.length < result.errors + result.warnings || result.problems.length > opts.maxProblems;
      if (!result.ok) {
        throw new ApiError(
          400,
          'invalid_batch',
          `the batch has ${result.errors} errors; nothing was loaded` +
            (upload.allowPartial ? '' : ' (allowPartial loads the valid claims and rejects the bad ones)'),
          {
            problems: result.problems.slice(0, opts.maxProblems),
            errors: result.errors,
            warnings: result.warnings,
            truncated
          }
        );
      }
      if (principal.role === 'insurer') await checkInsurerScope(app.store, principal, upload, result.book);

      const loadedAt = new Date();
      // Entries without a lister are the uploader's, listed today (as POST /api/watchlist stamps them).
      const book: ClaimsBook = {
        ...result.book,
        watchlist: result.book.watchlist.map((w) => ({
          ...w,
          listedBy: w.listedBy ?? principal.name,
          listedAt: w.listedAt ?? loadedAt.toISOString().slice(0, 10)
        }))
      };
      const batchId = `batch-${loadedAt
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
      // Audited before it is applied: a watchlist change that cannot be recorded does not happen.
      await recordAudit(request, 'batch.upload', `batch:${batchId}`, {
        files: Object.keys(upload.files),
        claims: book.claims.length,
        watchlist: book.watchlist.length,
        ...(book.watchlist.length > 0
          ? { watchlistKeys: book.watchlist.slice(0, 100).map((w) => `${w.entity}:${maskKey(w.entity, w.key)}`) }
          : {}),
        rejectedClaims: result.rejectedClaims.length,
        allowPartial: upload.allowPartial
      });
      const loaded = await app.store.ingest(book, { batchId, loadedAt: loadedAt.toISOString() });
      app.directory.addBook(book);
      request.log.info({ batchId, ...loaded }, 'batch loaded');
      return reply.code(201).send({
        batchId,
        loaded,
        warnings: result.problems.filter((p) => p.severity === 'warning').slice(0, opts.maxProblems),
        errors: result.problems.filter((p) => p.severity === 'error').slice(0, opts.maxProblems),
        rejectedClaims: result.rejectedClaims,
        counts: { errors: result.errors, warnings: result.warnings, truncated }
      });
    }
  );
};
