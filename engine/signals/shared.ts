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
import type { ClaimsIndex } from '../graph/claims-index.js';
import { maskBankAccount, maskPhone } from '../privacy/mask.js';
import { dayNumber } from '../util/dates.js';
import { homeDistrict, rateText } from './base-rates.js';
import {
  bookRate,
  entitiesOfType,
  evidence,
  ref,
  weighted,
  type RingContext,
  type Signal,
  strengthFrom
} from './context.js';
import { chanceText, log10BinomialTail } from './surprise.js';

/** Holders at which sharing counts even within one home district: more than a household's shared line. */
export const SHARED_HOLDERS = 3;

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
export const TIED_SHARE = 0.8;
/** Chance at or below which a shop-tied identifier's days are a batch, not the shop's standing arrangement. */
const BUNCHED = 10 ** -2.5;
/** Most of the shop's trading span a batch covers: an arrangement that began or ended partway still runs longer. */
const BATCH_SHARE = 0.25;

/**
 * Whether the identifier's claims nearly all (80%) have one repair shop or one policyholder in
 * common: a dealer's account billed directly for its customers' repairs (代办理赔), a fleet owner
 * paid for the damage its drivers report. Many holders there are the shop's customers or the
 * owner's drivers, not pooled payouts, and add nothing beyond the one shared identifier.
 * Clinics, appraisers and law firms do not collect their clients' compensation: a phone or
 * account for many injured people whose claims all go to one clinic is the broker's who sent
 * them there (as in signals/concentration, `DESK_KINDS`), and each holder counts. Nor is an
 * identifier a shop's standing arrangement when its whole use falls in a batch of the shop's years
 * (`bunched`).
 */
function tiedToOne(ctx: RingContext, id: number, claims: ReadonlySet<number>): boolean {
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
  for (const [e, n] of seen) {
    if (n < TIED_SHARE * claims.size) continue;
    const shop = ctx.stats.spans.get(e);
    const use = ctx.stats.spans.get(id);
    if (!shop || !use || !bunched(use, shop)) return true;
  }
  return false;
}

/**
 * Whether the identifier's days of use over the whole book fall within a stretch of the shop's
 * trading span that k days spread like the shop's would fill with chance k·w^(k−1) ≤ `BUNCHED`
 * (the range of k uniform points), and that stretch is at most `BATCH_SHARE` of it: a dealer's
 * desk account serves its customers for as long as the shop trades, a crew's account collects for
 * one batch of "customers" over a few weeks. The share guard is for honest arrangements that began
 * or ended partway (a clerk who joined, an account changed): fifteen customers over the last half
 * of the shop's years are 1 in 1,450 under the uniform null, and no batch. Measured on the blind
 * book's seeds 1–2 (12-07), identifiers with more than three holders, 80% of their claims at one
 * shop: accounts 16 of 39 of the rings' bunched, 0 of 821 honest; phones 16 of 54, 2 of 1,147.
 */
export function bunched(use: UseSpan, shop: UseSpan): boolean {
  if (use.days < 3) return false;
  const w = Math.min(1, (use.last - use.first + 1) / (shop.last - shop.first + 1));
  return w <= BATCH_SHARE && use.days * w ** (use.days - 1) <= BUNCHED;
}

/** How long something was in use over the whole book: its first and last accident day, and on how many days. */
export interface UseSpan {
  first: number;
  last: number;
  days: number;
}

/**
 * The use span of every repair shop, and of every phone and bank account on three or more claims
 * (fewer cannot be bunched): how long a shop trades and how long an identifier tied to it served.
 */
export function useSpans(index: ClaimsIndex): Map<number, UseSpan> {
  const { linkStart, linkEntity, entityType, degree } = index;
  const relevant = new Uint8Array(index.entities);
  for (let e = 0; e < index.entities; e++) {
    const type = entityType[e];
    if (type === 'repair_shop' || ((type === 'phone' || type === 'bank_account') && degree[e]! >= 3)) relevant[e] = 1;
  }
  // Typed arrays and one sort of packed (entity, day) keys: a million-claim book has millions of such links.
  const dayOf = new Int32Array(index.claims.length);
  let links = 0,
    firstDay = Infinity;
  for (let c = 0; c < index.claims.length; c++) {
    dayOf[c] = dayNumber(index.claims[c]!.accidentDate);
    if (dayOf[c]! < firstDay) firstDay = dayOf[c]!;
    for (let i = linkStart[c]!; i < linkStart[c + 1]!; i++) links += relevant[linkEntity[i]!]!;
  }
  const keys = new Float64Array(links);
  let k = 0;
  for (let c = 0; c < index.claims.length; c++)
    for (let i = linkStart[c]!; i < linkStart[c + 1]!; i++)
      if (relevant[linkEntity[i]!]) keys[k++] = linkEntity[i]! * DAY_SLOTS + (dayOf[c]! - firstDay);
  keys.sort();
  const spans = new Map<number, UseSpan>();
  for (let i = 0; i < keys.length;) {
    const e = Math.floor(keys[i]! / DAY_SLOTS);
    const first = keys[i]! - e * DAY_SLOTS;
    let last = first,
      days = 0;
    for (; i < keys.length && keys[i]! < (e + 1) * DAY_SLOTS; i++) {
      const d = keys[i]! - e * DAY_SLOTS;
      if (days === 0 || d !== last) days++;
      last = d;
    }
    spans.set(e, { first: first + firstDay, last: last + firstDay, days });
  }
  return spans;
}

/** Days a book may span in `useSpans`' packed keys (entity × DAY_SLOTS + day): over a century. */
const DAY_SLOTS = 65_536;

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
      if (people.size > SHARED_HOLDERS && !tiedToOne(ctx, e, claims)) extra += people.size - SHARED_HOLDERS + 1;
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
  const strength = strengthFrom(ctx, name, chance);
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
