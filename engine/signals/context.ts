/**
 * ringsight/engine/signals/context
 * ================================
 *
 * What every signal looks at: the ring's claims and, derived once, who and
 * what appears on them in which roles. Signals read this; they never scan the
 * whole book, which keeps scoring linear in ring size.
 */
import type { Claim, EntityType, Evidence } from '../model.js';
import type { SignalName } from './index.js';
import { refOf, type ClaimsIndex } from '../graph/claims-index.js';
import type { Calendar } from './burst.js';
import type { UseSpan } from './shared.js';
import { strengthOf } from './surprise.js';
import { RATE_NAMES, rateFor, type BaseRates, type RateName, type Tally } from './base-rates.js';

export interface ScoringParams {
  /** Days from policy start to accident at or under which a claim counts as a short gap. */
  shortGapDays: number;
  /** Date at which watchlist expiry is judged (YYYY-MM-DD); null means "no expiry check". */
  asOf: string | null;
  /**
   * Chances (as −log₁₀) at which a behavioural signal starts to count and counts
   * fully: [2, 6] means an event rarer than 1 in 100 among honest structure of this
   * book starts to count, and one rarer than 1 in a million counts its full weight.
   */
  evidenceScale: [from: number, full: number];
  /** Each holder beyond a pair on a shared phone or account counts as this many further coincidences (0: one per identifier). */
  poolHolders: number;
  /** Full weight (points) of each signal; see signals/weights. */
  weights: Record<string, number>;
}

export interface BookStats {
  /** Median claimed amount per product over the whole book. */
  medianClaimed: Map<string, number>;
  /** Per product: the floor of the book's top decile of claimed amounts and the share of claims above it. */
  highClaimed: Map<string, { above: number; rate: number }>;
  /** Per product: the book's claimed amounts, ascending (where a claim's amount ranks among its product's). */
  claimedSorted: Map<string, Float64Array>;
  /**
   * Per claim (index order): where its amount ranks among its product's, as a share, ties counted
   * half; NaN until first asked (signals/amounts fills it). A claim sits in many candidates, and
   * two binary searches per visit made `high_amounts` the largest self time in a 1M scoring profile.
   */
  claimedRank: Float64Array;
  /** Where each claim's accident date stands on the book's calendar (signals/burst). */
  calendar: Calendar;
  /** Per repair shop, and per phone and account on three or more claims: how long it was in use (signals/shared). */
  spans: Map<number, UseSpan>;
  /** How often each behavioural signal's event happens in this book (signals/base-rates). */
  rates: BaseRates;
}

export interface RingContext {
  index: ClaimsIndex;
  params: ScoringParams;
  stats: BookStats;
  claimIdx: number[];
  claims: Claim[];
  /** The ring's claim indices ascending, which is claim-id order (the index numbers claims by id); made once. */
  claimsInOrder?: number[];
  /** Every claim's ref in claim-id order, made once and shared (never changed): three structural signals are carried by all of them. */
  allClaimRefs?: string[];
  /** Ring claims each entity appears on. */
  entityClaims: Map<number, Set<number>>;
  /** Per person: role → ring claims in that role. */
  personRoles: Map<number, Map<string, Set<number>>>;
  /** Per phone / bank account: the people it is given for. */
  holders: Map<number, Set<number>>;
  /** The ring's own events and units of each base rate it was judged at (for trimming the null). */
  tally: Tally;
  /** Bit i set: the ring was judged at RATE_NAMES[i] (so a change of that rate may change its score). */
  ratesUsed: number;
  /** Signal → the strength honest candidates of this size typically show in this book (detect/common-signals). */
  typical?: Partial<Record<string, number>>;
  /** Signal → the peer class (see `peerClass`) its typical strength was taken among, where not among all candidates. */
  typicalAmong?: Partial<Record<string, string>>;
  /**
   * Signal → the class of candidates this one should be compared with for it, in plain words,
   * where the way the candidate was drawn explains the signal (e.g. concentrated on a repair shop
   * through the shop's own phone). The empirical null (detect/common-signals) judges it among
   * candidates drawn the same way, where the book has enough of them.
   */
  peerClass: Partial<Record<string, string>>;
  /**
   * Signal → why it is not counted for this candidate: the way the candidate was drawn makes it
   * fire (a time slice is bunched in time by construction: detect/time-slices).
   */
  drawnBy?: Partial<Record<string, string>>;
  /**
   * log10 chance by behavioural signal, for those whose chance fell short of the evidence scale's
   * floor in the last scoring (signals/corroboration may still count them).
   */
  shortOfFloor?: Map<string, number>;
}

export type Signal = (ctx: RingContext) => Evidence | null;

export function buildRingContext(
  index: ClaimsIndex,
  claimIdx: number[],
  params: ScoringParams,
  stats: BookStats
): RingContext {
  const entityClaims = new Map<number, Set<number>>();
  const personRoles = new Map<number, Map<string, Set<number>>>();
  const holders = new Map<number, Set<number>>();
  for (const c of claimIdx) {
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
      const e = index.linkEntity[i]!;
      let set = entityClaims.get(e);
      if (!set) entityClaims.set(e, (set = new Set()));
      set.add(c);
      const type = index.entityType[e]!;
      if (type === 'person') {
        let roles = personRoles.get(e);
        if (!roles) personRoles.set(e, (roles = new Map()));
        const role = index.linkRole[i]!;
        let claims = roles.get(role);
        if (!claims) roles.set(role, (claims = new Set()));
        claims.add(c);
      } else if ((type === 'phone' || type === 'bank_account') && index.linkPerson[i]! >= 0) {
        let people = holders.get(e);
        if (!people) holders.set(e, (people = new Set()));
        people.add(index.linkPerson[i]!);
      }
    }
  }
  return {
    index,
    params,
    stats,
    claimIdx,
    claims: claimIdx.map((c) => index.claims[c]!),
    entityClaims,
    personRoles,
    holders,
    tally: {},
    ratesUsed: 0,
    peerClass: {}
  };
}

/** The book's rate for the ring's events, without the ring's own (see signals/base-rates). */
export function bookRate(ctx: RingContext, name: RateName, events: number, units: number): number {
  ctx.ratesUsed |= 1 << RATE_NAMES.indexOf(name);
  return rateFor(ctx.stats.rates, ctx.claimIdx, name, events, units, ctx.tally);
}

/** The refs of the ring's claims that `keep` accepts, in claim-id order, without sorting strings. */
export function claimRefsWhere(ctx: RingContext, keep: (c: Claim) => boolean = () => true): string[] {
  ctx.claimsInOrder ??= ctx.claimIdx.slice().sort((a, b) => a - b);
  const out: string[] = [];
  for (const c of ctx.claimsInOrder) {
    const claim = ctx.index.claims[c]!;
    if (keep(claim)) out.push(`claim:${claim.id}`);
  }
  return out;
}

export function ref(ctx: RingContext, e: number): string {
  return refOf(ctx.index, e);
}

export function entitiesOfType(ctx: RingContext, types: readonly EntityType[]): number[] {
  const out: number[] = [];
  for (const e of ctx.entityClaims.keys()) if (types.includes(ctx.index.entityType[e]!)) out.push(e);
  return out.sort((a, b) => a - b);
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Evidence of a signal that fired; null when it adds nothing, unless `keepAtZero` (a fact an
 * analyst must see even when this book makes it ordinary: a watchlisted member).
 * `strength` (0–1.5) is what the weight multiplies.
 */
export function evidence(
  signal: SignalName,
  value: number,
  contribution: number,
  detail: string,
  refs: string[],
  strength?: number,
  keepAtZero = false
): Evidence | null {
  if (!Number.isFinite(contribution)) return null;
  if (round(contribution, 1) === 0 && !keepAtZero) return null;
  const e: Evidence = { signal, value: round(value, 3), contribution: round(contribution, 1), detail, refs };
  if (strength !== undefined) e.strength = round(strength, 4);
  return e;
}

/**
 * A behavioural signal's strength from its chance (surprise.strengthOf); a chance short of the
 * floor is kept on the context, where the combination may still count it (signals/corroboration).
 */
export function strengthFrom(ctx: RingContext, signal: string, chance: number): number {
  const strength = strengthOf(chance, ctx.params.evidenceScale);
  if (strength <= 0 && chance < 0) {
    const was = (ctx.shortOfFloor ??= new Map()).get(signal) ?? 0;
    ctx.shortOfFloor.set(signal, Math.min(was, chance));
  }
  return strength;
}

/** The signal's weight (points at full strength) times its strength. */
export function weighted(ctx: RingContext, signal: string, strength: number): number {
  return (ctx.params.weights[signal] ?? 0) * strength;
}
