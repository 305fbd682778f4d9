/**
 * ringsight/signals/shared
 * ========================
 *
 * Identifiers shared by different people: one phone or bank account given for
 * several people's claims, and vehicles recurring across claims.
 *
 * Households are discounted: people whose resident IDs carry the same home
 * district who share a landline or a joint account are the commonest honest
 * pattern, and what floods "connected components" queries with families.
 * So is an agent's own phone written on the customers' forms — agents do that
 * by trade. An agent's bank account receiving customers' payouts is not
 * discounted: honest agents never receive payouts; brokers do.
 */
import { maskBankAccount, maskPhone } from '../privacy/mask.js';
import { entitiesOfType, evidence, ref, type RingContext, type Signal } from './context.js';

const HOUSEHOLD_WEIGHT = 0.3;

/** People beyond the first on an identifier, with same-home-district people counted as a fraction. */
function excessHolders(ctx: RingContext, people: Set<number>): number {
  const districts = new Map<string, number>();
  for (const p of people) {
    const d = ctx.index.entityKey[p]!.slice(0, 6);
    districts.set(d, (districts.get(d) ?? 0) + 1);
  }
  let excess = districts.size - 1;
  for (const n of districts.values()) excess += (n - 1) * HOUSEHOLD_WEIGHT;
  return excess;
}

const AGENT_CONTACT_WEIGHT = 0.3;

/** Whether the identifier is also given by someone acting as agent on the ring's claims. */
function isAgentContact(ctx: RingContext, e: number): boolean {
  for (const c of ctx.entityClaims.get(e)!) {
    for (let i = ctx.index.linkStart[c]!; i < ctx.index.linkStart[c + 1]!; i++) {
      if (ctx.index.linkEntity[i] === e && ctx.index.linkRole[i] === 'agent') return true;
    }
  }
  return false;
}

function sharedBy(ctx: RingContext, type: 'phone' | 'bank_account', name: string, scale: number, mask: (k: string) => string) {
  let excess = 0;
  let count = 0;
  let widest = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  for (const e of entitiesOfType(ctx, [type])) {
    const people = ctx.holders.get(e);
    if (!people || people.size < 2) continue;
    count++;
    const weight = type === 'phone' && isAgentContact(ctx, e) ? AGENT_CONTACT_WEIGHT : 1;
    excess += weight * excessHolders(ctx, people);
    widest = Math.max(widest, people.size);
    refs.push(ref(ctx, e));
    if (examples.length < 3) examples.push(`${mask(ctx.index.entityKey[e]!)} (${people.size} people)`);
  }
  const contribution = Math.min(15, scale * Math.log2(1 + excess));
  return evidence(name, count, contribution,
    `${count} ${type === 'phone' ? 'phones' : 'bank accounts'} given for different people, up to ${widest} people on one: ${examples.join(', ')}`, refs);
}

export const sharedPhones: Signal = (ctx) => sharedBy(ctx, 'phone', 'shared_phone', 5, maskPhone);
export const sharedBankAccounts: Signal = (ctx) => sharedBy(ctx, 'bank_account', 'shared_bank_account', 6, maskBankAccount);

export const recurringVehicles: Signal = (ctx) => {
  let excess = 0;
  let count = 0;
  let bothSides = 0;
  const refs: string[] = [];
  const examples: string[] = [];
  for (const e of entitiesOfType(ctx, ['vehicle'])) {
    const claims = ctx.entityClaims.get(e)!;
    if (claims.size < 2) continue;
    count++;
    excess += claims.size - 1;
    const roles = new Set<string>();
    for (const c of claims) {
      for (let i = ctx.index.linkStart[c]!; i < ctx.index.linkStart[c + 1]!; i++) {
        if (ctx.index.linkEntity[i] === e) roles.add(ctx.index.linkRole[i]!);
      }
    }
    // The same car as the insured vehicle in one claim and the other party in another.
    if (roles.size > 1) bothSides++;
    refs.push(ref(ctx, e));
    if (examples.length < 3) examples.push(`${ctx.index.entityKey[e]} on ${claims.size} claims`);
  }
  const contribution = Math.min(10, 3 * excess + 3 * bothSides);
  return evidence('recurring_vehicle', count, contribution,
    `${count} vehicles recur across claims${bothSides ? `, ${bothSides} on both sides of different accidents` : ''}: ${examples.join(', ')}`, refs);
};
