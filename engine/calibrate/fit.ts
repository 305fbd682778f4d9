/**
 * ringsight/engine/calibrate/fit
 * ==============================
 *
 * Fits signal weights to labelled rings. Each candidate ring of a book is an
 * example: its signal strengths (0–1, already judged against the book's base
 * rates) are the features, and whether it matches a labelled fraud ring
 * (claim-set F1 ≥ 0.5) the label. The score keeps its form — behavioural
 * weights × strengths, plus structural ones gated by the behavioural sum and
 * counted only beside `structuralKinds` kinds of red flag (or a corroboration),
 * a shared phone and account counted once where they stand alone — so a fitted
 * model explains itself exactly as the default does.
 *
 * The fit is a logistic regression on P(fraud) = σ((score − threshold) / τ),
 * so weights stay in score points and the flag threshold keeps its meaning
 * (P = ½). It is:
 * - monotone: every weight keeps its sign (red flags ≥ 0, exculpatory ≤ 0), by
 *   projection after each step, so more evidence never lowers a score;
 * - regularised towards the current weights (ridge on w − w₀), so a handful of
 *   labels nudges the model instead of overturning it;
 * - class-balanced, rings being a few percent of candidates;
 * - deterministic: full-batch Adam from the current weights, fixed iterations.
 */
import { KIND_POINTS, kindOf } from '../signals/corroboration.js';
import { SIGNALS, type SignalKind } from '../signals/index.js';

export interface Example {
  /** Signal name → strength (0–1) for the signals that fired. */
  strengths: Record<string, number>;
  fraud: boolean;
}

export interface FitOptions {
  /** Weights to start from and regularise towards. */
  weights: Record<string, number>;
  structuralGate: [number, number];
  /** Fewest kinds of red flag beside which structural signals count (detect/ring `structuralKinds`). */
  structuralKinds: number;
  flagThreshold: number;
  /** Logistic temperature in score points. */
  temperature: number;
  /** Ridge strength on (w − w₀)², per point². */
  regularisation: number;
  iterations: number;
  learningRate: number;
  /** Cap on the weight of a positive example relative to a negative one. */
  maxPositiveWeight: number;
}

export const DEFAULTS: Omit<FitOptions, 'weights' | 'structuralGate' | 'flagThreshold'> = {
  structuralKinds: 2,
  temperature: 8,
  regularisation: 0.0003,
  iterations: 1500,
  learningRate: 0.3,
  maxPositiveWeight: 10
};

export interface FitResult {
  weights: Record<string, number>;
  loss: number;
  iterations: number;
  regularisation: number;
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function fitWeights(
  examples: readonly Example[],
  options: Pick<FitOptions, 'weights' | 'structuralGate' | 'flagThreshold'> & Partial<FitOptions>
): FitResult {
  const o: FitOptions = { ...DEFAULTS, ...options };
  const names = SIGNALS.map(([name]) => name);
  const kinds: SignalKind[] = SIGNALS.map(([, kind]) => kind);
  const k = names.length;
  const w0 = Float64Array.from(names, (s) => o.weights[s] ?? 0);
  const sign = Float64Array.from(w0, (w) => (w < 0 ? -1 : 1));
  const n = examples.length;
  if (n === 0) throw new Error('ringsight/calibrate: no candidate rings to fit on');
  const x = examples.map((e) => Float64Array.from(names, (s) => e.strengths[s] ?? 0));
  const positives = examples.filter((e) => e.fraud).length;
  if (positives === 0)
    throw new Error('ringsight/calibrate: no candidate matches a fraud label; nothing to learn from');
  const posWeight = Math.min(o.maxPositiveWeight, Math.max(1, (n - positives) / positives));
  const [g0, g1] = o.structuralGate;
  const kindNames = names.map(kindOf);
  const phoneAt = names.indexOf('shared_phone'),
    accountAt = names.indexOf('shared_bank_account');

  const w = Float64Array.from(w0);
  const m = new Float64Array(k),
    v = new Float64Array(k),
    grad = new Float64Array(k);
  const beta1 = 0.9,
    beta2 = 0.999;
  let loss = 0;
  for (let it = 1; it <= o.iterations; it++) {
    grad.fill(0);
    loss = 0;
    let totalWeight = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      let b = 0,
        st = 0;
      const seen = new Set<string>();
      for (let j = 0; j < k; j++) {
        if (kinds[j] === 'structural') st += w[j]! * xi[j]!;
        else b += w[j]! * xi[j]!;
        if (kinds[j] !== 'structural' && w[j]! * xi[j]! >= KIND_POINTS) seen.add(kindNames[j]!);
      }
      const alone = seen.size < o.structuralKinds && !((examples[i]!.strengths.corroboration ?? 0) > 0);
      // Alone, a shared phone and a shared account are one kind counted once (detect/ring).
      let once = -1;
      const p0 = w[phoneAt]! * xi[phoneAt]!,
        p1 = w[accountAt]! * xi[accountAt]!;
      if (alone && p0 > 0 && p1 > 0) {
        once = p0 < p1 ? phoneAt : accountAt;
        b -= Math.min(p0, p1);
      }
      const gateRaw = alone ? 0 : (b - g0) / (g1 - g0);
      const gate = Math.max(0, Math.min(1, gateRaw));
      const dGate = gateRaw > 0 && gateRaw < 1 ? 1 / (g1 - g0) : 0;
      const raw = b + gate * st;
      // The score is clipped to [0, 100]; outside it the gradient is zero.
      const score = Math.max(0, Math.min(100, raw));
      const inside = raw > 0 && raw < 100 ? 1 : 0;
      const p = sigmoid((score - o.flagThreshold) / o.temperature);
      const y = examples[i]!.fraud ? 1 : 0;
      const c = y ? posWeight : 1;
      totalWeight += c;
      loss -= c * (y ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12)));
      const dz = (c * (p - y) * inside) / o.temperature;
      for (let j = 0; j < k; j++) {
        if (j === once) continue;
        grad[j]! += dz * (kinds[j] === 'structural' ? gate * xi[j]! : xi[j]! * (1 + dGate * st));
      }
    }
    for (let j = 0; j < k; j++) {
      grad[j] = grad[j]! / totalWeight + 2 * o.regularisation * (w[j]! - w0[j]!);
      m[j] = beta1 * m[j]! + (1 - beta1) * grad[j]!;
      v[j] = beta2 * v[j]! + (1 - beta2) * grad[j]! ** 2;
      const step = (o.learningRate * (m[j]! / (1 - beta1 ** it))) / (Math.sqrt(v[j]! / (1 - beta2 ** it)) + 1e-8);
      // Monotone: a weight never crosses zero, and stays within [-100, 100].
      w[j] = sign[j]! * Math.max(0, Math.min(100, sign[j]! * (w[j]! - step)));
    }
    loss /= totalWeight;
  }
  const weights: Record<string, number> = {};
  names.forEach((s, j) => (weights[s] = Math.round(w[j]! * 100) / 100));
  return { weights, loss: Math.round(loss * 1e4) / 1e4, iterations: o.iterations, regularisation: o.regularisation };
}
