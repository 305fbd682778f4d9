/**
 * ringsight/engine/signals/victims
 * ================================
 *
 * Repeat victims: one person hurt, or claiming from someone else's policy, in
 * several separate accidents within weeks of each other. A staging crew's
 * "victims" ride into one crash after another; an honest person may be the
 * other party in two accidents over the years, but seldom within a month.
 *
 * Judged against the book: each repeat victim claim (a person's second and
 * later claims as injured, claimant or passenger) is a chance to come from yet
 * another accident soon after, and every such accident beyond the first is one
 * coincidence, at the rate the book's honest repeat victims show (a taxi
 * driver's passengers, a courier on a scooter make it common in some books).
 *
 * The same for cars (`repeat_struck_vehicle`): one vehicle as the third party,
 * struck by other policyholders' cars in separate accidents weeks apart — the
 * crew's own car, hit by one recruit after another (碰瓷).
 */
import { maskResidentId } from '../privacy/mask.js';
import { rateText } from './base-rates.js';
import { STRUCK_ROLES, VICTIM_ROLES, victimAccidents } from './person-events.js';
import { bookRate, evidence, ref, strengthFrom, weighted, type Signal } from './context.js';
import { chanceText, log10BinomialTail } from './surprise.js';

export const repeatVictim: Signal = (ctx) => {
  let chances = 0;
  let coincidences = 0;
  let repeat = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  const insured: number[] = [];
  for (const [person, roles] of ctx.personRoles) {
    // Most people are on one claim of a ring: counted before anything is built for them.
    let listed = 0;
    for (const [role, list] of roles) if (VICTIM_ROLES.has(role)) listed += list.size;
    if (listed < 2) continue;
    const claims = new Set<number>();
    for (const [role, on] of roles)
      if (VICTIM_ROLES.has(role)) for (const c of on) if (ctx.index.claims[c]!.product !== 'death') claims.add(c);
    if (claims.size < 2) continue;
    const accidents = victimAccidents(ctx.index, claims, person, insured);
    if (accidents === 0) continue;
    chances += claims.size - 1;
    if (accidents < 2) continue;
    coincidences += accidents - 1;
    repeat++;
    refs.push(ref(ctx, person));
    if (examples.length < 3)
      examples.push(
        `${maskResidentId(ctx.index.entityKey[person]!)} in ${accidents} accidents weeks apart, on ${claims.size} claims`
      );
  }
  if (repeat === 0) return null;
  const p = bookRate(ctx, 'repeatVictim', coincidences, chances);
  const chance = log10BinomialTail(coincidences, chances, p);
  const strength = strengthFrom(ctx, 'repeat_victim', chance);
  return evidence(
    'repeat_victim',
    repeat,
    weighted(ctx, 'repeat_victim', strength),
    `${repeat} ${repeat === 1 ? 'person was' : 'people were'} hurt or claimed from others' policies in several separate accidents within a month of each other: ${examples.join('; ')}; ` +
      `${coincidences} such accidents beyond each one's first in ${chances} repeat victim claims, where in this book ` +
      `${rateText(p, ctx.stats.rates.repeatVictim.units, 'repeat victim claims')} bring one (${chanceText(chance)})`,
    refs.sort(),
    strength
  );
};

/**
 * Cars struck again and again: one vehicle as the third party — the car another policyholder hit —
 * in separate accidents within a month of each other. Judged like repeat victims, at the rate the
 * book's honest struck cars show (a car parked on a busy street, a taxi at a rank).
 */
export const repeatStruckVehicle: Signal = (ctx) => {
  let chances = 0,
    coincidences = 0,
    repeat = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  const insured: number[] = [];
  const { linkStart, linkEntity, linkRole, entityType } = ctx.index;
  // Every candidate is asked: the ring's entities are walked once, most of them on one claim.
  for (const [v, on] of ctx.entityClaims) {
    if (on.size < 2 || entityType[v] !== 'vehicle') continue;
    const struck: number[] = [];
    for (const c of on)
      for (let i = linkStart[c]!; i < linkStart[c + 1]!; i++)
        if (linkEntity[i] === v && STRUCK_ROLES.has(linkRole[i]!)) {
          struck.push(c);
          break;
        }
    if (struck.length < 2) continue;
    const accidents = victimAccidents(ctx.index, struck, v, insured);
    chances += struck.length - 1;
    if (accidents < 2) continue;
    coincidences += accidents - 1;
    repeat++;
    refs.push(ref(ctx, v));
    if (examples.length < 3) examples.push(`${ctx.index.entityKey[v]} struck in ${accidents} accidents weeks apart`);
  }
  if (repeat === 0) return null;
  const p = bookRate(ctx, 'repeatStruck', coincidences, chances);
  const chance = log10BinomialTail(coincidences, chances, p);
  const strength = strengthFrom(ctx, 'repeat_struck_vehicle', chance);
  return evidence(
    'repeat_struck_vehicle',
    repeat,
    weighted(ctx, 'repeat_struck_vehicle', strength),
    `${repeat} ${repeat === 1 ? 'car was' : 'cars were'} the third party struck by other policyholders' cars in several separate accidents within a month of each other: ${examples.join('; ')}; ` +
      `${coincidences} such accidents beyond each one's first in ${chances} repeat struck-car claims, where in this book ` +
      `${rateText(p, ctx.stats.rates.repeatStruck.units, 'repeat struck-car claims')} bring one (${chanceText(chance)})`,
    refs.sort(),
    strength
  );
};
