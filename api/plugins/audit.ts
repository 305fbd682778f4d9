/**
 * ringsight/api/plugins/audit
 * ===========================
 *
 * Opens the append-only audit trail (audit/trail.ts) for the app and
 * gives routes one call to record an action by the current caller. Routes
 * await it *before* replying: if the entry cannot be written, the data is not
 * disclosed (the request fails with 500).
 *
 * Audited: every response carrying unmasked identities (`pii.view`), every
 * watchlist change, every batch upload and run request, and every export:
 * a generated report (`export.report`, reports/audit.ts) and each download of
 * one of its files (`export.download`).
 *
 * Details are scrubbed of identity numbers before they are written (free text
 * such as a watchlist reason may hold one: engine/privacy/scrub.ts), so the
 * auditor, who may not see identities, never reads one in the trail.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { scrubDeep } from '../../engine/privacy/scrub.js';
import { AuditTrail, type AuditEntry } from '../../audit/trail.js';
import { expose } from './expose.js';

export interface AuditOptions extends Record<string, unknown> {
  dataDir: string | null;
}

export const auditPlugin = expose<AuditOptions>('ringsight-audit', async (app, opts) => {
  const trail = await AuditTrail.open(opts.dataDir);
  if (opts.dataDir === null)
    app.log.warn('audit trail kept in memory only: pass a data directory to keep it across restarts');
  app.decorate('audit', trail);
  app.addHook('onClose', async () => {
    await trail.close();
  });
});

export function recordAudit(
  request: FastifyRequest,
  action: string,
  target: string,
  details: Record<string, unknown> = {},
  caseReference: string | null = null
): Promise<AuditEntry> {
  const p = request.principal;
  return request.server.audit.append({
    actor: p?.name ?? 'anonymous',
    role: p?.role ?? 'none',
    insurer: p?.insurer ?? null,
    action,
    target,
    caseReference,
    details: scrubDeep(details),
    request: { id: request.id, method: request.method, route: request.routeOptions.url ?? '', ip: request.ip }
  });
}

/** Audits a response that revealed identities (none revealed: nothing to record). */
export async function auditReveal(
  request: FastifyRequest,
  target: string,
  revealed: ReadonlySet<string>,
  caseReference: string | null
): Promise<void> {
  if (revealed.size === 0) return;
  // Every ref (masked), sorted, and their SHA-256: the entry says exactly what was shown, however much.
  const refs = [...revealed].sort();
  const refsSha256 = createHash('sha256').update(refs.join('\n'), 'utf8').digest('hex');
  await recordAudit(request, 'pii.view', target, { count: refs.length, refs, refsSha256 }, caseReference);
}
