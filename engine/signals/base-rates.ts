/**
 * ringsight/engine/signals/base-rates
 * ===================================
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
 * not take one coincidence for its base rate. The per-person events (deaths,
 * hired drivers, repeat victims, stacked policies) are counted in
 * signals/person-events, the same way the signals count them on a ring.
 */
import type { EntityType } from '../model.js';
import { IDENTITY_TYPES, PROVIDER_KINDS, prefectureOf } from '../model.js';
import type { ClaimsIndex } from '../graph/claims-index.js';
import { grouped } from '../util/format.js';
import { dayNumber } from '../util/dates.js';
import {
  beneficiaryEvents,
  countHiredDrivers,
  countRepeatVictims,
  countStruckVehicles,
  countStackedPolicies,
  deathClaimOf,
  deathEvents,
  type DeathClaim
} from './person-events.js';

export const ACCIDENT_ROLES: readonly string[] = ['driver', 'injured', 'passenger', 'witness'];
const PERSON = 1,
  HELD = 2,
  PROVIDER = 3;
const ENTITY_TYPES: readonly EntityType[] = [...IDENTITY_TYPES, ...PROVIDER_KINDS];
/** What the rates need to know of an entity type: a person, a held identifier (phone, account), a provider. */
const KIND_BY_TYPE = Uint8Array.from([PERSON, HELD, HELD, 0, PROVIDER, PROVIDER, PROVIDER, PROVIDER, PROVIDER]);

/** Position of a type in ENTITY_TYPES (a switch: types are a handful of interned strings). */
function typeIndex(type: EntityType): number {
  switch (type) {
    case 'person':
      return 0;
    case 'phone':
      return 1;
    case 'bank_account':
      return 2;
    case 'vehicle':
      return 3;
    case 'hospital':
      return 4;
    case 'repair_shop':
      return 5;
    case 'appraiser':
      return 6;
    case 'lawyer':
      return 7;
    default:
      return 8;
  }
}
/** Bit of an accident role in ACCIDENT_ROLES order, 0 for any other role (a switch: no dictionary lookup per link). */
function roleBit(role: string): number {
  switch (role) {
    case 'driver':
      return 1;
    case 'injured':
      return 2;
    case 'passenger':
      return 4;
    case 'witness':
      return 8;
    default:
      return 0;
  }
}
const WITNESS_BIT = 8;

/** Typical rates, worth `PRIOR_WEIGHT` observations: they matter only where a book has few opportunities. */
const PRIOR = {
  roleSwitch: 0.05,
  witnessSwitch: 0.01,
  sharedPhone: 0.05,
  sharedAccount: 0.03,
  multiPolicyDeath: 0.02,
  repeatDeath: 0.0005,
  sharedBeneficiary: 0.02,
  shortGap: 0.1,
  watched: 0.005,
  hiredDriver: 0.02,
  repeatVictim: 0.02,
  repeatStruck: 0.02,
  stackedPolicy: 0.05
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
  /** Death claims whose beneficiary also collects on another person's death. */
  sharedBeneficiary: Rate;
  shortGap: Rate;
  /** Repeat drives (a driver's second and later claims) and the owners they bring beyond a driver's first other one. */
  hiredDriver: Rate;
  /** Repeat victim claims (a person's second and later claims as injured or claimant) and the separate accidents they bring. */
  repeatVictim: Rate;
  /** Repeat struck-car claims (a car's second and later claims as third party) and the separate accidents they bring. */
  repeatStruck: Rate;
  /** A deceased person's policies beyond the first, and those bought within weeks of the one before. */
  stackedPolicy: Rate;
  watched: Map<EntityType, Rate>;
  /** Per claim, the claims in its linked component, and the largest component counted in the people rates. */
  componentClaims: Int32Array;
  maxComponent: number;
  /** Per rate, the candidates (by first claim index) taken out of it as suspicious (detect/trimmed-null). */
  trimmed: Partial<Record<RateName, ReadonlySet<number>>>;
  /** Claims per region key (district, or prefecture) and per provider × region key. */
  /** Regions numbered as met: each claim's region, each region's prefecture (itself for a prefecture). */
  claimRegion: Int32Array;
  regionPrefecture: Int32Array;
  regionClaims: Int32Array;
  /** Per claim: days from policy start to accident, NaN without a policy start. */
  policyGap: Float64Array;
  /** Per provider: claims per region number (a district's claims count for its prefecture too); see providerClaimsIn. */
  providerRegionClaims: ProviderRegionCounts;
}

/**
 * Claims per provider × region. Dense (provider ordinal × region number) when that
 * fits `DENSE_CELLS` — a province has a few hundred regions and tens of thousands
 * of providers, and a flat array is counted a million times without a Map; else
 * one Map keyed by the cell number.
 */
export interface ProviderRegionCounts {
  regions: number;
  ordinal: Int32Array;
  dense: Int32Array | null;
  sparse: Map<number, number> | null;
}
const DENSE_CELLS = 1 << 24;

/** Claims of provider `e` in region number `region` (prefectures include their districts). */
export function providerClaimsIn(counts: ProviderRegionCounts, e: number, region: number): number {
  const o = counts.ordinal[e]!;
  if (o < 0) return 0;
  const cell = o * counts.regions + region;
  return counts.dense ? counts.dense[cell]! : (counts.sparse!.get(cell) ?? 0);
}

function countProviderRegion(counts: ProviderRegionCounts, e: number, region: number, prefecture: number): void {
  const base = counts.ordinal[e]! * counts.regions;
  if (counts.dense) {
    counts.dense[base + region]!++;
    if (prefecture !== region) counts.dense[base + prefecture]!++;
  } else {
    const m = counts.sparse!;
    m.set(base + region, (m.get(base + region) ?? 0) + 1);
    if (prefecture !== region) m.set(base + prefecture, (m.get(base + prefecture) ?? 0) + 1);
  }
}

function rate(events: number, units: number, prior: number): Rate {
  return { units, events, prior, rate: (events + prior * PRIOR_WEIGHT) / (units + PRIOR_WEIGHT) };
}

/** The rate with a ring's own units and events taken out (when they were counted): a ring is not its own null. */
export function rateWithout(r: Rate, events: number, units: number): number {
  const e = Math.max(0, r.events - events),
    u = Math.max(0, r.units - units);
  return (e + r.prior * PRIOR_WEIGHT) / (u + PRIOR_WEIGHT);
}

export const RATE_NAMES = [
  'roleSwitch',
  'witnessSwitch',
  'sharedPhone',
  'sharedAccount',
  'multiPolicyDeath',
  'repeatDeath',
  'sharedBeneficiary',
  'shortGap',
  'hiredDriver',
  'repeatVictim',
  'repeatStruck',
  'stackedPolicy'
] as const;
export type RateName = (typeof RATE_NAMES)[number];
/** A candidate's own events and units per rate, where they are part of the book's count. */
export type Tally = Partial<Record<RateName, [events: number, units: number]>>;

/**
 * The rate a candidate is judged at, leaving its own events and units out where the
 * book's count includes them, and noting them in `tally` (for trimming). People,
 * phone, account and death rates count small components only; the claims rate all.
 */
export function rateFor(
  rates: BaseRates,
  claimIdx: readonly number[],
  name: RateName,
  events: number,
  units: number,
  tally: Tally
): number {
  const first = claimIdx[0]!;
  const counted =
    !rates.trimmed[name]?.has(first) && (name === 'shortGap' || rates.componentClaims[first]! <= rates.maxComponent);
  if (!counted) return rates[name].rate;
  tally[name] = [events, units];
  return rateWithout(rates[name], events, units);
}

/** The rates with, per rate, the events and units of the given candidates (keyed by first claim) taken out. */
export function trimRates(rates: BaseRates, taken: Partial<Record<RateName, ReadonlyMap<number, Tally>>>): BaseRates {
  const out: BaseRates = { ...rates, trimmed: {} };
  for (const name of RATE_NAMES) {
    const these = taken[name];
    if (!these || these.size === 0) continue;
    let events = 0,
      units = 0;
    for (const tally of these.values()) {
      const t = tally[name];
      if (t) {
        events += t[0];
        units += t[1];
      }
    }
    const r = rates[name];
    out[name] = {
      ...r,
      events: Math.max(0, r.events - events),
      units: Math.max(0, r.units - units),
      rate: rateWithout(r, events, units)
    };
    out.trimmed[name] = new Set(these.keys());
  }
  return out;
}

/** Home district of a resident ID: its first six digits, read without a substring. */
export function homeDistrict(id: string): number {
  let d = 0;
  for (let i = 0; i < 6; i++) d = d * 10 + id.charCodeAt(i) - 48;
  return d;
}

/** Numbers region codes as they are met, each with the number of its prefecture. */
class RegionNumbers {
  readonly ids = new Map<string, number>();
  readonly prefecture: number[] = [];

  of(code: string): number {
    let id = this.ids.get(code);
    if (id !== undefined) return id;
    const pref = prefectureOf(code);
    const p = pref === code ? -1 : this.of(pref);
    id = this.prefecture.length;
    this.ids.set(code, id);
    this.prefecture.push(p < 0 ? id : p);
    return id;
  }
}

export interface BaseRateParams {
  shortGapDays: number;
  /** Largest linked component (in claims) whose people, phones and accounts set the rates. */
  baseRateComponent: number;
}

/** What the per-claim link scan updates (see computeBaseRates). */
interface LinkScan {
  index: ClaimsIndex;
  kind: Uint8Array;
  count: Int32Array;
  bits: Uint8Array;
  holderA: Int32Array;
  holderB: Int32Array;
  deaths: Map<number, Map<string, number>>;
  providerRegionClaims: ProviderRegionCounts;
}

/**
 * One claim's links into the per-entity counts. A function of its own, called a million
 * times, so the engine optimises it early instead of interpreting one long loop.
 * A claim's links are sorted by entity: a person's links on it are adjacent, so one
 * "last counted" person per claim counts each person once per claim.
 */
function scanLinks(s: LinkScan, c: number, small: boolean, region: number, prefecture: number, date: string): void {
  const { index, kind, count, bits, holderA, holderB } = s;
  let counted = -1;
  for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
    const e = index.linkEntity[i]!;
    const k = kind[e]!;
    if (k === PERSON) {
      if (!small) continue;
      const role = index.linkRole[i]!;
      const bit = roleBit(role);
      if (bit !== 0) {
        bits[e]! |= bit;
        if (counted !== e) {
          counted = e;
          count[e]!++;
        }
      } else if (role === 'deceased') {
        let d = s.deaths.get(e);
        if (!d) s.deaths.set(e, (d = new Map()));
        d.set(date, (d.get(date) ?? 0) + 1);
      }
    } else if (k === HELD) {
      if (!small) continue;
      const p = index.linkPerson[i]!;
      if (p < 0 || index.linkRole[i] === 'agent') continue;
      const district = homeDistrict(index.entityKey[p]!) + 1;
      if (count[e] === 0) count[e] = district;
      else if (count[e] !== district) bits[e] = 1;
      // A third distinct holder is past any household's shared line as well.
      if (holderA[e]! < 0) holderA[e] = p;
      else if (p !== holderA[e]) {
        if (holderB[e]! < 0) holderB[e] = p;
        else if (p !== holderB[e]) bits[e] = 1;
      }
    } else if (k === PROVIDER) {
      countProviderRegion(s.providerRegionClaims, e, region, prefecture);
    }
  }
}

export function computeBaseRates(index: ClaimsIndex, componentClaims: Int32Array, params: BaseRateParams): BaseRates {
  const { shortGapDays } = params;
  const n = index.entities;
  // Per entity, shared by kind (people and held identifiers never overlap), to keep a million-claim
  // book's per-entity arrays few: for a person, claims in accident roles and the accident-role bit
  // mask; for a phone or account, the first holder's home district (+1, 0 unset), its first two
  // holders, and whether a second district or a third holder appeared.
  const count = new Int32Array(n);
  const holderA = new Int32Array(n).fill(-1);
  const holderB = new Int32Array(n).fill(-1);
  const bits = new Uint8Array(n);
  // Per deceased person: the death dates and how many claims each; per death claim, who died and who collects.
  const deaths = new Map<number, Map<string, number>>();
  const deathClaims: DeathClaim[] = [];
  // Regions numbered first, so the provider × region counts can be one flat array.
  const regions = new RegionNumbers();
  const claimRegion = new Int32Array(index.claims.length);
  for (let c = 0; c < index.claims.length; c++) claimRegion[c] = regions.of(index.claims[c]!.region);
  const regionCounts = new Int32Array(regions.prefecture.length);
  let dated = 0,
    short = 0;
  // Entity types as small numbers, once: the link loop below runs ten million times at 1M claims.
  const kind = new Uint8Array(n);
  const perType = new Float64Array(ENTITY_TYPES.length);
  const ordinal = new Int32Array(n).fill(-1);
  let providers = 0;
  for (let e = 0; e < n; e++) {
    const t = typeIndex(index.entityType[e]!);
    kind[e] = KIND_BY_TYPE[t]!;
    perType[t]!++;
    if (kind[e] === PROVIDER) ordinal[e] = providers++;
  }
  const cells = providers * regions.prefecture.length;
  const providerRegionClaims: ProviderRegionCounts = {
    regions: regions.prefecture.length,
    ordinal,
    dense: cells <= DENSE_CELLS ? new Int32Array(cells) : null,
    sparse: cells <= DENSE_CELLS ? null : new Map()
  };
  const scan: LinkScan = { index, kind, count, bits, holderA, holderB, deaths, providerRegionClaims };
  const maxSmall = params.baseRateComponent;
  const policyGap = new Float64Array(index.claims.length).fill(NaN);
  for (let c = 0; c < index.claims.length; c++) {
    const claim = index.claims[c]!;
    const small = componentClaims[c]! <= maxSmall;
    if (claim.policyStart) {
      dated++;
      policyGap[c] = dayNumber(claim.accidentDate) - dayNumber(claim.policyStart);
      if (policyGap[c]! <= shortGapDays) short++;
    }
    const region = claimRegion[c]!;
    const prefecture = regions.prefecture[region]!;
    regionCounts[region]!++;
    if (prefecture !== region) regionCounts[prefecture]!++;
    if (small && claim.product === 'death') {
      const d = deathClaimOf(index, c);
      if (d.deceased.length > 0) deathClaims.push(d);
    }
    scanLinks(scan, c, small, region, prefecture, claim.accidentDate);
  }

  let switchUnits = 0,
    switches = 0,
    witnessSwitches = 0;
  let phoneUnits = 0,
    phoneShared = 0,
    accountUnits = 0,
    accountShared = 0;
  for (let e = 0; e < n; e++) {
    if (kind[e] === PERSON) {
      if (count[e]! < 2) continue;
      switchUnits++;
      const mask = bits[e]!;
      if ((mask & (mask - 1)) !== 0) {
        switches++;
        if (mask & WITNESS_BIT) witnessSwitches++;
      }
    } else if (kind[e] === HELD && index.degree[e]! >= 2 && count[e]! > 0) {
      if (index.entityType[e] === 'phone') {
        phoneUnits++;
        phoneShared += bits[e]!;
      } else {
        accountUnits++;
        accountShared += bits[e]!;
      }
    }
  }
  const death = deathEvents(deaths.values());
  const hired = countHiredDrivers(index, componentClaims, maxSmall);
  const victims = countRepeatVictims(index, componentClaims, maxSmall);
  const struck = countStruckVehicles(index, componentClaims, maxSmall);
  const stacked = countStackedPolicies(index, componentClaims, maxSmall);
  const watchedByType = new Map<EntityType, number>();
  for (const e of index.watch.keys()) {
    const type = index.entityType[e]!;
    watchedByType.set(type, (watchedByType.get(type) ?? 0) + 1);
  }
  const watched = new Map<EntityType, Rate>();
  ENTITY_TYPES.forEach((type, t) => {
    if (perType[t]! > 0) watched.set(type, rate(watchedByType.get(type) ?? 0, perType[t]!, PRIOR.watched));
  });

  return {
    roleSwitch: rate(switches, switchUnits, PRIOR.roleSwitch),
    witnessSwitch: rate(witnessSwitches, switchUnits, PRIOR.witnessSwitch),
    sharedPhone: rate(phoneShared, phoneUnits, PRIOR.sharedPhone),
    sharedAccount: rate(accountShared, accountUnits, PRIOR.sharedAccount),
    multiPolicyDeath: rate(death.multiPolicy, death.persons, PRIOR.multiPolicyDeath),
    repeatDeath: rate(death.otherdate, death.claims, PRIOR.repeatDeath),
    sharedBeneficiary: rate(beneficiaryEvents(deathClaims), deathClaims.length, PRIOR.sharedBeneficiary),
    shortGap: rate(short, dated, PRIOR.shortGap),
    hiredDriver: rate(hired.events, hired.units, PRIOR.hiredDriver),
    repeatVictim: rate(victims.events, victims.units, PRIOR.repeatVictim),
    repeatStruck: rate(struck.events, struck.units, PRIOR.repeatStruck),
    stackedPolicy: rate(stacked.events, stacked.units, PRIOR.stackedPolicy),
    watched,
    componentClaims,
    maxComponent: params.baseRateComponent,
    trimmed: {},
    policyGap,
    claimRegion,
    regionPrefecture: Int32Array.from(regions.prefecture),
    regionClaims: regionCounts,
    providerRegionClaims
  };
}

/** "4.2% of the 1,830 people on several claims" style wording of a rate. */
export function rateText(rate: number, units: number, what: string): string {
  const pct = rate * 100;
  return `${pct < 1 ? pct.toFixed(2) : pct.toFixed(1)}% of ${grouped(units)} ${what}`;
}
