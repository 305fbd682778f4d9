// ringsight/datasets/generator/honest — honest claims: turns one claim slot of a unit into a Claim with the
// parties, vehicles and providers an ordinary loss of that product involves. The same code builds
// the honest claims of ring members and lured drivers, so those look exactly like everyone else's.

import { Rng, hash3, label } from './random.js';
import { AUTO, DEATH, HEALTH, INJURY, PROPERTY, drawAmount, drawInsurer, drawLag, INSURERS, settle } from './market.js';
import { drawDistrict, drawOtherPref, districtPref } from './regions.js';
import { APPRAISER, HOSPITAL, LAWYER, REPAIR, TOW } from './providers.js';
import {
  AGENT,
  BENEFICIARY,
  CLAIMANT,
  DECEASED,
  DRIVER,
  INJURED,
  INSURED,
  PASSENGER,
  VEHICLE_INSURED,
  VEHICLE_THIRD_PARTY,
  WITNESS,
  clampReport,
  inceptionFor,
  party,
  type Claim,
  type PartyRow
} from './claim.js';
import { FLEET, type Unit } from './units.js';
import { Agents, type World } from './world.js';

const CLAIM = label('claim');

function isMinor(world: World, serial: number, day: number): boolean {
  return day - world.registry.birthDay(serial) < 16 * 365;
}

/** Contact phone for a household member: children give a parent's number, adults sometimes the home one. */
function phoneOf(world: World, unit: Unit, serial: number, day: number, r: Rng): number {
  if (unit.homePhone < 0 || serial === unit.homePhone) return serial;
  if (unit.type === FLEET) return r.chance(0.8) ? unit.homePhone : serial;
  if (isMinor(world, serial, day)) return unit.homePhone;
  return r.chance(0.35) ? unit.homePhone : serial;
}

function bankOf(world: World, unit: Unit, serial: number, day: number, r: Rng): number {
  if (unit.sharedBank >= 0 && (r.chance(unit.type === FLEET ? 0.9 : 0.6) || isMinor(world, serial, day)))
    return unit.sharedBank;
  return isMinor(world, serial, day) ? (unit.persons[0] as number) : serial;
}

/** People old enough to drive (18 in China) and to act for the household. */
function adults(world: World, unit: Unit, day: number): number[] {
  const out = unit.persons.filter((p) => day - world.registry.birthDay(p) >= 18 * 365.25);
  return out.length ? out : unit.persons.slice(0, 1);
}

export function honestClaim(world: World, unit: Unit, j: number): Claim {
  const r = new Rng(hash3(unit.seed, j, CLAIM));
  const day = unit.days[j] as number;
  const product = unit.products[j] as number;
  const homePref = districtPref(unit.home);
  // Accidents happen near home, except on trips; fleets (taxis, lorries) roam further.
  const roam = unit.type === FLEET ? 0.4 : 0.12;
  const pref = r.chance(roam) ? drawOtherPref(r, homePref) : homePref;
  const district = pref === homePref && r.chance(0.55) ? unit.home : drawDistrict(r, pref);
  const insurer =
    product === AUTO
      ? r.chance(0.85)
        ? unit.autoInsurer
        : drawInsurer(r, AUTO)
      : r.chance(0.8)
        ? unit.otherInsurer
        : drawInsurer(r, product);
  const c: Claim = {
    day,
    report: clampReport(r, day, drawLag(r, product), world.end),
    inception: 0,
    insurer,
    holder: -1,
    product,
    district,
    prefectureOnly: r.chance((INSURERS[insurer] as { prefectureOnly: number }).prefectureOnly),
    claimed: 0,
    paid: -1,
    status: 0,
    parties: [],
    vehicles: [],
    providers: [],
    ring: -1,
    shortPolicy: false
  };
  const sA = unit.strangers + 2 * j;
  const sB = sA + 1;
  const cat = world.catalog;
  const providerPref = r.chance(0.8) ? pref : homePref;
  let amountScale = 1;
  const ps = c.parties;

  if (product === AUTO && unit.vehicles.length) {
    const vi = r.int(unit.vehicles.length);
    const vehicle = unit.vehicles[vi] as number;
    const owner = unit.owners[vi] as number;
    const drivers = unit.type === FLEET ? unit.drivers : adults(world, unit, day);
    const driver = unit.type === FLEET || r.chance(0.25) ? (r.pick(drivers) as number) : owner;
    c.holder = vehicle;
    ps.push(party(INSURED, owner, phoneOf(world, unit, owner, day, r), bankOf(world, unit, owner, day, r)));
    ps.push(party(DRIVER, driver, unit.type === FLEET ? driver : phoneOf(world, unit, driver, day, r)));
    c.vehicles.push({ role: VEHICLE_INSURED, serial: vehicle });
    const twoVehicle = r.chance(0.55);
    if (twoVehicle) {
      ps.push(party(CLAIMANT, sA, sA, sA));
      c.vehicles.push({ role: VEHICLE_THIRD_PARTY, serial: sA });
    }
    let strangerBUsed = false;
    if (r.chance(0.08)) {
      const others = unit.persons.filter((p) => p !== driver && unit.type !== FLEET);
      const victim = others.length && r.chance(0.6) ? (r.pick(others) as number) : sB;
      strangerBUsed = victim === sB;
      ps.push(
        party(
          INJURED,
          victim,
          victim === sB ? sB : phoneOf(world, unit, victim, day, r),
          r.chance(0.5) ? (victim === sB ? sB : bankOf(world, unit, victim, day, r)) : -1
        )
      );
      c.providers.push(cat.pick(r, HOSPITAL, providerPref));
      amountScale = 1.6;
    } else if (unit.type !== FLEET && unit.persons.length > 1 && r.chance(0.1)) {
      const p = r.pick(unit.persons.filter((x) => x !== driver)) as number;
      ps.push(party(PASSENGER, p, phoneOf(world, unit, p, day, r)));
    }
    if (!strangerBUsed && r.chance(0.04)) ps.push(party(WITNESS, sB, sB, -1, r.chance(0.15)));
    if (r.chance(0.88)) c.providers.push(cat.pick(r, REPAIR, providerPref));
    if (r.chance(twoVehicle ? 0.05 : 0.18)) c.providers.push(cat.pick(r, TOW, pref));
  } else if (product === INJURY || product === AUTO) {
    c.product = INJURY;
    const traffic = unit.vehicles.length > 0 && r.chance(0.5);
    if (traffic) {
      const vi = r.int(unit.vehicles.length);
      const owner = unit.owners[vi] as number;
      c.holder = unit.vehicles[vi] as number;
      ps.push(party(INSURED, owner, phoneOf(world, unit, owner, day, r), bankOf(world, unit, owner, day, r)));
      ps.push(party(DRIVER, unit.type === FLEET ? (r.pick(unit.drivers) as number) : owner));
      ps.push(party(INJURED, sA, sA), party(CLAIMANT, sA, sA, sA));
      c.vehicles.push({ role: VEHICLE_INSURED, serial: c.holder });
    } else {
      const victim = unit.type === FLEET ? (r.pick(unit.drivers) as number) : (r.pick(unit.persons) as number);
      c.holder = victim;
      const minor = isMinor(world, victim, day);
      ps.push(
        party(INSURED, victim, phoneOf(world, unit, victim, day, r), minor ? -1 : bankOf(world, unit, victim, day, r))
      );
      ps.push(party(INJURED, victim, phoneOf(world, unit, victim, day, r)));
      if (minor) {
        const guardian = unit.persons[0] as number;
        ps.push(
          party(CLAIMANT, guardian, phoneOf(world, unit, guardian, day, r), bankOf(world, unit, guardian, day, r))
        );
      }
    }
    if (r.chance(0.95)) c.providers.push(cat.pick(r, HOSPITAL, providerPref));
    c.claimed = drawAmount(r, INJURY);
    if (r.chance(c.claimed > 6_000_000 ? 0.6 : 0.2)) c.providers.push(cat.pick(r, APPRAISER, providerPref));
    if (r.chance(traffic ? 0.18 : 0.05)) c.providers.push(cat.pick(r, LAWYER, providerPref));
  } else if (product === HEALTH) {
    const patient = r.pick(unit.persons) as number;
    c.holder = patient;
    const minor = isMinor(world, patient, day);
    ps.push(
      party(INSURED, patient, phoneOf(world, unit, patient, day, r), minor ? -1 : bankOf(world, unit, patient, day, r))
    );
    if (minor) {
      const guardian = unit.persons[0] as number;
      ps.push(party(CLAIMANT, guardian, phoneOf(world, unit, guardian, day, r), bankOf(world, unit, guardian, day, r)));
    }
    c.providers.push(cat.pick(r, HOSPITAL, providerPref));
  } else if (product === DEATH) {
    const candidates = adults(world, unit, day);
    const deceased = candidates.length > 1 && r.chance(0.5) ? (candidates[1] as number) : (candidates[0] as number);
    c.holder = deceased;
    ps.push(party(INSURED, deceased), party(DECEASED, deceased));
    const heirs = unit.persons.filter((p) => p !== deceased && !isMinor(world, p, day));
    if (!heirs.length) heirs.push(sA);
    if (heirs.length > 1 && r.chance(0.5)) heirs.length = 2;
    else heirs.length = 1;
    for (const h of heirs)
      ps.push(party(BENEFICIARY, h, h === sA ? sA : phoneOf(world, unit, h, day, r), h === sA ? sA : h));
    if (r.chance(0.6)) c.providers.push(cat.pick(r, HOSPITAL, providerPref));
    if (r.chance(0.05)) c.providers.push(cat.pick(r, LAWYER, providerPref));
  } else {
    const who = unit.type === FLEET ? (unit.persons[0] as number) : (r.pick(adults(world, unit, day)) as number);
    c.holder = who;
    ps.push(party(INSURED, who, phoneOf(world, unit, who, day, r), bankOf(world, unit, who, day, r)));
    if (product === PROPERTY && r.chance(0.45)) c.providers.push(cat.pick(r, APPRAISER, providerPref));
  }

  if (r.chance(Agents.RATE)) attachAgent(world, c, r, pref);
  if (c.claimed === 0) c.claimed = drawAmount(r, c.product, amountScale);
  if (c.product === AUTO && c.claimed > 2_000_000 && r.chance(0.3))
    c.providers.push(cat.pick(r, APPRAISER, providerPref));
  c.inception = inceptionFor(world.key, unit.anchor, c.holder, c.product, c.insurer, false);
  [c.status, c.paid] = settle(r, c.product, c.claimed, c.report, world.end);
  return c;
}

/** An honest agent files on the client's behalf; now and then the agent's phone is the contact. */
function attachAgent(world: World, c: Claim, r: Rng, pref: number): void {
  const agent = world.agents.pick(r, pref);
  c.parties.push(party(AGENT, agent, agent));
  if (r.chance(0.15)) {
    const first = c.parties[0] as PartyRow;
    first.phone = agent;
  }
}
