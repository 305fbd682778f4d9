/**
 * ringsight/signals/timing
 * ========================
 *
 * Short policy-start-to-accident gaps: policies bought just before the
 * "accident" (带病投保 / 先出险后投保). One short gap is common among honest
 * new customers; a ring where most claims have one is not.
 */
import { evidence, type Signal } from './context.js';

const DAY = 86_400_000;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY);
}

export const shortPolicyGap: Signal = (ctx) => {
  let dated = 0;
  const short: string[] = [];
  for (const c of ctx.claims) {
    if (!c.policyStart) continue;
    dated++;
    if (daysBetween(c.policyStart, c.accidentDate) <= ctx.params.shortGapDays) short.push(c.id);
  }
  if (short.length < 2) return null;
  const share = short.length / dated;
  return evidence('short_policy_gap', short.length, 10 * share,
    `${short.length} of ${dated} claims happened within ${ctx.params.shortGapDays} days of the policy start`,
    short.map((id) => `claim:${id}`));
};
