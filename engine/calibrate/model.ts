/**
 * ringsight/engine/calibrate/model
 * ================================
 *
 * The scoring model: each signal's weight in points, the chance scale that
 * turns base-rate surprise into strength, and the structural gate — what
 * `ringsight calibrate` fits and `detect --model` applies. A model is a small
 * versioned JSON document with a content-derived id, and every run records
 * which model scored it (`run.params.model`).
 */
import { DERIVED_SIGNALS, SIGNALS } from '../signals/index.js';
import { DEFAULT_WEIGHTS } from '../signals/weights.js';
import { fnv1a } from '../util/random.js';
import { EXIT, RingsightError } from '../errors.js';

export const MODEL_FORMAT = 'ringsight-model';
export const MODEL_VERSION = 1;

export interface ScoringModel {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  /** Content-derived: the same weights, scale and gate give the same id. */
  id: string;
  weights: Record<string, number>;
  evidenceScale: [from: number, full: number];
  structuralGate: [from: number, full: number];
  /** What it was fitted on, for the record. */
  trainedOn: { books: number; claims: number; candidates: number; positives: number; labels: string };
  fit: { loss: number; iterations: number; regularisation: number };
}

/** What a model sets in the detection parameters; `model` names it in the run. */
export interface ModelParams {
  weights: Record<string, number>;
  evidenceScale: [number, number];
  structuralGate: [number, number];
  model: { id: string; version: number } | null;
}

export class ModelError extends RingsightError {
  constructor(message: string) {
    super('bad_model', `ringsight/model: ${message}`, EXIT.usage);
  }
}

const NEGATIVE: ReadonlySet<string> = new Set(
  Object.entries(DEFAULT_WEIGHTS)
    .filter(([, w]) => w < 0)
    .map(([s]) => s)
);

export function modelId(m: Pick<ScoringModel, 'weights' | 'evidenceScale' | 'structuralGate'>): string {
  const weights = Object.keys(m.weights)
    .sort()
    .map((k) => `${k}=${m.weights[k]}`)
    .join(',');
  return `M${fnv1a(`${weights}|${m.evidenceScale.join(',')}|${m.structuralGate.join(',')}`)}`;
}

function pair(value: unknown, field: string): [number, number] {
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !value.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
    !(value[0] < value[1])
  ) {
    throw new ModelError(`${field} must be two increasing numbers [from, full], got ${JSON.stringify(value)}`);
  }
  return [value[0], value[1]];
}

/** Checks a parsed model document field by field; throws a ModelError naming the field and why. */
export function parseModel(doc: unknown): ScoringModel {
  if (typeof doc !== 'object' || doc === null) throw new ModelError('a model is a JSON object');
  const m = doc as Record<string, unknown>;
  if (m.format !== MODEL_FORMAT)
    throw new ModelError(`format must be "${MODEL_FORMAT}", got ${JSON.stringify(m.format)}`);
  if (m.version !== MODEL_VERSION)
    throw new ModelError(
      `version ${JSON.stringify(m.version)} is not supported (this build reads version ${MODEL_VERSION})`
    );
  if (typeof m.weights !== 'object' || m.weights === null)
    throw new ModelError('weights must be an object of signal → points');
  const known = new Set<string>([...SIGNALS.map(([name]) => name), ...DERIVED_SIGNALS]);
  const weights: Record<string, number> = {};
  for (const [signal, w] of Object.entries(m.weights as Record<string, unknown>)) {
    if (!known.has(signal)) throw new ModelError(`weights.${signal}: unknown signal (known: ${[...known].join(', ')})`);
    if (typeof w !== 'number' || !Number.isFinite(w) || Math.abs(w) > 100)
      throw new ModelError(`weights.${signal} must be a number in [-100, 100], got ${JSON.stringify(w)}`);
    if (NEGATIVE.has(signal) ? w > 0 : w < 0)
      throw new ModelError(
        `weights.${signal} must be ${NEGATIVE.has(signal) ? '≤ 0 (exculpatory signal)' : '≥ 0'}, got ${w}`
      );
    weights[signal] = w;
  }
  const evidenceScale = pair(m.evidenceScale, 'evidenceScale');
  const structuralGate = pair(m.structuralGate, 'structuralGate');
  const id = modelId({ weights, evidenceScale, structuralGate });
  if (m.id !== undefined && m.id !== id)
    throw new ModelError(`id ${JSON.stringify(m.id)} does not match the model's content (${id}): edited by hand?`);
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    id,
    weights,
    evidenceScale,
    structuralGate,
    trainedOn: (m.trainedOn ?? {
      books: 0,
      claims: 0,
      candidates: 0,
      positives: 0,
      labels: 'unknown'
    }) as ScoringModel['trainedOn'],
    fit: (m.fit ?? { loss: 0, iterations: 0, regularisation: 0 }) as ScoringModel['fit']
  };
}

/** The detection parameters a model sets; signals it does not name keep their default weights. */
export function modelParams(model: ScoringModel): ModelParams {
  return {
    weights: { ...DEFAULT_WEIGHTS, ...model.weights },
    evidenceScale: model.evidenceScale,
    structuralGate: model.structuralGate,
    model: { id: model.id, version: model.version }
  };
}
