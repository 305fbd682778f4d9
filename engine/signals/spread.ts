/**
 * ringsight/signals/spread
 * ========================
 *
 * How far a ring reaches: its size in claims, the prefectures it spans
 * (cross-region) and the insurers it spans (cross-insurer). Organised gangs
 * spread claims across insurers and prefectures precisely so that no single
 * insurer sees the pattern.
 */
import { prefectureOf } from '../model.js';
import { evidence, type Signal } from './context.js';

const STEPS = [0, 0, 1, 1.8, 2.4];

function step(count: number): number {
  return STEPS[Math.min(count, STEPS.length - 1)]!;
}

export const ringSize: Signal = (ctx) => {
  const n = ctx.claims.length;
  const contribution = 15 * Math.min(1, Math.max(0, Math.log2(n / 2) / 3));
  return evidence('ring_size', n, contribution, `${n} claims linked by shared people, phones, accounts or vehicles`, []);
};

export const crossRegion: Signal = (ctx) => {
  const prefectures = [...new Set(ctx.claims.map((c) => prefectureOf(c.region)))].sort();
  return evidence('cross_region', prefectures.length, 5 * step(prefectures.length),
    `claims in ${prefectures.length} prefectures: ${prefectures.join(', ')}`, []);
};

export const crossInsurer: Signal = (ctx) => {
  const insurers = [...new Set(ctx.claims.map((c) => c.insurer))].sort();
  return evidence('cross_insurer', insurers.length, 5 * step(insurers.length),
    `claims filed with ${insurers.length} insurers: ${insurers.join(', ')}`, []);
};
