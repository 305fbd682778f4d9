// Tests for the independent world generator (datasets/worlds): determinism, every profile's batch
// validating through the CLI's reader, truth consistency, and that each honest confounder and each
// fraud variant really appears in the written files (structural facts, not scores).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readValidatedBatch } from '../../cli/batch.js';
import { createProgress } from '../../cli/progress.js';
import {
  generateWorld,
  HELD_OUT_PROFILES,
  PROFILES,
  TUNING_PROFILES,
  type WorldParams
} from '../../datasets/worlds/index.js';
import type { WorldTruth } from '../../datasets/worlds/index.js';
import { parseCsv, type Row } from './csv-rows.js';

interface Loaded {
  dir: string;
  truth: WorldTruth;
  claims: Map<string, Row>;
  parties: Map<string, Row[]>;
  vehicles: Map<string, Row[]>;
  providers: Map<string, Row[]>;
  watch: Row[];
  ringOf: Map<string, string>;
  rawClaims: number;
}

function load(dir: string): Loaded {
  const read = (f: string): Row[] => parseCsv(readFileSync(join(dir, f), 'utf8')).rows;
  const group = (rows: Row[]): Map<string, Row[]> => {
    const m = new Map<string, Row[]>();
    for (const r of rows) {
      const l = m.get(r.claim_id!) ?? [];
      l.push(r);
      m.set(r.claim_id!, l);
    }
    return m;
  };
  const claimRows = read('claims.csv');
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as WorldTruth;
  const ringOf = new Map<string, string>();
  for (const r of truth.rings) for (const c of r.claims) ringOf.set(c, r.id);
  return {
    dir,
    truth,
    claims: new Map(claimRows.map((r) => [r.claim_id!, r])),
    parties: group(read('parties.csv')),
    vehicles: group(read('vehicles.csv')),
    providers: group(read('providers.csv')),
    watch: read('watchlist.csv'),
    ringOf,
    rawClaims: claimRows.length
  };
}

const digits = (s: string): string => s.replace(/\D/g, '').replace(/^(0086|86)(?=1\d{10}$)/, '');
const honestIds = (w: Loaded): string[] => [...w.claims.keys()].filter((c) => !w.ringOf.has(c));

/** A world with every confounder and variant turned up, so a small book shows all of them. */
const FORCED: Partial<WorldParams> = {
  rings: 200,
  ringShare: 0.2,
  mixStaged: 1,
  mixBroker: 1,
  mixRepair: 1,
  mixDeath: 1,
  mixMixed: 1,
  multiPolicyDeath: 0.8,
  deathShare: 0.06,
  fleetShare: 0.08,
  agentShare: 0.3,
  agentOnForm: 0.5,
  lawFirmShare: 0.5,
  catastropheShare: 0.08,
  noise: 0.05,
  luredVictims: 0.4,
  organiserOffClaim: 0.5,
  ringGrowth: 0.5,
  singleInsurer: 0.3,
  localRing: 0.3,
  colluderHonest: 0.8,
  roleSwitch: 0.15,
  rideHail: 0.1,
  householdShare: 0.7,
  repeatClaimant: 0.15,
  honestWatchlist: 0.02,
  sharedPayout: 0.7,
  ringWatchlist: 0.5
};

let root: string;
let forced: Loaded;
const byProfile = new Map<string, Loaded>();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ringsight-worlds-'));
  for (const p of PROFILES) {
    generateWorld({ profile: p.name, seed: 7, claims: 3000, out: join(root, p.name) });
    byProfile.set(p.name, load(join(root, p.name)));
  }
  generateWorld({ profile: 'provincial-mix', seed: 11, claims: 4000, out: join(root, 'forced'), overrides: FORCED });
  forced = load(join(root, 'forced'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('worlds: profiles and determinism', () => {
  it('has at least six tuning and three held-out profiles, each described', () => {
    expect(TUNING_PROFILES.length).toBeGreaterThanOrEqual(6);
    expect(HELD_OUT_PROFILES.length).toBeGreaterThanOrEqual(3);
    for (const p of PROFILES) expect(p.description.length).toBeGreaterThan(20);
  });

  it('same profile and seed give byte-identical files; another seed does not', () => {
    const files = ['claims.csv', 'parties.csv', 'vehicles.csv', 'providers.csv', 'watchlist.csv', 'truth.json'];
    generateWorld({ profile: 'messy-export', seed: 7, claims: 3000, out: join(root, 'again') });
    generateWorld({ profile: 'messy-export', seed: 8, claims: 3000, out: join(root, 'other') });
    for (const f of files)
      expect(readFileSync(join(root, 'again', f))).toEqual(readFileSync(join(root, 'messy-export', f)));
    expect(readFileSync(join(root, 'other', 'claims.csv'))).not.toEqual(
      readFileSync(join(root, 'messy-export', 'claims.csv'))
    );
  });

  it('records the drawn parameters, within the profile ranges', () => {
    const t = byProfile.get('rural-clinic')!.truth;
    expect(t.profile).toBe('rural-clinic');
    expect(t.heldOut).toBe(true);
    expect(t.params.prefectures).toBeGreaterThanOrEqual(2);
    expect(t.params.prefectures).toBeLessThanOrEqual(3);
    expect(t.params.providerConcentration).toBeGreaterThanOrEqual(0.7);
  });

  it('rejects a bad profile and bad options with a prefixed error', () => {
    expect(() => generateWorld({ profile: 'nope', out: join(root, 'x') })).toThrow(/^ringsight\/worlds:/);
    expect(() => generateWorld({ profile: 'provincial-mix', claims: 10, out: join(root, 'x') })).toThrow(
      /^ringsight\/worlds:/
    );
  });
});

describe('worlds: batch contract and truth', () => {
  it.each(PROFILES.map((p) => p.name))('%s validates with zero errors through readValidatedBatch', async (name) => {
    const dir = join(root, name);
    const v = await readValidatedBatch('test', dir, join(dir, 'rejects.csv'), false, createProgress({ quiet: true }));
    expect(v.ok).toBe(true);
    expect(v.errors).toBe(0);
    expect(v.rejectedClaims).toHaveLength(0);
    expect(v.book.claims.length).toBe(byProfile.get(name)!.claims.size);
  });

  it('truth rings reference existing claims, no claim in two rings, sensible sizes and categories', () => {
    for (const w of [...byProfile.values(), forced]) {
      const seen = new Set<string>();
      for (const r of w.truth.rings) {
        expect(['staged_collision', 'injury_broker', 'repair_shop', 'fake_death', 'mixed']).toContain(r.category);
        expect(r.claims.length).toBeGreaterThanOrEqual(2);
        for (const c of r.claims) {
          expect(w.claims.has(c)).toBe(true);
          expect(seen.has(c)).toBe(false);
          seen.add(c);
        }
        for (const o of r.organisers) expect(r.members).toContain(o);
      }
    }
  });

  it('a default-sized world plants 25–35 rings holding 3–5% of the claims', () => {
    const dir = join(root, 'full');
    const r = generateWorld({ profile: 'provincial-mix', seed: 3, out: dir });
    const share = r.ringClaims / r.truth.claims;
    expect(r.truth.claims).toBeGreaterThanOrEqual(25_000);
    expect(r.rings).toBeGreaterThanOrEqual(25);
    expect(r.rings).toBeLessThanOrEqual(35);
    expect(share).toBeGreaterThanOrEqual(0.025);
    expect(share).toBeLessThanOrEqual(0.055);
    const insurers = new Set(parseCsv(readFileSync(join(dir, 'claims.csv'), 'utf8')).rows.map((c) => c.insurer));
    expect(insurers.size).toBeGreaterThanOrEqual(6);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('worlds: honest confounders appear', () => {
  it('multi-policy death: one deceased, one date, several insurers, family beneficiaries, not a ring', () => {
    const groups = new Map<string, Row[]>();
    for (const id of honestIds(forced)) {
      const c = forced.claims.get(id)!;
      if (c.product !== 'death') continue;
      const dec = forced.parties.get(id)!.find((p) => p.role === 'deceased')!;
      const l = groups.get(dec.id_number.toUpperCase()) ?? [];
      l.push(c);
      groups.set(dec.id_number.toUpperCase(), l);
    }
    const multi = [...groups.values()].filter((l) => l.length >= 2);
    expect(multi.length).toBeGreaterThan(0);
    for (const l of multi) {
      expect(new Set(l.map((c) => c.accident_date)).size).toBe(1);
      expect(new Set(l.map((c) => c.insurer)).size).toBe(l.length);
    }
  });

  it('role switching: an honest person drives in one claim and is hurt or rides in another', () => {
    const roles = new Map<string, Set<string>>();
    for (const id of honestIds(forced))
      for (const p of forced.parties.get(id) ?? []) {
        if (!p.id_number) continue;
        const s = roles.get(p.id_number.toUpperCase()) ?? new Set();
        s.add(p.role);
        roles.set(p.id_number.toUpperCase(), s);
      }
    const switchers = [...roles.values()].filter((s) => s.has('driver') && (s.has('injured') || s.has('passenger')));
    expect(switchers.length).toBeGreaterThan(3);
  });

  it("households share phones and accounts; agents write their phone on customers' rows", () => {
    const phoneIds = new Map<string, Set<string>>();
    let agentOnForm = 0;
    for (const id of honestIds(forced)) {
      const ps = forced.parties.get(id) ?? [];
      const agent = ps.find((p) => p.role === 'agent');
      for (const p of ps) {
        if (!p.phone || !p.id_number) continue;
        const s = phoneIds.get(digits(p.phone)) ?? new Set();
        s.add(p.id_number.toUpperCase());
        phoneIds.set(digits(p.phone), s);
        if (
          agent &&
          p !== agent &&
          digits(p.phone) === digits(agent.phone) &&
          p.id_number.toUpperCase() !== agent.id_number.toUpperCase()
        )
          agentOnForm++;
      }
    }
    expect([...phoneIds.values()].filter((s) => s.size >= 2).length).toBeGreaterThan(10);
    expect(agentOnForm).toBeGreaterThan(5);
  });

  it('law firms and agents are on many honest claims', () => {
    const count = new Map<string, number>();
    for (const id of honestIds(forced))
      for (const p of forced.providers.get(id) ?? [])
        if (p.kind === 'lawyer') count.set(p.org_code, (count.get(p.org_code) ?? 0) + 1);
    expect(Math.max(...count.values())).toBeGreaterThanOrEqual(5);
    const agents = new Map<string, number>();
    for (const id of honestIds(forced))
      for (const p of forced.parties.get(id) ?? [])
        if (p.role === 'agent') agents.set(digits(p.phone), (agents.get(digits(p.phone)) ?? 0) + 1);
    expect(Math.max(...agents.values())).toBeGreaterThanOrEqual(10);
  });

  it('fleets: one insured, many vehicles and drivers, claims in several prefectures', () => {
    const byInsured = new Map<string, string[]>();
    for (const id of honestIds(forced)) {
      const ins = (forced.parties.get(id) ?? []).find((p) => p.role === 'insured');
      if (!ins?.id_number) continue;
      const l = byInsured.get(ins.id_number.toUpperCase()) ?? [];
      l.push(id);
      byInsured.set(ins.id_number.toUpperCase(), l);
    }
    const fleets = [...byInsured.values()].filter((ids) => {
      if (ids.length < 10) return false;
      const drivers = new Set(
        ids.flatMap((c) =>
          forced.parties
            .get(c)!
            .filter((p) => p.role === 'driver')
            .map((p) => p.id_number)
        )
      );
      const prefs = new Set(ids.map((c) => forced.claims.get(c)!.region_code.slice(0, 4)));
      return drivers.size >= 3 && prefs.size >= 1;
    });
    expect(fleets.length).toBeGreaterThan(0);
  });

  it('taxi and ride-hail drivers: one driver, several claims, a different passenger each time', () => {
    const byDriver = new Map<string, Set<string>>();
    for (const id of honestIds(forced)) {
      const ps = forced.parties.get(id) ?? [];
      const d = ps.find((p) => p.role === 'driver');
      const pax = ps.find((p) => p.role === 'passenger' || p.role === 'injured');
      if (!d?.id_number || !pax?.id_number) continue;
      const s = byDriver.get(d.id_number.toUpperCase()) ?? new Set();
      s.add(pax.id_number.toUpperCase());
      byDriver.set(d.id_number.toUpperCase(), s);
    }
    expect([...byDriver.values()].some((s) => s.size >= 3)).toBe(true);
  });

  it("small-town concentration: in the rural book one clinic or shop takes most of a county's claims", () => {
    const w = byProfile.get('rural-clinic')!;
    const counts = new Map<string, Map<string, number>>();
    for (const [id, rows] of w.providers)
      for (const p of rows) {
        if (p.kind !== 'hospital' && p.kind !== 'repair_shop') continue;
        const key = `${p.kind}|${w.claims.get(id)!.region_code}`;
        const m = counts.get(key) ?? new Map<string, number>();
        m.set(p.org_code, (m.get(p.org_code) ?? 0) + 1);
        counts.set(key, m);
      }
    const dominated = [...counts.values()].filter((m) => {
      const total = [...m.values()].reduce((a, b) => a + b, 0);
      return total >= 30 && Math.max(...m.values()) / total >= 0.6;
    });
    expect(dominated.length).toBeGreaterThan(0);
  });

  it('catastrophes: a burst of claims in one prefecture within a week sharing an appraiser', () => {
    const w = byProfile.get('flood-year')!;
    const bursts = new Map<string, number>();
    for (const [id, c] of w.claims) {
      const week = Math.floor(Date.parse(c.accident_date!) / (7 * 86_400_000));
      for (const p of w.providers.get(id) ?? [])
        if (p.kind === 'appraiser') {
          const k = `${p.org_code}|${week}`;
          bursts.set(k, (bursts.get(k) ?? 0) + 1);
        }
    }
    expect(Math.max(...bursts.values())).toBeGreaterThanOrEqual(50);
  });

  it('data-entry noise: phone and plate formats, repeated rows, mistyped witness IDs', async () => {
    const w = byProfile.get('messy-export')!;
    const phones = [...w.parties.values()].flat().map((p) => p.phone);
    expect(phones.some((p) => p.startsWith('+86') || p.startsWith('0086'))).toBe(true);
    expect(phones.some((p) => /^\d{3}[- ]\d{4}[- ]\d{4}$/.test(p))).toBe(true);
    expect([...w.vehicles.values()].flat().some((v) => /[a-z]/.test(v.plate) || v.plate.includes('·'))).toBe(true);
    expect(w.rawClaims).toBeGreaterThan(w.claims.size);
    expect([...w.claims.values()].some((c) => c.policy_no === '' || c.report_date === '')).toBe(true);
    const v = await readValidatedBatch(
      'test',
      w.dir,
      join(w.dir, 'rejects.csv'),
      false,
      createProgress({ quiet: true })
    );
    const codes = new Set(v.problems.filter((p) => p.severity === 'warning').map((p) => p.code));
    expect(codes.has('invalid_id_number')).toBe(true);
    expect(codes.has('duplicate_claim')).toBe(true);
  });

  it('repeat honest claimants and honest people on the watchlist', () => {
    const count = new Map<string, number>();
    for (const id of honestIds(forced))
      for (const p of forced.parties.get(id) ?? []) {
        if ((p.role === 'insured' || p.role === 'claimant') && p.id_number)
          count.set(p.id_number.toUpperCase(), (count.get(p.id_number.toUpperCase()) ?? 0) + 1);
      }
    expect([...count.values()].filter((n) => n >= 2).length).toBeGreaterThan(20);
    const ringPeople = new Set(forced.truth.rings.flatMap((r) => r.members));
    const listedHonest = forced.watch.filter(
      (e) => e.entity === 'person' && !ringPeople.has(e.key) && count.has(e.key)
    );
    expect(listedHonest.length).toBeGreaterThan(0);
  });
});

describe('worlds: fraud variants appear', () => {
  const rings = (cat: string): WorldTruth['rings'] => forced.truth.rings.filter((r) => r.category === cat);
  const ids = (rows: Row[] | undefined, roles: string[]): string[] =>
    (rows ?? []).filter((p) => roles.includes(p.role) && p.id_number).map((p) => p.id_number.toUpperCase());

  it('plants every category', () => {
    for (const c of ['staged_collision', 'injury_broker', 'repair_shop', 'fake_death', 'mixed'])
      expect(rings(c).length).toBeGreaterThan(0);
  });

  it('staged collisions rotate roles: a member drives in one claim and claims or is hurt in another', () => {
    const rotated = rings('staged_collision').some((r) => {
      const drivers = new Set(r.claims.flatMap((c) => ids(forced.parties.get(c), ['driver'])));
      return r.claims.some((c) => ids(forced.parties.get(c), ['claimant', 'injured']).some((p) => drivers.has(p)));
    });
    expect(rotated).toBe(true);
  });

  it('lured victims: the insured driver of a staged claim is not a ring member', () => {
    const lured = forced.truth.rings.filter((r) => r.variants.includes('lured_victims'));
    expect(lured.length).toBeGreaterThan(0);
    const r = lured[0]!;
    expect(r.claims.some((c) => ids(forced.parties.get(c), ['insured']).some((p) => !r.members.includes(p)))).toBe(
      true
    );
  });

  it('injury brokers are the agent on every claim; payouts reach a few accounts shared by different victims', () => {
    for (const r of rings('injury_broker'))
      for (const c of r.claims) expect(forced.parties.get(c)!.some((p) => p.role === 'agent')).toBe(true);
    const shared = rings('injury_broker').some((r) => {
      const victimsOf = new Map<string, Set<string>>();
      for (const c of r.claims)
        for (const p of forced.parties.get(c)!)
          if (p.role === 'injured' && p.bank_account) {
            const s = victimsOf.get(digits(p.bank_account)) ?? new Set();
            s.add(p.id_number);
            victimsOf.set(digits(p.bank_account), s);
          }
      return [...victimsOf.values()].some((s) => s.size >= 2);
    });
    expect(shared).toBe(true);
  });

  it('organisers off the claims: rarely a party, still linked through their phone or account', () => {
    const off = forced.truth.rings.filter((r) => r.variants.includes('organiser_off_claim'));
    expect(off.length).toBeGreaterThan(0);
    let linked = 0;
    for (const r of off) {
      const onClaims = r.claims.filter((c) =>
        ids(forced.parties.get(c), [
          'insured',
          'claimant',
          'driver',
          'passenger',
          'injured',
          'witness',
          'beneficiary',
          'agent'
        ]).some((p) => r.organisers.includes(p))
      );
      expect(onClaims.length).toBeLessThanOrEqual(Math.max(1, Math.ceil(r.claims.length * 0.15)));
      // Someone else's row carries a phone or account the ring controls.
      const controlled = new Set([...r.phones, ...r.accounts]);
      const rows = r.claims
        .flatMap((c) => forced.parties.get(c)!)
        .filter((p) => !r.organisers.includes(p.id_number.toUpperCase()));
      if (rows.some((p) => controlled.has(digits(p.phone)) || controlled.has(digits(p.bank_account)))) linked++;
    }
    expect(linked).toBeGreaterThan(off.length / 2);
  });

  it("repair-shop rings: a staff phone appears on different owners' rows", () => {
    const hit = rings('repair_shop').some((r) => {
      const owners = new Map<string, Set<string>>();
      for (const c of r.claims)
        for (const p of forced.parties.get(c)!)
          if (p.role === 'insured' && p.phone) {
            const s = owners.get(digits(p.phone)) ?? new Set();
            s.add(p.id_number.toUpperCase());
            owners.set(digits(p.phone), s);
          }
      return [...owners.values()].some((s) => s.size >= 2);
    });
    expect(hit).toBe(true);
  });

  it('colluding providers also serve many honest customers', () => {
    const honestUse = new Map<string, number>();
    for (const id of honestIds(forced))
      for (const p of forced.providers.get(id) ?? []) honestUse.set(p.org_code, (honestUse.get(p.org_code) ?? 0) + 1);
    const colluding = forced.truth.rings.filter((r) => r.variants.includes('colluder_serves_honest'));
    expect(colluding.length).toBeGreaterThan(0);
    expect(
      colluding.some((r) =>
        r.claims.some((c) => (forced.providers.get(c) ?? []).some((p) => (honestUse.get(p.org_code) ?? 0) >= 5))
      )
    ).toBe(true);
  });

  it('fake deaths: the same deceased on different dates, or the same beneficiary account across deaths', () => {
    const hit = rings('fake_death').some((r) => {
      const dates = new Map<string, Set<string>>();
      const accounts = new Map<string, Set<string>>();
      for (const c of r.claims) {
        const ps = forced.parties.get(c)!;
        const dec = ps.find((p) => p.role === 'deceased')!.id_number.toUpperCase();
        const d = dates.get(dec) ?? new Set();
        d.add(forced.claims.get(c)!.accident_date!);
        dates.set(dec, d);
        for (const b of ps.filter((p) => p.role === 'beneficiary' && p.bank_account)) {
          const s = accounts.get(digits(b.bank_account)) ?? new Set();
          s.add(dec);
          accounts.set(digits(b.bank_account), s);
        }
      }
      return [...dates.values()].some((s) => s.size >= 2) || [...accounts.values()].some((s) => s.size >= 2);
    });
    expect(hit).toBe(true);
  });

  it('mixed gangs combine motor, injury and death claims', () => {
    expect(
      rings('mixed').some((r) => {
        const products = new Set(r.claims.map((c) => forced.claims.get(c)!.product));
        return products.has('death') && (products.has('auto') || products.has('injury'));
      })
    ).toBe(true);
  });

  it('rings grow, stay local or spread, use one insurer or several', () => {
    const all = forced.truth.rings;
    expect(all.some((r) => r.variants.includes('growing'))).toBe(true);
    expect(
      all.some(
        (r) =>
          r.variants.includes('single_insurer') &&
          new Set(r.claims.map((c) => forced.claims.get(c)!.insurer)).size === 1
      )
    ).toBe(true);
    expect(
      all.some(
        (r) =>
          new Set(r.claims.map((c) => forced.claims.get(c)!.insurer)).size >= 2 &&
          new Set(r.claims.map((c) => forced.claims.get(c)!.region_code.slice(0, 4))).size >= 2
      )
    ).toBe(true);
    expect(
      all.some(
        (r) =>
          r.variants.includes('local') &&
          new Set(r.claims.map((c) => forced.claims.get(c)!.region_code.slice(0, 4))).size === 1
      )
    ).toBe(true);
    expect(all.some((r) => !r.variants.includes('watchlisted'))).toBe(true);
  });
});

describe('bench:quality harness', () => {
  it('runs a small world end to end in a worker and summarises it', async () => {
    const { runQuality, planTasks, DEFAULTS } = await import('../../bench/quality/run.js');
    const plan = planTasks({ ...DEFAULTS, worlds: 20 });
    expect(plan.filter((t) => t.group === 'tuning')).toHaveLength(20);
    expect(plan.filter((t) => t.group === 'heldout').length).toBeGreaterThanOrEqual(HELD_OUT_PROFILES.length * 2);
    expect(plan.filter((t) => t.group === 'classic').map((t) => t.seed)).toEqual([3001, 3002]);
    expect(new Set(plan.map((t) => t.dir)).size).toBe(plan.length);
    const report = await runQuality({
      worlds: 1,
      claims: 2000,
      only: 'tuning',
      cacheDir: join(root, 'quality-cache'),
      workers: 1
    });
    expect(report.results).toHaveLength(1);
    const r = report.results[0]!;
    expect(r.planted).toBeGreaterThan(0);
    expect(r.ringRecall).toBeGreaterThanOrEqual(0);
    expect(r.ringRecall).toBeLessThanOrEqual(1);
    expect(report.summary.tuning?.worlds).toBe(1);
  });
});
