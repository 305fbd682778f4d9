/**
 * ringsight/engine/detect/claim-owners
 * ====================================
 *
 * Which candidate holds each claim, for the steps that draw new rings after
 * scoring (./pair-seeds, ./batch-seeds): a new ring takes its claims from the
 * candidates they were in, and those are scored again without them.
 */
import type { ScoredCandidate } from './ring.js';

export interface ClaimOwners {
  /** Candidate index holding the claim, if any. */
  of(claim: number): number | undefined;
  /** Whether candidate `i` is flagged. */
  flagged(i: number | undefined): boolean;
  /** Appends a new ring of `moved` scored `s`; the candidates it took claims from are scored again (or dropped below minClaims). */
  move(moved: number[], s: ScoredCandidate): void;
}

export function claimOwners(
  claims: number[][],
  scored: Array<ScoredCandidate | null>,
  params: { flagThreshold: number; minClaims: number },
  score: (claims: number[]) => ScoredCandidate
): ClaimOwners {
  const owner = new Map<number, number>();
  claims.forEach((list, i) => {
    for (const c of list) owner.set(c, i);
  });
  return {
    of: (c) => owner.get(c),
    flagged: (i) => i !== undefined && (scored[i]?.score ?? 0) >= params.flagThreshold,
    move(moved, s) {
      const i = claims.length;
      const from = new Set<number>();
      for (const c of moved) {
        const o = owner.get(c);
        if (o !== undefined) from.add(o);
        owner.set(c, i);
      }
      claims.push(moved);
      scored.push(s);
      for (const o of [...from].sort((a, b) => a - b)) {
        claims[o] = claims[o]!.filter((c) => owner.get(c) === o);
        scored[o] = claims[o]!.length >= Math.max(2, params.minClaims) ? score(claims[o]!) : null;
      }
    }
  };
}
