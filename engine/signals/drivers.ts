/**
 * ringsight/engine/signals/drivers
 * ================================
 *
 * Hired drivers: one person at the wheel on claims of several different
 * policyholders' cars. A staging crew's driver crashes other people's cars
 * (the owners are the crew's recruits or a shop's customers); an honest person
 * drives their own car, their family's, or a fleet's (one policyholder).
 *
 * Judged against the book: each repeat drive (a person's second and later
 * claims at the wheel) is a chance to be driving yet another policyholder's
 * car; every owner beyond a driver's first other one is a coincidence (a
 * spouse's car is ordinary, a fourth stranger's is not), at the rate the
 * book's honest repeat drivers show (designated-driver services and families
 * lending cars make it common in some books).
 */
import { maskResidentId } from '../privacy/mask.js';
import { rateText } from './base-rates.js';
import { hiredEvents, insuredOn } from './person-events.js';
import { bookRate, evidence, ref, strengthFrom, weighted, type Signal } from './context.js';
import { chanceText, log10BinomialTail } from './surprise.js';

export const hiredDriver: Signal = (ctx) => {
  let chances = 0;
  let coincidences = 0;
  let hired = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  const insured: number[] = [];
  for (const [person, roles] of ctx.personRoles) {
    const driven = roles.get('driver');
    if (!driven || driven.size < 2) continue;
    chances += driven.size - 1;
    const others = new Set<number>();
    for (const c of driven) for (const p of insuredOn(ctx.index, c, insured)) if (p !== person) others.add(p);
    const events = hiredEvents(others.size);
    if (events === 0) continue;
    coincidences += events;
    hired++;
    refs.push(ref(ctx, person));
    if (examples.length < 3)
      examples.push(
        `${maskResidentId(ctx.index.entityKey[person]!)} drove for ${others.size} policyholders on ${driven.size} claims`
      );
  }
  if (hired === 0) return null;
  const p = bookRate(ctx, 'hiredDriver', coincidences, chances);
  const chance = log10BinomialTail(coincidences, chances, p);
  const strength = strengthFrom(ctx, 'hired_driver', chance);
  return evidence(
    'hired_driver',
    hired,
    weighted(ctx, 'hired_driver', strength),
    `${hired} ${hired === 1 ? 'person' : 'people'} drove the cars of several other policyholders: ${examples.join('; ')}; ` +
      `${coincidences} owners beyond each driver's first in ${chances} repeat drives, where in this book ` +
      `${rateText(p, ctx.stats.rates.hiredDriver.units, 'repeat drives')} bring one (${chanceText(chance)})`,
    refs.sort(),
    strength
  );
};
