import { describe, expect, it } from 'vitest';
import { calibrate } from '../../engine/calibrate/index.js';
import { fitWeights, type Example } from '../../engine/calibrate/fit.js';
import { modelId, modelParams, parseModel } from '../../engine/calibrate/model.js';
import { detectRings } from '../../engine/detect/index.js';
import { DEFAULT_WEIGHTS } from '../../engine/signals/weights.js';
import { BookBuilder, person, phone } from '../helpers/book.js';

const gate: [number, number] = [15, 40];

describe('fitWeights', () => {
  it('raises the weight of a signal that separates fraud from honest and lowers one that fires on honest candidates', () => {
    const examples: Example[] = [];
    // Fraud: shared payout accounts and a watchlist hit (37 points by default: missed).
    // Honest: watchlist hits with role switching (50 points by default: falsely flagged).
    for (let i = 0; i < 30; i++)
      examples.push({ strengths: { shared_bank_account: 0.9, watchlist_hit: 0.5 }, fraud: true });
    for (let i = 0; i < 300; i++) examples.push({ strengths: { watchlist_hit: 1, role_switching: 1 }, fraud: false });
    const fit = fitWeights(examples, { weights: { ...DEFAULT_WEIGHTS }, structuralGate: gate, flagThreshold: 50 });
    expect(fit.weights.shared_bank_account!).toBeGreaterThan(DEFAULT_WEIGHTS.shared_bank_account!);
    expect(fit.weights.watchlist_hit! + fit.weights.role_switching!).toBeLessThan(
      DEFAULT_WEIGHTS.watchlist_hit! + DEFAULT_WEIGHTS.role_switching!
    );
    // The fitted score separates the two groups at the flag threshold.
    const score = (e: Example): number => Object.entries(e.strengths).reduce((s, [k, v]) => s + fit.weights[k]! * v, 0);
    expect(score(examples[0]!)).toBeGreaterThanOrEqual(50);
    expect(Math.max(...examples.slice(30).map(score))).toBeLessThan(50);
  });

  it('keeps every weight on its side of zero (monotone) and is deterministic', () => {
    const examples: Example[] = [];
    // Exculpatory signal that appears on fraud: the fit must not turn it into a red flag.
    for (let i = 0; i < 20; i++)
      examples.push({ strengths: { fleet_policyholder: 1, role_switching: 1, shared_phone: 1 }, fraud: true });
    for (let i = 0; i < 200; i++) examples.push({ strengths: { role_switching: 1 }, fraud: false });
    const a = fitWeights(examples, { weights: { ...DEFAULT_WEIGHTS }, structuralGate: gate, flagThreshold: 50 });
    const b = fitWeights(examples, { weights: { ...DEFAULT_WEIGHTS }, structuralGate: gate, flagThreshold: 50 });
    expect(a).toEqual(b);
    expect(a.weights.fleet_policyholder!).toBeLessThanOrEqual(0);
    expect(a.weights.agent_practice!).toBeLessThanOrEqual(0);
    for (const [s, w] of Object.entries(a.weights)) if (DEFAULT_WEIGHTS[s]! > 0) expect(w, s).toBeGreaterThanOrEqual(0);
  });

  it('fits structure only where the score counts it: beside two kinds of red flag', () => {
    // Honest clusters: one red flag and wide spread. Gangs: a second kind and the same spread.
    const examples: Example[] = [];
    for (let i = 0; i < 40; i++)
      examples.push({ strengths: { shared_bank_account: 1, claim_burst: 0.5, cross_insurer: 1 }, fraud: true });
    for (let i = 0; i < 200; i++)
      examples.push({ strengths: { shared_bank_account: 1, cross_insurer: 1 }, fraud: false });
    const opts = { weights: { ...DEFAULT_WEIGHTS }, structuralGate: gate, flagThreshold: 50 };
    // Spread counted beside the lone red flag carries the honest clusters up: the fit must weaken the flag.
    const open = fitWeights(examples, { ...opts, structuralKinds: 0 });
    expect(open.weights.shared_bank_account!).toBeLessThan(DEFAULT_WEIGHTS.shared_bank_account! - 3);
    // Not counted there, the honest clusters stay at the flag's own points: nothing to weaken.
    const kinds = fitWeights(examples, opts);
    expect(kinds.weights.shared_bank_account!).toBeGreaterThanOrEqual(DEFAULT_WEIGHTS.shared_bank_account!);
    expect(kinds.loss).toBeLessThan(open.loss);
  });

  it('fits only the stronger of a shared phone and account standing alone: they count once', () => {
    const examples: Example[] = [];
    for (let i = 0; i < 40; i++)
      examples.push({ strengths: { shared_phone: 1, shared_bank_account: 0.5 }, fraud: true });
    for (let i = 0; i < 200; i++) examples.push({ strengths: { claim_burst: 0.5 }, fraud: false });
    const opts = { weights: { ...DEFAULT_WEIGHTS }, structuralGate: gate, flagThreshold: 50 };
    const kinds = fitWeights(examples, opts);
    expect(kinds.weights.shared_phone!).toBeGreaterThan(DEFAULT_WEIGHTS.shared_phone! + 5);
    expect(kinds.weights.shared_bank_account!).toBe(DEFAULT_WEIGHTS.shared_bank_account!);
    const open = fitWeights(examples, { ...opts, structuralKinds: 0 });
    expect(open.weights.shared_bank_account!).toBeGreaterThan(DEFAULT_WEIGHTS.shared_bank_account!);
  });

  it('refuses to fit without any fraud example', () => {
    expect(() =>
      fitWeights([{ strengths: {}, fraud: false }], {
        weights: { ...DEFAULT_WEIGHTS },
        structuralGate: gate,
        flagThreshold: 50
      })
    ).toThrow(/ringsight\/calibrate: no candidate matches a fraud label/);
  });
});

describe('scoring model documents', () => {
  const base = {
    format: 'ringsight-model',
    version: 1,
    weights: { role_switching: 25 },
    evidenceScale: [2, 6],
    structuralGate: [15, 40]
  };

  it('parses a model, derives its id from the content and fills unnamed signals with the defaults', () => {
    const model = parseModel(base);
    expect(model.id).toBe(modelId(model));
    const params = modelParams(model);
    expect(params.weights.role_switching).toBe(25);
    expect(params.weights.shared_phone).toBe(DEFAULT_WEIGHTS.shared_phone);
    expect(params.model).toEqual({ id: model.id, version: 1 });
  });

  it('may set the derived corroboration weight (0 turns it off), which the defaults otherwise keep', () => {
    expect(modelParams(parseModel(base)).weights.corroboration).toBe(DEFAULT_WEIGHTS.corroboration);
    const off = modelParams(parseModel({ ...base, weights: { role_switching: 25, corroboration: 0 } }));
    expect(off.weights.corroboration).toBe(0);
  });

  it('names the field and the reason for a bad model', () => {
    expect(() => parseModel({ ...base, format: 'x' })).toThrow(/ringsight\/model: format must be "ringsight-model"/);
    expect(() => parseModel({ ...base, version: 9 })).toThrow(/version 9 is not supported/);
    expect(() => parseModel({ ...base, weights: { nope: 1 } })).toThrow(/weights\.nope: unknown signal/);
    expect(() => parseModel({ ...base, weights: { role_switching: -3 } })).toThrow(
      /weights\.role_switching must be ≥ 0/
    );
    expect(() => parseModel({ ...base, weights: { agent_practice: 3 } })).toThrow(
      /weights\.agent_practice must be ≤ 0/
    );
    expect(() => parseModel({ ...base, evidenceScale: [6, 2] })).toThrow(
      /evidenceScale must be two increasing numbers/
    );
    expect(() => parseModel({ ...base, id: 'M00000000' })).toThrow(/does not match the model's content/);
  });
});

describe('calibrate', () => {
  it('learns from a labelled book, and the run scored with the model records it', () => {
    const b = new BookBuilder();
    for (let i = 0; i < 300; i++) {
      b.claim(`B${i}`, { product: 'injury', region: '360102' });
      b.party(`B${i}`, 'injured', person(), phone(400000 + i));
    }
    // Gangs paying through one account each: shared accounts are what marks them here.
    const gangs: string[][] = [];
    for (let g = 0; g < 6; g++) {
      const ids: string[] = [];
      for (let k = 0; k < 5; k++) {
        const id = `G${g}-${k}`;
        ids.push(id);
        b.claim(id, { product: 'injury', region: ['360102', '360702'][k % 2]! });
        b.party(id, 'injured', person(['360102', '360702', '361102'][k % 3]!), undefined, `62220000${g}00000000`);
      }
      gangs.push(ids);
    }
    const model = calibrate(
      [{ book: b.book, labels: gangs.map((claims) => ({ claims, fraud: true })), complete: true }],
      { source: 'test' }
    );
    expect(model.trainedOn).toMatchObject({ books: 1, positives: 6, labels: 'test' });
    expect(model.weights.shared_bank_account!).toBeGreaterThanOrEqual(DEFAULT_WEIGHTS.shared_bank_account!);
    const result = detectRings(b.book, modelParams(parseModel(JSON.parse(JSON.stringify(model)))));
    expect(result.params.model).toEqual({ id: model.id, version: 1 });
  });
});
