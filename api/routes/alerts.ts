/**
 * ringsight/api/routes/alerts
 * ===========================
 *
 * Monitoring alerts (raised by monitored runs: API runs, the `serve`
 * schedule, `ringsight watch` on the same data directory) and their review.
 *
 *   GET  /api/alerts               filtered list, newest first, plus the summary
 *                                  (`openByRing` is what the viewer badges)
 *   GET  /api/alerts/:id           one alert
 *   POST /api/alerts/:id/ack       open → acknowledged
 *   POST /api/alerts/:id/confirm   open | acknowledged → confirmed (fraud), `{note?}`
 *   POST /api/alerts/:id/dismiss   open | acknowledged → dismissed, `{reason}` required
 *   POST /api/alerts/:id/assign    `{assignee}` (a reviewer's token name; null unassigns), open or acknowledged
 *   GET  /api/alerts/assignees     who the caller may assign alerts to
 *
 * Alerts carry counts, codes and insurer names only — no identities — so
 * nothing here is masked. An insurer sees (and reviews) only alerts whose
 * ring holds its own claims (`alert.insurers`); any other is "not found" to
 * it, and its summary counts only its own. Who reviewed an alert and the
 * webhook delivery are the association's: shown to admin and analyst only.
 * Every review and assignment is audited *before* it is applied. An assignee is
 * a configured token whose role reviews alerts (an insurer's only on alerts in
 * its scope); an insurer assigns only within its own insurer, and sees an
 * assignee only when it is one of its own. Without a data directory
 * the server keeps no monitoring state: no alerts. The shapes are
 * alert-schemas.ts; who sees what of an alert is policy/alerts.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { applyAction, type AlertActionName } from '../../engine/monitor/index.js';
import {
  AlertActionError,
  alertSummary,
  getAlert,
  listAlerts,
  reviewAlert,
  summariseAlerts,
  type Alert,
  type AlertFilter
} from '../../monitor/index.js';
import { ApiError, notFound, scrubText } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { recordAudit } from '../plugins/audit.js';
import { appendAssignment, listAssignments, type Assignment } from '../../monitor/assignments.js';
import { inScope, present, REVIEWER_ROLES, seesReviewer, type Presented, type Reviewer } from '../policy/alerts.js';
import { ACCESS, type Principal } from '../policy/roles.js';
import { AUTH_ERRORS, errors } from '../schemas.js';
import {
  AlertItem,
  AlertList,
  AssignBody,
  Assignees,
  ConfirmBody,
  DismissBody,
  IdParams,
  ListQuery,
  Reviewed
} from './alert-schemas.js';

export type { Reviewer } from '../policy/alerts.js';

export interface AlertRouteOptions extends Record<string, unknown> {
  /** The configured tokens; those whose role reviews alerts can be assigned. */
  reviewers: readonly Reviewer[];
}

const STATUS: Record<AlertActionError['code'], number> = {
  not_found: 404,
  invalid_transition: 409,
  reason_required: 400
};

/** A review that does not apply, as the API error it is. */
function apiError(err: AlertActionError): ApiError {
  return new ApiError(STATUS[err.code], err.code, err.message.replace(/^ringsight\/monitor: /, ''));
}

export const alertRoutes: FastifyPluginAsyncTypebox<AlertRouteOptions> = async (app, opts) => {
  const reviewers = new Map(opts.reviewers.filter((r) => REVIEWER_ROLES.includes(r.role)).map((r) => [r.name, r]));
  const assignments = (): Map<string, Assignment> =>
    app.monitoring.dataDir === null ? new Map() : listAssignments(app.monitoring.dataDir);
  const show = (a: Alert, p: Principal, current = assignments()): Presented =>
    present(a, p, current.get(a.id), reviewers);

  /** The alert as the caller may see it; absent, out of scope or no monitoring: 404. */
  function find(id: string, principal: Principal): { dataDir: string; alert: Alert } {
    const dataDir = app.monitoring.dataDir;
    const alert = dataDir === null ? null : getAlert(dataDir, id);
    if (dataDir === null || !alert || !inScope(alert, principal)) throw notFound(`no alert ${id}`);
    return { dataDir, alert };
  }

  /** reviewAlert's AlertActionError as the API error it maps to. */
  function mapped<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof AlertActionError) throw apiError(err);
      throw err;
    }
  }

  async function review(
    request: FastifyRequest,
    id: string,
    action: AlertActionName,
    reason: string | null
  ): Promise<{ alert: Presented }> {
    const principal = principalOf(request);
    const { dataDir, alert } = find(id, principal);
    // The review rules, checked dry first: a review that cannot happen leaves no audit entry.
    mapped(() => applyAction(alert, { alertId: id, action, by: principal.name, reason, at: new Date().toISOString() }));
    await recordAudit(request, `alert.${action}`, `alert:${id}`, {
      ringId: alert.ringId,
      runId: alert.runId,
      kind: alert.kind,
      from: alert.state,
      ...(reason !== null && reason.trim() !== ''
        ? { [action === 'confirm' ? 'note' : 'reason']: scrubText(reason.trim()) }
        : {})
    });
    // Checked again as it is written: another reviewer may have got there in between (409).
    return {
      alert: show(
        mapped(() => reviewAlert(dataDir, id, action, { by: principal.name, reason })),
        principal
      )
    };
  }

  app.get(
    '/alerts',
    {
      config: { roles: ACCESS.readAlerts },
      schema: {
        tags: ['alerts'],
        summary: 'monitoring alerts, newest first, filtered; with the summary the viewer badges rings from',
        querystring: ListQuery,
        response: { 200: AlertList, ...errors(...AUTH_ERRORS) }
      }
    },
    async (request) => {
      const principal = principalOf(request);
      const dataDir = app.monitoring.dataDir;
      const { limit = 100, assignee, ...query } = request.query;
      if (dataDir === null) return { monitoring: false, total: 0, items: [], summary: summariseAlerts([]) };
      const filter: AlertFilter = { ...query };
      const scoped = principal.role === 'insurer';
      const current = assignments();
      const matching = listAlerts(dataDir, filter)
        .filter((a) => inScope(a, principal))
        .filter((a) => assignee === undefined || show(a, principal, current).assignee === assignee);
      const summary = scoped
        ? summariseAlerts(listAlerts(dataDir).filter((a) => inScope(a, principal)))
        : alertSummary(dataDir);
      return {
        monitoring: true,
        total: matching.length,
        items: matching.slice(0, limit).map((a) => show(a, principal, current)),
        summary
      };
    }
  );

  app.get(
    '/alerts/:id',
    {
      config: { roles: ACCESS.readAlerts },
      schema: {
        tags: ['alerts'],
        summary: 'one alert',
        params: IdParams,
        response: { 200: AlertItem, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request) => {
      const principal = principalOf(request);
      return show(find(request.params.id, principal).alert, principal);
    }
  );

  app.get(
    '/alerts/assignees',
    {
      config: { roles: ACCESS.reviewAlerts },
      schema: {
        tags: ['alerts'],
        summary: 'the reviewers the caller may assign alerts to',
        response: { 200: Assignees, ...errors(...AUTH_ERRORS) }
      }
    },
    async (request) => {
      const principal = principalOf(request);
      const items = [...reviewers.values()]
        .filter((r) => seesReviewer(principal, r))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { items: items.map((r) => ({ name: r.name, role: r.role, insurer: r.insurer })) };
    }
  );

  app.post(
    '/alerts/:id/assign',
    {
      config: { roles: ACCESS.reviewAlerts },
      schema: {
        tags: ['alerts'],
        summary: 'assign an open or acknowledged alert to a reviewer (null unassigns); audited',
        params: IdParams,
        body: AssignBody,
        response: { 200: Reviewed, ...errors(...AUTH_ERRORS, 404, 409) }
      }
    },
    async (request) => {
      const principal = principalOf(request);
      const { dataDir, alert } = find(request.params.id, principal);
      const name = request.body.assignee === null ? null : request.body.assignee.trim();
      const target = name === null ? null : reviewers.get(name);
      // Whoever the caller may not see, or who could not see the alert, is not someone to assign it to.
      if (
        target === undefined ||
        (target !== null &&
          (!seesReviewer(principal, target) ||
            !inScope(alert, { name: target.name, role: target.role, insurer: target.insurer })))
      ) {
        throw new ApiError(
          400,
          'unknown_assignee',
          'assign to one of GET /api/alerts/assignees who can see this alert, or send null to unassign'
        );
      }
      if (alert.state !== 'open' && alert.state !== 'acknowledged') {
        throw new ApiError(
          409,
          'invalid_transition',
          `alert ${alert.id} is ${alert.state}; only open or acknowledged alerts are assigned`
        );
      }
      const before = assignments().get(alert.id)?.assignee ?? null;
      await recordAudit(request, 'alert.assign', `alert:${alert.id}`, {
        ringId: alert.ringId,
        runId: alert.runId,
        from: before,
        to: name
      });
      appendAssignment(dataDir, {
        alertId: alert.id,
        assignee: name,
        by: principal.name,
        at: new Date().toISOString()
      });
      return { alert: show(alert, principal) };
    }
  );

  app.post(
    '/alerts/:id/ack',
    {
      config: { roles: ACCESS.reviewAlerts },
      schema: {
        tags: ['alerts'],
        summary: 'acknowledge an open alert (someone is looking at it); audited',
        params: IdParams,
        response: { 200: Reviewed, ...errors(...AUTH_ERRORS, 404, 409) }
      }
    },
    async (request) => review(request, request.params.id, 'acknowledge', null)
  );

  app.post(
    '/alerts/:id/confirm',
    {
      config: { roles: ACCESS.reviewAlerts },
      // The note is optional, and so is the body: a bare POST confirms without one.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
      schema: {
        tags: ['alerts'],
        summary:
          'confirm an open or acknowledged alert as fraud, with an optional note (a disposition calibration learns from); audited',
        params: IdParams,
        body: ConfirmBody,
        response: { 200: Reviewed, ...errors(...AUTH_ERRORS, 400, 404, 409) }
      }
    },
    async (request) => review(request, request.params.id, 'confirm', request.body.note ?? null)
  );

  app.post(
    '/alerts/:id/dismiss',
    {
      config: { roles: ACCESS.reviewAlerts },
      schema: {
        tags: ['alerts'],
        summary: 'dismiss an open or acknowledged alert with a reason; later alerts on the ring are muted; audited',
        params: IdParams,
        body: DismissBody,
        response: { 200: Reviewed, ...errors(...AUTH_ERRORS, 404, 409) }
      }
    },
    async (request) => review(request, request.params.id, 'dismiss', request.body.reason)
  );
};
