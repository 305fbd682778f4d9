/**
 * ringsight/api/schemas
 * =====================
 *
 * TypeBox schemas shared by the routes: the error body, problems, rings,
 * graph nodes and edges. Response schemas double as an allow-list — fastify
 * serialises only the properties named here, so a field added to an internal
 * object cannot leak into a response unnoticed.
 */
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import { PROVIDER_KINDS } from '../engine/model.js';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: { description?: string; default?: T[number] } = {}
) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code, e.g. invalid_batch, forbidden, not_found' }),
      message: Type.String(),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
    })
  },
  { description: 'every error the API returns has this shape' }
);

/** Error responses for a route's documented failure statuses. */
export function errors(...statuses: number[]): Record<number, typeof ErrorBody> {
  const out: Record<number, typeof ErrorBody> = {};
  for (const s of statuses) out[s] = ErrorBody;
  return out;
}

/** Errors every authenticated route can return. */
export const AUTH_ERRORS = [400, 401, 403, 429] as const;

export const Unmask = Type.Optional(
  Type.Boolean({
    description: 'ask for unmasked identities; granted by role (police also need X-Case-Reference) and audited'
  })
);

export const CaseReferenceHeader = Type.Object({
  'x-case-reference': Type.Optional(
    Type.String({
      maxLength: 1024,
      description:
        'case number the request is made for (police: required to unmask); percent-encode non-ASCII. One header; after NFKC and ' +
        'removing invisible characters: 6-64 of ASCII letters, digits, Chinese characters, space and - / _ . ( ) [ ] 〔 〕 【 】 《 》'
    })
  )
});

export const ViewInfo = Type.Object(
  {
    reveal: StringEnum(['none', 'own', 'all'] as const),
    caseReference: Nullable(Type.String())
  },
  { description: 'what this response was allowed to unmask' }
);

export const Problem = Type.Object({
  severity: StringEnum(['error', 'warning'] as const),
  file: Type.String(),
  line: Type.Integer(),
  column: Type.Integer(),
  field: Nullable(Type.String()),
  code: Type.String(),
  message: Type.String({ description: 'personal values in messages are masked' }),
  claim: Nullable(Type.String())
});

export const Period = Type.Object({ from: Type.String(), to: Type.String() });
export const Amounts = Type.Object({ claimed: Type.Number(), paid: Type.Number() });

export const RingListItem = Type.Object({
  id: Type.String(),
  score: Type.Number(),
  flagged: Type.Boolean(),
  category: Type.String(),
  status: Type.String({ description: 'monitoring status; "new" until monitoring sets one' }),
  claims: Type.Integer({ description: 'number of claims' }),
  members: Type.Integer({ description: 'number of member entities' }),
  regions: Type.Array(Type.String(), { description: 'prefecture codes' }),
  insurers: Type.Array(Type.String()),
  period: Period,
  amounts: Amounts,
  topSignals: Type.Array(Type.String(), { description: 'names of the strongest signals, strongest first' }),
  organiser: Nullable(
    Type.String({
      description: "the first likely organiser's display label (name, else key), masked as members are in the ring"
    })
  )
});

export const GraphNode = Type.Object({
  id: Type.String({ description: '`claim:ID` or `type:key`; masked identities use an opaque `type:~handle`' }),
  type: Type.String(),
  label: Type.String(),
  size: Type.Number(),
  color: Type.Optional(Type.String()),
  attributes: Type.Record(Type.String(), Type.Unknown())
});

export const GraphEdge = Type.Object({
  id: Type.String(),
  source: Type.String(),
  target: Type.String(),
  role: Type.String(),
  weight: Type.Optional(Type.Number())
});

export const RingRef = Type.Object({
  id: Type.String(),
  score: Type.Number(),
  flagged: Type.Boolean(),
  category: Type.String()
});

export const ENTITY_TYPES = ['person', 'phone', 'vehicle', 'bank_account', ...PROVIDER_KINDS, 'claim'] as const;
export type ApiEntityType = (typeof ENTITY_TYPES)[number];

export const RunParams = Type.Object(
  {
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
    threshold: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, description: 'score at which a ring is flagged' })
    ),
    minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'lowest score reported' })),
    asOf: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description:
          "only claims reported by this date (monitoring moves forward: not before the last run's date unless force)"
      })
    ),
    force: Type.Optional(
      Type.Boolean({
        description:
          "run even if data and parameters equal the last monitored run's (else that run is returned, `unchanged`)"
      })
    ),
    model: Type.Optional(
      Type.String({
        pattern: '^M[0-9a-f]{8}$',
        description: 'id of a kept scoring model (GET /api/models) to score with; the run records it in params.model'
      })
    )
  },
  { additionalProperties: false }
);

export const RunSummary = Type.Object({
  runId: Type.String(),
  startedAt: Type.String(),
  finishedAt: Type.String(),
  rings: Type.Integer(),
  flagged: Type.Integer(),
  claims: Type.Integer(),
  unchanged: Type.Optional(
    Type.Boolean({
      description: 'same data and parameters as the last monitored run: runId is that run, nothing new was saved'
    })
  ),
  alerts: Type.Optional(Type.Integer({ description: 'alerts the run raised (monitored runs)' })),
  statuses: Type.Optional(
    Type.Record(Type.String(), Type.Integer(), {
      description: 'rings per monitoring status (new, growing, stable, shrinking, merged, split) and dissolved'
    })
  )
});

export const RunStatus = Type.Object({
  id: Type.String(),
  status: StringEnum(['queued', 'running', 'done', 'failed'] as const),
  stage: Type.String(),
  progress: Type.Number({ minimum: 0, maximum: 1 }),
  error: Type.Optional(Type.String()),
  summary: Type.Optional(RunSummary),
  requestedBy: Type.Optional(Type.String()),
  createdAt: Type.Optional(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
});
