/**
 * ringsight/engine/signals/concentration
 * ======================================
 *
 * Concentration on one provider: many of the ring's claims going through the
 * same repair shop, appraiser, clinic, lawyer or tow firm — the injury
 * broker's (人伤黄牛) and the padding repair shop's fingerprint.
 *
 * Judged against where the ring's claims happened: each claim's chance of going
 * to the provider is the provider's share of the other claims of the same
 * district (or prefecture, where the district is small or not given), the
 * ring's own claims left out so a captive clinic cannot make itself look
 * ordinary. The county's only clinic seeing a family's claims is expected; a
 * clinic that also serves honest patients but gets a ring's claims from three
 * prefectures is not, however many honest patients it has.
 *
 * The claims of one event — one accident date and one person it happened to
 * (deceased, injured, claimant or driver) on all of them, a death or an injury
 * claimed under each policy held — are one visit to the
 * provider, not several: counted as claims, an elderly person's death claimed
 * at three insurers reads as three patients of a township clinic.
 *
 * Agents are not judged here: the candidate was found through the people on it,
 * so an agent on all its claims is how it was drawn, not evidence. Much the
 * same holds for a provider with a broad clientele whose desk phone or account
 * is entered on its customers' claims (a 4S dealer filing for them): the
 * candidate was drawn through the provider's contact details, so its claims sit
 * at that provider by construction. Where a book has many such dealers, that
 * is ordinary there; where it has few, it is a shop's staff phone on its
 * owners' claims. Likewise a fleet's claims sit at its contracted garage. The
 * signal marks such candidates (`DESK_PEERS`, `FLEET_PEERS`) and the empirical
 * null (detect/common-signals) judges them among their own kind.
 */
import { PROVIDER_KINDS, type EntityType } from '../model.js';
import { providerClaimsIn } from './base-rates.js';
import { fleetOf } from './fleet.js';
import { evidence, ref, strengthFrom, weighted, type RingContext, type Signal } from './context.js';
import { MAX_STRENGTH, chanceText, log10PoissonTail, strengthOf } from './surprise.js';

const INTERMEDIARIES: readonly EntityType[] = PROVIDER_KINDS;
const MIN_CLAIMS = 3;
/** A district with fewer other claims than this is judged at prefecture level. */
const MIN_REGION_CLAIMS = 30;
/** Strength from which a provider is named as carrying the signal. */
const REF_STRENGTH = 0.34;
/**
 * Providers that file claims for their customers (a dealer's direct repair, 代办理赔). A third
 * party's phone on many injured claimants' claims at one clinic is a broker's, not the clinic's desk.
 */
const DESK_KINDS: readonly EntityType[] = ['repair_shop'];
/** The peer class of candidates drawn together through a repair shop's desk phone or account. */
export const DESK_PEERS =
  "candidates of this size drawn together through a repair shop's own phone or account, without other red flags";
/** The peer class of fleets' candidates concentrated at a repair shop (their contracted garage). */
export const FLEET_PEERS = 'candidates of this size under one fleet policyholder, without other red flags';
/** A provider with less than this share of its book in the candidate serves a broad clientele. */
const CAPTIVE_SHARE = 0.5;
/** Share of its claims in the candidate reached through identifiers tied to it, from which the provider is how the candidate was drawn. */
const DRAWN_THROUGH = 0.8;
/** An identifier with at least this share of its candidate claims at one provider is tied to that provider… */
const TIED_SHARE = 0.8;
/** …when it is given for at least this many people: a desk phone or a direct-billing account, not someone's own. */
const TIED_HOLDERS = 3;
/**
 * …or when it is on at least this many claims of the book, whoever it is given for in the candidate:
 * an institution's number. A dealer's desk phone above the identity hub degree links nothing, so a
 * customer's car repaired there four times is a candidate whose phone has one holder. Not for a
 * fleet's candidate: the fleet's own phone or account is on all its claims at its garage.
 */
const TIED_CLAIMS = 50;

/** The ring's claims per region number (districts also counted under their prefecture), once per ring. */
const ringRegions = new WeakMap<RingContext, Map<number, number>>();

function claimsByRegion(ctx: RingContext): Map<number, number> {
  let counts = ringRegions.get(ctx);
  if (counts) return counts;
  counts = new Map();
  const { claimRegion, regionPrefecture } = ctx.stats.rates;
  for (const c of ctx.claimIdx) {
    const r = claimRegion[c]!,
      p = regionPrefecture[r]!;
    counts.set(r, (counts.get(r) ?? 0) + 1);
    if (p !== r) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  ringRegions.set(ctx, counts);
  return counts;
}

/** Claims the provider would be expected to see among the ring's claims, from local shares without the ring. */
export function expectedAt(ctx: RingContext, e: number): number {
  const { regionClaims, providerRegionClaims, claimRegion, regionPrefecture } = ctx.stats.rates;
  const ringIn = claimsByRegion(ctx);
  const claimsAtE = ctx.entityClaims.get(e)!;
  const ringAt = new Map<number, number>();
  for (const c of claimsAtE) {
    const r = claimRegion[c]!,
      p = regionPrefecture[r]!;
    ringAt.set(r, (ringAt.get(r) ?? 0) + 1);
    if (p !== r) ringAt.set(p, (ringAt.get(p) ?? 0) + 1);
  }
  // A region made only of the ring's claims says nothing: the provider's share of the whole book stands in.
  const bookShare =
    (ctx.index.degree[e]! - claimsAtE.size) / Math.max(1, ctx.index.claims.length - ctx.claimIdx.length);
  let lambda = 0;
  for (const c of ctx.claimIdx) {
    const own = claimRegion[c]!,
      prefecture = regionPrefecture[own]!;
    let key = own;
    if (own === prefecture || regionClaims[own]! - ringIn.get(own)! < MIN_REGION_CLAIMS) key = prefecture;
    const others = regionClaims[key]! - ringIn.get(key)!;
    const othersAt = providerClaimsIn(providerRegionClaims, e, key) - (ringAt.get(key) ?? 0);
    lambda += others > 0 ? othersAt / others : bookShare;
  }
  return lambda;
}

/**
 * Share of the provider's claims in the candidate that carry a phone or account
 * (not an agent's) given for several people — or, `byClaims`, on many claims of
 * the book — and seen on other claims of the candidate mostly at this provider.
 */
export function drawnThroughShare(ctx: RingContext, e: number, byClaims = false): number {
  const atE = ctx.entityClaims.get(e)!;
  const { linkStart, linkEntity, linkRole, entityType } = ctx.index;
  const tiedTo = new Map<number, boolean>();
  let drawn = 0;
  for (const c of atE) {
    for (let i = linkStart[c]!; i < linkStart[c + 1]!; i++) {
      const x = linkEntity[i]!;
      const type = entityType[x];
      if ((type !== 'phone' && type !== 'bank_account') || linkRole[i] === 'agent') continue;
      let tied = tiedTo.get(x);
      if (tied === undefined) {
        const on = ctx.entityClaims.get(x)!;
        let at = 0;
        for (const k of on) if (atE.has(k)) at++;
        tied =
          on.size >= 2 &&
          at >= TIED_SHARE * on.size &&
          ((ctx.holders.get(x)?.size ?? 0) >= TIED_HOLDERS || (byClaims && ctx.index.degree[x]! >= TIED_CLAIMS));
        tiedTo.set(x, tied);
      }
      if (tied) {
        drawn++;
        break;
      }
    }
  }
  return drawn / atE.size;
}

/** Those the event happened to: an agent, an heir or a policyholder (a fleet) on every claim is not one event. */
const EVENT_ROLES: ReadonlySet<string> = new Set(['deceased', 'injured', 'claimant', 'driver']);

/** Whether the claims are one event: one accident date, and a person it happened to on every one of them. */
function oneEvent(ctx: RingContext, claims: ReadonlySet<number>): boolean {
  let date: string | null = null;
  let common: Set<number> | null = null;
  const { linkStart, linkEntity, linkRole, entityType } = ctx.index;
  for (const c of claims) {
    const d = ctx.index.claims[c]!.accidentDate;
    if (date === null) date = d;
    else if (d !== date) return false;
    const people = new Set<number>();
    for (let i = linkStart[c]!; i < linkStart[c + 1]!; i++) {
      const x = linkEntity[i]!;
      if (entityType[x] === 'person' && EVENT_ROLES.has(linkRole[i]!) && (common === null || common.has(x)))
        people.add(x);
    }
    common = people;
    if (common.size === 0) return false;
  }
  return true;
}

export const intermediaryConcentration: Signal = (ctx) => {
  const n = ctx.claims.length;
  const found: Array<{ e: number; k: number; lambda: number; chance: number }> = [];
  for (const [e, claims] of ctx.entityClaims) {
    // Most providers of a candidate see one or two of its claims.
    if (claims.size < MIN_CLAIMS || !INTERMEDIARIES.includes(ctx.index.entityType[e]!)) continue;
    // One death or injury claimed under several policies is one visit, however many insurers pay.
    if (oneEvent(ctx, claims)) continue;
    const lambda = expectedAt(ctx, e);
    found.push({ e, k: claims.size, lambda, chance: log10PoissonTail(claims.size, Math.max(lambda, 1e-3)) });
  }
  if (found.length === 0) return null;
  found.sort((a, b) => a.chance - b.chance || a.e - b.e);
  // Several providers were looked at: the best chance is corrected for how many (Bonferroni).
  const tested = Math.log10(found.length);
  const strengths = found.map((f) => strengthOf(Math.min(0, f.chance + tested), ctx.params.evidenceScale));
  // A second concentrated provider (the broker's clinic *and* appraiser) adds half its strength.
  const strength = Math.min(MAX_STRENGTH, strengths[0]! + 0.5 * (strengths[1] ?? 0));
  // Short of the floor, its chance may still complete other red flags (signals/corroboration).
  if (strengths[0]! <= 0) strengthFrom(ctx, 'intermediary_concentration', Math.min(0, found[0]!.chance + tested));
  if (strength <= 0) return null;
  const best = found[0]!;
  // A broad repair shop whose desk phone or account drew these claims together, or a fleet's contracted
  // garage: judged among candidates drawn the same way. (Pooled payouts do not undo the fleet here, as
  // they do for the fleet signal's excuse: they count as their own red flag.)
  if (
    DESK_KINDS.includes(ctx.index.entityType[best.e]!) &&
    best.k < CAPTIVE_SHARE * ctx.index.degree[best.e]! &&
    drawnThroughShare(ctx, best.e, fleetOf(ctx) === null) >= DRAWN_THROUGH
  )
    ctx.peerClass.intermediary_concentration = DESK_PEERS;
  else if (ctx.index.entityType[best.e] === 'repair_shop' && fleetOf(ctx) !== null)
    ctx.peerClass.intermediary_concentration = FLEET_PEERS;
  const type = ctx.index.entityType[best.e]!;
  const label = `${type.replace('_', ' ')} ${ctx.index.info.get(ref(ctx, best.e))?.name ?? ctx.index.entityKey[best.e]}`;
  // What carries the signal: the providers at least half as strong as the best (and strong in themselves),
  // so a gang's own workshop is named and the clinic its members also happened to use is not.
  const refs = found
    .filter((_, i) => strengths[i]! >= Math.max(REF_STRENGTH, 0.5 * strengths[0]!))
    .map((f) => ref(ctx, f.e))
    .sort();
  return evidence(
    'intermediary_concentration',
    strength,
    weighted(ctx, 'intermediary_concentration', strength),
    `${best.k} of ${n} claims (${Math.round((best.k / n) * 100)}%) go through ${label}, which has ${ctx.index.degree[best.e]} claims in the whole book; ` +
      `from its share of other claims where these happened, ${best.lambda.toFixed(1)} would be expected (${chanceText(best.chance)})`,
    refs,
    strength
  );
};
