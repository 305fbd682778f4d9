/**
 * ringsight/api/routes/models
 * ===========================
 *
 * Scoring models fitted from analysts' alert dispositions (issue 15, point 4).
 *
 *   POST /api/models      fit the signal weights to every reviewed alert: a ring
 *                         confirmed is fraud, a ring dismissed is honest; candidates
 *                         no one reviewed are left out of the fit (labels are not
 *                         complete). The model is kept, and a run can use it.
 *   GET  /api/models      the kept models, newest first
 *   GET  /api/models/:id  one model, with its weights
 *
 * A run uses a model with `POST /api/runs {"model": "<id>"}`; the run records it
 * in `params.model`. Fitting runs detection once over the whole book in this
 * process (seconds at 100k claims, about a minute at 1M), so it is limited to two
 * a minute and to the association's roles. Dispositions carry ring ids only: the
 * labels are the claims of each reviewed ring in the run that raised the alert.
 */
import { Type, type FastifyPluginAsyncTypebox, type Static } from '@fastify/type-provider-typebox';
import { calibrate, type LabelledRing } from '../../engine/calibrate/index.js';
import type { DetectParams } from '../../engine/detect/index.js';
import { listAlerts, type Alert } from '../../monitor/index.js';
import { ModelError } from '../../engine/calibrate/model.js';
import { ModelLibraryError, type ModelLibrary, type StoredModel } from '../data/model-library.js';
import { ApiError, notFound } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { recordAudit } from '../plugins/audit.js';
import { ACCESS } from '../policy/roles.js';
import { AUTH_ERRORS, errors } from '../schemas.js';

export interface ModelRouteOptions {
  library: ModelLibrary;
  dataDir: string;
  /** The detection parameters API runs start from: the model is fitted from them. */
  defaults: Partial<DetectParams>;
}

const Labels = Type.Object({
  confirmed: Type.Integer({ description: 'rings confirmed as fraud' }),
  dismissed: Type.Integer({ description: 'rings dismissed as honest' }),
  unmatched: Type.Integer({ description: 'reviewed rings whose run is no longer stored' })
});
const summaryFields = {
  id: Type.String(),
  version: Type.Integer(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  labels: Labels,
  trainedOn: Type.Object({
    books: Type.Integer(),
    claims: Type.Integer(),
    candidates: Type.Integer(),
    positives: Type.Integer(),
    labels: Type.String()
  }),
  fit: Type.Object({ loss: Type.Number(), iterations: Type.Integer(), regularisation: Type.Number() })
};
const detailFields = {
  ...summaryFields,
  weights: Type.Record(Type.String(), Type.Number(), { description: 'signal → points at full strength' }),
  evidenceScale: Type.Array(Type.Number()),
  structuralGate: Type.Array(Type.Number())
};
const ModelSummary = Type.Object(summaryFields);
const ModelDetail = Type.Object(detailFields);
const Created = Type.Object({
  ...detailFields,
  created: Type.Boolean({ description: 'false: the same model was already kept' })
});
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });
const FitBody = Type.Object({}, { additionalProperties: false });

function summary(s: StoredModel): Static<typeof ModelSummary> {
  const { model } = s;
  return {
    id: model.id,
    version: model.version,
    createdAt: s.createdAt,
    createdBy: s.createdBy,
    labels: s.labels,
    trainedOn: model.trainedOn,
    fit: model.fit
  };
}

function detail(s: StoredModel): Static<typeof ModelDetail> {
  return {
    ...summary(s),
    weights: s.model.weights,
    evidenceScale: [...s.model.evidenceScale],
    structuralGate: [...s.model.structuralGate]
  };
}

/** Each reviewed ring's last disposition (by review time, then alert id): a later review overrules an earlier one. */
export function lastDispositions(alerts: readonly Alert[]): Alert[] {
  const byRing = new Map<string, Alert>();
  for (const a of alerts) {
    if (a.state !== 'confirmed' && a.state !== 'dismissed') continue;
    const seen = byRing.get(a.ringId);
    const later =
      !seen ||
      (a.stateAt ?? '') > (seen.stateAt ?? '') ||
      ((a.stateAt ?? '') === (seen.stateAt ?? '') && a.id > seen.id);
    if (later) byRing.set(a.ringId, a);
  }
  return [...byRing.values()].sort((a, b) => (a.ringId < b.ringId ? -1 : 1));
}

/** A kept model by id; a file that no longer checks out (edited by hand) is an error that says so, not a model. */
function kept(library: ModelLibrary, id: string): StoredModel | null {
  try {
    return library.get(id);
  } catch (err) {
    if (err instanceof ModelLibraryError || err instanceof ModelError)
      throw new ApiError(500, 'model_file_invalid', `model ${id}: ${err.message.replace(/^ringsight\/[\w/-]+: /, '')}`);
    throw err;
  }
}

export const modelRoutes: FastifyPluginAsyncTypebox<ModelRouteOptions> = async (
  app,
  { library, dataDir, defaults }
) => {
  app.post(
    '/models',
    {
      config: { roles: ACCESS.calibrate, rateLimit: { max: 2, timeWindow: '1 minute' } },
      schema: {
        tags: ['models'],
        summary:
          'fit the signal weights to the reviewed alerts (confirmed = fraud, dismissed = honest) and keep the model; audited',
        body: Type.Optional(FitBody),
        response: { 200: Created, 201: Created, ...errors(...AUTH_ERRORS, 422) }
      }
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const reviewed = lastDispositions(listAlerts(dataDir));
      const labels: LabelledRing[] = [];
      let unmatched = 0;
      for (const alert of reviewed) {
        const ring = (await app.catalog.get(alert.runId))?.ring(alert.ringId) ?? null;
        if (!ring) {
          unmatched++;
          continue;
        }
        labels.push({ claims: [...ring.claims], fraud: alert.state === 'confirmed' });
      }
      const confirmed = labels.filter((l) => l.fraud).length,
        dismissed = labels.length - confirmed;
      if (confirmed === 0 || dismissed === 0) {
        throw new ApiError(
          422,
          'not_enough_labels',
          `a fit needs at least one confirmed and one dismissed ring; the reviewed alerts give ${confirmed} confirmed and ${dismissed} dismissed` +
            (unmatched > 0 ? ` (${unmatched} more reviewed rings belong to runs no longer stored)` : '')
        );
      }
      await recordAudit(request, 'model.fit', 'models', { confirmed, dismissed, unmatched });
      const book = await app.store.projection({ asOf: null });
      const model = calibrate([{ book, labels, complete: false }], {
        params: defaults,
        source: `alert dispositions: ${confirmed} confirmed, ${dismissed} dismissed`
      });
      const { stored, created } = library.save({
        model,
        createdAt: new Date().toISOString(),
        createdBy: principal.name,
        labels: { confirmed, dismissed, unmatched }
      });
      reply.code(created ? 201 : 200);
      return { ...detail(stored), created };
    }
  );

  app.get(
    '/models',
    {
      config: { roles: ACCESS.calibrate },
      schema: {
        tags: ['models'],
        summary: 'the kept models, newest first',
        response: { 200: Type.Object({ items: Type.Array(ModelSummary) }), ...errors(...AUTH_ERRORS) }
      }
    },
    async () => ({ items: library.list().map(summary) })
  );

  app.get(
    '/models/:id',
    {
      config: { roles: ACCESS.calibrate },
      schema: {
        tags: ['models'],
        summary: 'one model and its weights',
        params: IdParams,
        response: { 200: ModelDetail, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request) => {
      const stored = kept(library, request.params.id);
      if (!stored) throw notFound(`no model ${request.params.id}`);
      return detail(stored);
    }
  );
};
