/**
 * ringsight/signals/death
 * =======================
 *
 * Repeat death claims: one person reported dead on several claims, the more
 * so across insurers — fake death claims (假死骗保) filed wherever a policy
 * could be bought.
 */
import { maskResidentId } from '../privacy/mask.js';
import { evidence, ref, type Signal } from './context.js';

export const repeatDeath: Signal = (ctx) => {
  let people = 0;
  let contribution = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  for (const [person, roles] of ctx.personRoles) {
    const claims = roles.get('deceased');
    if (!claims || claims.size < 2) continue;
    const insurers = new Set([...claims].map((c) => ctx.index.claims[c]!.insurer));
    people++;
    contribution += 12 + (insurers.size > 1 ? 6 : 0);
    refs.push(ref(ctx, person));
    if (examples.length < 3) examples.push(`${maskResidentId(ctx.index.entityKey[person]!)} on ${claims.size} claims at ${insurers.size} insurers`);
  }
  return evidence('repeat_death', people, Math.min(25, contribution),
    `${people} people reported deceased on more than one claim: ${examples.join('; ')}`, refs);
};
