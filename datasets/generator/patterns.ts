// ringsight/datasets/generator/patterns — the five fraud patterns. Each writes exactly `n` ring claims through a
// RingCtx; `mixed` runs three of them over one shared crew so a single gang spans prefectures,
// insurers and schemes. The patterns follow how these schemes are described by Chinese insurers
// and police (碰瓷, 人伤黄牛, 修理厂骗保, 假死骗保), not how a detector would like them to look.

import { AUTO, DEATH, HEALTH, INJURY, INSURERS, drawInsurer } from './market.js';
import { drawDistrict } from './regions.js';
import { APPRAISER, HOSPITAL, LAWYER, REPAIR, TOW } from './providers.js';
import {
  AGENT,
  BENEFICIARY,
  CLAIMANT,
  DECEASED,
  DRIVER,
  INJURED,
  INSURED,
  VEHICLE_INSURED,
  VEHICLE_THIRD_PARTY,
  WITNESS,
  party,
  type Claim
} from './claim.js';
import { BROKER, FAKE_DEATH, MIXED, SHOP, STAGED, RingCtx, districtPref } from './rings.js';

interface Crew {
  organisers: number[];
  /** members available for reuse (mixed gangs only) */
  pool: number[];
  burners: number[];
  shared: boolean;
}

function recruit(ctx: RingCtx, crew: Crew, k: number, pref = -1): number[] {
  const r = ctx.rng;
  const out: number[] = [];
  while (out.length < k) {
    const reuse = crew.shared && crew.pool.length >= 3 && r.chance(0.4) ? (r.pick(crew.pool) as number) : -1;
    if (reuse >= 0 && !out.includes(reuse)) {
      out.push(reuse);
      continue;
    }
    const s = ctx.member(r.chance(0.3) ? 'young' : 'adult', r.chance(0.8), pref >= 0 ? pref : ctx.homeOrOther(0.7));
    crew.pool.push(s);
    out.push(s);
  }
  return out;
}

function organise(ctx: RingCtx, s: number): number {
  if (!ctx.ring.organisers.includes(s)) ctx.ring.organisers.push(s);
  return s;
}

/** A clinic, appraiser, lawyer or workshop the ring controls; it also takes some honest work. */
function ringProvider(ctx: RingCtx, kind: number, pref: number, honestWork: number): number {
  const i = ctx.world.catalog.add(ctx.rng, kind, pref, drawDistrict(ctx.rng, pref), honestWork, false, ctx.ring.index);
  ctx.ring.providers.add(i);
  return i;
}

/** A small honest provider (rings favour small workshops whose owners ask few questions). */
function smallHonest(ctx: RingCtx, kind: number, pref: number): number {
  const cat = ctx.world.catalog;
  for (let i = 0; i < 30; i++) {
    const p = cat.pick(ctx.rng, kind, pref);
    const pr = cat.providers[p] as { hub: boolean; ring: number };
    if (!pr.hub && pr.ring < 0) return p;
  }
  return cat.pick(ctx.rng, kind, pref);
}

function staged(ctx: RingCtx, n: number, crew: Crew): void {
  const r = ctx.rng;
  const ring = ctx.ring;
  const cat = ctx.world.catalog;
  const members = recruit(ctx, crew, Math.max(4, Math.min(10, Math.round(n / 3))));
  const org = organise(
    ctx,
    crew.organisers[0] ?? (r.chance(0.6) ? (members[members.length - 1] as number) : (members[0] as number))
  );
  // A few cars do the crashing again and again; the organiser's is rarely one of them.
  const vehicles = members.slice(0, r.range(2, Math.min(4, members.length - 1)));
  for (const v of vehicles) ring.vehicles.add(v);
  const burner = r.chance(0.6) ? (crew.burners[0] ?? ctx.burner()) : -1;
  if (burner >= 0 && !crew.burners.includes(burner)) crew.burners.push(burner);
  const phoneOf = (s: number): number => (burner >= 0 && r.chance(0.25) ? burner : s);
  const bankOf = (s: number): number => (r.chance(0.35) ? org : s);
  const shops = [smallHonest(ctx, REPAIR, ring.prefs[0] as number), smallHonest(ctx, REPAIR, ring.prefs[0] as number)];
  for (let i = 0; i < n; i++) {
    const district = ctx.district(0.55);
    const pref = districtPref(district);
    const injury = r.chance(0.25);
    const product = injury ? INJURY : AUTO;
    const [x, y, z, w] = r.sample(members, 4) as [number, number, number, number];
    const vA = r.pick(vehicles) as number;
    let c: Claim;
    if (r.chance(0.25)) {
      // The lured party: an honest driver the crew cut off; the claim goes to his insurer, and
      // crews pick victims insured where they know settlement is quick.
      const innocent = ctx.outsider(pref);
      c = ctx.claim(product, ctx.day(), r.chance(0.7) ? ctx.insurer(AUTO) : drawInsurer(r, AUTO), innocent, district);
      c.parties.push(party(INSURED, innocent, innocent, innocent), party(DRIVER, innocent));
      c.parties.push(party(CLAIMANT, x, phoneOf(x), bankOf(x)));
      c.vehicles.push({ role: VEHICLE_INSURED, serial: innocent }, { role: VEHICLE_THIRD_PARTY, serial: vA });
    } else {
      const others = vehicles.filter((v) => v !== vA);
      const vB = others.length ? (r.pick(others) as number) : y;
      ring.vehicles.add(vB);
      c = ctx.claim(product, ctx.day(), ctx.insurer(AUTO), vA, district, r.chance(0.4));
      c.parties.push(party(INSURED, vA, phoneOf(vA), bankOf(vA)), party(DRIVER, x));
      c.parties.push(party(CLAIMANT, vB, phoneOf(vB), bankOf(vB)));
      c.vehicles.push({ role: VEHICLE_INSURED, serial: vA }, { role: VEHICLE_THIRD_PARTY, serial: vB });
    }
    if (injury || r.chance(0.35)) {
      c.parties.push(party(INJURED, z, phoneOf(z), injury ? bankOf(z) : -1));
      c.providers.push(smallHonest(ctx, HOSPITAL, pref));
    }
    const witness = i === 0 && !c.parties.some((p) => p.person === org) ? org : r.chance(0.4) ? w : -1;
    if (witness >= 0) c.parties.push(party(WITNESS, witness, witness, -1, witness !== org && r.chance(0.1)));
    if (r.chance(0.7)) c.providers.push(r.pick(shops) as number);
    if (r.chance(0.15)) c.providers.push(cat.pick(r, TOW, pref));
    if (r.chance(0.15)) c.providers.push(cat.pick(r, APPRAISER, pref));
    ctx.finish(c, injury ? 2.2 : 2.0);
  }
}

function broker(ctx: RingCtx, n: number, crew: Crew): void {
  const r = ctx.rng;
  const ring = ctx.ring;
  const home = ring.prefs[crew.shared ? 2 % ring.prefs.length : 0] as number;
  const agent = organise(
    ctx,
    crew.organisers[1 % Math.max(1, crew.organisers.length)] ?? ctx.member('adult', r.chance(0.75), home)
  );
  const phones = [agent, r.chance(0.5) ? (crew.burners[0] ?? ctx.burner()) : agent];
  const clinic = r.chance(0.85) ? ringProvider(ctx, HOSPITAL, home, r.range(5, 30)) : -1;
  const appraiser = ringProvider(ctx, APPRAISER, home, r.range(5, 20));
  const lawyer = r.chance(0.7) ? ringProvider(ctx, LAWYER, home, r.range(3, 12)) : -1;
  const claimants = r.shuffle(recruit(ctx, crew, Math.max(3, Math.round(n * 0.75)), home));
  for (let i = 0; i < n; i++) {
    const cl = claimants[i % claimants.length] as number;
    const district = r.chance(0.8) ? drawDistrict(r, home) : ctx.district();
    const pref = districtPref(district);
    const phone = r.chance(0.6) ? (r.pick(phones) as number) : cl;
    const bank = r.chance(0.35) ? agent : cl;
    let c: Claim;
    if (r.chance(0.55)) {
      // A real but minor traffic accident, blown up into a serious injury claim.
      const driver = ctx.outsider(pref);
      c = ctx.claim(INJURY, ctx.day(), r.chance(0.6) ? ctx.insurer(AUTO) : drawInsurer(r, AUTO), driver, district);
      c.parties.push(
        party(INSURED, driver, driver, driver),
        party(DRIVER, driver),
        party(INJURED, cl, cl),
        party(CLAIMANT, cl, phone, bank)
      );
      c.vehicles.push({ role: VEHICLE_INSURED, serial: driver });
    } else {
      c = ctx.claim(INJURY, ctx.day(), ctx.insurer(INJURY), cl, district, r.chance(0.3));
      c.parties.push(party(INSURED, cl, phone, bank), party(INJURED, cl, cl));
    }
    if (i === 0 || r.chance(0.9)) c.parties.push(party(AGENT, agent, r.pick(phones) as number));
    c.providers.push(clinic >= 0 && r.chance(0.9) ? clinic : ctx.world.catalog.pickHub(r, HOSPITAL, pref));
    if (r.chance(0.85)) c.providers.push(appraiser);
    if (lawyer >= 0 && r.chance(0.8)) c.providers.push(lawyer);
    ctx.finish(c, 2.6);
  }
}

function shop(ctx: RingCtx, n: number, crew: Crew): void {
  const r = ctx.rng;
  const ring = ctx.ring;
  const cat = ctx.world.catalog;
  const home = ring.prefs[crew.shared ? 1 % ring.prefs.length : 0] as number;
  const workshop = ringProvider(ctx, REPAIR, home, r.range(25, 80));
  const owner = organise(
    ctx,
    crew.organisers[2 % Math.max(1, crew.organisers.length)] ?? ctx.member('adult', true, home)
  );
  const staff = recruit(ctx, crew, r.range(2, 4), home);
  const staffPhones = [owner, ...staff];
  const shopCars = [owner, ...staff.slice(0, r.range(1, 2))];
  for (const v of shopCars) ring.vehicles.add(v);
  for (let i = 0; i < n; i++) {
    const district = r.chance(0.85) ? drawDistrict(r, home) : ctx.district();
    const pref = districtPref(district);
    let c: Claim;
    let own: number;
    if (i === 0 || r.chance(0.25)) {
      // The workshop's own cars, "repaired" again and again.
      own = i === 0 ? owner : (r.pick(shopCars) as number);
      c = ctx.claim(AUTO, ctx.day(), ctx.insurer(AUTO), own, district, r.chance(0.3));
      c.parties.push(party(INSURED, own, own, own), party(DRIVER, r.pick(staffPhones) as number));
    } else {
      // A real customer whose repair was padded; staff filed it and left their own number.
      own = ctx.outsider(r.chance(0.85) ? home : pref);
      c = ctx.claim(AUTO, ctx.day(), drawInsurer(r, AUTO), own, district);
      c.parties.push(
        party(
          INSURED,
          own,
          r.chance(0.7) ? (r.pick(staffPhones) as number) : own,
          r.chance(0.2) ? (r.pick(staff) as number) : own
        )
      );
      c.parties.push(party(DRIVER, own));
    }
    c.vehicles.push({ role: VEHICLE_INSURED, serial: own });
    if (r.chance(0.35)) {
      const other = shopCars.filter((v) => v !== own);
      const tp = other.length && r.chance(0.6) ? (r.pick(other) as number) : ctx.outsider(pref);
      c.parties.push(party(CLAIMANT, tp, tp, tp));
      c.vehicles.push({ role: VEHICLE_THIRD_PARTY, serial: tp });
    }
    c.providers.push(workshop);
    if (r.chance(0.25)) c.providers.push(cat.pickHub(r, APPRAISER, pref));
    if (r.chance(0.15)) c.providers.push(cat.pick(r, TOW, pref));
    ctx.finish(c, 2.3);
  }
}

function fakeDeath(ctx: RingCtx, n: number): void {
  const r = ctx.rng;
  const ring = ctx.ring;
  const reg = ctx.world.registry;
  const home = ring.prefs[0] as number;
  const nd = n >= 10 ? 2 : 1;
  const hospital = r.chance(0.5) ? ringProvider(ctx, HOSPITAL, home, r.range(5, 20)) : smallHonest(ctx, HOSPITAL, home);
  const agent = r.chance(0.4) ? ctx.member('adult', r.chance(0.4), home) : -1;
  const deathClaims = Math.min(n, nd * r.range(3, 5));
  const people = Array.from({ length: nd }, () => {
    const dead = ctx.member(r.chance(0.6) ? 'elder' : 'adult', r.chance(0.6), home);
    const heirs = Array.from({ length: r.range(2, 3) }, () =>
      ctx.member('adult', r.chance(0.5), home, reg.surnameOf(dead))
    );
    return { dead, heirs, day: ctx.day(), insurers: r.shuffle(INSURERS.map((_, i) => i)) };
  });
  const lead = people[0]!.heirs[0] as number;
  organise(ctx, agent >= 0 ? agent : lead);
  const sharedPhone = r.chance(0.3) ? ctx.burner() : lead;
  const sharedBanks = r.chance(0.3) ? [lead, people[0]!.heirs[1] as number] : [lead];
  for (let t = 0; t < n; t++) {
    const who = people[t % nd]!;
    const district = drawDistrict(r, districtPref(reg.homeOf(who.dead)));
    let c: Claim;
    if (t < deathClaims) {
      // The same death, claimed at insurer after insurer, on policies bought weeks before.
      const ins = who.insurers[Math.floor(t / nd) % who.insurers.length] as number;
      c = ctx.claim(DEATH, who.day, ins, who.dead, district, r.chance(0.8));
      c.parties.push(party(INSURED, who.dead), party(DECEASED, who.dead));
      const heirs = t < nd ? [who.heirs[0] as number] : r.sample(who.heirs, r.range(1, 2));
      for (const h of heirs)
        c.parties.push(
          party(BENEFICIARY, h, r.chance(0.7) ? sharedPhone : h, r.chance(0.8) ? (r.pick(sharedBanks) as number) : h)
        );
      if (r.chance(0.75)) c.providers.push(hospital);
      if (r.chance(0.1)) c.providers.push(ctx.world.catalog.pick(r, LAWYER, home));
      ctx.finish(c, 1.6);
    } else {
      // Hospital bills for the illness that supposedly led to the death.
      const day = Math.max(ctx.world.start, who.day - r.range(10, 150));
      c = ctx.claim(r.chance(0.7) ? HEALTH : INJURY, day, ctx.insurer(HEALTH), who.dead, district, r.chance(0.5));
      c.parties.push(
        party(INSURED, who.dead, sharedPhone),
        party(CLAIMANT, who.heirs[0] as number, sharedPhone, r.pick(sharedBanks) as number)
      );
      c.providers.push(hospital);
      ctx.finish(c, 3);
    }
    if (agent >= 0) c.parties.push(party(AGENT, agent, agent));
  }
}

export function buildRing(ctx: RingCtx, n: number): void {
  const r = ctx.rng;
  const crew: Crew = { organisers: [], pool: [], burners: [], shared: false };
  switch (ctx.ring.category) {
    case STAGED:
      return staged(ctx, n, crew);
    case BROKER:
      return broker(ctx, n, crew);
    case SHOP:
      return shop(ctx, n, crew);
    case FAKE_DEATH:
      return fakeDeath(ctx, n);
    case MIXED: {
      crew.shared = true;
      // Bosses in different prefectures, one shared prepaid phone, members lent between schemes.
      ctx.ring.prefs.slice(0, r.range(2, 3)).forEach((p) => crew.organisers.push(ctx.member('adult', true, p)));
      crew.burners.push(ctx.burner());
      const a = Math.max(2, Math.round(n * 0.4));
      const b = Math.max(2, Math.round(n * 0.35));
      staged(ctx, a, crew);
      broker(ctx, b, crew);
      shop(ctx, Math.max(1, n - a - b), crew);
      return;
    }
    default:
      throw new Error(`ringsight/generator: unknown ring category ${ctx.ring.category}`);
  }
}
