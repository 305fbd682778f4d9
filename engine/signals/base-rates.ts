/**
 * ringsight/signals/base-rates
 * ============================
 *
 * What honest structure looks like in *this* book: one pass over the claims
 * index counting, for each behavioural signal, how often its elementary event
 * happens among everyone who had the chance to show it —
 * - people on several claims in accident roles who switch roles (and with witness);
 * - phones and bank accounts on several claims given for people of different home districts;
 * - people reported deceased more than once, on one date (several policies) or on different dates;
 * - claims within `shortGapDays` of the policy start;
 * - watchlisted entities of each type;
 * - each provider's share of claims per region (for the local expectation of concentration).
 *
 * The people, phone and account rates are counted only where the claims lie in
 * linked components of at most `maxComponent` claims — households, repeat
 * claimants, one death claimed under several policies: the honest bulk of any
 * book. Counted over the whole book, the rates of events only gangs produce (a
 * person dying twice, payouts of strangers pooled in one account) would be set
 * by the gangs themselves, and every gang would make the others look ordinary.
 * Claims, watchlist and provider rates are book-wide: rings are a few percent
 * of the claims and entities. Each rate is a posterior mean under a weak prior
 * (`PRIOR_WEIGHT` pseudo-observations at a typical rate), so a small book does
 * not take one coincidence for its base rate.
 */
import type { EntityType } from '../model.js';
import { prefectureOf } from '../model.js';
import type { ClaimsIndex } from '../graph/claims-index.js';
import { daysBetween } from '../monitor/calendar.js';

export const ACCIDENT_ROLES: readonly string[] = ['driver', 'injured', 'passenger', 'witness'];
const PROVIDERS: ReadonlySet<string> = new Set(['hospital', 'repair_shop', 'appraiser', 'lawyer', 'tow']);

/** Typical rates, worth `PRIOR_WEIGHT` observations: they matter only where a book has few opportunities. */
const PRIOR = {
  roleSwitch: 0.05, witnessSwitch: 0.01, sharedPhone: 0.05, sharedAccount: 0.03,
  multiPolicyDeath: 0.02, repeatDeath: 0.0005, shortGap: 0.1, watched: 0.005
};
const PRIOR_WEIGHT = 50;

export interface Rate {
  /** Opportunities and events counted in the book. */
  units: number;
  events: number;
  /** The typical rate the book's count is blended with. */
  prior: number;
  /** Smoothed rate used to judge rings. */
  rate: number;
}

export interface BaseRates {
  roleSwitch: Rate;
  witnessSwitch: Rate;
  sharedPhone: Rate;
  sharedAccount: Rate;
  multiPolicyDeath: Rate;
  repeatDeath: Rate;
  shortGap: Rate;
  watched: Map<EntityType, Rate>;
  /** Per claim, the claims in its linked component, and the largest component counted in the people rates. */
  componentClaims: Int32Array;
  maxComponent: number;
  /** Claims per region key (district, or prefecture) and per provider × region key. */
  regionClaims: Map<string, number>;
  providerRegionClaims: Map<number, Map<string, number>>;
}

function rate(events: number, units: number, prior: number): Rate {
  return { units, events, prior, rate: (events + prior * PRIOR_WEIGHT) / (units + PRIOR_WEIGHT) };
}

/** The rate with a ring's own units and events taken out (when they were counted): a ring is not its own null. */
export function rateWithout(r: Rate, events: number, units: number): number {
  const e = Math.max(0, r.events - events), u = Math.max(0, r.units - units);
  return (e + r.prior * PRIOR_WEIGHT) / (u + PRIOR_WEIGHT);
}

/** Whether a candidate's people, phones and accounts were among those the rates were counted on. */
export function countedInRates(rates: BaseRates, claimIdx: readonly number[]): boolean {
  return claimIdx.length > 0 && rates.componentClaims[claimIdx[0]!]! <= rates.maxComponent;
}

/** Home district of a resident ID: its first six digits. */
export function homeDistrict(id: string): number {
  return Number(id.slice(0, 6)) || 0;
}

/** The region keys a claim is counted under: its own code and, when that is a district, its prefecture. */
export function regionKeys(region: string): [own: string, prefecture: string] {
  return [region, prefectureOf(region)];
}

function countUnder(counts: Map<string, number>, keys: readonly [string, string]): void {
  counts.set(keys[0], (counts.get(keys[0]) ?? 0) + 1);
  if (keys[1] !== keys[0]) counts.set(keys[1], (counts.get(keys[1]) ?? 0) + 1);
}

export interface BaseRateParams {
  shortGapDays: number;
  /** Largest linked component (in claims) whose people, phones and accounts set the rates. */
  baseRateComponent: number;
}

export function computeBaseRates(index: ClaimsIndex, componentClaims: Int32Array, params: BaseRateParams): BaseRates {
  const { shortGapDays } = params;
  const n = index.entities;
  // Per person: accident-role bit mask and claims in accident roles.
  const roleMask = new Uint8Array(n);
  const accidentClaims = new Int32Array(n);
  const lastAccidentClaim = new Int32Array(n).fill(-1);
  // Per phone/account: the first holder's home district, and whether another district appeared.
  const firstDistrict = new Int32Array(n).fill(-1);
  const mixed = new Uint8Array(n);
  // Per deceased person: the death dates and how many claims each.
  const deaths = new Map<number, Map<string, number>>();
  const regionClaims = new Map<string, number>();
  const providerRegionClaims = new Map<number, Map<string, number>>();
  let dated = 0, short = 0;
  const roleBit = new Map(ACCIDENT_ROLES.map((r, i) => [r, 1 << i]));
  const witnessBit = roleBit.get('witness')!;

  const inSmall = (c: number): boolean => componentClaims[c]! <= params.baseRateComponent;
  for (let c = 0; c < index.claims.length; c++) {
    const claim = index.claims[c]!;
    const small = inSmall(c);
    if (claim.policyStart) {
      dated++;
      if (daysBetween(claim.policyStart, claim.accidentDate) <= shortGapDays) short++;
    }
    const keys = regionKeys(claim.region);
    countUnder(regionClaims, keys);
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
      const e = index.linkEntity[i]!;
      const type = index.entityType[e]!;
      const role = index.linkRole[i]!;
      if (type === 'person') {
        if (!small) continue;
        const bit = roleBit.get(role);
        if (bit !== undefined) {
          roleMask[e]! |= bit;
          if (lastAccidentClaim[e] !== c) { lastAccidentClaim[e] = c; accidentClaims[e]++; }
        } else if (role === 'deceased') {
          let d = deaths.get(e);
          if (!d) deaths.set(e, (d = new Map()));
          d.set(claim.accidentDate, (d.get(claim.accidentDate) ?? 0) + 1);
        }
      } else if ((type === 'phone' || type === 'bank_account') && role !== 'agent') {
        const p = index.linkPerson[i]!;
        if (p < 0 || !small) continue;
        const district = homeDistrict(index.entityKey[p]!);
        if (firstDistrict[e]! < 0) firstDistrict[e] = district;
        else if (firstDistrict[e] !== district) mixed[e] = 1;
      } else if (PROVIDERS.has(type)) {
        let byRegion = providerRegionClaims.get(e);
        if (!byRegion) providerRegionClaims.set(e, (byRegion = new Map()));
        countUnder(byRegion, keys);
      }
    }
  }

  let switchUnits = 0, switches = 0, witnessSwitches = 0;
  let phoneUnits = 0, phoneShared = 0, accountUnits = 0, accountShared = 0;
  const typeCount = new Map<EntityType, number>();
  for (let e = 0; e < n; e++) {
    const type = index.entityType[e]!;
    typeCount.set(type, (typeCount.get(type) ?? 0) + 1);
    if (type === 'person') {
      if (accidentClaims[e]! < 2) continue;
      switchUnits++;
      const mask = roleMask[e]!;
      if ((mask & (mask - 1)) !== 0) {
        switches++;
        if (mask & witnessBit) witnessSwitches++;
      }
    } else if ((type === 'phone' || type === 'bank_account') && index.degree[e]! >= 2 && firstDistrict[e]! >= 0) {
      if (type === 'phone') { phoneUnits++; phoneShared += mixed[e]!; }
      else { accountUnits++; accountShared += mixed[e]!; }
    }
  }
  const death = deathEvents(deaths.values());
  const watchedByType = new Map<EntityType, number>();
  for (const e of index.watch.keys()) {
    const type = index.entityType[e]!;
    watchedByType.set(type, (watchedByType.get(type) ?? 0) + 1);
  }
  const watched = new Map<EntityType, Rate>();
  for (const [type, count] of typeCount) watched.set(type, rate(watchedByType.get(type) ?? 0, count, PRIOR.watched));

  return {
    roleSwitch: rate(switches, switchUnits, PRIOR.roleSwitch),
    witnessSwitch: rate(witnessSwitches, switchUnits, PRIOR.witnessSwitch),
    sharedPhone: rate(phoneShared, phoneUnits, PRIOR.sharedPhone),
    sharedAccount: rate(accountShared, accountUnits, PRIOR.sharedAccount),
    multiPolicyDeath: rate(death.samedate, death.claims, PRIOR.multiPolicyDeath),
    repeatDeath: rate(death.otherdate, death.claims, PRIOR.repeatDeath),
    shortGap: rate(short, dated, PRIOR.shortGap),
    watched,
    componentClaims,
    maxComponent: params.baseRateComponent,
    regionClaims,
    providerRegionClaims
  };
}

/**
 * Death claims and their events, from each deceased person's claims by death date:
 * a claim beyond the first on the same date is one death claimed again (another
 * policy); a date beyond the first is the person dying again.
 */
export function deathEvents(people: Iterable<Map<string, number>>): { claims: number; samedate: number; otherdate: number } {
  let claims = 0, samedate = 0, otherdate = 0;
  for (const byDate of people) {
    otherdate += byDate.size - 1;
    for (const k of byDate.values()) { claims += k; samedate += k - 1; }
  }
  return { claims, samedate, otherdate };
}

/** "4.2% of the 1,830 people on several claims" style wording of a rate. */
export function rateText(rate: number, units: number, what: string): string {
  const pct = rate * 100;
  return `${pct < 1 ? pct.toFixed(2) : pct.toFixed(1)}% of ${units.toLocaleString('en-US')} ${what}`;
}
