/**
 * ringsight/api/routes/alert-schemas
 * ==================================
 *
 * The request and response shapes of the alert routes (api/routes/alerts.ts),
 * apart from the handlers: an alert as a client sees it (counts, codes and
 * insurer names, never identities), the list and its summary, and the review
 * and assignment bodies with their bounds.
 */
import { Type } from '@fastify/type-provider-typebox';
import { ALERT_KINDS, ALERT_STATES } from '../../engine/monitor/index.js';
import { Nullable, StringEnum } from '../schemas.js';

const Reason = Type.Object({
  kind: StringEnum(ALERT_KINDS),
  detail: Type.String(),
  from: Type.Optional(Type.Integer({ description: 'growth: claims before' })),
  to: Type.Optional(Type.Integer({ description: 'growth: claims now' })),
  added: Type.Optional(Type.Array(Type.String(), { description: 'new_prefecture / new_insurer: what was added' }))
});
const Delivery = Type.Object({
  status: StringEnum(['pending', 'delivered', 'failed'] as const),
  attempts: Type.Integer(),
  lastAttemptAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
  lastError: Nullable(Type.String())
});
export const AlertItem = Type.Object({
  id: Type.String(),
  ringId: Type.String({ description: 'stable ring id (GET /api/rings/:id?runId=<runId>)' }),
  runId: Type.String({ description: 'the monitored run that raised it' }),
  asOf: Nullable(Type.String()),
  raisedAt: Type.String(),
  kind: StringEnum(ALERT_KINDS, { description: 'the first of its reasons' }),
  reasons: Type.Array(Reason),
  ringStatus: Type.String({ description: "the ring's monitoring status in that run" }),
  score: Type.Number(),
  category: Type.String(),
  claims: Type.Integer(),
  regions: Type.Array(Type.String()),
  insurers: Type.Array(Type.String()),
  claimed: Type.Number(),
  state: StringEnum(ALERT_STATES),
  stateAt: Nullable(Type.String()),
  stateBy: Nullable(
    Type.String({ description: 'who reviewed it (admin and analyst callers; others see only their own name)' })
  ),
  dismissReason: Nullable(Type.String()),
  confirmNote: Nullable(Type.String({ description: 'the note given on confirming it' })),
  assignee: Nullable(
    Type.String({ description: 'the reviewer (token name) it is assigned to; an insurer sees only its own' })
  ),
  assignedAt: Nullable(Type.String()),
  assignedBy: Nullable(Type.String()),
  delivery: Type.Union([Delivery, Type.Null()], {
    description: 'webhook delivery (admin and analyst callers); null when none was configured'
  })
});
const Counts = (keys: readonly string[]) => Type.Object(Object.fromEntries(keys.map((k) => [k, Type.Integer()])));
const Summary = Type.Object(
  {
    total: Type.Integer(),
    byState: Counts(ALERT_STATES),
    byKind: Counts(ALERT_KINDS),
    openByRing: Type.Record(Type.String(), Type.Integer(), { description: 'ring id → open alerts on it' }),
    deliveryFailed: Type.Integer(),
    deliveryPending: Type.Integer()
  },
  { description: 'over every alert the caller may see, whatever the filter' }
);

export const ListQuery = Type.Object({
  state: Type.Optional(StringEnum(ALERT_STATES)),
  kind: Type.Optional(StringEnum(ALERT_KINDS)),
  ringId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  runId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  deliveryFailed: Type.Optional(Type.Boolean({ description: 'only alerts whose webhook delivery failed' })),
  assignee: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'only alerts assigned to this reviewer' })
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 }))
});
export const AlertList = Type.Object({
  monitoring: Type.Boolean({ description: 'false: this server keeps no monitoring state (no data directory)' }),
  total: Type.Integer({ description: 'alerts matching the filter, before the limit' }),
  items: Type.Array(AlertItem),
  summary: Summary
});
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export const DismissBody = Type.Object(
  {
    reason: Type.String({ maxLength: 1000, description: 'why the alert needs no action (required, not blank)' })
  },
  { additionalProperties: false }
);
export const ConfirmBody = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 1000, description: 'what confirmed it (optional)' }))
  },
  { additionalProperties: false }
);
export const Reviewed = Type.Object({ alert: AlertItem });
export const AssignBody = Type.Object(
  {
    assignee: Nullable(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'token name of a reviewer (GET /api/alerts/assignees); null unassigns'
      })
    )
  },
  { additionalProperties: false }
);
export const Assignees = Type.Object(
  {
    items: Type.Array(Type.Object({ name: Type.String(), role: Type.String(), insurer: Nullable(Type.String()) }))
  },
  { description: 'the reviewers the caller may assign alerts to' }
);
