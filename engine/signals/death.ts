/**
 * ringsight/signals/death
 * =======================
 *
 * Repeat death claims: one person reported dead on several claims — fake death
 * claims (假死骗保) filed wherever a policy could be bought.
 *
 * Two events, judged against the book's own rates. Deceased on claims of
 * different dates: nobody dies twice, so it is rare in any honest book (data
 * entry aside). Deceased on several claims of one date: one death claimed under
 * each policy the person held — ordinary where elderly people hold several
 * policies, so it counts only as far as it is rarer in this book.
 */
import { maskResidentId } from '../privacy/mask.js';
import { rateText } from './base-rates.js';
import { evidence, ref, weighted, type Signal } from './context.js';
import { chanceText, log10BinomialTail, strengthOf } from './surprise.js';

export const repeatDeath: Signal = (ctx) => {
  let deceased = 0;
  let twice = 0;
  let samedate = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  for (const [person, roles] of ctx.personRoles) {
    const claims = roles.get('deceased');
    if (!claims) continue;
    deceased++;
    if (claims.size < 2) continue;
    const dates = new Set([...claims].map((c) => ctx.index.claims[c]!.accidentDate));
    const insurers = new Set([...claims].map((c) => ctx.index.claims[c]!.insurer));
    if (dates.size > 1) twice++;
    else samedate++;
    refs.push(ref(ctx, person));
    if (examples.length < 3) {
      examples.push(`${maskResidentId(ctx.index.entityKey[person]!)} on ${claims.size} claims at ${insurers.size} insurers, ${dates.size} death date${dates.size > 1 ? 's' : ''}`);
    }
  }
  if (refs.length === 0) return null;
  const { repeatDeath: r2, multiPolicyDeath: r1 } = ctx.stats.rates;
  const chance = Math.min(log10BinomialTail(twice, deceased, r2.rate), log10BinomialTail(samedate, deceased, r1.rate));
  const strength = strengthOf(chance, ctx.params.evidenceScale);
  return evidence('repeat_death', refs.length, weighted(ctx, 'repeat_death', strength),
    `${refs.length} people reported deceased on more than one claim (${twice} with different death dates): ${examples.join('; ')}; ` +
    `in this book ${rateText(r2, 'deceased people')} have different death dates and ${(r1.rate * 100).toFixed(2)}% one death on several claims (${chanceText(chance)})`,
    refs, strength);
};
