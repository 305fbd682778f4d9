/**
 * ringsight/datasets/worlds/profiles
 * ==================================
 *
 * Named world profiles. A profile is a set of parameter ranges; a world is a
 * profile plus a seed, and its concrete parameters are drawn from the ranges
 * (and recorded in truth.json). Tuning profiles are for setting weights;
 * held-out profiles (`heldOut: true`) shift the emphasis in ways the tuning
 * profiles do not cover, and are only for measuring.
 */
import type { Rng } from './rng.js';

export interface WorldParams {
  insurers: number;
  prefectures: number;
  years: number;
  startYear: number;
  /** planted rings per 25,000 claims */
  rings: number;
  /** share of all claims that belong to planted rings */
  ringShare: number;
  mixStaged: number;
  mixBroker: number;
  mixRepair: number;
  mixDeath: number;
  mixMixed: number;
  /** probability a ring's organisers stay off (almost all of) its claims */
  organiserOffClaim: number;
  /** probability a ring routes most payouts through a few shared accounts */
  sharedPayout: number;
  /** share of a staged-collision ring's claims that hit an honest (lured) driver */
  luredVictims: number;
  /** probability a ring starts small and recruits later */
  ringGrowth: number;
  /** probability some entity of a ring is on the watchlist */
  ringWatchlist: number;
  /** probability a ring files with one insurer only */
  singleInsurer: number;
  /** probability a ring stays in one prefecture */
  localRing: number;
  /** probability a colluding clinic/appraiser/shop is a busy provider that also serves honest customers */
  colluderHonest: number;
  /** share of a ring's claims that carry one of the ring's shared phones/accounts/people */
  ringCohesion: number;
  /** mean number of ordinary claims each ring member also has */
  memberOwnClaims: number;
  /** probability a ring role is filled by a borrowed identity used once or twice (借用身份) */
  strawShare: number;
  /** share of honest auto claims that come from families switching roles */
  roleSwitch: number;
  /** share of honest auto claims from taxi / ride-hail drivers */
  rideHail: number;
  /** probability an honest death is insured at 2–4 insurers */
  multiPolicyDeath: number;
  /** probability a household shares a phone, account or car */
  householdShare: number;
  /** share of claims with an insurance agent party */
  agentShare: number;
  /** probability an agent's phone is written on the customer's own row */
  agentOnForm: number;
  /** share of injury claims with a law firm */
  lawFirmShare: number;
  /** share of claims filed by fleets (logistics, taxi companies) */
  fleetShare: number;
  /** share of districts where one clinic and one repair shop take most claims */
  concentratedCounties: number;
  /** in those districts, the dominant provider's share */
  providerConcentration: number;
  /** share of claims coming from catastrophe events (flood, typhoon, hail) */
  catastropheShare: number;
  /** data-entry noise rate */
  noise: number;
  /** probability an honest claim's main person has claimed before */
  repeatClaimant: number;
  /** share of honest claimants who are on the watchlist */
  honestWatchlist: number;
  /** share of claims on death products */
  deathShare: number;
  /** share of claims on injury / health products */
  injuryShare: number;
}

export type Range = number | [number, number];
export type ProfileRanges = { [K in keyof WorldParams]: Range };

export interface Profile {
  name: string;
  heldOut: boolean;
  description: string;
  ranges: Partial<ProfileRanges>;
}

const INTEGER: ReadonlySet<keyof WorldParams> = new Set(['insurers', 'prefectures', 'years', 'startYear', 'rings']);

/** The ranges every profile starts from. */
export const BASE_RANGES: ProfileRanges = {
  insurers: [6, 10],
  prefectures: [4, 9],
  years: 3,
  startYear: 2023,
  rings: [25, 35],
  ringShare: [0.03, 0.05],
  mixStaged: [2, 4],
  mixBroker: [1.5, 3],
  mixRepair: [1, 2],
  mixDeath: [0.7, 1.5],
  mixMixed: [0.5, 1.2],
  organiserOffClaim: [0.2, 0.4],
  sharedPayout: [0.4, 0.7],
  luredVictims: [0.1, 0.3],
  ringGrowth: [0.2, 0.4],
  ringWatchlist: [0.35, 0.6],
  singleInsurer: [0.1, 0.25],
  localRing: [0.2, 0.4],
  colluderHonest: [0.4, 0.7],
  ringCohesion: [0.55, 0.85],
  memberOwnClaims: [0.2, 0.6],
  strawShare: [0.1, 0.25],
  roleSwitch: [0.04, 0.1],
  rideHail: [0.03, 0.07],
  multiPolicyDeath: [0.2, 0.4],
  householdShare: [0.3, 0.5],
  agentShare: [0.08, 0.18],
  agentOnForm: [0.1, 0.3],
  lawFirmShare: [0.15, 0.3],
  fleetShare: [0.03, 0.07],
  concentratedCounties: [0.05, 0.2],
  providerConcentration: [0.35, 0.55],
  catastropheShare: [0, 0.03],
  noise: [0.005, 0.02],
  repeatClaimant: [0.06, 0.12],
  honestWatchlist: [0.002, 0.006],
  deathShare: [0.02, 0.04],
  injuryShare: [0.18, 0.26]
};

export const PROFILES: Profile[] = [
  {
    name: 'provincial-mix',
    heldOut: false,
    description:
      'A balanced multi-insurer provincial book: every fraud kind and every honest confounder at ordinary levels.',
    ranges: {}
  },
  {
    name: 'collision-gangs',
    heldOut: false,
    description:
      'Staged-collision gangs dominate, many with lured honest drivers; city traffic with taxis and ride-hail drivers.',
    ranges: {
      mixStaged: [5, 8],
      mixBroker: [0.5, 1],
      mixRepair: [0.5, 1],
      mixDeath: [0.2, 0.5],
      luredVictims: [0.25, 0.45],
      rideHail: [0.06, 0.1],
      roleSwitch: [0.06, 0.12],
      prefectures: [3, 6]
    }
  },
  {
    name: 'injury-brokers',
    heldOut: false,
    description:
      'Injury-claim brokers and inflated disability claims; law firms and agents busy on honest injury claims too.',
    ranges: {
      mixBroker: [5, 8],
      mixStaged: [1, 2],
      mixDeath: [0.3, 0.8],
      injuryShare: [0.26, 0.34],
      lawFirmShare: [0.3, 0.45],
      agentShare: [0.12, 0.22],
      sharedPayout: [0.5, 0.8]
    }
  },
  {
    name: 'garage-and-fleet',
    heldOut: false,
    description:
      'Padding and fake repair shops next to logistics and taxi fleets that file many honest claims across prefectures.',
    ranges: {
      mixRepair: [4, 7],
      mixStaged: [1, 2],
      mixBroker: [0.5, 1.5],
      fleetShare: [0.08, 0.14],
      colluderHonest: [0.5, 0.8],
      prefectures: [6, 10]
    }
  },
  {
    name: 'life-and-death',
    heldOut: false,
    description:
      'Death and health products weigh more: fake deaths next to honest elderly deaths insured at several insurers.',
    ranges: {
      mixDeath: [4, 6],
      mixMixed: [1, 2],
      mixStaged: [1, 2],
      deathShare: [0.05, 0.08],
      multiPolicyDeath: [0.35, 0.6],
      householdShare: [0.4, 0.6]
    }
  },
  {
    name: 'quiet-rings',
    heldOut: false,
    description:
      'Careful gangs: few watchlist hits, organisers off the claims, one insurer or one prefecture, loosely linked claims.',
    ranges: {
      ringWatchlist: [0.05, 0.2],
      organiserOffClaim: [0.5, 0.8],
      singleInsurer: [0.35, 0.6],
      localRing: [0.45, 0.7],
      ringCohesion: [0.4, 0.6],
      sharedPayout: [0.25, 0.5],
      strawShare: [0.25, 0.4]
    }
  },
  {
    name: 'family-towns',
    heldOut: false,
    description:
      'Households sharing phones, cards and cars; repeat claimants; mixed gangs recruited from the same towns and growing.',
    ranges: {
      householdShare: [0.55, 0.75],
      roleSwitch: [0.1, 0.16],
      repeatClaimant: [0.12, 0.2],
      mixMixed: [2, 4],
      ringGrowth: [0.4, 0.7],
      honestWatchlist: [0.005, 0.01]
    }
  },
  {
    name: 'rural-clinic',
    heldOut: true,
    description:
      'A rural book of few prefectures and few insurers where one clinic and one repair shop take most claims of each county.',
    ranges: {
      prefectures: [2, 3],
      insurers: [4, 6],
      concentratedCounties: [0.6, 0.9],
      providerConcentration: [0.7, 0.9],
      localRing: [0.6, 0.9],
      colluderHonest: [0.7, 0.95],
      repeatClaimant: [0.12, 0.2]
    }
  },
  {
    name: 'flood-year',
    heldOut: true,
    description:
      'A catastrophe-heavy year: floods, a typhoon and hail put thousands of claims on the same days, shops and appraisers.',
    ranges: { catastropheShare: [0.12, 0.2], mixRepair: [2, 4], mixStaged: [1.5, 3], ringShare: [0.03, 0.04] }
  },
  {
    name: 'agent-channel',
    heldOut: true,
    description:
      "An agency-channel book: insurance agents on most forms, their phones on customers' rows, and brokers dominating the fraud.",
    ranges: {
      agentShare: [0.45, 0.65],
      agentOnForm: [0.35, 0.6],
      mixBroker: [6, 9],
      mixStaged: [1, 2],
      lawFirmShare: [0.3, 0.5],
      organiserOffClaim: [0.4, 0.6]
    }
  },
  {
    name: 'messy-export',
    heldOut: true,
    description:
      'A poorly kept export: phone and plate formats vary, optional fields are missing, rows repeat, witness IDs are mistyped.',
    ranges: { noise: [0.08, 0.15], ringCohesion: [0.5, 0.75] }
  }
];

export function findProfile(name: string): Profile {
  const p = PROFILES.find((x) => x.name === name);
  if (!p)
    throw new Error(`ringsight/worlds: unknown profile "${name}" (known: ${PROFILES.map((x) => x.name).join(', ')})`);
  return p;
}

export const TUNING_PROFILES = PROFILES.filter((p) => !p.heldOut).map((p) => p.name);
export const HELD_OUT_PROFILES = PROFILES.filter((p) => p.heldOut).map((p) => p.name);

/** Concrete parameters of one world: each range drawn once, in a fixed key order. */
export function drawParams(profile: Profile, rng: Rng, overrides: Partial<WorldParams> = {}): WorldParams {
  const ranges: ProfileRanges = { ...BASE_RANGES, ...profile.ranges };
  const out = {} as WorldParams;
  for (const key of Object.keys(BASE_RANGES) as Array<keyof WorldParams>) {
    const r = ranges[key];
    let v: number;
    if (typeof r === 'number') v = r;
    else if (INTEGER.has(key)) v = rng.int(r[0], r[1]);
    else v = Math.round(rng.uniform(r[0], r[1]) * 1e4) / 1e4;
    out[key] = v;
  }
  return { ...out, ...overrides };
}
