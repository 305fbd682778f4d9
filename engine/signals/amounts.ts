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
 * the share of the book's claims that do; and, since a padded bill moves every
 * claim up rather than only into the top tenth, where the claims rank among
 * their product's (a rank-sum test: Wilcoxon 1945, with the normal
 * approximation of the sum of uniform ranks), counted once the shift is
 * material. The better of the two chances, corrected for the two, is the
 * signal's.
 */
import { lowerBound } from '../util/sorted.js';
import { claimRefsWhere, evidence, round, strengthFrom, weighted, type RingContext, type Signal } from './context.js';
import { chanceText, log10BinomialTail, log10NormalTail } from './surprise.js';
import { grouped } from '../util/format.js';

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
    `CNY ${grouped(round(total, 2))} claimed, ${round(ratio, 1)}× the book's median for the same products`,
    // The claims above their product's median are the ones that make the total high.
    claimRefsWhere(ctx, (c) => c.claimed > (ctx.stats.medianClaimed.get(c.product) ?? c.claimed)),
    strength
  );
};

/**
 * Average rank (share of the product's claims below) from which the ranks' shift counts: a padded
 * bill (×2 on a typical repair) puts a claim near three quarters up. Below it, a large honest
 * cluster a little above the book (a logistics fleet's lorries) would read as padding with a
 * significance that grows with its size and not with any padding.
 */
const RANK_SHIFT = 0.75;

/** Where `x` ranks among `sorted` (ascending), as a share from 0 to 1, ties counted half. */
function rankShare(sorted: Float64Array, x: number): number {
  return (lowerBound(sorted, x) + lowerBound(sorted, x, true)) / 2 / sorted.length;
}

/** The rank share of the claim at `c` (index order), found once per book. */
function claimRank(ctx: RingContext, c: number, product: string, claimed: number): number {
  let r = ctx.stats.claimedRank[c]!;
  if (Number.isNaN(r)) ctx.stats.claimedRank[c] = r = rankShare(ctx.stats.claimedSorted.get(product)!, claimed);
  return r;
}

export const highAmounts: Signal = (ctx) => {
  let high = 0;
  let rateSum = 0;
  let judged = 0;
  let rankSum = 0;
  const refs: string[] = [];
  for (let k = 0; k < ctx.claims.length; k++) {
    const c = ctx.claims[k]!;
    const top = ctx.stats.highClaimed.get(c.product);
    if (!top) continue;
    judged++;
    rateSum += top.rate;
    rankSum += claimRank(ctx, ctx.claimIdx[k]!, c.product, c.claimed);
    if (c.claimed > top.above) {
      high++;
      refs.push(`claim:${c.id}`);
    }
  }
  if (judged === 0) return null;
  const rate = rateSum / judged;
  const topChance = high > 0 ? log10BinomialTail(high, judged, rate) : 0;
  // Padding shifts every claim up, not only into the top tenth: the ranks' sum against its spread
  // were the claims drawn like the book's (each rank uniform: mean ½, variance 1/12 per claim).
  const meanRank = rankSum / judged;
  const rankChance = meanRank >= RANK_SHIFT ? log10NormalTail((rankSum - judged / 2) / Math.sqrt(judged / 12)) : 0;
  if (high === 0 && rankChance >= 0) return null;
  // Two tests looked at: the better chance is corrected for both (Bonferroni).
  const chance = Math.min(0, Math.min(topChance, rankChance) + Math.log10(2));
  const strength = strengthFrom(ctx, 'high_amounts', chance);
  return evidence(
    'high_amounts',
    high,
    weighted(ctx, 'high_amounts', strength),
    `${high} of ${judged} claims are in the book's top tenth of claimed amounts for their product ` +
      `(in this book ${round(rate * 100, 1)}% of claims are), and on average a claim here claims more than ` +
      `${Math.round(meanRank * 100)}% of the book's claims of its product (${chanceText(chance)})`,
    refs.sort(),
    strength
  );
};
