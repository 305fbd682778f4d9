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
import { countedInRates, deathEvents, rateWithout } from './base-rates.js';
import { evidence, ref, weighted, type Signal } from './context.js';
import { chanceText, log10BinomialTail, strengthOf } from './surprise.js';

export const repeatDeath: Signal = (ctx) => {
  const deaths: Array<Map<string, number>> = [];
  let twice = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  for (const [person, roles] of ctx.personRoles) {
    const claims = roles.get('deceased');
    if (!claims) continue;
    const byDate = new Map<string, number>();
    for (const c of claims) byDate.set(ctx.index.claims[c]!.accidentDate, (byDate.get(ctx.index.claims[c]!.accidentDate) ?? 0) + 1);
    deaths.push(byDate);
    if (claims.size < 2) continue;
    const dates = byDate;
    const insurers = new Set([...claims].map((c) => ctx.index.claims[c]!.insurer));
    if (dates.size > 1) twice++;
    refs.push(ref(ctx, person));
    if (examples.length < 3) {
      examples.push(`${maskResidentId(ctx.index.entityKey[person]!)} on ${claims.size} claims at ${insurers.size} insurers, ${dates.size} death date${dates.size > 1 ? 's' : ''}`);
    }
  }
  if (refs.length === 0) return null;
  const { repeatDeath: r2, multiPolicyDeath: r1 } = ctx.stats.rates;
  const ring = deathEvents(deaths);
  const counted = countedInRates(ctx.stats.rates, ctx.claimIdx);
  const p2 = counted ? rateWithout(r2, ring.otherdate, ring.claims) : r2.rate;
  const p1 = counted ? rateWithout(r1, ring.samedate, ring.claims) : r1.rate;
  const chance = Math.min(log10BinomialTail(ring.otherdate, ring.claims, p2), log10BinomialTail(ring.samedate, ring.claims, p1));
  const strength = strengthOf(chance, ctx.params.evidenceScale);
  return evidence('repeat_death', refs.length, weighted(ctx, 'repeat_death', strength),
    `${refs.length} people reported deceased on more than one claim (${twice} with different death dates): ${examples.join('; ')}; ` +
    `of this book's death claims ${(p2 * 100).toFixed(2)}% name someone already dead on another date and ${(p1 * 100).toFixed(1)}% repeat a death claimed elsewhere (${chanceText(chance)})`,
    refs, strength);
};
