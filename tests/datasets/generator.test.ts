// Tests for the seeded claims-world generator (datasets/generator): determinism, the batch
// contract (headers, enumerations, identifier validity) and ground-truth consistency.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULTS, generate, type GenerateResult } from '../../datasets/generator/index.js';
import { PROVIDER_KINDS, WATCH_ENTITIES } from '../../engine/model.js';
import {
  isValidLuhn,
  isValidResidentId,
  isValidUscc,
  isValidVin,
  normBank,
  normPhone,
  normPlate
} from '../../datasets/generator/identity.js';
import { parseCsv, type Row } from './csv-rows.js';

function read(dir: string, file: string): { header: string[]; rows: Row[] } {
  return parseCsv(readFileSync(join(dir, file), 'utf8'));
}

interface Truth {
  seed: number;
  claims: number;
  rings: {
    id: string;
    category: string;
    claims: string[];
    members: { type: string; key: string }[];
    organisers: string[];
    regions: string[];
    insurers: string[];
  }[];
  honest: Record<string, unknown>;
  invalid: { kind: string; claim_id: string }[];
}

const FILES = ['claims.csv', 'parties.csv', 'vehicles.csv', 'providers.csv', 'watchlist.csv', 'truth.json'];
const root = mkdtempSync(join(tmpdir(), 'ringsight-gen-'));
const dirA = join(root, 'a');
let result: GenerateResult;
let claims: Row[];
let parties: Row[];
let vehicles: Row[];
let providers: Row[];
let watchlist: Row[];
let truth: Truth;

beforeAll(async () => {
  result = await generate({ claims: 10_000, out: dirA, seed: 7 });
  claims = read(dirA, 'claims.csv').rows;
  parties = read(dirA, 'parties.csv').rows;
  vehicles = read(dirA, 'vehicles.csv').rows;
  providers = read(dirA, 'providers.csv').rows;
  watchlist = read(dirA, 'watchlist.csv').rows;
  truth = JSON.parse(readFileSync(join(dirA, 'truth.json'), 'utf8')) as Truth;
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generator determinism', () => {
  it('same seed and options give byte-identical files', async () => {
    const dirB = join(root, 'b');
    await generate({ claims: 10_000, out: dirB, seed: 7 });
    for (const f of FILES) expect(readFileSync(join(dirB, f)).equals(readFileSync(join(dirA, f))), f).toBe(true);
  }, 120_000);

  it('a different seed gives a different world', async () => {
    const dirC = join(root, 'c');
    await generate({ claims: 10_000, out: dirC, seed: 8 });
    for (const f of ['claims.csv', 'parties.csv', 'truth.json'])
      expect(readFileSync(join(dirC, f)).equals(readFileSync(join(dirA, f))), f).toBe(false);
  }, 120_000);
});

describe('generator batch contract', () => {
  it('writes the files with the contracted headers and reports matching counts', () => {
    expect(result.files.map((f) => f.slice(dirA.length + 1))).toEqual(FILES);
    expect(read(dirA, 'claims.csv').header).toEqual([
      'claim_id',
      'insurer',
      'policy_no',
      'product',
      'region_code',
      'accident_date',
      'report_date',
      'policy_start',
      'claimed_amount',
      'paid_amount',
      'status'
    ]);
    expect(read(dirA, 'parties.csv').header).toEqual([
      'claim_id',
      'role',
      'id_number',
      'name',
      'phone',
      'bank_account'
    ]);
    expect(read(dirA, 'vehicles.csv').header).toEqual(['claim_id', 'role', 'plate', 'vin']);
    expect(read(dirA, 'providers.csv').header).toEqual(['claim_id', 'kind', 'org_code', 'name', 'region_code']);
    expect(read(dirA, 'watchlist.csv').header).toEqual(['entity', 'key', 'reason', 'listed_by', 'listed_at']);
    expect(claims.length).toBe(10_000);
    expect(result.claims).toBe(claims.length);
    expect(result.parties).toBe(parties.length);
    expect(result.vehicles).toBe(vehicles.length);
    expect(result.providers).toBe(providers.length);
    expect(result.watchlist).toBe(watchlist.length);
    expect(result.rings).toBe(truth.rings.length);
    expect(truth.seed).toBe(7);
    expect(truth.claims).toBe(10_000);
  });

  it('claims are unique and well-formed', () => {
    const ids = new Set(claims.map((c) => c.claim_id));
    expect(ids.size).toBe(claims.length);
    const date = /^\d{4}-\d{2}-\d{2}$/;
    const money = /^\d+(\.\d{1,2})?$/;
    for (const c of claims) {
      expect(['auto', 'injury', 'death', 'health', 'property', 'other']).toContain(c.product);
      expect(['open', 'paid', 'rejected', 'withdrawn']).toContain(c.status);
      expect(c.region_code).toMatch(/^36(0[1-9]|1[01])\d\d$/);
      for (const d of [c.accident_date, c.report_date, c.policy_start]) expect(d).toMatch(date);
      expect(c.accident_date >= '2023-01-01' && c.report_date <= '2025-12-31').toBe(true);
      expect(c.report_date >= c.accident_date).toBe(true);
      expect(c.policy_start <= c.accident_date).toBe(true);
      expect(c.claimed_amount).toMatch(money);
      if (c.status === 'paid') {
        expect(c.paid_amount).toMatch(money);
        expect(Number(c.paid_amount)).toBeLessThanOrEqual(Number(c.claimed_amount));
      } else expect(c.paid_amount).toBe('');
    }
    const paid = claims.filter((c) => c.status === 'paid').length / claims.length;
    expect(paid).toBeGreaterThan(0.75);
    expect(claims.filter((c) => c.product === 'auto').length / claims.length).toBeGreaterThan(0.5);
  });

  it('every party, vehicle and provider row is valid and points at a claim', () => {
    const ids = new Set(claims.map((c) => c.claim_id));
    let noId = 0;
    const names = new Map<string, string>();
    for (const p of parties) {
      expect(ids.has(p.claim_id)).toBe(true);
      expect([
        'insured',
        'claimant',
        'driver',
        'passenger',
        'injured',
        'witness',
        'beneficiary',
        'deceased',
        'agent'
      ]).toContain(p.role);
      if (p.id_number === '') {
        expect(p.role).toBe('witness');
        noId++;
      } else {
        expect(isValidResidentId(p.id_number), p.id_number).toBe(true);
        // One ID number is one person: the name never changes.
        const id = p.id_number.toUpperCase();
        expect(names.get(id) ?? p.name).toBe(p.name);
        names.set(id, p.name);
      }
      expect(normPhone(p.phone)).toMatch(/^1\d{10}$/);
      if (p.bank_account) expect(isValidLuhn(normBank(p.bank_account)), p.bank_account).toBe(true);
    }
    expect(noId).toBeGreaterThan(0);
    // Nobody is born after their claim, and drivers are adults.
    const accident = new Map(claims.map((c) => [c.claim_id, c.accident_date]));
    for (const p of parties) {
      if (!p.id_number) continue;
      const birth = `${p.id_number.slice(6, 10)}-${p.id_number.slice(10, 12)}-${p.id_number.slice(12, 14)}`;
      const acc = accident.get(p.claim_id) as string;
      expect(birth < acc, `${p.claim_id} ${p.id_number}`).toBe(true);
      if (p.role === 'driver')
        expect(Number(acc.slice(0, 4)) - Number(birth.slice(0, 4)), `${p.claim_id} driver`).toBeGreaterThanOrEqual(18);
    }
    // Formatting quirks are present but rare.
    const odd = parties.filter((p) => p.phone !== normPhone(p.phone)).length / parties.length;
    expect(odd).toBeGreaterThan(0.02);
    expect(odd).toBeLessThan(0.3);
    for (const v of vehicles) {
      expect(ids.has(v.claim_id)).toBe(true);
      expect(['insured', 'third_party']).toContain(v.role);
      expect(normPlate(v.plate)).toMatch(/^赣[A-HJ-M][A-HJ-NP-Z0-9]{5}$/);
      expect(isValidVin(v.vin), v.vin).toBe(true);
    }
    const orgNames = new Map<string, string>();
    for (const p of providers) {
      expect(ids.has(p.claim_id)).toBe(true);
      expect(PROVIDER_KINDS).toContain(p.kind);
      expect(isValidUscc(p.org_code), p.org_code).toBe(true);
      expect(orgNames.get(p.org_code) ?? p.name).toBe(p.name);
      orgNames.set(p.org_code, p.name);
      expect(p.region_code).toMatch(/^36\d{4}$/);
    }
  });

  it('watchlist rows are well-formed', () => {
    expect(watchlist.length).toBeGreaterThan(5);
    for (const w of watchlist) {
      expect(WATCH_ENTITIES).toContain(w.entity);
      expect(w.listed_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (w.entity === 'person') expect(isValidResidentId(w.key)).toBe(true);
      if (w.entity === 'phone') expect(normPhone(w.key)).toMatch(/^1\d{10}$/);
    }
  });
});

describe('generator ground truth', () => {
  it('plants enough rings of every category at 10k claims', () => {
    expect(truth.rings.length).toBeGreaterThanOrEqual(6);
    const cats = new Set(truth.rings.map((r) => r.category));
    for (const c of ['staged_collision', 'injury_broker', 'repair_shop', 'fake_death', 'mixed'])
      expect(cats.has(c), c).toBe(true);
    for (const r of truth.rings) {
      expect(r.id).toMatch(/^T\d{4}$/);
      expect(r.claims.length).toBeGreaterThanOrEqual(5);
      expect(r.claims.length).toBeLessThanOrEqual(40);
      expect(r.organisers.length).toBeGreaterThan(0);
      expect(r.regions.length).toBeGreaterThan(0);
      expect(r.insurers.length).toBeGreaterThan(0);
    }
    const ringClaims = truth.rings.reduce((a, r) => a + r.claims.length, 0);
    expect(ringClaims / truth.claims).toBeGreaterThan(0.025);
    expect(ringClaims / truth.claims).toBeLessThan(0.06);
  });

  it('every ring claim exists, belongs to one ring, and every member is visible in the batch', () => {
    const ids = new Set(claims.map((c) => c.claim_id));
    const owner = new Map<string, string>();
    for (const r of truth.rings) {
      for (const id of r.claims) {
        expect(ids.has(id), id).toBe(true);
        expect(owner.has(id), id).toBe(false);
        owner.set(id, r.id);
      }
    }
    const seen: Record<string, Set<string>> = {
      person: new Set(),
      phone: new Set(),
      bank_account: new Set(),
      vehicle: new Set(),
      org: new Set()
    };
    for (const p of parties) {
      if (p.id_number) seen.person!.add(p.id_number.toUpperCase());
      seen.phone!.add(normPhone(p.phone));
      if (p.bank_account) seen.bank_account!.add(normBank(p.bank_account));
    }
    for (const v of vehicles) seen.vehicle!.add(normPlate(v.plate));
    for (const p of providers) seen.org!.add(p.org_code);
    for (const r of truth.rings) {
      for (const m of r.members) {
        const set = seen[m.type] ?? seen.org!;
        expect(set.has(m.key), `${r.id} ${m.type} ${m.key}`).toBe(true);
        if (m.type === 'person') expect(isValidResidentId(m.key) && m.key === m.key.toUpperCase()).toBe(true);
        if (m.type === 'phone') expect(m.key).toMatch(/^1\d{10}$/);
        if (m.type === 'vehicle') expect(m.key).toBe(normPlate(m.key));
        if (m.type === 'bank_account') expect(m.key).toMatch(/^\d+$/);
      }
      for (const o of r.organisers) {
        expect(isValidResidentId(o)).toBe(true);
        expect(seen.person!.has(o), `${r.id} organiser ${o}`).toBe(true);
      }
    }
  });

  it('records the honest structures that cause false positives', () => {
    const h = truth.honest as Record<string, number>;
    expect(h.families).toBeGreaterThan(100);
    expect(h.repeatSingles).toBeGreaterThan(100);
    expect(h.fleets).toBeGreaterThan(0);
    expect(h.agents).toBeGreaterThan(0);
    expect(h.ringMemberHonestClaims).toBeGreaterThan(0);
    expect(truth.invalid).toEqual([]);
  });
});

describe('generator options', () => {
  it('injects deliberately invalid rows only when asked', async () => {
    const dir = join(root, 'bad');
    await generate({ claims: 2_000, out: dir, seed: 3, invalidRate: 0.05 });
    const t = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
    expect(t.invalid.length).toBeGreaterThan(20);
    const badIds = new Set(t.invalid.filter((i) => i.kind === 'bad_check_digit').map((i) => i.claim_id));
    const rows = read(dir, 'parties.csv').rows.filter((p) => badIds.has(p.claim_id) && p.id_number);
    expect(rows.some((p) => !isValidResidentId(p.id_number))).toBe(true);
  }, 60_000);

  it('handles tiny books and rejects bad options with a prefixed error', async () => {
    const r = await generate({ claims: 3, out: join(root, 'tiny'), seed: 1 });
    expect(r.claims).toBe(3);
    expect(r.rings).toBe(0);
    await expect(generate({ claims: 0, out: join(root, 'x') })).rejects.toThrow(/^ringsight\/generator:/);
    await expect(generate({ claims: 10, out: join(root, 'x'), seed: -1 })).rejects.toThrow(/^ringsight\/generator:/);
    await expect(generate({ claims: 10, out: join(root, 'x'), invalidRate: 2 })).rejects.toThrow(
      /^ringsight\/generator:/
    );
    expect(DEFAULTS.invalidRate).toBe(0);
  });
});
