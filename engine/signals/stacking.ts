/**
 * ringsight/engine/signals/stacking
 * =================================
 *
 * Stacked policies (集中投保): one person's life insured with several insurers
 * at once, weeks apart, shortly before a death claimed under all of them. A
 * fake-death gang buys the cover it will collect; an honest person's policies
 * come over the years — a life policy, later an employer's accident cover.
 *
 * Judged against the book: each deceased person's policies beyond the first
 * are chances, and a policy started within weeks of the one before is an
 * event, at the rate the book's honest deceased show.
 */
import { maskResidentId } from '../privacy/mask.js';
import { rateText } from './base-rates.js';
import { stackedPolicies } from './person-events.js';
import { bookRate, evidence, ref, strengthFrom, weighted, type Signal } from './context.js';
import { chanceText, log10BinomialTail } from './surprise.js';

export const stackedPolicySignal: Signal = (ctx) => {
  let chances = 0;
  let events = 0;
  let people = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  for (const [person, roles] of ctx.personRoles) {
    const claims = roles.get('deceased');
    if (!claims || claims.size < 2) continue;
    const { policies, stacked } = stackedPolicies(ctx.index, claims);
    if (policies < 2) continue;
    chances += policies - 1;
    if (stacked === 0) continue;
    events += stacked;
    people++;
    refs.push(ref(ctx, person));
    if (examples.length < 3)
      examples.push(
        `${maskResidentId(ctx.index.entityKey[person]!)}: ${stacked + 1} of ${policies} policies started within weeks of each other`
      );
  }
  if (people === 0) return null;
  const p = bookRate(ctx, 'stackedPolicy', events, chances);
  const chance = log10BinomialTail(events, chances, p);
  const strength = strengthFrom(ctx, 'stacked_policies', chance);
  return evidence(
    'stacked_policies',
    people,
    weighted(ctx, 'stacked_policies', strength),
    `${people} deceased ${people === 1 ? 'person was' : 'people were'} insured with several policies bought together: ${examples.join('; ')}; ` +
      `${events} of ${chances} further policies of the ring's deceased started within weeks of another, where in this book ` +
      `${rateText(p, ctx.stats.rates.stackedPolicy.units, "deceased people's further policies")} did (${chanceText(chance)})`,
    refs.sort(),
    strength
  );
};
