/**
 * ringsight/engine/signals/amounts
 * ================================
 *
 * Claimed amounts against the book. `claimed_amount` (structural): the ring's
 * total over what the same claims would typically claim (the book's median per
 * product). `high_amounts` (behavioural): money is what a ring is for — staged
 * crashes come with injuries, a padded bill is the shop's margin, a bought
 * disability grade multiplies the compensation — so how many of the ring's
 * claims sit in the book's top tenth for their product, judged as a chance at
 * the share of the book's claims that do.
 */
import { evidence, round, weighted, type Signal } from './context.js';
import { chanceText, log10BinomialTail, strengthOf } from './surprise.js';

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

export const highAmounts: Signal = (ctx) => {
  let high = 0;
  let rateSum = 0;
  let judged = 0;
  const refs: string[] = [];
  for (const c of ctx.claims) {
    const top = ctx.stats.highClaimed.get(c.product);
    if (!top) continue;
    judged++;
    rateSum += top.rate;
    if (c.claimed > top.above) {
      high++;
      refs.push(`claim:${c.id}`);
    }
  }
  if (high === 0) return null;
  const rate = rateSum / judged;
  const chance = log10BinomialTail(high, judged, rate);
  const strength = strengthOf(chance, ctx.params.evidenceScale);
  return evidence(
    'high_amounts',
    high,
    weighted(ctx, 'high_amounts', strength),
    `${high} of ${judged} claims are in the book's top tenth of claimed amounts for their product; ` +
      `in this book ${round(rate * 100, 1)}% of claims are (${chanceText(chance)})`,
    refs.sort(),
    strength
  );
};
