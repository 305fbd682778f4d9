/**
 * ringsight/datasets/worlds/honest
 * ================================
 *
 * Honest claims and the honest structures that look organised without being
 * so: families switching roles, taxi and ride-hail drivers, fleets, elderly
 * deaths insured at several insurers, agents and law firms on many claims,
 * households sharing phones/cards/cars, catastrophe events, repeat claimants
 * and honest people on the watchlist.
 */
import type { Rng } from './rng.js';
import type { ClaimDraft, ClaimRec, Org, PartyRow, Person, Product, VehicleRow, World } from './world.js';

interface Household {
  members: Person[];
  car: { plate: string; vin: string };
}

export class Honest {
  private readonly agents: Person[] = [];
  private readonly agentWeights: number[] = [];
  private readonly rng: Rng;

  constructor(
    private readonly w: World,
    claims: number
  ) {
    this.rng = w.rng;
    // An agent files somewhere between a few dozen and a few hundred claims over the years.
    const n = Math.max(6, Math.round((w.params.agentShare * claims) / 90));
    for (let i = 0; i < n; i++) {
      this.agents.push(w.person(undefined, [24, 55]));
      this.agentWeights.push(1 / (1 + i * 0.15));
    }
  }

  /** Adds an insurance agent (and sometimes the agent's phone on the customer's row), then the claim. */
  private file(d: ClaimDraft): ClaimRec {
    if (this.rng.chance(this.w.params.agentShare)) {
      const agent = this.agents[this.rng.weighted(this.agentWeights)]!;
      if (this.rng.chance(this.w.params.agentOnForm)) {
        const main = d.parties.find((p) => p.role === 'insured' || p.role === 'claimant' || p.role === 'beneficiary');
        if (main) main.phone = agent.phone;
      }
      d.parties.push({ role: 'agent', id: agent.id, name: agent.name, phone: agent.phone, bank: '' });
    }
    if (this.rng.chance(0.05)) {
      const wit = this.w.person(d.region);
      d.parties.push({
        role: 'witness',
        id: this.rng.chance(0.6) ? wit.id : '',
        name: wit.name,
        phone: wit.phone,
        bank: ''
      });
    }
    return this.w.addClaim(d);
  }

  private home(p: Person): string {
    return this.w.districts.includes(p.home) && this.rng.chance(0.75) ? p.home : this.w.district();
  }

  private day(): number {
    return this.rng.int(0, this.w.days - 1);
  }

  private autoProviders(region: string, injured: boolean): Org[] {
    const out: Org[] = [];
    if (this.rng.chance(0.85)) out.push(this.w.provider('repair_shop', region));
    if (this.rng.chance(0.25)) out.push(this.w.provider('appraiser', region));
    if (this.rng.chance(0.12)) out.push(this.w.provider('tow', region));
    if (injured) out.push(this.w.provider('hospital', region));
    return out;
  }

  /** One ordinary motor claim: a driver, sometimes a third party, sometimes someone hurt. */
  ordinaryAuto(driver?: Person, day?: number): ClaimRec {
    const w = this.w;
    const d = driver ?? w.claimant();
    const region = this.home(d);
    const car = w.vehicle(d);
    const parties: PartyRow[] = [w.party('insured', d), w.party('driver', d, { bank: '' })];
    const vehicles: VehicleRow[] = [{ role: 'insured', ...car }];
    let injured = false;
    if (this.rng.chance(0.55)) {
      const tp = w.person(region);
      vehicles.push({ role: 'third_party', ...w.vehicle(tp) });
      parties.push(w.party('claimant', tp));
      if (this.rng.chance(0.2)) {
        parties.push(w.party('injured', tp, { bank: '' }));
        injured = true;
      }
    }
    if (this.rng.chance(0.08)) {
      parties.push(w.party('passenger', w.person(region), { bank: '' }));
    }
    return this.file({
      product: 'auto',
      region,
      day: day ?? this.day(),
      parties,
      vehicles,
      providers: this.autoProviders(region, injured)
    });
  }

  household(home?: string): Household {
    const w = this.w;
    const head = w.person(home, [30, 60]);
    const surname = head.name[0]!;
    const members = [head];
    const n = this.rng.int(1, 4);
    for (let i = 0; i < n; i++) {
      const kid = i > 0 && this.rng.chance(0.5);
      const m = w.person(
        head.home,
        kid ? [18, 30] : i === 0 ? [28, 60] : [60, 85],
        kid || this.rng.chance(0.5) ? surname : undefined
      );
      members.push(m);
    }
    if (this.rng.chance(w.params.householdShare)) {
      // The elderly use a child's phone; a spouse's card receives the family's payouts.
      for (const m of members.slice(1)) {
        if (this.rng.chance(0.5)) m.phone = head.phone;
        if (this.rng.chance(0.4)) m.bank = head.bank;
      }
    }
    return { members, car: w.vehicle(head) };
  }

  /** A family's claims over the years: whoever drives, the others hurt or riding along. */
  familyEpisode(): number {
    const w = this.w;
    const h = this.household();
    const n = this.rng.int(2, 4);
    const shared = this.rng.chance(w.params.householdShare);
    for (let i = 0; i < n; i++) {
      const [driver, other] = this.rng.sample(h.members, 2) as [Person, Person];
      const owner = h.members[0]!;
      const region = this.home(owner);
      const car = shared || i === 0 ? h.car : w.vehicle(driver);
      const parties: PartyRow[] = [w.party('insured', owner), w.party('driver', driver, { bank: '' })];
      const hurt = other && this.rng.chance(0.5);
      if (other) parties.push(w.party(hurt ? 'injured' : 'passenger', other, { bank: hurt ? other.bank : '' }));
      const vehicles: VehicleRow[] = [{ role: 'insured', ...car }];
      if (this.rng.chance(0.5)) {
        const tp = w.person(region);
        vehicles.push({ role: 'third_party', ...w.vehicle(tp) });
        parties.push(w.party('claimant', tp));
      }
      this.file({
        product: hurt && this.rng.chance(0.4) ? 'injury' : 'auto',
        region,
        day: this.day(),
        holder: owner.id,
        parties,
        vehicles,
        providers: this.autoProviders(region, !!hurt)
      });
    }
    return n;
  }

  /** A taxi or ride-hail driver: many small claims, different passengers each time. */
  rideHailEpisode(): number {
    const w = this.w;
    const driver = w.person(undefined, [25, 55]);
    const region = this.home(driver);
    const car = w.vehicle(driver);
    const n = this.rng.int(3, 9);
    for (let i = 0; i < n; i++) {
      const pax = w.person(region);
      const hurt = this.rng.chance(0.4);
      const parties = [
        w.party('insured', driver),
        w.party('driver', driver, { bank: '' }),
        w.party(hurt ? 'injured' : 'passenger', pax, { bank: hurt ? pax.bank : '' })
      ];
      const vehicles: VehicleRow[] = [{ role: 'insured', ...car }];
      if (this.rng.chance(0.6)) {
        const tp = w.person(region);
        vehicles.push({ role: 'third_party', ...w.vehicle(tp) });
        parties.push(w.party('claimant', tp));
      }
      const at = this.rng.chance(0.8) ? region : w.district();
      this.file({
        product: 'auto',
        region: at,
        day: this.day(),
        parties,
        vehicles,
        providers: this.autoProviders(at, hurt)
      });
    }
    return n;
  }

  /** A logistics or taxi company: one insured, a corporate account, many vehicles and rotating drivers. */
  fleetEpisode(budget: number): number {
    const w = this.w;
    const rep = w.person(undefined, [35, 60]);
    const companyPhone = w.ids.phone();
    const account = w.ids.corporateAccount();
    const logistics = this.rng.chance(0.6);
    const vehicles = Array.from({ length: this.rng.int(8, 40) }, () => w.vehicle(rep));
    const drivers = Array.from({ length: this.rng.int(6, 30) }, () => w.person(rep.home, [23, 58]));
    const insurer = w.insurer();
    const n = Math.min(budget, this.rng.int(25, 120));
    for (let i = 0; i < n; i++) {
      const region = logistics ? w.district() : this.home(rep);
      const driver = this.rng.pick(drivers);
      const parties = [
        w.party('insured', rep, { phone: companyPhone, bank: account }),
        w.party('driver', driver, { bank: '' })
      ];
      const vs: VehicleRow[] = [{ role: 'insured', ...this.rng.pick(vehicles) }];
      let hurt = false;
      if (this.rng.chance(0.6)) {
        const tp = w.person(region);
        vs.push({ role: 'third_party', ...w.vehicle(tp) });
        parties.push(w.party('claimant', tp));
        if (this.rng.chance(0.15)) {
          parties.push(w.party('injured', tp, { bank: '' }));
          hurt = true;
        }
      }
      this.file({
        product: 'auto',
        region,
        day: this.day(),
        insurer: this.rng.chance(0.85) ? insurer : undefined,
        holder: rep.id,
        parties,
        vehicles: vs,
        providers: this.autoProviders(region, hurt)
      });
    }
    return n;
  }

  /** An elderly person dies once; the family claims at every insurer that covered them. */
  deathEpisode(): number {
    const w = this.w;
    const h = this.household();
    const deceased = w.person(h.members[0]!.home, [62, 92], h.members[0]!.name[0]);
    const bens = this.rng.sample(h.members, this.rng.int(1, 2));
    const day = this.day();
    const region = deceased.home.startsWith('36') ? deceased.home : w.district();
    const multi = this.rng.chance(w.params.multiPolicyDeath);
    const insurers = multi
      ? this.rng.sample(
          w.insurers.map((_, i) => i),
          this.rng.int(2, Math.min(4, w.insurers.length))
        )
      : [w.insurer()];
    const hospital = this.rng.chance(0.65) ? w.provider('hospital', region) : null;
    for (const insurer of insurers) {
      const parties: PartyRow[] = [
        w.party('deceased', deceased, { phone: this.rng.chance(0.5) ? '' : deceased.phone, bank: '' })
      ];
      for (const b of bens) parties.push(w.party('beneficiary', b));
      this.file({
        product: 'death',
        region,
        day,
        insurer,
        holder: deceased.id,
        parties,
        providers: hospital ? [hospital] : [],
        policyStartDay: day - (this.rng.chance(0.12) ? this.rng.int(30, 360) : this.rng.int(400, 3000)),
        reportLag: this.rng.int(2, 40)
      });
    }
    return insurers.length;
  }

  injuryOrHealth(): ClaimRec {
    const w = this.w;
    const p = w.claimant();
    const region = this.home(p);
    const injury = this.rng.chance(0.5);
    const parties: PartyRow[] = [w.party(injury ? 'injured' : 'claimant', p)];
    if (injury && this.rng.chance(0.3)) parties.push(w.party('claimant', p));
    const providers: Org[] = [w.provider('hospital', region)];
    if (injury && this.rng.chance(0.2)) providers.push(w.provider('appraiser', region));
    if (injury && this.rng.chance(w.params.lawFirmShare)) providers.push(w.provider('lawyer', region));
    const vehicles: VehicleRow[] =
      injury && this.rng.chance(0.4) ? [{ role: 'third_party', ...w.vehicle(w.person(region)) }] : [];
    return this.file({ product: injury ? 'injury' : 'health', region, day: this.day(), parties, vehicles, providers });
  }

  simple(product: Product): ClaimRec {
    const w = this.w;
    const p = w.claimant();
    const region = this.home(p);
    const providers: Org[] = product === 'property' && this.rng.chance(0.5) ? [w.provider('appraiser', region)] : [];
    return this.file({ product, region, day: this.day(), parties: [w.party('insured', p)], providers });
  }

  /** Flood, typhoon or hail: a burst of claims over a few days in one or two counties. */
  catastrophe(budget: number): number {
    const w = this.w;
    const pref = this.rng.pick(w.prefs);
    const counties = this.rng.sample(
      pref.districts.map((d) => d[0]),
      this.rng.int(1, 3)
    );
    const year = this.rng.int(0, w.params.years - 1);
    const start = Math.min(w.days - 8, year * 365 + this.rng.int(150, 250));
    const len = this.rng.int(2, 5);
    const shops = counties.map((c) => w.busiest('repair_shop', c));
    const appraisers = [w.busiest('appraiser', counties[0]!), w.provider('appraiser', counties[0]!)];
    const n = Math.min(budget, this.rng.int(120, 420));
    for (let i = 0; i < n; i++) {
      const county = this.rng.pick(counties);
      const p = this.rng.chance(0.3) ? w.claimant(county) : w.person(county);
      const car = this.rng.chance(0.62);
      const providers: Org[] = [this.rng.pick(appraisers)];
      if (car) providers.push(this.rng.chance(0.8) ? this.rng.pick(shops) : w.provider('repair_shop', county));
      if (car && this.rng.chance(0.3)) providers.push(w.provider('tow', county));
      this.file({
        product: car ? 'auto' : 'property',
        region: county,
        day: start + this.rng.int(0, len),
        parties: [w.party('insured', p)],
        vehicles: car ? [{ role: 'insured', ...w.vehicle(p) }] : [],
        providers,
        reportLag: this.rng.int(0, 12),
        amountScale: car ? 2.2 : 1.4
      });
    }
    return n;
  }

  /** Honest claims until the book holds `target` of them. */
  fill(target: number): void {
    const w = this.w;
    const p = w.params;
    let made = 0;
    let fleets = Math.round(target * p.fleetShare);
    let cats = Math.round(target * p.catastropheShare);
    while (fleets > 20) {
      const n = this.fleetEpisode(fleets);
      fleets -= n;
      made += n;
    }
    while (cats > 40) {
      const n = this.catastrophe(cats);
      cats -= n;
      made += n;
    }
    const autoShare = Math.max(0.2, 1 - p.deathShare - p.injuryShare - 0.1);
    const mix = {
      family: (autoShare * p.roleSwitch) / 3,
      ride: (autoShare * p.rideHail) / 6,
      auto: autoShare * (1 - p.roleSwitch - p.rideHail),
      death: p.deathShare / 1.6,
      injury: p.injuryShare,
      property: 0.06,
      other: 0.04
    };
    while (made < target) {
      const kind = this.rng.weightedKey(mix);
      if (kind === 'family') made += this.familyEpisode();
      else if (kind === 'ride') made += this.rideHailEpisode();
      else if (kind === 'death') made += this.deathEpisode();
      else if (kind === 'injury') {
        this.injuryOrHealth();
        made++;
      } else if (kind === 'property' || kind === 'other') {
        this.simple(kind);
        made++;
      } else {
        this.ordinaryAuto();
        made++;
      }
    }
    this.listHonest();
  }

  /** Honest people with a past dispute, a shop once investigated: on the watchlist, not in any ring. */
  private listHonest(): void {
    const w = this.w;
    const n = Math.round(w.claimants.length * w.params.honestWatchlist);
    for (const p of this.rng.sample(w.claimants, n)) {
      const r = this.rng.next();
      if (r < 0.6)
        w.listed(
          'person',
          p.id,
          this.rng.pick(['既往理赔纠纷', '资料不实待核', '多次小额索赔']),
          this.rng.int(-300, w.days)
        );
      else if (r < 0.85) w.listed('phone', p.phone, '关联可疑来电', this.rng.int(-300, w.days));
      else w.listed('bank_account', p.bank, '收款账户待核实', this.rng.int(-300, w.days));
    }
    for (let i = 0; i < 3; i++) {
      const org = w.provider(this.rng.pick(['repair_shop', 'hospital'] as const), w.district());
      w.listed(org.kind, org.code, '曾被行业通报', this.rng.int(-300, w.days));
    }
    for (let i = 0; i < 20; i++) w.listed('person', w.person().id, '外省协查', this.rng.int(-300, w.days));
  }
}
