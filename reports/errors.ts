/**
 * ringsight/reports/errors
 * ========================
 *
 * The one error the report domain throws for anything a caller can fix: a
 * stable `code` the API maps to a status (bad_operation, unknown_ring,
 * empty_selection, too_many_rings → 4xx; render_failed → 5xx) and a message
 * that never carries an unmasked identity.
 */
import { EXIT, RingsightError } from '../engine/errors.js';

export type ReportErrorCode =
  | 'bad_operation'
  | 'bad_request'
  | 'unknown_ring'
  | 'empty_selection'
  | 'too_many_rings'
  | 'data_mismatch'
  | 'render_failed';

export class ReportError extends RingsightError {
  declare readonly code: ReportErrorCode;
  constructor(
    code: ReportErrorCode,
    readonly detail: string,
    readonly details?: Record<string, unknown>
  ) {
    // Exit 2 for what the caller can fix, 1 when rendering failed.
    super(code, `ringsight/report: ${detail}`, code === 'render_failed' ? EXIT.failure : EXIT.usage);
  }
}
