/**
 * ringsight/engine/validate/problems
 * ==================================
 *
 * The problem report: every bad value in a batch, located by file, line and
 * column, with its reason. Errors reject (a claim, or the batch); warnings
 * only inform.
 */

export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  file: string;
  /** 1-based physical line of the CSV file (the header is line 1); 0 for whole-file problems. */
  line: number;
  /** 1-based column number, 0 when the problem is not about one column. */
  column: number;
  field: string | null;
  code: string;
  message: string;
  claim: string | null;
}

export function formatProblem(p: Problem): string {
  const where = p.column > 0 ? `${p.file}:${p.line}:${p.column}` : p.line > 0 ? `${p.file}:${p.line}` : p.file;
  const field = p.field ? ` ${p.field}` : '';
  return `${where} ${p.severity}${field}: ${p.message} [${p.code}]`;
}

export function countBySeverity(problems: readonly Problem[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  return { errors, warnings: problems.length - errors };
}

const CSV_COLUMNS = ['severity', 'file', 'line', 'column', 'field', 'code', 'claim_id', 'message'] as const;

/** Rejects as CSV, for the --allow-partial rejects file. Messages never carry raw personal data. */
export function problemsToCsv(problems: readonly Problem[]): string {
  const cell = (v: string | number | null): string => {
    const s = v === null ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [CSV_COLUMNS.join(',')];
  for (const p of problems) {
    lines.push([p.severity, p.file, p.line, p.column, p.field, p.code, p.claim, p.message].map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}
