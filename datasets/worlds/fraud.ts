/**
 * ringsight/datasets/worlds/fraud
 * ===============================
 *
 * Recipes for planted rings: staged collisions with rotating roles and lured
 * honest drivers, injury brokers (人伤黄牛) on every claim as the agent,
 * padding and fake repair shops, fake deaths, and mixed gangs doing several
 * of these. `plantRings` decides how many rings of which kind and size.
 */
import { Gang } from './gang.js';
import type { Honest } from './honest.js';
import type { Category, Org, PartyRow, Person, VehicleRow, World } from './world.js';

type Recipe = (g: Gang, n: number, from: number, of: number) => string[];

/** Staged collisions: two gang cars, or a gang car and a lured honest driver; roles rotate. */
const staged: Recipe = (g, n, from, of) => {
  const w = g.w;
  const rng = w.rng;
  const cars = Array.from({ length: rng.int(2, 4) }, () => ({
    owner: g.member(g.start),
    v: null as null | { plate: string; vin: string }
  }));
  for (const c of cars) c.v = w.vehicle(c.owner);
  const plates = cars.map((c) => c.v!.plate);
  for (let k = 0; k < n; k++) {
    const day = g.day(from + k, of);
    const region = g.region();
    const [a, b] = rng.sample(cars, 2) as [(typeof cars)[number], (typeof cars)[number]];
    const parties: PartyRow[] = [];
    const vehicles: VehicleRow[] = [];
    const claimantP = rng.chance(0.6) ? b.owner : g.member(day);
    g.ring.members.add(b.owner.id);
    if (rng.chance(w.params.luredVictims)) {
      // The gang brakes hard in front of an honest driver, who is insured and at fault; the gang claims.
      const victim = w.person(region);
      const vv = w.vehicle(victim);
      parties.push(w.party('insured', victim), w.party('driver', victim, { bank: '' }));
      vehicles.push({ role: 'insured', ...vv });
      if (!g.ring.variants.includes('lured_victims')) g.ring.variants.push('lured_victims');
    } else {
      const driver = rng.chance(0.5) ? a.owner : g.member(day, [claimantP]);
      g.ring.members.add(a.owner.id);
      parties.push(
        w.party('insured', a.owner, { phone: g.phone(a.owner) }),
        w.party('driver', driver, { phone: g.phone(driver), bank: '' })
      );
      vehicles.push({ role: 'insured', ...a.v! });
    }
    vehicles.push({ role: 'third_party', ...b.v! });
    parties.push(w.party('claimant', claimantP, { phone: g.phone(claimantP), bank: g.account(claimantP) }));
    const hurt = rng.int(0, 2);
    for (let i = 0; i < hurt; i++) {
      const h = g.member(day, [claimantP]);
      parties.push(w.party('injured', h, { phone: g.phone(h), bank: g.account(h) }));
    }
    const org = g.organiserOn();
    if (org) parties.push(w.party(rng.chance(0.5) ? 'passenger' : 'witness', org, { bank: '' }));
    const providers: Org[] = [];
    providers.push(rng.chance(0.75) ? g.colluder('repair_shop') : w.provider('repair_shop', region));
    if (hurt > 0) providers.push(rng.chance(0.8) ? g.colluder('hospital') : w.provider('hospital', region));
    if (rng.chance(0.35)) providers.push(g.colluder('appraiser'));
    if (rng.chance(0.25)) providers.push(w.provider('tow', region));
    const fresh = rng.chance(0.3);
    // Cars that have claimed a few times are sold on and replaced, so no plate carries the whole ring.
    if (rng.chance(0.12)) {
      const owner = g.member(day);
      const car = { owner, v: w.vehicle(owner) };
      cars[rng.int(0, cars.length - 1)] = car;
      plates.push(car.v.plate);
    }
    g.file({
      product: hurt > 0 && rng.chance(0.3) ? 'injury' : 'auto',
      region,
      day,
      insurer: g.insurer(),
      parties,
      vehicles,
      providers,
      amountScale: rng.uniform(1.1, 2.2),
      reportLag: rng.chance(0.5) ? 0 : rng.int(1, 15),
      policyStartDay: fresh ? day - rng.int(5, 45) : undefined,
      holder: parties[0]!.id
    });
  }
  return plates;
};

/** Injury broker: real injured people signed up at hospitals; the broker (or a runner) is the agent, payouts to broker accounts. */
const broker: Recipe = (g, n, from, of) => {
  const w = g.w;
  const rng = w.rng;
  const onClaim: Person[] = g.offClaim
    ? [g.member(g.start)]
    : [g.organisers[0]!, ...(rng.chance(0.5) ? [g.member(g.start)] : [])];
  const repeatVictims: Person[] = [];
  for (let k = 0; k < n; k++) {
    const day = g.day(from + k, of);
    const region = g.region();
    const victim = repeatVictims.length > 0 && rng.chance(0.1) ? rng.pick(repeatVictims) : w.person(region);
    if (rng.chance(0.15)) repeatVictims.push(victim);
    const agent = rng.pick(onClaim);
    g.ring.members.add(agent.id);
    const phone = rng.chance(w.params.ringCohesion * 0.7) ? agent.phone : victim.phone;
    const bank = g.pooled && rng.chance(w.params.ringCohesion) ? rng.pick(g.accounts) : victim.bank;
    const parties: PartyRow[] = [w.party('injured', victim, { phone, bank })];
    if (rng.chance(0.5)) parties.push(w.party('claimant', victim, { phone, bank }));
    parties.push({
      role: 'agent',
      id: rng.chance(0.85) ? agent.id : '',
      name: agent.name,
      phone: agent.phone,
      bank: ''
    });
    const providers: Org[] = [rng.chance(0.55) ? g.colluder('hospital') : w.provider('hospital', region)];
    if (rng.chance(0.7)) providers.push(g.colluder('appraiser'));
    if (rng.chance(0.35)) providers.push(g.colluder('lawyer'));
    const auto = rng.chance(0.35);
    const vehicles: VehicleRow[] = [];
    if (auto) {
      const driver = w.person(region);
      vehicles.push({ role: 'insured', ...w.vehicle(driver) });
      parties.unshift(w.party('insured', driver), w.party('driver', driver, { bank: '' }));
    }
    g.file({
      product: auto ? 'auto' : 'injury',
      region,
      day,
      insurer: g.insurer(),
      parties,
      vehicles,
      providers,
      amountScale: rng.uniform(1.6, 3.2),
      reportLag: rng.int(3, 45),
      holder: parties[0]!.id
    });
  }
  return [];
};

/** A repair shop that stages and pads damage: its staff's phones on owners' forms, the same cars crashing again. */
const repair: Recipe = (g, n, from, of) => {
  const w = g.w;
  const rng = w.rng;
  const shop = rng.chance(0.6) ? g.colluder('repair_shop', true) : g.colluder('repair_shop');
  const shopAccount = w.ids.corporateAccount();
  const staff = Array.from({ length: rng.int(2, 4) }, () => g.member(g.start));
  const owners = Array.from({ length: Math.max(3, Math.round(n / rng.uniform(1.4, 2.5))) }, () => {
    const p = rng.chance(0.5) ? g.member(g.start) : w.person(g.base);
    return { p, v: w.vehicle(p) };
  });
  for (let k = 0; k < n; k++) {
    const day = g.day(from + k, of);
    const region = rng.chance(0.7) ? g.base : g.region();
    const o = rng.pick(owners);
    g.ring.members.add(o.p.id);
    const s = rng.pick(staff);
    const phone = rng.chance(w.params.ringCohesion * 0.7) ? s.phone : o.p.phone;
    const bank =
      g.pooled && rng.chance(w.params.ringCohesion) ? (rng.chance(0.6) ? shopAccount : rng.pick(g.accounts)) : o.p.bank;
    const driver = rng.chance(0.35) ? s : o.p;
    const parties: PartyRow[] = [
      w.party('insured', o.p, { phone, bank }),
      w.party('driver', driver, { phone: driver === s ? s.phone : phone, bank: '' })
    ];
    const vehicles: VehicleRow[] = [{ role: 'insured', ...o.v }];
    if (rng.chance(0.3)) {
      const other = rng.pick(owners);
      if (other !== o) {
        vehicles.push({ role: 'third_party', ...other.v });
        parties.push(w.party('claimant', other.p, { phone: rng.chance(0.5) ? s.phone : other.p.phone, bank }));
      }
    }
    const providers: Org[] = [shop];
    if (rng.chance(0.6)) providers.push(g.colluder('appraiser'));
    if (rng.chance(0.4)) providers.push(g.colluder('tow'));
    g.file({
      product: 'auto',
      region,
      day,
      insurer: g.insurer(),
      parties,
      vehicles,
      providers,
      amountScale: rng.uniform(1.5, 2.8),
      reportLag: rng.int(0, 6),
      holder: o.p.id
    });
  }
  return owners.map((o) => o.v.plate);
};

/** Fake deaths: the same "deceased" dying again at another insurer, or the same beneficiary and account across deaths. */
const death: Recipe = (g, n, from, of) => {
  const w = g.w;
  const rng = w.rng;
  const dead = Array.from({ length: Math.max(1, Math.ceil(n / rng.uniform(1.5, 2.5))) }, () =>
    w.person(rng.chance(0.7) ? g.base : undefined, [55, 88])
  );
  const bens = Array.from({ length: rng.int(1, 3) }, () => g.member(g.start));
  const seller = g.organiserOn() ?? (rng.chance(0.4) ? g.member(g.start) : null);
  for (let k = 0; k < n; k++) {
    const day = g.day(from + k, of);
    const d = dead[k % dead.length]!;
    const b = rng.pick(bens);
    g.ring.members.add(b.id);
    const parties: PartyRow[] = [
      w.party('deceased', d, { phone: '', bank: '' }),
      w.party('beneficiary', b, { phone: g.phone(b), bank: g.account(b) })
    ];
    if (seller && rng.chance(0.6))
      parties.push({ role: 'agent', id: seller.id, name: seller.name, phone: seller.phone, bank: '' });
    const region = rng.chance(0.6) ? (d.home.startsWith('36') ? d.home : g.base) : g.region();
    const providers: Org[] = rng.chance(0.7) ? [g.colluder('hospital')] : [];
    g.file({
      product: 'death',
      region,
      day,
      insurer: g.insurer(),
      parties,
      providers,
      amountScale: rng.chance(0.4) ? 2 : 1,
      policyStartDay: day - (rng.chance(0.65) ? rng.int(20, 240) : rng.int(300, 1100)),
      reportLag: rng.int(1, 20),
      holder: d.id
    });
  }
  return [];
};

const RECIPES: Record<Exclude<Category, 'mixed'>, Recipe> = {
  staged_collision: staged,
  injury_broker: broker,
  repair_shop: repair,
  fake_death: death
};

/** Rings and their sizes, then every ring's claims; returns how many claims they hold. */
export function plantRings(w: World, honest: Honest, totalClaims: number): number {
  const p = w.params;
  const rng = w.rng;
  const count = Math.max(3, Math.round((p.rings * totalClaims) / 25_000));
  const budget = Math.max(count * 4, Math.round(totalClaims * p.ringShare));
  const mix = {
    staged_collision: p.mixStaged,
    injury_broker: p.mixBroker,
    repair_shop: p.mixRepair,
    fake_death: p.mixDeath,
    mixed: p.mixMixed
  };
  const SIZE: Record<Category, number> = {
    staged_collision: 1,
    injury_broker: 1.4,
    repair_shop: 1.1,
    fake_death: 0.35,
    mixed: 1.5
  };
  const cats = Array.from({ length: count }, () => rng.weightedKey(mix));
  const raw = cats.map((c) => SIZE[c] * rng.logNormal(1, 0.55));
  const total = raw.reduce((a, b) => a + b, 0);
  const sizes = raw.map((r, i) => Math.max(cats[i] === 'fake_death' ? 3 : 5, Math.round((r / total) * budget)));
  let made = 0;
  cats.forEach((category, i) => {
    const n = sizes[i]!;
    const g = new Gang(w, { category, claims: n });
    let plates: string[];
    if (category === 'mixed') {
      const a = Math.max(2, Math.round(n * 0.5));
      const b = Math.max(2, Math.round(n * 0.3));
      const c = Math.max(1, n - a - b);
      plates = [...staged(g, a, 0, n), ...broker(g, b, a, n), ...death(g, c, a + b, n)];
    } else plates = RECIPES[category](g, n, 0, n);
    g.finish(plates);
    made += g.ring.claims.length;
    // Members also have ordinary lives: a few honest claims of their own.
    for (const m of g.members) {
      const own = rng.geometric(p.memberOwnClaims);
      for (let j = 0; j < own; j++) honest.ordinaryAuto(m.p);
    }
  });
  return made;
}
