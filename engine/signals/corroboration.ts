/**
 * ringsight/engine/signals/corroboration
 * ======================================
 *
 * Several independent red flags, none conclusive alone, read together. A
 * careful crew keeps every single habit near the book's own rate: four
 * staged crashes in seven weeks (1 in 1,170), its "victims" paid into two
 * shared accounts (1 in 600), the same car struck three times (1 in 330), bills
 * in the top tenth (1 in 450). Each red flag counts from 1 in 100 and fully
 * only at 1 in a million (`evidenceScale`), so the four added 20.5 points,
 * while the chance of all four at once, were they independent, is 1 in 10¹¹.
 *
 * The combination: each behavioural red flag that counts gives back its chance
 * (−log₁₀ p = from + (full − from) × contribution ÷ weight, so a strength the
 * honest peers already show — detect/common-signals — is discounted as it was
 * in the score); the chances of k kinds multiply, and the product is paid for
 * the C(K, k) ways of choosing k of the K kinds (a union bound, Bonferroni).
 * Phones and bank accounts shared by the same people are one kind: a family
 * shares both. The product counts on a stricter scale than a single red flag
 * (`corroborationScale`, 1 in 10⁴ to 1 in 10⁸: independence is an assumption,
 * a single chance is a count) and tops the red flags' own points up to what it
 * is worth at the `corroboration` weight; it never takes points away, and the
 * exculpatory signals (a fleet, an agent's practice) still count against.
 * This is Fisher's and Stouffer's question — do several weak tests together
 * reject the null? — answered with the plainer product bound, which needs no
 * distribution for the chances left out. In a small candidate a red flag short
 * of counting alone (1 in 10 to 1 in 100) may complete two that count: a crew
 * of five claims cannot make any single chance small (`SHORT_BELOW`).
 */
import type { Evidence } from '../model.js';
import { round } from './context.js';
import type { ScoringParams } from './context.js';
import { chanceText, log10Choose } from './surprise.js';

/** Fewest kinds of red flag a corroboration needs: two are a pair of coincidences a book of claims shows. */
const MIN_KINDS = 3;

/**
 * Red flags short of counting alone (a chance between 1 in 10 and the evidence scale's floor, 1 in
 * 100) join the combination where they complete at least `SHORT_COMPLETES` kinds that count, in a
 * candidate of fewer than `SHORT_BELOW` claims. A careful crew of five to ten claims cannot make any
 * single chance small — five accidents in twelve weeks of a three-year book are 1 in 87 — while a
 * large honest cluster shows a chance of 1 in 10 on some red flag by its size alone. Measured
 * (12-07): blind seeds 1–8 +6 rings and no false flag added over the 32 worlds (tuning +1 ring and
 * two more flags, both second pieces of real rings); in candidates of any size +7 rings, but honest
 * clusters of 18–58 claims flagged (+3 blind, +4 tuning false flags); completing a single counted
 * red flag, +1 ring and +1 false flag more; from 1 in 30 (any size), +2 rings, +3 false flags; a
 * provider's concentration and a watchlist hit short of the floor as well, +1 ring (blind) and +1
 * (tuning), no false flag.
 */
const SHORT_FROM = -1;
const SHORT_BELOW = 15;
const SHORT_COMPLETES = 2;

/** Behavioural chances short of the evidence scale's floor (log10, by signal) and the candidate's size. */
export interface ShortOfFloor {
  short: ReadonlyMap<string, number>;
  claims: number;
}

/** The short red flags that join the combination, by kind: none unless they complete counted kinds. */
function completing(
  counted: ReadonlyMap<string, Evidence>,
  shortOf: ShortOfFloor | undefined,
  params: CorroborationParams
): Map<string, { signal: string; chance: number }> {
  const out = new Map<string, { signal: string; chance: number }>();
  if (!shortOf || shortOf.claims >= SHORT_BELOW || counted.size < SHORT_COMPLETES) return out;
  for (const [signal, log10p] of shortOf.short) {
    const kind = kindOf(signal);
    if (log10p > SHORT_FROM || counted.has(kind) || !((params.weights[signal] ?? 0) > 0)) continue;
    if (-log10p > (out.get(kind)?.chance ?? 0)) out.set(kind, { signal, chance: -log10p });
  }
  return out;
}

/** Signals that are one kind for the combination: the same people's shared phone and shared account. */
export function kindOf(signal: string): string {
  return signal === 'shared_phone' ? 'shared_bank_account' : signal;
}

/** Points a red flag needs to count as a kind of its own (`redFlagKinds`). */
export const KIND_POINTS = 3;

/**
 * The kinds of red flag among `evidence` counting at least `KIND_POINTS` each, of the signals in
 * `red` (the behavioural ones); the combination itself is none of them. A shared phone and a
 * shared account are one kind.
 */
export function redFlagKinds(evidence: readonly Evidence[], red: ReadonlySet<string>): number {
  const seen = new Set<string>();
  for (const e of evidence) if (red.has(e.signal) && e.contribution >= KIND_POINTS) seen.add(kindOf(e.signal));
  return seen.size;
}

/** A chance in words; past a billion as a power of ten, so two such chances still read apart. */
function odds(log10p: number): string {
  return log10p < -9 ? `1 in 10^${(-log10p).toFixed(1)}` : chanceText(log10p);
}

export interface CorroborationParams extends ScoringParams {
  /** Chances (−log₁₀) at which the combined red flags start to count and count fully (see the banner). */
  corroborationScale: [from: number, full: number];
}

/**
 * The evidence that the ring's behavioural red flags together are worth more than their sum, or null.
 * `behavioural` is every behavioural signal's evidence as scored (after peer discounts); `names`
 * are the behavioural signals the engine runs (K counts their kinds that can add points).
 */
export function corroboration(
  behavioural: readonly Evidence[],
  names: readonly string[],
  params: CorroborationParams,
  shortOf?: ShortOfFloor
): Evidence | null {
  const weight = params.weights.corroboration ?? 0;
  if (weight <= 0) return null;
  const [from, full] = params.evidenceScale;
  const chanceOf = (e: Evidence): number => from + (full - from) * (e.contribution / params.weights[e.signal]!);
  // Per kind, its strongest red flag.
  const strongest = new Map<string, Evidence>();
  let points = 0;
  for (const e of behavioural) {
    if (!(e.contribution > 0) || !((params.weights[e.signal] ?? 0) > 0)) continue;
    points += e.contribution;
    const kind = kindOf(e.signal);
    const was = strongest.get(kind);
    if (!was || chanceOf(e) > chanceOf(was)) strongest.set(kind, e);
  }
  const short = completing(strongest, shortOf, params);
  const k = strongest.size + short.size;
  if (k < MIN_KINDS) return null;
  // K: the kinds that can add points (at least the k that did).
  const kinds = Math.max(k, new Set(names.filter((n) => (params.weights[n] ?? 0) > 0).map(kindOf)).size);
  const ways = log10Choose(kinds, k);
  const parts = [...strongest.values()].sort((a, b) => chanceOf(b) - chanceOf(a));
  let product = 0;
  for (const e of parts) product += chanceOf(e);
  for (const c of short.values()) product += c.chance;
  const combined = product - ways;
  const [lo, hi] = params.corroborationScale;
  const strength = Math.max(0, Math.min(1, (combined - lo) / (hi - lo)));
  const topUp = weight * strength - points;
  if (round(topUp, 1) <= 0) return null;
  const refs = [...new Set(parts.flatMap((e) => e.refs))].sort();
  const each = [
    ...parts.map((e) => `${e.signal} (${chanceText(-chanceOf(e))})`),
    ...[...short.values()].map((c) => `${c.signal} (${chanceText(-c.chance)}, short of counting alone)`)
  ].join(', ');
  return {
    signal: 'corroboration',
    value: k,
    contribution: round(topUp, 1),
    detail:
      `${k} independent kinds of red flag, none conclusive alone (each as counted in this score): ${each}; all at once ${odds(-product)}, ` +
      `${odds(-combined)} after the ${Math.round(10 ** ways).toLocaleString('en-US')} ways to pick ${k} of ${kinds} kinds. ` +
      `Together they are worth ${round(weight * strength, 1)} points, ${round(topUp, 1)} more than the ${round(points, 1)} they add up to one by one`,
    refs,
    strength: round(strength, 4)
  };
}
