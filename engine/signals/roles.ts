/**
 * ringsight/signals/roles
 * =======================
 *
 * Role switching: the same people taking turns as driver, injured, passenger
 * and witness across claims — the signature of staged collisions (碰瓷).
 * Switches involving "witness" weigh more: an honest family member may drive
 * one claim and ride in the next, but rarely witnesses the family's accidents.
 */
import { maskResidentId } from '../privacy/mask.js';
import { evidence, ref, type Signal } from './context.js';

const ACCIDENT_ROLES = ['driver', 'injured', 'passenger', 'witness'];

export const roleSwitching: Signal = (ctx) => {
  let switchers = 0;
  let witnessSwitchers = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  for (const [person, roles] of ctx.personRoles) {
    const accident = ACCIDENT_ROLES.filter((r) => roles.has(r));
    if (accident.length < 2) continue;
    const claims = new Set<number>();
    for (const r of accident) for (const c of roles.get(r)!) claims.add(c);
    if (claims.size < 2) continue;
    switchers++;
    if (accident.includes('witness')) witnessSwitchers++;
    refs.push(ref(ctx, person));
    if (examples.length < 3) examples.push(`${maskResidentId(ctx.index.entityKey[person]!)} as ${accident.join('/')}`);
  }
  // A fleet driver hurt in one crash and driving in the next is ordinary; a witness who is also a driver or victim is not.
  const contribution = Math.min(20, 3 * (switchers - witnessSwitchers) + 7 * witnessSwitchers);
  return evidence('role_switching', switchers, contribution,
    `${switchers} people switch accident roles across claims (${witnessSwitchers} also as witness): ${examples.join('; ')}`, refs);
};
