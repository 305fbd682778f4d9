/**
 * ringsight/engine/validate/batch
 * ===============================
 *
 * Validates a whole batch, file by file and row by row, as rows stream in from
 * whatever reads them, and assembles the normalised claims book. Nothing here
 * touches a file system: readers feed headers and rows, the validator judges.
 *
 * A claim is atomic: with `allowPartial`, a claim with any bad row (in any
 * file) is rejected whole; without it, any error rejects the batch. The
 * claims taken and rejected are kept by claims.ts, the links, entities and
 * watchlist by book.ts; this file judges headers and rows and routes them.
 */
import type { ClaimsBook } from '../model.js';
import { type Problem } from './problems.js';
import { SCHEMA, type BatchFile } from './schema.js';
import { claimRow, type RowContext } from './rows.js';
import { ClaimLedger } from './claims.js';
import { BookParts } from './book.js';

export interface ValidateOptions {
  allowPartial: boolean;
  /**
   * The text came out of a UTF-8 decoder, which never yields a lone surrogate (it
   * writes U+FFFD instead): only NUL bytes need looking for. False for text that
   * arrived as JS strings (a JSON upload), where either can hide.
   */
  decodedText: boolean;
  /** Stop collecting problems past this many (the count is still kept). */
  maxProblems: number;
}

const DEFAULTS: ValidateOptions = { allowPartial: false, decodedText: false, maxProblems: 10_000 };

/** Widest header accepted: the widest file of the contract has 11 columns; extra columns are warned about, up to this. */
export const MAX_COLUMNS = 256;
/** A cheap pre-test (NUL or any surrogate), then the exact one: NUL, or a surrogate without its pair. */
/* eslint-disable no-control-regex -- NUL is exactly the character these look for */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const BAD_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BAD_CHARACTER_ALL = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

export interface FileCounts {
  rows: number;
  accepted: number;
}

export interface ValidationResult {
  /** True when the book may be stored: no errors, or errors confined to rejected claims under allowPartial. */
  ok: boolean;
  book: ClaimsBook;
  problems: Problem[];
  errors: number;
  warnings: number;
  rejectedClaims: string[];
  files: Partial<Record<BatchFile, FileCounts>>;
}

export interface FileCursor {
  row(fields: readonly string[], line: number): void;
}

interface RowState extends RowContext {
  fields: readonly string[];
  line: number;
  claim: string | null;
  errors: number;
}

export class BatchValidator {
  private readonly options: ValidateOptions;
  private readonly problems: Problem[] = [];
  private errors = 0;
  private warnings = 0;
  private fatal = false;
  /** Accepted and rejected claims (claims.ts); links, entities and watchlist (book.ts). */
  private readonly ledger = new ClaimLedger();
  private readonly parts = new BookParts();
  /** False while the reader has seen no NUL byte in the current file's bytes (decoded text only). */
  private nulPossible = true;
  private readonly files: Partial<Record<BatchFile, FileCounts>> = {};
  /** The claim of the previous detail row: rows of one claim come in runs, so most rows skip the lookups. */
  private runClaimId: string | null = null;
  private runStoredId = '';
  /** Position of the last claim a detail row named: files list claims in much the same order. */
  private runAt = -1;

  constructor(options: Partial<ValidateOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  private push(problem: Problem): void {
    if (problem.severity === 'error') this.errors++;
    else this.warnings++;
    if (this.problems.length < this.options.maxProblems) this.problems.push(problem);
  }

  /** A problem with the batch as a whole or a whole file: never recoverable by skipping claims. */
  fileProblem(file: string, code: string, message: string, line = 0): void {
    this.fatal = true;
    this.push({ severity: 'error', file, line, column: 0, field: null, code, message, claim: null });
  }

  missingFile(file: BatchFile): void {
    if (SCHEMA[file].mandatory) this.fileProblem(file, 'missing_file', `${file} is required in every batch`);
  }

  /**
   * The reader of decoded text says whether the bytes read so far of the current file held a NUL;
   * without one, rows need no character check. Text that arrived as JS strings is always checked.
   */
  mayHoldNul(possible: boolean): void {
    this.nulPossible = possible || !this.options.decodedText;
  }

  /** Checks a header row; returns the row cursor, or null when the file cannot be read further. */
  file(file: BatchFile, header: readonly string[]): FileCursor | null {
    const schema = SCHEMA[file];
    // A header far wider than any file of the contract is not a batch file: one error, not a warning per column.
    if (header.length > MAX_COLUMNS) {
      this.fileProblem(
        file,
        'too_many_columns',
        `the header has ${header.length} columns; a ${file} has at most ${MAX_COLUMNS} (is this the right file?)`,
        1
      );
      return null;
    }
    const index = new Map<string, number>();
    header.forEach((raw, i) => {
      const name = raw
        .replace(/^\uFEFF/, '')
        .trim()
        .toLowerCase();
      if (index.has(name))
        this.fileProblem(
          file,
          'duplicate_column',
          `column "${name}" appears twice (columns ${index.get(name)! + 1} and ${i + 1})`,
          1
        );
      else index.set(name, i);
      if (name !== '' && !schema.required.includes(name) && !schema.optional.includes(name)) {
        this.push({
          severity: 'warning',
          file,
          line: 1,
          column: i + 1,
          field: name,
          code: 'unknown_column',
          message: `column "${name}" is not part of ${file} and is ignored`,
          claim: null
        });
      }
    });
    const missing = schema.required.filter((c) => !index.has(c));
    for (const c of missing)
      this.fileProblem(file, 'missing_column', `required column "${c}" is missing from the header`, 1);
    if (missing.length > 0 || this.fatal) return null;
    const counts: FileCounts = { rows: 0, accepted: 0 };
    this.files[file] = counts;
    this.runClaimId = null;
    this.runAt = -1;
    const ctx = this.rowContext(file, index);
    return {
      row: (fields, line) => {
        counts.rows++;
        if (this.row(file, ctx, header.length, fields, line)) counts.accepted++;
      }
    };
  }

  /**
   * One context object per file, re-pointed at each row: allocating closures per row
   * costs more than validating the row at a million claims.
   */
  private rowContext(file: BatchFile, index: Map<string, number>): RowState {
    const state: RowState = {
      fields: [],
      line: 0,
      claim: null,
      errors: 0,
      get: (column) => {
        const i = index.get(column);
        return i === undefined ? '' : (state.fields[i] ?? '');
      },
      report: (severity, column, code, message) => {
        if (severity === 'error') state.errors++;
        const i = column === null ? undefined : index.get(column);
        this.push({
          severity,
          file,
          line: state.line,
          column: i === undefined ? 0 : i + 1,
          field: column,
          code,
          message,
          claim: state.claim
        });
      }
    };
    return state;
  }

  private row(file: BatchFile, ctx: RowState, width: number, fields: readonly string[], line: number): boolean {
    ctx.fields = fields;
    ctx.line = line;
    ctx.claim = null;
    ctx.errors = 0;
    if (fields.length !== width) {
      ctx.report('error', null, 'field_count', `row has ${fields.length} fields but the header has ${width}`);
      return false;
    }
    // NUL bytes and lone UTF-16 surrogates are never data: they would be stored silently and break exports.
    // Decoded text holds no lone surrogate, and a NUL only where its bytes held one (mayHoldNul).
    for (let i = 0; i < fields.length && this.nulPossible; i++) {
      if (this.options.decodedText ? !fields[i]!.includes('\u0000') : !SUSPECT.test(fields[i]!)) continue;
      const bad = BAD_CHARACTER.exec(fields[i]!);
      if (!bad) continue;
      const what = bad[0] === '\u0000' ? 'a NUL byte' : 'a lone surrogate (broken UTF-16)';
      // The claim the row belongs to is rejected whole (as for any error in its rows).
      const claimId = file === 'watchlist.csv' ? '' : ctx.get('claim_id').replace(BAD_CHARACTER_ALL, '').trim();
      if (claimId !== '') this.ledger.rejected.add(claimId);
      this.push({
        severity: 'error',
        file,
        line,
        column: i + 1,
        field: null,
        code: 'bad_character',
        message: `column ${i + 1} holds ${what} at character ${bad.index + 1}`,
        claim: claimId || null
      });
      return false;
    }
    if (file === 'watchlist.csv') return this.parts.watch(ctx);
    const claimId = ctx.get('claim_id').trim() || null;
    ctx.claim = claimId;
    if (file === 'claims.csv') return this.claim(ctx, claimId, line);
    if (claimId === null) {
      ctx.report('error', 'claim_id', 'missing', 'claim_id is required');
      return false;
    }
    if (claimId !== this.runClaimId) {
      // A claim once known (accepted, or rejected from claims.csv) stays known.
      const at = this.ledger.position(claimId, this.runAt);
      if (at !== undefined) this.runAt = at;
      const stored = at === undefined ? undefined : this.ledger.claims[at];
      if (!stored && !this.ledger.rejected.has(claimId)) {
        ctx.report('error', 'claim_id', 'unknown_claim', `claim_id "${claimId}" is not in claims.csv`);
        return false;
      }
      this.runClaimId = claimId;
      // Links carry the stored claim's own id string, shared, rather than this row's copy.
      this.runStoredId = stored?.id ?? claimId;
    }
    const accepted = this.parts.detail(file, ctx, this.runStoredId);
    if (ctx.errors > 0) this.ledger.rejected.add(claimId);
    return accepted && ctx.errors === 0;
  }

  private claim(ctx: RowContext, id: string | null, line: number): boolean {
    const claim = claimRow(ctx);
    if (!claim) {
      if (id) this.ledger.rejected.add(id);
      return false;
    }
    return this.ledger.add(ctx, claim, line);
  }

  result(): ValidationResult {
    const rejected = [...this.ledger.rejected].sort();
    const ok = !this.fatal && (this.errors === 0 || this.options.allowPartial);
    const book: ClaimsBook = ok
      ? this.parts.book(this.ledger.claims, this.ledger.rejected)
      : { claims: [], links: [], entities: [], watchlist: [] };
    return {
      ok,
      book,
      problems: this.problems,
      errors: this.errors,
      warnings: this.warnings,
      rejectedClaims: rejected,
      files: this.files
    };
  }
}
