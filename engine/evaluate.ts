/**
 * ringsight/engine/evaluate
 * =========================
 *
 * Scores detected rings against ground truth. A planted ring is found when a
 * flagged ring's claim set matches it with F1 ≥ `matchF1`; a flagged ring is
 * real when it matches some planted ring that way. Claim-level precision and
 * recall compare the union of flagged claims with the union of ring claims.
 */

export interface TruthRing {
  id: string;
  category: string;
  claims: string[];
}
export interface Truth {
  rings: TruthRing[];
}
export interface DetectedRing {
  id: string;
  flagged: boolean;
  category?: string;
  claims: string[];
}

export interface EvaluateOptions {
  matchF1: number;
}
const DEFAULTS: EvaluateOptions = { matchF1: 0.5 };

export interface Evaluation {
  planted: number;
  found: number;
  ringRecall: number;
  flagged: number;
  real: number;
  flagPrecision: number;
  claimPrecision: number;
  claimRecall: number;
  categoryAccuracy: number;
  byCategory: Record<string, { planted: number; found: number; recall: number }>;
  missed: Array<{ id: string; category: string; claims: number; bestF1: number }>;
  falseFlags: Array<{ id: string; claims: number; bestF1: number }>;
}

/** F1 of a detected claim set against a planted one. */
export function f1(a: ReadonlySet<string>, b: readonly string[]): number {
  let hit = 0;
  for (const c of b) if (a.has(c)) hit++;
  return hit === 0 ? 0 : (2 * hit) / (a.size + b.length);
}

const ratio = (num: number, den: number): number => (den === 0 ? 1 : Math.round((num / den) * 1e4) / 1e4);

export function evaluate(
  truth: Truth,
  detected: readonly DetectedRing[],
  options: Partial<EvaluateOptions> = {}
): Evaluation {
  const opts = { ...DEFAULTS, ...options };
  if (!Array.isArray(truth?.rings)) throw new Error('ringsight/evaluate: truth has no "rings" array');
  if (!Array.isArray(detected)) throw new Error('ringsight/evaluate: rings file has no "rings" array');
  const flagged = detected.filter((r) => r.flagged);
  const truthSets = truth.rings.map((t) => new Set(t.claims));
  const ringOfClaim = new Map<string, number>();
  truth.rings.forEach((t, i) => t.claims.forEach((c) => ringOfClaim.set(c, i)));

  // Only truth rings sharing a claim with a flagged ring can match it.
  const best = new Float64Array(truth.rings.length);
  const bestCat = new Array<string | undefined>(truth.rings.length);
  let real = 0;
  const falseFlags: Evaluation['falseFlags'] = [];
  for (const ring of flagged) {
    const touched = new Set<number>();
    for (const c of ring.claims) {
      const t = ringOfClaim.get(c);
      if (t !== undefined) touched.add(t);
    }
    let bestHere = 0;
    for (const t of touched) {
      const score = f1(truthSets[t]!, ring.claims);
      bestHere = Math.max(bestHere, score);
      if (score > best[t]!) {
        best[t] = score;
        bestCat[t] = ring.category;
      }
    }
    if (bestHere >= opts.matchF1) real++;
    else falseFlags.push({ id: ring.id, claims: ring.claims.length, bestF1: Math.round(bestHere * 1000) / 1000 });
  }

  const byCategory: Evaluation['byCategory'] = {};
  const missed: Evaluation['missed'] = [];
  let found = 0;
  let categoryRight = 0;
  truth.rings.forEach((t, i) => {
    const cat = (byCategory[t.category] ??= { planted: 0, found: 0, recall: 0 });
    cat.planted++;
    if (best[i]! >= opts.matchF1) {
      found++;
      cat.found++;
      if (bestCat[i] === t.category) categoryRight++;
    } else
      missed.push({
        id: t.id,
        category: t.category,
        claims: t.claims.length,
        bestF1: Math.round(best[i]! * 1000) / 1000
      });
  });
  for (const cat of Object.values(byCategory)) cat.recall = ratio(cat.found, cat.planted);

  const flaggedClaims = new Set(flagged.flatMap((r) => r.claims));
  let truePositive = 0;
  for (const c of flaggedClaims) if (ringOfClaim.has(c)) truePositive++;

  return {
    planted: truth.rings.length,
    found,
    ringRecall: ratio(found, truth.rings.length),
    flagged: flagged.length,
    real,
    flagPrecision: ratio(real, flagged.length),
    claimPrecision: ratio(truePositive, flaggedClaims.size),
    claimRecall: ratio(truePositive, ringOfClaim.size),
    categoryAccuracy: ratio(categoryRight, found),
    byCategory,
    missed,
    falseFlags
  };
}
