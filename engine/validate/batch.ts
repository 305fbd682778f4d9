/**
 * ringsight/engine/validate/batch
 * ===============================
 *
 * Validates a whole batch, file by file and row by row, as rows stream in from
 * whatever reads them, and assembles the normalised claims book. Nothing here
 * touches a file system: readers feed headers and rows, the validator judges.
 *
 * A claim is atomic: with `allowPartial`, a claim with any bad row (in any
 * file) is rejected whole; without it, any error rejects the batch.
 */
import type { Claim, ClaimsBook, EntityInfo, EntityType, Link, WatchEntry } from '../model.js';
import { type Problem } from './problems.js';
import { SCHEMA, type BatchFile } from './schema.js';
import { StringTable } from '../util/string-table.js';
import { claimRow, partyRow, providerRow, vehicleRow, watchRow, type RowContext } from './rows.js';

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

/** Claims after the last one named that a detail row's claim id is compared with before the map is asked. */
const LOOKAHEAD = 4;

/** True when `s` is ASCII without a lower-case letter, so toUpperCase would return it unchanged. */
function upperAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || (c >= 97 && c <= 122)) return false;
  }
  return true;
}

function sameClaim(a: Claim, b: Claim): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class BatchValidator {
  private readonly options: ValidateOptions;
  private readonly problems: Problem[] = [];
  private errors = 0;
  private warnings = 0;
  private fatal = false;
  /** Accepted claims in file order, their lines, and id → position: one map entry per claim. */
  private readonly claimAt = new StringTable();
  /**
   * Upper-cased claim id → the first id of that spelling, for ids with a lower-case letter only:
   * an id already upper case is its own folded form and sits in claimAt. Finds ids that differ
   * only in case without a second million-entry map for the usual all-capital ids.
   */
  private readonly claimFolded = new Map<string, string>();
  private readonly claims: Claim[] = [];
  /** False while the reader has seen no NUL byte in the current file's bytes (decoded text only). */
  private nulPossible = true;
  private readonly claimLines: number[] = [];
  private readonly badClaims = new Set<string>();
  private readonly links: Link[] = [];
  /** Per type, key → info: no `type:key` string built per row. */
  private readonly entities = new StringTable();
  private readonly entityInfo: EntityInfo[] = [];
  /** Entity type → its tag in `entities`, in order of first appearance. */
  private readonly entityTags = new Map<string, number>();
  private readonly watchlist = new Map<string, WatchEntry>();
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
      if (claimId !== '') this.badClaims.add(claimId);
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
    if (file === 'watchlist.csv') return this.watch(ctx);
    const claimId = ctx.get('claim_id').trim() || null;
    ctx.claim = claimId;
    if (file === 'claims.csv') return this.claim(ctx, claimId, line);
    if (claimId === null) {
      ctx.report('error', 'claim_id', 'missing', 'claim_id is required');
      return false;
    }
    if (claimId !== this.runClaimId) {
      // A claim once known (accepted, or rejected from claims.csv) stays known.
      const at = this.claimPosition(claimId);
      if (at !== undefined) this.runAt = at;
      const stored = at === undefined ? undefined : this.claims[at];
      if (!stored && !this.badClaims.has(claimId)) {
        ctx.report('error', 'claim_id', 'unknown_claim', `claim_id "${claimId}" is not in claims.csv`);
        return false;
      }
      this.runClaimId = claimId;
      // Links carry the stored claim's own id string, shared, rather than this row's copy.
      this.runStoredId = stored?.id ?? claimId;
    }
    const accepted = this.detail(file, ctx, this.runStoredId);
    if (ctx.errors > 0) this.badClaims.add(claimId);
    return accepted && ctx.errors === 0;
  }

  /**
   * Where an accepted claim sits. The next few claims after the last one named are compared
   * first: a lookup in a million-entry map misses the CPU caches, a short string compare does not.
   */
  private claimPosition(id: string): number | undefined {
    const last = Math.min(this.runAt + LOOKAHEAD, this.claims.length - 1);
    for (let k = this.runAt + 1; k <= last; k++) if (this.claims[k]!.id === id) return k;
    const at = this.claimAt.find(id);
    return at < 0 ? undefined : at;
  }

  private claim(ctx: RowContext, id: string | null, line: number): boolean {
    const claim = claimRow(ctx);
    if (!claim) {
      if (id) this.badClaims.add(id);
      return false;
    }
    // Numbered now when new: nothing below returns before the claim is pushed at that position.
    const at = this.claimAt.intern(claim.id);
    const previous = this.claims[at];
    if (previous) {
      if (sameClaim(previous, claim)) {
        ctx.report(
          'warning',
          'claim_id',
          'duplicate_claim',
          `claim_id "${claim.id}" repeats line ${this.claimLines[at]} with identical content; kept once`
        );
        return false;
      }
      ctx.report(
        'error',
        'claim_id',
        'conflicting_claim',
        `claim_id "${claim.id}" already appears on line ${this.claimLines[at]} with different content`
      );
      this.badClaims.add(claim.id);
      return false;
    }
    // Ids that differ only in letter case are accepted (ids are case-sensitive) but almost always one claim typed twice.
    const folded = upperAscii(claim.id) ? claim.id : claim.id.toUpperCase();
    const twin =
      folded === claim.id
        ? this.claimFolded.size === 0
          ? undefined
          : this.claimFolded.get(folded)
        : this.claimAt.find(folded) >= 0
          ? folded
          : this.claimFolded.get(folded);
    if (twin !== undefined && twin !== claim.id) {
      ctx.report(
        'warning',
        'claim_id',
        'claim_id_case_variant',
        `claim_id "${claim.id}" differs only in letter case from "${twin}" (line ${this.claimLines[this.claimAt.find(twin)]}); both are kept as different claims`
      );
    } else if (twin === undefined && folded !== claim.id) {
      this.claimFolded.set(folded, claim.id);
    }
    this.claims.push(claim);
    this.claimLines.push(line);
    return true;
  }

  private detail(file: BatchFile, ctx: RowContext, claim: string): boolean {
    if (file === 'parties.csv') {
      const p = partyRow(ctx);
      if (!p) return false;
      // One string per named person, shared by all its links: less memory, and the hash that
      // every later map lookup needs is computed once.
      const person = p.person && p.name ? this.describe('person', p.person, p.name, null) : p.person;
      if (person) this.links.push({ claim, type: 'person', key: person, role: p.role, person });
      if (p.phone) this.links.push({ claim, type: 'phone', key: p.phone, role: p.role, person });
      if (p.bankAccount) this.links.push({ claim, type: 'bank_account', key: p.bankAccount, role: p.role, person });
      return true;
    }
    if (file === 'vehicles.csv') {
      const v = vehicleRow(ctx);
      if (v) this.links.push({ claim, type: 'vehicle', key: v.key, role: v.role, person: null });
      return v !== null;
    }
    const pr = providerRow(ctx);
    if (!pr) return false;
    this.links.push({
      claim,
      type: pr.kind,
      key: this.describe(pr.kind, pr.key, pr.name, pr.region),
      role: pr.kind,
      person: null
    });
    return true;
  }

  /** First description wins; nothing is allocated for an entity already described. Returns the entity's one key string. */
  private describe(type: EntityType, key: string, name: string | null, region: string | null): string {
    let tag = this.entityTags.get(type);
    if (tag === undefined) this.entityTags.set(type, (tag = this.entityTags.size));
    const e = this.entities.intern(key, tag);
    if (e < this.entityInfo.length) return this.entityInfo[e]!.key;
    this.entityInfo.push({ type, key, name, region });
    return key;
  }

  private watch(ctx: RowContext): boolean {
    const w = watchRow(ctx);
    if (!w) return false;
    this.watchlist.set(`${w.entity}:${w.key}`, w);
    return true;
  }

  /** Entities grouped by type in order of the types' first appearance, each type in order of first sight. */
  private entitiesByType(): EntityInfo[] {
    const groups: EntityInfo[][] = [...this.entityTags.values()].map(() => []);
    const tags = this.entities.tags;
    for (let e = 0; e < this.entityInfo.length; e++) groups[tags[e]!]!.push(this.entityInfo[e]!);
    return groups.flat();
  }

  result(): ValidationResult {
    const rejected = [...this.badClaims].sort();
    const ok = !this.fatal && (this.errors === 0 || this.options.allowPartial);
    const keep = (id: string): boolean => !this.badClaims.has(id);
    const claims = this.badClaims.size === 0 ? this.claims.slice() : this.claims.filter((c) => keep(c.id));
    const book: ClaimsBook = ok
      ? {
          claims,
          links: this.badClaims.size === 0 ? this.links : this.links.filter((l) => keep(l.claim)),
          entities: this.entitiesByType(),
          watchlist: [...this.watchlist.values()]
        }
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
