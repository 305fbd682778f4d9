/**
 * ringsight/engine/signals/shared
 * ===============================
 *
 * Identifiers shared by different people: one phone or bank account given for
 * people of different home districts across the ring's claims, and vehicles
 * recurring across claims.
 *
 * Households (people whose resident IDs carry the same home district) sharing
 * a landline or a joint account are the commonest honest pattern, so sharing
 * counts across districts, or within one from a third holder on. An agent's own contact number on the
 * customers' forms is the agent's, not the customers': agent rows are left
 * out. How common cross-district sharing is differs from book to book (family
 * members registered in different districts, company phones), so the ring's
 * count is judged against the share of the book's identifiers on several
 * claims that show it (signals/base-rates).
 */
import { maskBankAccount, maskPhone } from '../privacy/mask.js';
import { homeDistrict, rateText } from './base-rates.js';
import { bookRate, entitiesOfType, evidence, ref, weighted, type RingContext, type Signal } from './context.js';
import { chanceText, log10BinomialTail, strengthOf } from './surprise.js';

/** Holders at which sharing counts even within one home district: more than a household's shared line. */
const SHARED_HOLDERS = 3;

/** People on the identifier across the ring's claims, from rows other than agents'. */
function holdersOf(ctx: RingContext, e: number): Set<number> {
  const people = new Set<number>();
  for (const c of ctx.entityClaims.get(e)!) {
    for (let i = ctx.index.linkStart[c]!; i < ctx.index.linkStart[c + 1]!; i++) {
      if (ctx.index.linkEntity[i] === e && ctx.index.linkRole[i] !== 'agent' && ctx.index.linkPerson[i]! >= 0)
        people.add(ctx.index.linkPerson[i]!);
    }
  }
  return people;
}

interface Shared {
  opportunities: number;
  shared: Array<[number, Set<number>]>;
  /** Holders beyond a pair on shared identifiers not tied to one provider (each a further coincidence). */
  extra: number;
}

/** Share of an identifier's claims one provider or policyholder must be on for the identifier to be theirs. */
const TIED_SHARE = 0.8;

/**
 * Whether the identifier's claims nearly all (80%) have one repair shop or one policyholder in
 * common: a dealer's account billed directly for its customers' repairs (代办理赔), a fleet owner
 * paid for the damage its drivers report. Many holders there are the shop's customers or the
 * owner's drivers, not pooled payouts, and add nothing beyond the one shared identifier.
 * Clinics, appraisers and law firms do not collect their clients' compensation: a phone or
 * account for many injured people whose claims all go to one clinic is the broker's who sent
 * them there (as in signals/concentration, `DESK_KINDS`), and each holder counts.
 */
function tiedToOne(ctx: RingContext, claims: ReadonlySet<number>): boolean {
  const seen = new Map<number, number>();
  for (const c of claims) {
    const here = new Set<number>();
    for (let i = ctx.index.linkStart[c]!; i < ctx.index.linkStart[c + 1]!; i++) {
      const e = ctx.index.linkEntity[i]!;
      if (
        ctx.index.entityType[e] === 'repair_shop' ||
        (ctx.index.linkRole[i] === 'insured' && ctx.index.entityType[e] === 'person')
      )
        here.add(e);
    }
    for (const e of here) seen.set(e, (seen.get(e) ?? 0) + 1);
  }
  for (const n of seen.values()) if (n >= TIED_SHARE * claims.size) return true;
  return false;
}

/** Per ring, once per identifier type: four signals ask (shared phone and account, fleet, agent). */
const memo = new WeakMap<RingContext, Partial<Record<'phone' | 'bank_account', Shared>>>();

/** Identifiers of the type on two or more of the ring's claims, and those among them held across home districts. */
export function sharedIdentifiers(ctx: RingContext, type: 'phone' | 'bank_account'): Shared {
  let cached = memo.get(ctx);
  if (!cached) memo.set(ctx, (cached = {}));
  return (cached[type] ??= findShared(ctx, type));
}

function findShared(ctx: RingContext, type: 'phone' | 'bank_account'): Shared {
  let opportunities = 0,
    extra = 0;
  const shared: Array<[number, Set<number>]> = [];
  for (const e of entitiesOfType(ctx, [type])) {
    const claims = ctx.entityClaims.get(e)!;
    if (claims.size < 2) continue;
    const people = holdersOf(ctx, e);
    if (people.size === 0) continue;
    opportunities++;
    const districts = new Set([...people].map((p) => homeDistrict(ctx.index.entityKey[p]!)));
    if (districts.size >= 2 || people.size >= SHARED_HOLDERS) {
      shared.push([e, people]);
      if (people.size > SHARED_HOLDERS && !tiedToOne(ctx, claims)) extra += people.size - SHARED_HOLDERS + 1;
    }
  }
  return { opportunities, shared, extra };
}

function sharedBy(
  ctx: RingContext,
  type: 'phone' | 'bank_account',
  name: 'shared_phone' | 'shared_bank_account',
  mask: (k: string) => string
) {
  const { opportunities, shared, extra } = sharedIdentifiers(ctx, type);
  if (shared.length === 0) return null;
  const r = type === 'phone' ? ctx.stats.rates.sharedPhone : ctx.stats.rates.sharedAccount;
  const p = bookRate(ctx, type === 'phone' ? 'sharedPhone' : 'sharedAccount', shared.length, opportunities);
  // A pool of h people is h − 2 coincidences at the book's rate, not one (see the banner).
  const chance = log10BinomialTail(
    shared.length + extra * ctx.params.poolHolders,
    opportunities + extra * ctx.params.poolHolders,
    p
  );
  const strength = strengthOf(chance, ctx.params.evidenceScale);
  const widest = Math.max(...shared.map(([, p]) => p.size));
  const examples = shared.slice(0, 3).map(([e, p]) => `${mask(ctx.index.entityKey[e]!)} (${p.size} people)`);
  const plural = type === 'phone' ? 'phones' : 'bank accounts';
  return evidence(
    name,
    shared.length,
    weighted(ctx, name, strength),
    `${shared.length} of ${opportunities} ${plural} on several claims are given for people of different home districts or for three or more people, up to ${widest} on one: ` +
      `${examples.join(', ')}; in this book ${rateText(p, r.units, `${plural} on several claims`)} are (${chanceText(chance)})`,
    shared.map(([e]) => ref(ctx, e)),
    strength
  );
}

export const sharedPhones: Signal = (ctx) => sharedBy(ctx, 'phone', 'shared_phone', maskPhone);
export const sharedBankAccounts: Signal = (ctx) =>
  sharedBy(ctx, 'bank_account', 'shared_bank_account', maskBankAccount);

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
  const strength = Math.min(1, 0.3 * excess + 0.3 * bothSides);
  return evidence(
    'recurring_vehicle',
    count,
    weighted(ctx, 'recurring_vehicle', strength),
    `${count} vehicles recur across claims${bothSides ? `, ${bothSides} on both sides of different accidents` : ''}: ${examples.join(', ')}`,
    refs,
    strength
  );
};
