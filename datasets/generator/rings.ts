// ringsight/datasets/generator/rings — planted fraud rings: how many, which kinds, how big, and the shared
// scaffolding (time window, home prefectures, insurers, crew of members) the patterns in
// patterns.ts build on. Ring claims are materialised in memory: at ~4% of the book they are small.

import { Rng, cumulative, hash2, label } from './random.js';
import { AUTO, INSURERS, drawAmount, drawInsurer, drawLag, settle } from './market.js';
import { drawDistrict, drawOtherPref, drawPref, districtPref } from './regions.js';
import type { AgeBand } from './registry.js';
import { clampReport, type Claim } from './claim.js';
import type { World } from './world.js';

export const CATEGORIES = ['staged_collision', 'injury_broker', 'repair_shop', 'fake_death', 'mixed'] as const;
export const STAGED = 0;
export const BROKER = 1;
export const SHOP = 2;
export const FAKE_DEATH = 3;
export const MIXED = 4;

/** Claim-count ranges per category before scaling to the target share. */
const SIZE_RANGE: [number, number][] = [
  [8, 30],
  [10, 40],
  [12, 40],
  [5, 14],
  [20, 40]
];
const CATEGORY_CDF = cumulative([0.3, 0.25, 0.2, 0.1, 0.15]);

export interface Ring {
  index: number;
  id: string;
  category: number;
  prefs: number[];
  /** insurers the crew holds its own policies with */
  insurers: number[];
  start: number;
  span: number;
  claims: Claim[];
  /** members: serials of people, phones, accounts and vehicles the ring controls */
  people: Set<number>;
  phones: Set<number>;
  banks: Set<number>;
  vehicles: Set<number>;
  providers: Set<number>;
  organisers: number[];
  /** honest people drawn into ring claims (lured drivers, padded customers); not members */
  outsiders: number[];
  /** claim ids, filled while writing */
  ids: string[];
}

export interface RingPlanOptions {
  claims: number;
  /** claims per ring */
  claimsPerRing: number;
  /** target share of ring claims in the book */
  share: number;
  /** explicit ring count (overrides claimsPerRing) */
  rings?: number;
}

/** Decide categories and sizes. Every category appears once the book has at least five rings. */
export function planRings(rng: Rng, o: RingPlanOptions): { category: number; size: number }[] {
  let count = o.rings ?? (o.claims < 400 ? 0 : Math.max(1, Math.round(o.claims / o.claimsPerRing)));
  if (o.rings === undefined && o.claims >= 4000) count = Math.max(count, 6);
  const cats: number[] = [];
  const firsts = rng.shuffle([0, 1, 2, 3, 4]);
  for (let i = 0; i < count; i++) cats.push(i < 5 ? (firsts[i] as number) : rng.weighted(CATEGORY_CDF));
  const raw = cats.map((c) => rng.range(...(SIZE_RANGE[c] as [number, number])));
  const sum = raw.reduce((a, b) => a + b, 0);
  const target = o.claims * o.share;
  const f = sum > 0 ? target / sum : 1;
  // Scale towards the target share, but keep each ring within its natural 5–40 claims.
  const out = cats.map((category, i) => ({
    category,
    size: Math.max(5, Math.min(40, Math.round((raw[i] as number) * f)))
  }));
  let total = out.reduce((a, b) => a + b.size, 0);
  // Never let rings swallow a small book.
  while (total > o.claims * 0.2 && out.length) total -= (out.pop() as { size: number }).size;
  return out;
}

/** Helpers the patterns use to mint people, pick days and places, and finish claims. */
export class RingCtx {
  readonly rng: Rng;

  constructor(
    readonly world: World,
    readonly ring: Ring
  ) {
    this.rng = new Rng(hash2(world.key ^ label('ring'), ring.index));
  }

  /** A new person living in one of the ring's prefectures (home prefecture most of the time). */
  person(band: AgeBand = 'adult', male = this.rng.chance(0.8), pref = this.homeOrOther(0.75), surname = -1): number {
    const reg = this.world.registry;
    const s = reg.reserve(1);
    reg.setPerson(s, this.rng, drawDistrict(this.rng, pref), band, male, surname);
    return s;
  }

  member(band: AgeBand = 'adult', male = this.rng.chance(0.8), pref = this.homeOrOther(0.75), surname = -1): number {
    const s = this.person(band, male, pref, surname);
    this.ring.people.add(s);
    return s;
  }

  /** An honest outsider pulled into a ring claim (lured driver, padded customer). */
  outsider(pref: number): number {
    const s = this.person(this.rng.chance(0.2) ? 'young' : 'adult', this.rng.chance(0.65), pref);
    this.ring.outsiders.push(s);
    return s;
  }

  /** A phone line (prepaid SIM) that belongs to no party in the data. */
  burner(): number {
    const s = this.person('young', true, this.ring.prefs[0] as number);
    this.ring.phones.add(s);
    return s;
  }

  homeOrOther(pHome: number): number {
    const prefs = this.ring.prefs;
    return prefs.length === 1 || this.rng.chance(pHome)
      ? (prefs[0] as number)
      : (prefs[1 + this.rng.int(prefs.length - 1)] as number);
  }

  day(): number {
    return this.ring.start + this.rng.int(this.ring.span);
  }

  district(pHome = 0.6): number {
    return drawDistrict(this.rng, this.homeOrOther(pHome));
  }

  /** One of the crew's insurers able to write `product` (falls back to the market). */
  insurer(product: number): number {
    const ok = this.ring.insurers.filter((i) => !(product === AUTO && (INSURERS[i] as { lifeOnly: boolean }).lifeOnly));
    return ok.length && this.rng.chance(0.95) ? (this.rng.pick(ok) as number) : drawInsurer(this.rng, product);
  }

  claim(product: number, day: number, insurer: number, holder: number, district: number, short = false): Claim {
    const r = this.rng;
    const c: Claim = {
      day,
      report: clampReport(r, day, drawLag(r, product), this.world.end),
      inception: 0,
      insurer,
      holder,
      product,
      district,
      prefectureOnly: r.chance((INSURERS[insurer] as { prefectureOnly: number }).prefectureOnly),
      claimed: 0,
      paid: -1,
      status: 0,
      parties: [],
      vehicles: [],
      providers: [],
      ring: this.ring.index,
      shortPolicy: short
    };
    this.ring.claims.push(c);
    return c;
  }

  /** Amount and outcome. Rings inflate amounts; insurers catch a few more of them than usual. */
  finish(c: Claim, scale: number): void {
    c.claimed = drawAmount(this.rng, c.product, scale);
    [c.status, c.paid] = settle(this.rng, c.product, c.claimed, c.report, this.world.end, 0.04);
  }
}

export function newRing(world: World, index: number, category: number): Ring {
  const rng = new Rng(hash2(world.key ^ label('ring-frame'), index));
  const home = drawPref(rng);
  const prefs = [home];
  // Staged collisions and mixed gangs travel; shops and brokers stay local.
  const extra =
    category === MIXED
      ? rng.range(2, 4)
      : category === STAGED
        ? rng.chance(0.65)
          ? rng.range(1, 2)
          : 0
        : rng.chance(0.3)
          ? 1
          : 0;
  while (prefs.length < 1 + extra) {
    const p = drawOtherPref(rng, home);
    if (!prefs.includes(p)) prefs.push(p);
  }
  const insurers: number[] = [];
  const want = rng.range(2, 4);
  while (insurers.length < want) {
    const i = drawInsurer(rng, rng.chance(0.7) ? AUTO : 1);
    if (!insurers.includes(i)) insurers.push(i);
  }
  const days = world.end - world.start;
  const span = Math.min(days - 60, rng.range(150, 700));
  return {
    index,
    id: `T${String(index + 1).padStart(4, '0')}`,
    category,
    prefs,
    insurers,
    start: world.start + rng.int(days - span - 30),
    span,
    claims: [],
    people: new Set(),
    phones: new Set(),
    banks: new Set(),
    vehicles: new Set(),
    providers: new Set(),
    organisers: [],
    outsiders: [],
    ids: []
  };
}

/** Prefecture of a district, re-exported for patterns that think in districts. */
export { districtPref };
