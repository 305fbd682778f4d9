/**
 * ringsight/engine/validate/claims
 * ================================
 *
 * The batch's ledger of claims: those accepted from claims.csv in file order
 * with the line each came from, those rejected whole, and the id lookups a
 * million-claim batch makes once per detail-row run. Repeated ids are judged
 * here — identical content kept once, different content rejected, ids that
 * differ only in letter case warned about — so batch.ts only routes rows.
 */
import type { Claim } from '../model.js';
import { StringTable } from '../util/string-table.js';
import type { RowContext } from './rows.js';

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

export class ClaimLedger {
  /** Accepted claims in file order, their lines, and id → position: one map entry per claim. */
  private readonly claimAt = new StringTable();
  /**
   * Upper-cased claim id → the first id of that spelling, for ids with a lower-case letter only:
   * an id already upper case is its own folded form and sits in claimAt. Finds ids that differ
   * only in case without a second million-entry map for the usual all-capital ids.
   */
  private readonly claimFolded = new Map<string, string>();
  /** Accepted claims in file order. */
  readonly claims: Claim[] = [];
  private readonly claimLines: number[] = [];
  /** Claims rejected whole: an error in any of their rows, in any file. */
  readonly rejected = new Set<string>();

  /**
   * Where an accepted claim sits. The next few claims after `after` (the last one named) are compared
   * first: a lookup in a million-entry map misses the CPU caches, a short string compare does not.
   */
  position(id: string, after: number): number | undefined {
    const last = Math.min(after + LOOKAHEAD, this.claims.length - 1);
    for (let k = after + 1; k <= last; k++) if (this.claims[k]!.id === id) return k;
    const at = this.claimAt.find(id);
    return at < 0 ? undefined : at;
  }

  /** Takes a valid claims.csv row's claim; false (reported on `ctx`) when its id was already taken. */
  add(ctx: RowContext, claim: Claim, line: number): boolean {
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
      this.rejected.add(claim.id);
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
}
