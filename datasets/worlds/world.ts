/**
 * ringsight/datasets/worlds/world
 * ===============================
 *
 * The in-memory world a generator run builds before anything is written:
 * the geography and insurers in play, people and households, providers per
 * county, and the claim records with their parties, vehicles and providers.
 * Honest and fraud modules both add claims through the helpers here.
 */
import { INSURERS, OUTSIDE_REGIONS, PREFECTURES, type Prefecture } from './geo.js';
import { Identities } from './identity.js';
import type { WorldParams } from './profiles.js';
import type { Rng } from './rng.js';

export type Product = 'auto' | 'injury' | 'death' | 'health' | 'property' | 'other';
export type Role =
  'insured' | 'claimant' | 'driver' | 'passenger' | 'injured' | 'witness' | 'beneficiary' | 'deceased' | 'agent';
export type Kind = 'hospital' | 'repair_shop' | 'appraiser' | 'lawyer' | 'tow';
export type Category = 'staged_collision' | 'injury_broker' | 'repair_shop' | 'fake_death' | 'mixed';

export interface Person {
  id: string;
  name: string;
  phone: string;
  bank: string;
  home: string;
  birthYear: number;
  plate: string;
}
export interface Vehicle {
  plate: string;
  vin: string;
}
export interface Org {
  kind: Kind;
  code: string;
  name: string;
  region: string;
}
export interface PartyRow {
  role: Role;
  id: string;
  name: string;
  phone: string;
  bank: string;
}
export interface VehicleRow {
  role: 'insured' | 'third_party';
  plate: string;
  vin: string;
}

export interface ClaimRec {
  seq: number;
  id: string;
  insurer: number;
  policyNo: string;
  product: Product;
  region: string;
  day: number;
  reportLag: number;
  policyStartDay: number | null;
  claimed: number;
  paid: number | null;
  status: 'open' | 'paid' | 'rejected' | 'withdrawn';
  parties: PartyRow[];
  vehicles: VehicleRow[];
  providers: Org[];
  ring: number;
}

export interface RingRec {
  id: string;
  category: Category;
  claims: ClaimRec[];
  members: Set<string>;
  organisers: string[];
  variants: string[];
  /** the ring's shared contact phones and payout accounts */
  phones: string[];
  accounts: string[];
}

export interface WatchRec {
  entity: string;
  key: string;
  reason: string;
  listedBy: string;
  listedAt: string;
  expiresAt: string;
}

export interface ClaimDraft {
  product: Product;
  region: string;
  day: number;
  insurer?: number;
  holder?: string;
  parties: PartyRow[];
  vehicles?: VehicleRow[];
  providers?: Org[];
  claimed?: number;
  amountScale?: number;
  reportLag?: number;
  policyStartDay?: number | null;
  status?: ClaimRec['status'];
  ring?: number;
}

const MEDIAN: Record<Product, number> = {
  auto: 5200,
  injury: 21000,
  death: 150000,
  health: 7800,
  property: 12000,
  other: 2600
};
const SIGMA: Record<Product, number> = { auto: 0.9, injury: 0.8, death: 0.5, health: 0.9, property: 1.0, other: 0.8 };
const DEATH_BENEFITS = [50000, 100000, 100000, 200000, 200000, 300000, 500000];

export class World {
  readonly ids: Identities;
  readonly prefs: Prefecture[];
  readonly districts: string[];
  readonly districtWeights: number[];
  readonly insurers: Array<{ code: string; name: string }>;
  readonly insurerWeights: number[];
  readonly days: number;
  readonly claims: ClaimRec[] = [];
  readonly rings: RingRec[] = [];
  readonly watch: WatchRec[] = [];
  readonly claimants: Person[] = [];
  readonly agents: Person[] = [];
  private readonly orgs = new Map<string, Org[]>();
  private readonly orgWeights = new Map<string, number[]>();
  private readonly policies = new Map<string, string>();
  private policySeq = 0;

  constructor(
    readonly rng: Rng,
    readonly params: WorldParams
  ) {
    this.ids = new Identities(rng.fork('ids'));
    const prefRng = rng.fork('geo');
    const others = prefRng.sample(PREFECTURES.slice(1), params.prefectures - 1);
    // Nanchang is in every book when the profile spans more than two prefectures; small books are rural.
    this.prefs =
      params.prefectures > 2 ? [PREFECTURES[0]!, ...others] : prefRng.sample(PREFECTURES.slice(1), params.prefectures);
    this.districts = [];
    this.districtWeights = [];
    this.prefs.forEach((p, pi) =>
      p.districts.forEach(([code], di) => {
        this.districts.push(code);
        this.districtWeights.push((pi === 0 && params.prefectures > 2 ? 2.2 : 1) * (di === 0 ? 3 : di === 1 ? 1.8 : 1));
      })
    );
    this.insurers = prefRng.sample(INSURERS, params.insurers);
    this.insurerWeights = this.insurers.map((_, i) => 1 / (1 + 0.35 * i));
    this.days = params.years * 365;
    this.buildProviders(rng.fork('providers'));
  }

  // ---------------------------------------------------------------- geography and time

  district(): string {
    return this.districts[this.rng.weighted(this.districtWeights)]!;
  }

  districtIn(pref: string): string {
    const p = this.prefs.find((x) => x.code === pref) ?? this.prefs[0]!;
    const ds = p.districts.map((d) => d[0]);
    return ds[this.rng.weighted(ds.map((_, i) => (i === 0 ? 3 : 1)))]!;
  }

  prefOf(district: string): Prefecture {
    return this.prefs.find((p) => p.code === district.slice(0, 4) + '00') ?? this.prefs[0]!;
  }

  insurer(): number {
    return this.rng.weighted(this.insurerWeights);
  }

  private readonly dates = new Map<number, string>();

  date(day: number): string {
    let s = this.dates.get(day);
    if (s === undefined) {
      s = new Date(Date.UTC(this.params.startYear, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      this.dates.set(day, s);
    }
    return s;
  }

  // ---------------------------------------------------------------- people

  person(home?: string, age: [number, number] = [20, 62], surname?: string): Person {
    const outside = home === undefined && this.rng.chance(0.06);
    const region = home ?? (outside ? this.rng.pick(OUTSIDE_REGIONS).code : this.district());
    const birthYear = this.params.startYear - this.rng.int(age[0], age[1]);
    const male = this.rng.chance(0.55);
    const pref = PREFECTURES.find((p) => p.code === region.slice(0, 4) + '00');
    const platePrefix = pref ? pref.plate : (OUTSIDE_REGIONS.find((o) => o.code === region)?.plate ?? '赣A');
    return {
      id: this.ids.residentId(region, birthYear, male),
      name: this.ids.name(surname),
      phone: this.ids.phone(),
      bank: this.ids.bankCard(),
      home: region,
      birthYear,
      plate: platePrefix
    };
  }

  /** Someone making an ordinary claim: sometimes a person who has claimed before. */
  claimant(home?: string): Person {
    if (this.claimants.length > 50 && this.rng.chance(this.params.repeatClaimant)) return this.rng.pick(this.claimants);
    const p = this.person(home);
    this.claimants.push(p);
    return p;
  }

  vehicle(owner: Person): Vehicle {
    const plate = this.rng.chance(0.12) ? this.ids.greenPlate(owner.plate) : this.ids.plate(owner.plate);
    return { plate, vin: this.ids.vin() };
  }

  party(role: Role, p: Person, over: Partial<PartyRow> = {}): PartyRow {
    return { role, id: p.id, name: p.name, phone: p.phone, bank: p.bank, ...over };
  }

  // ---------------------------------------------------------------- providers

  private buildProviders(rng: Rng): void {
    const concentrated = new Set(
      rng.sample(
        this.districts.filter((_, i) => i % 3 !== 0 || this.params.concentratedCounties > 0.5),
        Math.round(this.districts.length * this.params.concentratedCounties)
      )
    );
    for (const d of this.districts) {
      const pref = this.prefOf(d);
      const urban = pref.districts[0]![0] === d;
      const dname = pref.districts.find((x) => x[0] === d)![1];
      for (const kind of ['hospital', 'repair_shop'] as const) {
        const n = urban ? rng.int(4, 7) : rng.int(2, 4);
        const list: Org[] = [];
        for (let i = 0; i < n; i++) list.push(this.newOrg(kind, d, dname, i));
        const weights = list.map((_, i) => 1 / (1 + i * 0.6));
        if (concentrated.has(d)) {
          const rest = weights.slice(1).reduce((a, b) => a + b, 0);
          const c = this.params.providerConcentration;
          weights[0] = (rest * c) / (1 - c);
        }
        this.orgs.set(`${kind}|${d}`, list);
        this.orgWeights.set(`${kind}|${d}`, weights);
      }
    }
    for (const p of this.prefs) {
      for (const kind of ['appraiser', 'lawyer', 'tow'] as const) {
        const n = kind === 'appraiser' ? rng.int(3, 5) : kind === 'lawyer' ? rng.int(2, 5) : rng.int(2, 4);
        const list: Org[] = [];
        for (let i = 0; i < n; i++) list.push(this.newOrg(kind, p.districts[0]![0], p.name, i));
        this.orgs.set(`${kind}|${p.code}`, list);
        this.orgWeights.set(
          `${kind}|${p.code}`,
          list.map((_, i) => 1 / (1 + i * 0.8))
        );
      }
    }
  }

  newOrg(kind: Kind, region: string, place: string, i: number): Org {
    const w = this.rng.pick([
      '顺达',
      '鑫源',
      '恒通',
      '宏发',
      '安泰',
      '诚信',
      '鸿运',
      '金盛',
      '华通',
      '永兴',
      '瑞丰',
      '仁和',
      '康宁',
      '济民',
      '天成'
    ]);
    const name =
      kind === 'hospital'
        ? i === 0
          ? `${place}人民医院`
          : i === 1
            ? `${place}中医院`
            : `${place}${w}诊所`
        : kind === 'repair_shop'
          ? `${place}${w}汽车维修有限公司`
          : kind === 'appraiser'
            ? `${place}${w}保险公估有限公司`
            : kind === 'lawyer'
              ? `江西${w}律师事务所`
              : `${place}${w}道路救援服务部`;
    const orgKind = kind === 'hospital' && i < 2 ? 'institution' : kind === 'lawyer' ? 'law' : 'enterprise';
    return { kind, code: this.ids.orgCode(region, orgKind), name, region };
  }

  /** An ordinary provider of `kind` near `district` (county level for clinics and shops, prefecture for the rest). */
  provider(kind: Kind, district: string): Org {
    const key =
      kind === 'hospital' || kind === 'repair_shop' ? `${kind}|${district}` : `${kind}|${district.slice(0, 4)}00`;
    const list =
      this.orgs.get(key) ??
      this.orgs.get(`${kind}|${this.prefs[0]!.districts[0]![0]}`) ??
      this.orgs.get(`${kind}|${this.prefs[0]!.code}`)!;
    const weights = this.orgWeights.get(key) ?? list.map(() => 1);
    return list[this.rng.weighted(weights)]!;
  }

  /** The busiest provider of `kind` in `district` (what a colluding provider serving honest customers looks like). */
  busiest(kind: Kind, district: string): Org {
    const key =
      kind === 'hospital' || kind === 'repair_shop' ? `${kind}|${district}` : `${kind}|${district.slice(0, 4)}00`;
    const list = this.orgs.get(key);
    if (!list) return this.provider(kind, district);
    return list[this.rng.int(0, Math.min(1, list.length - 1))]!;
  }

  // ---------------------------------------------------------------- claims

  amount(product: Product, scale = 1): number {
    if (product === 'death') return this.rng.pick(DEATH_BENEFITS) * (scale > 1.5 ? 2 : 1);
    const v = this.rng.logNormal(MEDIAN[product] * scale, SIGMA[product]);
    return Math.max(200, Math.round(v / 10) * 10 + (this.rng.chance(0.3) ? this.rng.int(0, 99) / 100 : 0));
  }

  policyNo(insurer: number, holder: string, product: Product): string {
    const family = product === 'auto' ? 'A' : product === 'property' ? 'P' : 'L';
    const key = `${insurer}|${holder}|${family}`;
    let no = this.policies.get(key);
    if (!no) {
      this.policySeq++;
      no = `${this.insurers[insurer]!.code.slice(0, 2)}${family}${String(3600000000 + ((this.policySeq * 7919) % 99999999) + this.policySeq)}`;
      this.policies.set(key, no);
    }
    return no;
  }

  addClaim(d: ClaimDraft): ClaimRec {
    const insurer = d.insurer ?? this.insurer();
    const claimed = d.claimed ?? this.amount(d.product, d.amountScale ?? 1);
    const reportLag = d.reportLag ?? Math.min(60, this.rng.geometric(1.8));
    const age = this.days - d.day;
    let status = d.status;
    if (!status) {
      const r = this.rng.next();
      status = age < 45 && r < 0.6 ? 'open' : r < 0.05 ? 'rejected' : r < 0.08 ? 'withdrawn' : 'paid';
    }
    const paid = status === 'paid' ? Math.round(claimed * this.rng.uniform(0.65, 1) * 100) / 100 : null;
    const holder = d.holder ?? d.parties.find((p) => p.role === 'insured' || p.role === 'claimant')?.id ?? '';
    const policyStartDay = d.policyStartDay !== undefined ? d.policyStartDay : d.day - this.rng.int(3, 364);
    const rec: ClaimRec = {
      seq: this.claims.length,
      id: '',
      insurer,
      policyNo: this.policyNo(insurer, holder, d.product),
      product: d.product,
      region: d.region,
      day: Math.max(0, Math.min(this.days - 1, d.day)),
      reportLag,
      policyStartDay,
      claimed,
      paid,
      status,
      parties: d.parties,
      vehicles: d.vehicles ?? [],
      providers: d.providers ?? [],
      ring: d.ring ?? -1
    };
    this.claims.push(rec);
    return rec;
  }

  listed(entity: string, key: string, reason: string, day: number): void {
    const listedBy = this.rng.chance(0.3)
      ? '公安经侦'
      : this.rng.chance(0.5)
        ? '行业反欺诈平台'
        : this.insurers[this.insurer()]!.name;
    const at = Math.max(-400, Math.min(this.days - 1, day));
    this.watch.push({
      entity,
      key,
      reason,
      listedBy,
      listedAt: this.date(at),
      expiresAt: this.rng.chance(0.7) ? '' : this.date(at + 365 * this.rng.int(2, 5))
    });
  }
}
