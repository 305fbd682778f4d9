/**
 * ringsight/signals/concentration
 * ===============================
 *
 * Concentration on one intermediary: many of the ring's claims going through
 * the same repair shop, appraiser, clinic, lawyer or agent — the broker's
 * (人伤黄牛) and the padding repair shop's fingerprint.
 *
 * This is where hubs come back as evidence. Strength is share × √exclusivity:
 * share = the ring's claims at the intermediary / the ring's claims;
 * exclusivity = the same count / all the intermediary's claims in the book.
 * A city hospital that sees every ring's injured and ten thousand honest
 * patients has exclusivity near zero and contributes nothing; a clinic whose
 * claims are mostly this ring's contributes fully.
 */
import type { EntityType } from '../model.js';
import { maskResidentId } from '../privacy/mask.js';
import { evidence, ref, type Signal } from './context.js';

const INTERMEDIARIES: readonly EntityType[] = ['repair_shop', 'appraiser', 'hospital', 'lawyer', 'tow'];
const MIN_CLAIMS = 3;
/** Agents concentrate claims by trade; only providers concentrating a ring count fully. */
const AGENT_WEIGHT = 0.5;

export const intermediaryConcentration: Signal = (ctx) => {
  const n = ctx.claims.length;
  let best = 0;
  let secondBest = 0;
  let bestDetail = '';
  const refs: string[] = [];
  const consider = (e: number, label: () => string, k: number, weight: number): void => {
    const share = k / n;
    const exclusivity = k / ctx.index.degree[e]!;
    const strength = weight * share * Math.sqrt(exclusivity);
    if (strength >= 0.2) refs.push(ref(ctx, e));
    if (strength > best) {
      secondBest = best;
      best = strength;
      bestDetail = `${k} of ${n} claims (${Math.round(share * 100)}%) go through ${label()}, ` +
        `which has ${ctx.index.degree[e]} claims in the whole book (${Math.round(exclusivity * 100)}% of them in this ring)`;
    } else if (strength > secondBest) secondBest = strength;
  };
  for (const [e, claims] of ctx.entityClaims) {
    const type = ctx.index.entityType[e]!;
    // Most intermediaries of a candidate see one or two of its claims: skip them before building any text.
    if (claims.size < MIN_CLAIMS || !INTERMEDIARIES.includes(type)) continue;
    const label = (): string => `${type.replace('_', ' ')} ${ctx.index.info.get(ref(ctx, e))?.name ?? ctx.index.entityKey[e]}`;
    consider(e, label, claims.size, 1);
  }
  for (const [person, roles] of ctx.personRoles) {
    const asAgent = roles.get('agent');
    if (asAgent && asAgent.size >= MIN_CLAIMS) consider(person, () => `agent ${maskResidentId(ctx.index.entityKey[person]!)}`, asAgent.size, AGENT_WEIGHT);
  }
  // A second concentrated intermediary (the broker's clinic *and* appraiser) adds to the first.
  const strength = Math.min(1, best + 0.5 * secondBest);
  return evidence('intermediary_concentration', strength, 20 * strength, bestDetail, refs.sort());
};
