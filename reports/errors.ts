/**
 * ringsight/report/errors
 * =======================
 *
 * The one error the report domain throws for anything a caller can fix: a
 * stable `code` the API maps to a status (bad_operation, unknown_ring,
 * empty_selection, too_many_rings → 4xx; render_failed → 5xx) and a message
 * that never carries an unmasked identity.
 */

export type ReportErrorCode =
  | 'bad_operation' | 'bad_request' | 'unknown_ring' | 'empty_selection' | 'too_many_rings' | 'data_mismatch' | 'render_failed';

export class ReportError extends Error {
  constructor(readonly code: ReportErrorCode, readonly detail: string, readonly details?: Record<string, unknown>) {
    super(`ringsight/report: ${detail}`);
    this.name = 'ReportError';
  }
}
