/**
 * ringsight/api/routes/report-schemas
 * ===================================
 *
 * The request and response shapes of the report routes (api/routes/reports.ts),
 * kept apart from the handlers so the routes read as what they do; every
 * bound here (list sizes, string lengths, id and file-name patterns) is part
 * of the API contract the OpenAPI document publishes.
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { REPORT_FORMATS } from '../../reports/index.js';
import { Nullable, StringEnum } from '../schemas.js';

const Strings = (maxItems: number, maxLength: number, description: string) =>
  Type.Optional(Type.Array(Type.String({ maxLength }), { maxItems, description }));

export const CreateBody = Type.Object(
  {
    ringId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          'one ring: its report alone (no other operation fields but name, caseReference, runId, lang, formats)'
      })
    ),
    runId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'the detection run; default the latest' })
    ),
    name: Type.Optional(
      Type.String({ maxLength: 200, description: "the operation's name (1-100 characters); required without ringId" })
    ),
    caseReference: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'the case; police must send it as X-Case-Reference (that is what unmasks)'
      })
    ),
    regions: Strings(100, 20, 'GB/T 2260 codes: the province, prefectures or districts'),
    from: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD' })),
    to: Type.Optional(Type.String({ maxLength: 20, description: 'YYYY-MM-DD' })),
    categories: Strings(20, 50, 'ring categories; none: every category'),
    minScore: Type.Optional(Type.Number({ description: "0-100; default the run's flag threshold" })),
    rings: Strings(500, 100, 'ring ids that must be in the report'),
    entities: Strings(500, 200, '"type:key" entities whose rings must be in the report'),
    onlyListed: Type.Optional(Type.Boolean({ description: 'only the listed rings and the rings of listed entities' })),
    lang: Type.Optional(StringEnum(['zh', 'en'] as const, { description: 'default zh' })),
    formats: Type.Optional(
      Type.Array(StringEnum(REPORT_FORMATS), { minItems: 1, maxItems: 3, description: 'default html, pdf and csv' })
    )
  },
  { additionalProperties: false }
);
export type CreateBody = Static<typeof CreateBody>;

export const CreateQuery = Type.Object({
  unmask: Type.Optional(
    Type.Boolean({ description: 'accepted and ignored: a report discloses by role (police with X-Case-Reference)' })
  )
});
export const Created = Type.Object({
  id: Type.String(),
  digest: Type.String({ description: 'SHA-256 of report.json, printed on every page' }),
  files: Type.Array(Type.String()),
  rings: Type.Integer(),
  masked: Type.Boolean()
});
export const ListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 }))
});
const Item = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'the operation' }),
  created: Type.String(),
  by: Type.String(),
  role: Type.String(),
  insurer: Nullable(Type.String()),
  caseReference: Nullable(Type.String()),
  masked: Type.Boolean(),
  lang: Type.String(),
  run: Type.String(),
  rings: Type.Integer(),
  digest: Type.String(),
  files: Type.Array(Type.String())
});
export const List = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(Item)
});
export const IdParams = Type.Object({ id: Type.String({ pattern: '^RPT-\\d{8}-\\d{6}-[0-9a-f]{8}$', maxLength: 40 }) });
export const FileParams = Type.Object({
  id: IdParams.properties.id,
  name: Type.String({ pattern: '^[a-z][a-z0-9_-]*\\.(html|pdf|csv|json|graphml)$', maxLength: 64 })
});
export const FileBytes = Type.Unsafe<Buffer>({
  type: 'string',
  format: 'binary',
  description:
    'the file: text/html, application/pdf, text/csv (UTF-8 with BOM), application/json or application/graphml+xml'
});
export const Manifest = Type.Object({
  schema: Type.String(),
  report: Type.String(),
  algorithm: Type.String(),
  digest: Type.String(),
  generatedAt: Type.String(),
  generatedBy: Type.Object({ actor: Type.String(), role: Type.String(), insurer: Nullable(Type.String()) }),
  caseReference: Nullable(Type.String()),
  masked: Type.Boolean(),
  run: Type.String(),
  rings: Type.Array(Type.String()),
  files: Type.Array(Type.Object({ name: Type.String(), bytes: Type.Integer(), sha256: Type.String() }))
});
