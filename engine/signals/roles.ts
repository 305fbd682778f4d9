/**
 * ringsight/engine/signals/roles
 * ==============================
 *
 * Role switching: the same people taking turns as driver, injured, passenger
 * and witness across claims — the signature of staged collisions (碰瓷).
 *
 * Judged against the book: of the ring's people on several of its claims, how
 * many switch, against the share of all the book's people on several claims who
 * do (honest families swap the wheel, taxi drivers are hurt and drive again).
 * Switches involving "witness" are judged against their own, lower, book rate.
 */
import { maskResidentId } from '../privacy/mask.js';
import { ACCIDENT_ROLES, rateText } from './base-rates.js';
import { bookRate, evidence, ref, strengthFrom, weighted, type Signal } from './context.js';
import { chanceText, log10BinomialTail } from './surprise.js';

export const roleSwitching: Signal = (ctx) => {
  let opportunities = 0;
  let switchers = 0;
  let witnessSwitchers = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  for (const [person, roles] of ctx.personRoles) {
    const accident = ACCIDENT_ROLES.filter((r) => roles.has(r));
    if (accident.length === 0) continue;
    const claims = new Set<number>();
    for (const r of accident) for (const c of roles.get(r)!) claims.add(c);
    if (claims.size < 2) continue;
    opportunities++;
    if (accident.length < 2) continue;
    switchers++;
    if (accident.includes('witness')) witnessSwitchers++;
    refs.push(ref(ctx, person));
    if (examples.length < 3) examples.push(`${maskResidentId(ctx.index.entityKey[person]!)} as ${accident.join('/')}`);
  }
  if (switchers === 0) return null;
  const { roleSwitch } = ctx.stats.rates;
  const pAny = bookRate(ctx, 'roleSwitch', switchers, opportunities);
  const pWitness = bookRate(ctx, 'witnessSwitch', witnessSwitchers, opportunities);
  const any = log10BinomialTail(switchers, opportunities, pAny);
  const witness = log10BinomialTail(witnessSwitchers, opportunities, pWitness);
  const chance = Math.min(any, witness);
  const strength = strengthFrom(ctx, 'role_switching', chance);
  return evidence(
    'role_switching',
    switchers,
    weighted(ctx, 'role_switching', strength),
    `${switchers} of ${opportunities} people on several claims switch accident roles (${witnessSwitchers} also as witness): ${examples.join('; ')}; ` +
      `in this book ${rateText(pAny, roleSwitch.units, 'people on several claims')} switch, ${(pWitness * 100).toFixed(2)}% as witness (${chanceText(chance)})`,
    refs,
    strength
  );
};
