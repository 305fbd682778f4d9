/**
 * ringsight/engine/detect/desk-seeds
 * ==================================
 *
 * Crews cut out at a dealer's desk. A crew that files its claims through a
 * dealer's claims advisor (代办理赔) carries the dealer's desk phone or account
 * (../graph/desk-identities) on its files, as the dealer's honest customers
 * do for years; the identity graph then joins the crew to them, and the
 * candidate they make shows nothing. An unflagged candidate of at least
 * `deskFrom` claims that holds a desk identity is cut at it — its parts over
 * every other identity link — and each part of `minClaims` (at least three)
 * up to `deskFrom` claims is judged alone: a flagged part becomes a ring, and
 * the candidate it leaves is scored again.
 *
 * A part is scored with its concentration at a provider shown and not
 * counted: every part comes out of one dealer's customers, so sharing a shop
 * is how it was drawn, not a red flag (as for time slices, ./time-slices).
 * Counted, it flagged honest families of six to ten claims at their dealer
 * on the blind books (+5 false flags over seeds 1–8; none without).
 */
import type { ClaimsIndex } from '../graph/claims-index.js';
import { desklessParts, onDesk } from '../graph/desk-identities.js';
import type { IdentityType } from '../model.js';
import type { BookStats } from '../signals/index.js';
import { claimOwners } from './claim-owners.js';
import { scoreCandidate, withSizeNote, type RingParams, type ScoredCandidate } from './ring.js';

export interface DeskSeedParams {
  /** Unflagged candidates of at least this many claims holding a desk identity are cut at it; parts below it are judged (0: off). */
  deskFrom: number;
}

const DRAWN_BY: Partial<Record<string, string>> = {
  intermediary_concentration: "the claims were cut out of one dealer's customers, who share its shop by construction"
};

/** A desk part scored against the book's rates, its concentration shown and not counted (`DRAWN_BY`). */
export function scoreDeskPart(
  index: ClaimsIndex,
  claims: number[],
  params: RingParams,
  stats: BookStats
): ScoredCandidate {
  return scoreCandidate(index, claims, params, stats, DRAWN_BY);
}

/**
 * Flagged rings cut at desk identities out of unflagged candidates, appended to `claims` and
 * `scored` in place (their candidates scored again without them); `scorePart` scores a part
 * (`scoreDeskPart`, judged among the peers), `score` a candidate. Returns how many were drawn.
 */
export function seedFromDesks(
  index: ClaimsIndex,
  desk: Uint8Array,
  claims: number[][],
  scored: Array<ScoredCandidate | null>,
  params: DeskSeedParams & { flagThreshold: number; minClaims: number; hubDegree: Record<IdentityType, number> },
  score: (claims: number[]) => ScoredCandidate,
  scorePart: (claims: number[]) => ScoredCandidate
): number {
  if (params.deskFrom <= 0) return 0;
  const { flagged, move } = claimOwners(claims, scored, params, score);
  const smallest = Math.max(3, params.minClaims);
  let drawn = 0;
  const candidates = claims.length;
  for (let i = 0; i < candidates; i++) {
    if (claims[i]!.length < params.deskFrom || flagged(i) || !onDesk(index, claims[i]!, desk)) continue;
    for (const part of desklessParts(index, claims[i]!, desk, params.hubDegree)) {
      if (part.length < smallest || part.length >= params.deskFrom) continue;
      const s = scorePart(part);
      if (s.score < params.flagThreshold) continue;
      drawn++;
      move(
        part,
        withSizeNote(s, "; cut out at a repair shop's desk phone or account, which its other customers share")
      );
    }
  }
  return drawn;
}
