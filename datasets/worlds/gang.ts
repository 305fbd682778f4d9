/**
 * ringsight/datasets/worlds/gang
 * ==============================
 *
 * What every planted ring has in common, whatever its kind: where and when it
 * operates, who is in it (core members, later recruits, organisers), the
 * phones and accounts it shares, the providers it colludes with, and the
 * ring's truth record. Fraud recipes (fraud.ts) build claims from a Gang.
 */
import type { Rng } from './rng.js';
import type { Category, ClaimDraft, ClaimRec, Org, Person, RingRec, World } from './world.js';

export interface GangOptions {
  category: Category;
  claims: number;
}

export class Gang {
  readonly ring: RingRec;
  readonly index: number;
  readonly prefs: string[];
  readonly insurers: number[];
  readonly start: number;
  readonly span: number;
  readonly base: string;
  readonly members: Array<{ p: Person; from: number }> = [];
  readonly organisers: Person[] = [];
  readonly phones: string[] = [];
  readonly accounts: string[] = [];
  readonly offClaim: boolean;
  readonly pooled: boolean;
  readonly growing: boolean;
  straws = 0;
  private readonly rng: Rng;
  private readonly colluders = new Map<string, Org>();

  constructor(
    readonly w: World,
    readonly opts: GangOptions
  ) {
    const rng = (this.rng = w.rng);
    const p = w.params;
    this.index = w.rings.length;
    const variants: string[] = [];
    const local = rng.chance(p.localRing);
    const basePref = rng.pick(w.prefs).code;
    this.prefs = local
      ? [basePref]
      : [
          basePref,
          ...rng.sample(
            w.prefs.map((x) => x.code).filter((c) => c !== basePref),
            rng.int(1, 3)
          )
        ];
    if (local) variants.push('local');
    const single = rng.chance(p.singleInsurer);
    this.insurers = single
      ? [w.insurer()]
      : rng.sample(
          w.insurers.map((_, i) => i),
          rng.int(2, Math.min(6, w.insurers.length))
        );
    if (single) variants.push('single_insurer');
    this.base = w.districtIn(basePref);
    this.span = Math.min(w.days - 30, Math.round(rng.uniform(60, 160) + opts.claims * rng.uniform(6, 18)));
    this.start = rng.int(0, Math.max(0, w.days - this.span - 1));
    this.offClaim = rng.chance(p.organiserOffClaim);
    if (this.offClaim) variants.push('organiser_off_claim');
    this.pooled = rng.chance(p.sharedPayout);
    if (this.pooled) variants.push('shared_payout');
    this.growing = rng.chance(p.ringGrowth) && opts.claims >= 8;
    if (this.growing) variants.push('growing');

    // People: organisers, then core members, then (when growing) recruits who join later.
    const migrant = rng.chance(0.2);
    const home = (): string | undefined =>
      migrant && rng.chance(0.6) ? undefined : rng.chance(0.7) ? this.base : w.districtIn(rng.pick(this.prefs));
    const nOrg = rng.chance(0.3) ? 2 : 1;
    for (let i = 0; i < nOrg; i++) this.organisers.push(w.person(home(), [28, 55]));
    const size = Math.max(3, Math.min(16, Math.round(opts.claims / rng.uniform(2.2, 4.5))));
    const core = this.growing ? Math.max(2, Math.round(size * 0.4)) : size;
    for (let i = 0; i < size; i++) {
      const from =
        i < core ? this.start : this.start + rng.int(Math.round(this.span * 0.25), Math.round(this.span * 0.8));
      this.members.push({ p: w.person(home(), [19, 58]), from });
    }
    // Shared contact numbers (burner phones, the organiser's) and payout accounts (organiser's, mules').
    this.phones.push(this.organisers[0]!.phone);
    for (let i = rng.int(1, 2); i > 0; i--) this.phones.push(w.ids.phone());
    this.accounts.push(this.organisers[0]!.bank);
    for (let i = rng.int(1, 3); i > 0; i--) this.accounts.push(w.person(home()).bank);

    this.ring = {
      id: `W${String(this.index + 1).padStart(3, '0')}`,
      category: opts.category,
      claims: [],
      members: new Set(),
      organisers: this.organisers.map((o) => o.id),
      variants,
      phones: this.phones,
      accounts: this.accounts
    };
    w.rings.push(this.ring);
    for (const o of this.organisers) this.ring.members.add(o.id);
  }

  /** The k-th of n claim days, spread over the ring's active period (growing rings speed up). */
  day(k: number, n: number): number {
    const u = (k + this.rng.next()) / n;
    const f = this.growing ? Math.sqrt(u) : u;
    return this.start + Math.round(f * this.span);
  }

  region(): string {
    return this.rng.chance(0.45) ? this.base : this.w.districtIn(this.rng.pick(this.prefs));
  }

  insurer(): number {
    return this.rng.pick(this.insurers);
  }

  /**
   * A member active on `day` (and counted in the ring's truth). A few core members take most roles;
   * sometimes the role goes to a borrowed identity, used once and added to the ring.
   */
  member(day: number, not: Person[] = []): Person {
    if (day > this.start && this.rng.chance(this.w.params.strawShare)) {
      const straw = this.w.person(this.rng.chance(0.7) ? this.base : undefined, [18, 65]);
      this.members.push({ p: straw, from: day });
      this.straws++;
      this.ring.members.add(straw.id);
      return straw;
    }
    const active = this.members.filter((m) => m.from <= day && !not.includes(m.p));
    const pool = active.length > 0 ? active : this.members.filter((m) => !not.includes(m.p));
    const list = pool.length > 0 ? pool : this.members;
    const chosen = list[this.rng.weighted(list.map((_, i) => 1 / (1 + i * 0.45)))]!.p;
    this.ring.members.add(chosen.id);
    return chosen;
  }

  /** The phone written on a member's row: often a shared one. */
  phone(p: Person): string {
    return this.rng.chance(this.w.params.ringCohesion * 0.6) ? this.rng.pick(this.phones) : p.phone;
  }

  /** The account a payout goes to: a shared one when the ring pools payouts. */
  account(p: Person): string {
    return this.pooled && this.rng.chance(this.w.params.ringCohesion) ? this.rng.pick(this.accounts) : p.bank;
  }

  /** Organiser on the claim? Rarely when the ring keeps them off. */
  organiserOn(): Person | null {
    const p = this.offClaim ? 0.03 : 0.25;
    return this.rng.chance(p) ? this.rng.pick(this.organisers) : null;
  }

  /** The ring's colluding provider of `kind`: a busy one that also serves honest customers, or its own. */
  colluder(kind: Org['kind'], fake = false): Org {
    let org = this.colluders.get(kind);
    if (!org) {
      const busy = !fake && this.rng.chance(this.w.params.colluderHonest);
      if (busy && !this.ring.variants.includes('colluder_serves_honest'))
        this.ring.variants.push('colluder_serves_honest');
      const place = this.w.prefOf(this.base).districts.find((d) => d[0] === this.base)?.[1] ?? '';
      org = busy ? this.w.busiest(kind, this.base) : this.w.newOrg(kind, this.base, place, 2 + this.rng.int(0, 3));
      this.colluders.set(kind, org);
    }
    return org;
  }

  file(d: ClaimDraft): ClaimRec {
    const c = this.w.addClaim({ ...d, ring: this.index });
    this.ring.claims.push(c);
    return c;
  }

  /** Watchlist hits for some rings: a member, a shared phone, an account or a plate. */
  finish(plates: string[]): void {
    const w = this.w;
    if (!this.rng.chance(w.params.ringWatchlist)) return;
    this.ring.variants.push('watchlisted');
    const at = this.start + this.rng.int(-200, this.span);
    const n = this.rng.int(1, 2);
    for (let i = 0; i < n; i++) {
      const r = this.rng.next();
      if (r < 0.4) w.listed('person', this.rng.pick(this.members).p.id, '涉嫌保险诈骗', at);
      else if (r < 0.65) w.listed('phone', this.rng.pick(this.phones), '关联多起可疑案件', at);
      else if (r < 0.85) w.listed('bank_account', this.rng.pick(this.accounts), '可疑收款账户', at);
      else if (plates.length > 0) w.listed('vehicle', this.rng.pick(plates), '多次出险车辆', at);
      else w.listed('person', this.organisers[0]!.id, '涉嫌保险诈骗', at);
    }
  }
}
