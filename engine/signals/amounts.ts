/**
 * ringsight/signals/amounts
 * =========================
 *
 * Claimed amounts against the book: the ring's total claimed over what the
 * same claims would typically claim (the book's median per product).
 */
import { evidence, round, type Signal } from './context.js';

export const claimedAmounts: Signal = (ctx) => {
  let total = 0;
  let typical = 0;
  for (const c of ctx.claims) {
    total += c.claimed;
    typical += ctx.stats.medianClaimed.get(c.product) ?? c.claimed;
  }
  if (typical <= 0) return null;
  const ratio = total / typical;
  const contribution = Math.max(0, Math.min(8, 4 * Math.log2(ratio)));
  return evidence('claimed_amount', round(ratio, 2), contribution,
    `CNY ${round(total, 2).toLocaleString('en-US')} claimed, ${round(ratio, 1)}× the book's median for the same products`, []);
};
