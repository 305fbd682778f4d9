/**
 * ringsight/engine/signals/spread
 * ===============================
 *
 * How far a ring reaches: its size in claims, the prefectures it spans
 * (cross-region) and the insurers it spans (cross-insurer). Organised gangs
 * spread claims across insurers and prefectures precisely so that no single
 * insurer sees the pattern.
 */
import { prefectureOf } from '../model.js';
import { claimRefsWhere, evidence, weighted, type RingContext, type Signal } from './context.js';

/** All the ring's claim refs in claim-id order: what a structural signal is carried by. */
function claimRefs(ctx: RingContext): string[] {
  ctx.allClaimRefs ??= claimRefsWhere(ctx);
  return ctx.allClaimRefs;
}

/** Strength by count: 2 / 3 / ≥ 4 prefectures or insurers. */
const STEPS = [0, 0, 5 / 12, 9 / 12, 1];

function step(count: number): number {
  return STEPS[Math.min(count, STEPS.length - 1)]!;
}

export const ringSize: Signal = (ctx) => {
  const n = ctx.claims.length;
  const strength = Math.min(1, Math.max(0, Math.log2(n / 2) / 3));
  return evidence(
    'ring_size',
    n,
    weighted(ctx, 'ring_size', strength),
    `${n} claims linked by shared people, phones, accounts or vehicles`,
    claimRefs(ctx),
    strength
  );
};

export const crossRegion: Signal = (ctx) => {
  const prefectures = [...new Set(ctx.claims.map((c) => prefectureOf(c.region)))].sort();
  const strength = step(prefectures.length);
  // Every claim places the ring somewhere: all of them carry the spread (one prefecture: nothing fires).
  return evidence(
    'cross_region',
    prefectures.length,
    weighted(ctx, 'cross_region', strength),
    `claims in ${prefectures.length} prefectures: ${prefectures.join(', ')}`,
    claimRefs(ctx),
    strength
  );
};

export const crossInsurer: Signal = (ctx) => {
  const insurers = [...new Set(ctx.claims.map((c) => c.insurer))].sort();
  const strength = step(insurers.length);
  return evidence(
    'cross_insurer',
    insurers.length,
    weighted(ctx, 'cross_insurer', strength),
    `claims filed with ${insurers.length} insurers: ${insurers.join(', ')}`,
    claimRefs(ctx),
    strength
  );
};
