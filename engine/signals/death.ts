/**
 * ringsight/engine/signals/death
 * ==============================
 *
 * Repeat death claims: one person reported dead on several claims — fake death
 * claims (假死骗保) filed wherever a policy could be bought.
 *
 * Two events, judged against the book's own rates. Deceased on claims of
 * different dates: nobody dies twice, so it is rare in any honest book (data
 * entry aside). Deceased on several claims of one date: one death claimed under
 * each policy the person held — ordinary where elderly people hold several
 * policies, so it counts only as far as it is rarer in this book, judged per
 * deceased person (a life agent's book holding three such customers is three
 * people, not nine claims). And one
 * beneficiary collecting on the deaths of several different people: a payee
 * fronting invented deaths, judged against how often heirs collect twice here.
 */
import { maskResidentId } from '../privacy/mask.js';
import { beneficiaryEvents, deathClaimOf, deathEvents } from './person-events.js';
import { bookRate, evidence, ref, strengthFrom, weighted, type Signal } from './context.js';
import { chanceText, log10BinomialTail } from './surprise.js';

export const repeatDeath: Signal = (ctx) => {
  const deaths: Array<Map<string, number>> = [];
  let twice = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  for (const [person, roles] of ctx.personRoles) {
    const claims = roles.get('deceased');
    if (!claims) continue;
    const byDate = new Map<string, number>();
    for (const c of claims)
      byDate.set(ctx.index.claims[c]!.accidentDate, (byDate.get(ctx.index.claims[c]!.accidentDate) ?? 0) + 1);
    deaths.push(byDate);
    if (claims.size < 2) continue;
    const dates = byDate;
    const insurers = new Set([...claims].map((c) => ctx.index.claims[c]!.insurer));
    if (dates.size > 1) twice++;
    refs.push(ref(ctx, person));
    if (examples.length < 3) {
      examples.push(
        `${maskResidentId(ctx.index.entityKey[person]!)} on ${claims.size} claims at ${insurers.size} insurers, ${dates.size} death date${dates.size > 1 ? 's' : ''}`
      );
    }
  }
  const deathClaims = ctx.claimIdx
    .filter((c) => ctx.index.claims[c]!.product === 'death')
    .map((c) => deathClaimOf(ctx.index, c))
    .filter((d) => d.deceased.length > 0);
  const collecting = beneficiaryEvents(deathClaims);
  const payees = new Set<number>();
  if (collecting > 0) {
    const dead = new Map<number, Set<number>>();
    for (const d of deathClaims)
      for (const b of d.beneficiaries)
        for (const x of d.deceased) if (x !== b) (dead.get(b) ?? dead.set(b, new Set()).get(b)!).add(x);
    for (const [b, set] of dead) if (set.size >= 2) payees.add(b);
  }
  if (refs.length === 0 && payees.size === 0) return null;
  const ring = deathEvents(deaths);
  const p2 = bookRate(ctx, 'repeatDeath', ring.otherdate, ring.claims);
  const p1 = bookRate(ctx, 'multiPolicyDeath', ring.multiPolicy, ring.persons);
  const p3 = bookRate(ctx, 'sharedBeneficiary', collecting, deathClaims.length);
  const chance = Math.min(
    log10BinomialTail(ring.otherdate, ring.claims, p2),
    log10BinomialTail(ring.multiPolicy, ring.persons, p1),
    log10BinomialTail(collecting, deathClaims.length, p3)
  );
  for (const b of [...payees].sort((a, b) => a - b)) {
    refs.push(ref(ctx, b));
    if (examples.length < 4)
      examples.push(`${maskResidentId(ctx.index.entityKey[b]!)} collects on the deaths of several people`);
  }
  const strength = strengthFrom(ctx, 'repeat_death', chance);
  return evidence(
    'repeat_death',
    refs.length,
    weighted(ctx, 'repeat_death', strength),
    `${refs.length - payees.size} people reported deceased on more than one claim (${twice} with different death dates), ` +
      `${payees.size} beneficiaries collecting on several people's deaths: ${examples.join('; ')}; of this book's death claims ` +
      `${(p2 * 100).toFixed(2)}% name someone already dead on another date and ${(p3 * 100).toFixed(1)}% pay someone who collects ` +
      `on another death; of its deceased, ${(p1 * 100).toFixed(1)}% have one death claimed under several policies ` +
      `(here ${ring.multiPolicy} of ${ring.persons}) (${chanceText(chance)})`,
    refs,
    strength
  );
};
