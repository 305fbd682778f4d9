/**
 * ringsight/engine/calibrate
 * ==========================
 *
 * Calibration from labels: detect every candidate ring of each book, label it
 * by the rings analysts or a truth file say are fraud (claim-set F1 ≥ 0.5),
 * fit the weights (calibrate/fit) and return a versioned model
 * (calibrate/model). Pure: books and labels in, a model out.
 *
 * Labels come two ways. A truth file lists every ring of a book, so a candidate
 * matching none is honest (`complete`). Analysts' alert dispositions name some
 * rings fraud (confirmed) and some honest (dismissed); candidates they did not
 * review are left out of the fit.
 */
import type { ClaimsBook } from '../model.js';
import { detectRings, mergeParams, type DetectParams } from '../detect/index.js';
import { f1 } from '../evaluate.js';
import { fitWeights, type Example } from './fit.js';
import { MODEL_FORMAT, MODEL_VERSION, modelId, type ScoringModel } from './model.js';

export interface LabelledRing {
  claims: string[];
  fraud: boolean;
}

export interface LabelledBook {
  book: ClaimsBook;
  labels: LabelledRing[];
  /** Every fraud ring of the book is labelled: unmatched candidates are honest. */
  complete: boolean;
}

export interface CalibrateOptions {
  params: Partial<DetectParams>;
  /** Where the labels came from, recorded in the model (e.g. "truth.json", "alert dispositions"). */
  source: string;
  matchF1: number;
}

/** Every candidate of the book with its strengths and, where the labels say, whether it is fraud. */
export function labelledExamples(
  input: LabelledBook,
  params: Partial<DetectParams>,
  matchF1 = 0.5
): { examples: Example[] } {
  const { rings } = detectRings(input.book, { ...params, reportMinScore: 0, flagThreshold: Infinity });
  const labelSets = input.labels.map((l) => ({ set: new Set(l.claims), fraud: l.fraud }));
  const byClaim = new Map<string, number[]>();
  labelSets.forEach((l, i) => {
    for (const c of l.set) (byClaim.get(c) ?? byClaim.set(c, []).get(c)!).push(i);
  });
  const examples: Example[] = [];
  for (const ring of rings) {
    let best = 0,
      fraud: boolean | null = null;
    const touched = new Set<number>();
    for (const c of ring.claims) for (const i of byClaim.get(c) ?? []) touched.add(i);
    for (const i of [...touched].sort((a, b) => a - b)) {
      const score = f1(labelSets[i]!.set, ring.claims);
      if (score >= matchF1 && score > best) {
        best = score;
        fraud = labelSets[i]!.fraud;
      }
    }
    if (fraud === null && !input.complete) continue;
    const strengths: Record<string, number> = {};
    for (const e of ring.evidence) strengths[e.signal] = e.strength ?? 0;
    examples.push({ strengths, fraud: fraud ?? false });
  }
  return { examples };
}

export function calibrate(books: readonly LabelledBook[], options: Partial<CalibrateOptions> = {}): ScoringModel {
  const params = options.params ?? {};
  const merged = mergeParams(params);
  const examples: Example[] = [];
  let claims = 0;
  for (const b of books) {
    examples.push(...labelledExamples(b, params, options.matchF1 ?? 0.5).examples);
    claims += b.book.claims.length;
  }
  const fit = fitWeights(examples, {
    weights: merged.weights,
    structuralGate: merged.structuralGate,
    structuralKinds: merged.structuralKinds,
    flagThreshold: merged.flagThreshold
  });
  const body = { weights: fit.weights, evidenceScale: merged.evidenceScale, structuralGate: merged.structuralGate };
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    id: modelId(body),
    ...body,
    trainedOn: {
      books: books.length,
      claims,
      candidates: examples.length,
      positives: examples.filter((e) => e.fraud).length,
      labels: options.source ?? 'labels'
    },
    fit: { loss: fit.loss, iterations: fit.iterations, regularisation: fit.regularisation }
  };
}
