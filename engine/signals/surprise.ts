/**
 * ringsight/engine/signals/surprise
 * =================================
 *
 * How surprising a ring's count of some event is, given how often that event
 * happens in the same book: the chance of seeing at least `k` events among `m`
 * opportunities at the book's rate (binomial), or at least `k` when `λ` are
 * expected (Poisson), and the strength in [0, 1] that chance is worth.
 *
 * Why chances and not counts: a signal common in one book (honest families
 * swapping the wheel, one elderly death claimed at three insurers) is rare in
 * another. Judging each count against the book's own rate makes the score mean
 * the same thing on books the weights were never set on — the empirical-null
 * idea of Efron (2004, "Large-scale simultaneous hypothesis testing", JASA 99)
 * applied per signal, with the book's population of people, phones, accounts,
 * providers and claims as the null.
 */
import { grouped } from '../util/format.js';

const LN10 = Math.LN10;

/** log Γ(x) (Lanczos, g = 7): accurate to ~1e-13 for x > 0, enough for tail sums. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function logSumExp(terms: number[]): number {
  let max = -Infinity;
  for (const t of terms) if (t > max) max = t;
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (const t of terms) s += Math.exp(t - max);
  return max + Math.log(s);
}

/** log₁₀ P(X ≥ k) for X ~ Binomial(m, p). */
export function log10BinomialTail(k: number, m: number, p: number): number {
  if (k <= 0) return 0;
  if (k > m) return -Infinity;
  if (p <= 0) return -Infinity;
  if (p >= 1) return 0;
  // At or below the expectation the chance is about one half or more: ordinary, whatever its digits.
  if (k <= m * p) return 0;
  const lp = Math.log(p),
    lq = Math.log1p(-p);
  const base = logGamma(m + 1);
  const terms: number[] = [];
  // Above the mode the terms only fall: stop once they no longer matter.
  for (let j = k; j <= m; j++) {
    const t = base - logGamma(j + 1) - logGamma(m - j + 1) + j * lp + (m - j) * lq;
    terms.push(t);
    if (t < terms[0]! - 40) break;
  }
  return Math.min(0, logSumExp(terms) / LN10);
}

/** log₁₀ P(X ≥ k) for X ~ Poisson(λ). */
export function log10PoissonTail(k: number, lambda: number): number {
  if (k <= 0) return 0;
  if (lambda <= 0) return -Infinity;
  if (k <= lambda) return 0;
  const ll = Math.log(lambda);
  const terms: number[] = [];
  for (let j = k; j < k + 400; j++) {
    const t = -lambda + j * ll - logGamma(j + 1);
    terms.push(t);
    if (t < terms[0]! - 40) break;
  }
  return Math.min(0, logSumExp(terms) / LN10);
}

/**
 * log₁₀ P(Z ≥ z) for a standard normal Z (Börjesson & Sundberg 1979: Q(z) ≈ φ(z) / (0.339 z +
 * 0.661 √(z² + 5.51)), relative error under 0.3% for z ≥ 0, so its logarithm holds far into the tail).
 */
export function log10NormalTail(z: number): number {
  if (z <= 0) return Math.log10(0.5);
  const logPhi = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI);
  return Math.min(0, (logPhi - Math.log(0.339 * z + 0.661 * Math.sqrt(z * z + 5.51))) / LN10);
}

/** Strength past 1 an overwhelming coincidence may reach: one signal alone can then carry a ring. */
export const MAX_STRENGTH = 1.5;

/**
 * Strength of an event whose chance is 10^log10p: nothing while the chance is
 * above 10^-from (ordinary in this book), rising linearly in the exponent to 1 at
 * 10^-full, and on to MAX_STRENGTH at half as many decades again — a captive
 * clinic seeing all of a gang's 70 claims, or a person dying three times, is
 * evidence far beyond a one-in-a-million coincidence. Linear in −log p keeps it
 * monotone and lets a reader turn the strength back into the chance.
 */
export function strengthOf(log10p: number, scale: readonly [from: number, full: number]): number {
  const s = -log10p;
  return Math.max(0, Math.min(MAX_STRENGTH, (s - scale[0]) / (scale[1] - scale[0])));
}

/** log₁₀ C(n, k): the ways to pick k of n, for union bounds over what was picked. */
export function log10Choose(n: number, k: number): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += Math.log10((n - i) / (i + 1));
  return s;
}

/** "1 in 3,400" style wording of a chance, for evidence details. */
export function chanceText(log10p: number): string {
  if (log10p >= -0.05) return 'not unusual';
  if (log10p < -9) return 'below 1 in a billion';
  const odds = Math.round(10 ** -log10p);
  return `chance ≈ 1 in ${grouped(odds)}`;
}
