/**
 * ringsight/engine/signals/amounts
 * ================================
 *
 * Claimed amounts against the book: the ring's total claimed over what the
 * same claims would typically claim (the book's median per product).
 */
import { evidence, round, weighted, type Signal } from './context.js';

export const claimedAmounts: Signal = (ctx) => {
  let total = 0;
  let typical = 0;
  for (const c of ctx.claims) {
    total += c.claimed;
    typical += ctx.stats.medianClaimed.get(c.product) ?? c.claimed;
  }
  if (typical <= 0) return null;
  const ratio = total / typical;
  // Full strength at 4× the typical amount.
  const strength = Math.max(0, Math.min(1, Math.log2(ratio) / 2));
  return evidence(
    'claimed_amount',
    round(ratio, 2),
    weighted(ctx, 'claimed_amount', strength),
    `CNY ${round(total, 2).toLocaleString('en-US')} claimed, ${round(ratio, 1)}× the book's median for the same products`,
    // The claims above their product's median are the ones that make the total high.
    ctx.claims
      .filter((c) => c.claimed > (ctx.stats.medianClaimed.get(c.product) ?? c.claimed))
      .map((c) => `claim:${c.id}`)
      .sort(),
    strength
  );
};
