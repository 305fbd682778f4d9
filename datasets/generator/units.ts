// ringsight/datasets/generator/units — honest claimant units: single people (mostly one claim, some two or
// three over the years), families sharing a phone, a car or an account, and vehicle fleets. The
// planner stores only a few integers per unit plus the schedule; a unit is rebuilt from its seed
// whenever one of its claims is written, so memory stays flat however large the book is.

import { Rng, hash2, label } from './random.js';
import { AUTO, DEATH, HEALTH, HONEST_PRODUCT_CDF, INJURY, drawInsurer } from './market.js';
import { drawDistrict, drawOtherPref, drawPref, districtPref } from './regions.js';
import type { World } from './world.js';

export const SINGLE = 0;
export const FAMILY = 1;
export const FLEET = 2;

export interface Unit {
  seed: number;
  type: number;
  /** home district */
  home: number;
  /** person serials; families: [head, spouse-or-elder, ...]; fleets: [manager, company, ...drivers] */
  persons: number[];
  drivers: number[];
  vehicles: number[];
  /** owner (policy holder person) of each vehicle */
  owners: number[];
  /** first of two stranger slots per claim (third parties, witnesses, relatives) */
  strangers: number;
  days: number[];
  products: number[];
  /** earliest claim: policies must predate it */
  anchor: number;
  autoInsurer: number;
  otherInsurer: number;
  /** serial whose phone the household/company shares, -1 if none */
  homePhone: number;
  sharedBank: number;
}

const UNIT = label('unit');
const DEMO = label('demo');
const SINGLE_K = [0.8, 0.14, 0.06];
const FAMILY_K = [0, 0, 0.3, 0.3, 0.2, 0.12, 0.08];
const FAMILY_SIZE = [0, 0, 0.35, 0.35, 0.2, 0.1];
/** share of units that are families: tuned so families file ~16% of honest claims */
const FAMILY_UNIT_SHARE = 0.075;
const FLEET_SHARE = 0.03;

function drawFrom(rng: Rng, probs: number[]): number {
  let x = rng.next();
  for (let i = 0; i < probs.length; i++) if ((x -= probs[i] as number) < 0) return i;
  return probs.length - 1;
}

function drawDays(r: Rng, world: World, type: number, k: number): number[] {
  const days: number[] = [];
  for (let i = 0; i < k; i++) {
    // One family crash often yields two claims the same day (the car, and the injured passenger).
    if (type === FAMILY && i > 0 && r.chance(0.2)) days.push(days[i - 1] as number);
    else days.push(world.start + r.weighted(world.dayCdf));
  }
  return days.sort((a, b) => a - b);
}

function drawProducts(r: Rng, type: number, k: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < k; j++) {
    if (type === FLEET) {
      out.push(r.chance(0.9) ? AUTO : INJURY);
      continue;
    }
    let p = r.weighted(HONEST_PRODUCT_CDF);
    // The dead file no more claims: a death can only be a unit's last claim.
    while (p === DEATH && j !== k - 1) p = r.weighted(HONEST_PRODUCT_CDF);
    out.push(p);
  }
  return out;
}

export class HonestBook {
  private readonly base: number[] = [];
  private readonly type: number[] = [];
  private readonly k: number[] = [];
  private readonly size: number[] = [];
  /** fleets: number of drivers (the rest of the slots are vehicles) */
  private readonly extra: number[] = [];
  /** schedule: one entry per claim */
  readonly entryUnit: number[] = [];
  readonly entryJ: number[] = [];
  readonly entryDay: number[] = [];
  readonly counts = {
    singles: 0,
    repeatSingles: 0,
    families: 0,
    familyClaims: 0,
    familyMembers: 0,
    fleets: 0,
    fleetClaims: 0
  };

  get units(): number {
    return this.base.length;
  }

  /** Plan exactly `budget` honest claims. */
  plan(world: World, budget: number): void {
    const rng = new Rng(hash2(world.key, label('plan')));
    let left = budget;
    let fleetClaims = Math.round(budget * FLEET_SHARE);
    while (left > 0) {
      let type: number;
      let k: number;
      if (fleetClaims >= 15) {
        type = FLEET;
        k = Math.min(fleetClaims, rng.range(15, 120));
        fleetClaims -= k;
      } else if (rng.chance(FAMILY_UNIT_SHARE)) {
        type = FAMILY;
        k = drawFrom(rng, FAMILY_K);
      } else {
        type = SINGLE;
        k = 1 + drawFrom(rng, SINGLE_K);
      }
      k = Math.min(k, left);
      left -= k;
      this.addUnit(world, rng, type, k);
    }
  }

  private addUnit(world: World, rng: Rng, type: number, k: number): void {
    const u = this.base.length;
    const seed = hash2(world.key ^ UNIT, u);
    const dr = new Rng(hash2(seed, DEMO));
    const reg = world.registry;
    const home = drawDistrict(dr, drawPref(dr));
    let size: number;
    let base: number;
    let extra = 0;
    if (type === FLEET) {
      const drivers = rng.range(4, 40);
      const vehicles = Math.max(3, Math.ceil(drivers * 0.8));
      extra = drivers;
      size = 2 + drivers + vehicles;
      base = reg.reserve(size + 2 * k);
      reg.setPerson(base, dr, home, 'adult', dr.chance(0.8));
      reg.setPerson(base + 1, dr, home, 'adult', dr.chance(0.5));
      for (let i = 0; i < drivers; i++)
        reg.setPerson(
          base + 2 + i,
          dr,
          drawDistrict(dr, districtPref(home)),
          dr.chance(0.3) ? 'young' : 'adult',
          dr.chance(0.92)
        );
      for (let i = 0; i < vehicles; i++) reg.setVehicle(base + 2 + drivers + i, home);
      this.counts.fleets++;
      this.counts.fleetClaims += k;
    } else if (type === FAMILY) {
      size = 2 + drawFrom(dr, FAMILY_SIZE.slice(2));
      base = reg.reserve(size + 2 * k);
      const male = dr.chance(0.75);
      reg.setPerson(base, dr, home, 'adult', male);
      const headBirth = reg.birthDay(base);
      const surname = reg.surnameOf(base);
      // Second slot: usually the spouse, sometimes an elderly parent living with the head.
      if (size === 2 && dr.chance(0.2))
        reg.setPerson(base + 1, dr, home, 'elder', dr.chance(0.45), surname, headBirth - 28 * 365, 5);
      else reg.setPerson(base + 1, dr, home, 'adult', !male, -1, headBirth, 4);
      for (let i = 2; i < size; i++) {
        if (i === 4 && dr.chance(0.5))
          reg.setPerson(base + i, dr, home, 'elder', dr.chance(0.45), surname, headBirth - 28 * 365, 5);
        else reg.setPerson(base + i, dr, home, 'child', dr.chance(0.52), surname, headBirth + 27 * 365, 6);
      }
      this.counts.families++;
      this.counts.familyClaims += k;
      this.counts.familyMembers += size;
    } else {
      size = 1;
      base = reg.reserve(1 + 2 * k);
      const x = dr.next();
      reg.setPerson(base, dr, home, x < 0.1 ? 'young' : x < 0.18 ? 'elder' : 'adult', dr.chance(0.62));
      this.counts.singles++;
      if (k > 1) this.counts.repeatSingles++;
    }
    // Strangers met in this unit's claims: mostly local, sometimes from another prefecture.
    for (let s = base + size; s < base + size + 2 * k; s++) {
      const pref = dr.chance(0.85) ? districtPref(home) : drawOtherPref(dr, districtPref(home));
      reg.setPerson(s, dr, drawDistrict(dr, pref), dr.chance(0.15) ? 'young' : 'adult', dr.chance(0.6));
    }
    this.base.push(base);
    this.type.push(type);
    this.k.push(k);
    this.size.push(size);
    this.extra.push(extra);
    const days = drawDays(new Rng(seed), world, type, k);
    for (let j = 0; j < k; j++) {
      this.entryUnit.push(u);
      this.entryJ.push(j);
      this.entryDay.push(days[j] as number);
    }
  }

  /** Recreate unit `u` exactly as planned (pure function of the world key and the stored integers). */
  rebuild(world: World, u: number): Unit {
    const seed = hash2(world.key ^ UNIT, u);
    const r = new Rng(seed);
    const type = this.type[u] as number;
    const k = this.k[u] as number;
    const base = this.base[u] as number;
    const size = this.size[u] as number;
    const days = drawDays(r, world, type, k);
    const products = drawProducts(r, type, k);
    const reg = world.registry;
    const unit: Unit = {
      seed,
      type,
      home: reg.homeOf(base),
      persons: [],
      drivers: [],
      vehicles: [],
      owners: [],
      strangers: base + size,
      days,
      products,
      anchor: days[0] as number,
      autoInsurer: drawInsurer(r, AUTO),
      otherInsurer: -1,
      homePhone: -1,
      sharedBank: -1
    };
    unit.otherInsurer = r.chance(0.6) ? unit.autoInsurer : drawInsurer(r, HEALTH);
    const motoring = products.includes(AUTO) || (products.includes(INJURY) && r.chance(0.5)) || r.chance(0.3);
    if (type === FLEET) {
      const nd = this.extra[u] as number;
      unit.persons.push(base, base + 1);
      for (let i = 0; i < size - 2; i++) {
        if (i < nd) unit.drivers.push(base + 2 + i);
        else {
          unit.vehicles.push(base + 2 + i);
          unit.owners.push(base);
        }
      }
      unit.homePhone = base + 1;
      unit.sharedBank = base + 1;
    } else if (type === FAMILY) {
      for (let i = 0; i < size; i++) unit.persons.push(base + i);
      if (motoring || r.chance(0.85)) {
        unit.vehicles.push(base);
        unit.owners.push(base);
      }
      if (r.chance(0.25)) {
        unit.vehicles.push(base + 1);
        unit.owners.push(base + 1);
      }
      unit.homePhone = base;
      unit.sharedBank = r.chance(0.45) ? base : -1;
    } else {
      unit.persons.push(base);
      if (motoring) {
        unit.vehicles.push(base);
        unit.owners.push(base);
      }
    }
    return unit;
  }

  /** A one-person unit around an existing person (ring members' and lured drivers' own claims). */
  static single(world: World, seed: number, person: number, days: number[], strangers: number, vehicle: boolean): Unit {
    const r = new Rng(seed);
    const products = days.map(() => {
      let p = r.weighted(HONEST_PRODUCT_CDF);
      while (p === DEATH) p = r.weighted(HONEST_PRODUCT_CDF);
      return p;
    });
    const auto = drawInsurer(r, AUTO);
    vehicle ||= products.includes(AUTO);
    return {
      seed,
      type: SINGLE,
      home: world.registry.homeOf(person),
      persons: [person],
      drivers: [],
      vehicles: vehicle ? [person] : [],
      owners: vehicle ? [person] : [],
      strangers,
      days: days.slice().sort((a, b) => a - b),
      products,
      anchor: Math.min(...days),
      autoInsurer: auto,
      otherInsurer: r.chance(0.5) ? auto : drawInsurer(r, HEALTH),
      homePhone: -1,
      sharedBank: -1
    };
  }
}
