/**
 * ringsight/engine/signals/timing
 * ===============================
 *
 * Short policy-start-to-accident gaps: policies bought just before the
 * "accident" (带病投保 / 先出险后投保). One short gap is common among honest
 * new customers; a ring where more claims have one than the book's own share
 * of short gaps explains is not.
 */
import { rateText } from './base-rates.js';
import { bookRate, evidence, strengthFrom, weighted, type Signal } from './context.js';
import { chanceText, log10BinomialTail } from './surprise.js';

export const shortPolicyGap: Signal = (ctx) => {
  let dated = 0;
  const short: string[] = [];
  const gaps = ctx.stats.rates.policyGap;
  for (const c of ctx.claimIdx) {
    const gap = gaps[c]!;
    if (Number.isNaN(gap)) continue;
    dated++;
    if (gap <= ctx.params.shortGapDays) short.push(ctx.index.claims[c]!.id);
  }
  if (short.length < 2) return null;
  const r = ctx.stats.rates.shortGap;
  const p = bookRate(ctx, 'shortGap', short.length, dated);
  const chance = log10BinomialTail(short.length, dated, p);
  const strength = strengthFrom(ctx, 'short_policy_gap', chance);
  return evidence(
    'short_policy_gap',
    short.length,
    weighted(ctx, 'short_policy_gap', strength),
    `${short.length} of ${dated} claims happened within ${ctx.params.shortGapDays} days of the policy start; ` +
      `in this book ${rateText(p, r.units, 'dated claims')} did (${chanceText(chance)})`,
    short.map((id) => `claim:${id}`),
    strength
  );
};
