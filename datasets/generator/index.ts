// ringsight/datasets/generator — public entry point: generate() builds a seeded claims world (honest book,
// planted rings, watchlist), streams it to a batch directory of CSV files and writes truth.json.
// Same seed and options give byte-identical files.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, hash2, label } from './random.js';
import { accidentDayCdf, dayOf } from './dates.js';
import { Minter } from './identity.js';
import { Registry } from './registry.js';
import { Catalog, KINDS } from './providers.js';
import { INSURERS } from './market.js';
import { PREFECTURES, districtPref } from './regions.js';
import { assignInceptions, type Claim } from './claim.js';
import { HonestBook, type Unit } from './units.js';
import { honestClaim } from './honest.js';
import { CATEGORIES, RingCtx, newRing, planRings, type Ring } from './rings.js';
import { buildRing } from './patterns.js';
import { buildWatchlist, writeWatchlist } from './watchlist.js';
import { BatchWriter } from './writer.js';
import { Agents, type World } from './world.js';

export interface GenerateOptions {
  /** number of claims in the book */
  claims: number;
  /** output directory (created if missing) */
  out: string;
  seed?: number;
  /** first and last day of the book (YYYY-MM-DD) */
  start?: string;
  end?: string;
  /** about one ring per this many claims */
  claimsPerRing?: number;
  /** target share of ring claims in the book */
  ringShare?: number;
  /** exact number of rings (overrides claimsPerRing) */
  rings?: number;
  /** share of ring members who also file honest claims of their own */
  memberHonestRate?: number;
  /** share of claims with one deliberately invalid row (for validator tests) */
  invalidRate?: number;
  /** write truth.json next to the batch */
  truth?: boolean;
}

export interface GenerateResult {
  claims: number;
  parties: number;
  vehicles: number;
  providers: number;
  watchlist: number;
  rings: number;
  files: string[];
}

export const DEFAULTS = {
  seed: 1,
  start: '2023-01-01',
  end: '2025-12-31',
  claimsPerRing: 800,
  ringShare: 0.035,
  memberHonestRate: 0.25,
  invalidRate: 0,
  truth: true
};

function fail(msg: string): never {
  throw new Error(`ringsight/generator: ${msg}`);
}

function validate(o: GenerateOptions & typeof DEFAULTS): void {
  if (!Number.isInteger(o.claims) || o.claims < 1) fail(`claims must be a positive integer, got ${o.claims}`);
  if (o.claims > 2_000_000) fail(`claims above 2,000,000 are not supported (identifier space; got ${o.claims})`);
  if (typeof o.out !== 'string' || !o.out) fail('out must be a directory path');
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff)
    fail(`seed must be an integer in [0, 2^32), got ${o.seed}`);
  if (!(o.invalidRate >= 0 && o.invalidRate <= 0.5)) fail(`invalidRate must be in [0, 0.5], got ${o.invalidRate}`);
  if (!(o.ringShare >= 0 && o.ringShare <= 0.2)) fail(`ringShare must be in [0, 0.2], got ${o.ringShare}`);
  if (!(o.claimsPerRing >= 50)) fail(`claimsPerRing must be at least 50, got ${o.claimsPerRing}`);
  if (o.rings !== undefined && !(Number.isInteger(o.rings) && o.rings >= 0))
    fail(`rings must be a non-negative integer, got ${o.rings}`);
  if (dayOf(o.end) - dayOf(o.start) < 365) fail(`the book must span at least a year (${o.start} … ${o.end})`);
}

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const o = { ...DEFAULTS, ...options } as GenerateOptions & typeof DEFAULTS;
  validate(o);
  mkdirSync(o.out, { recursive: true });
  const key = hash2(o.seed, label('ringsight'));
  const stream = (name: string): Rng => new Rng(hash2(key, label(name)));
  const minter = new Minter(key);
  const start = dayOf(o.start);
  const end = dayOf(o.end);
  const world: World = {
    key,
    start,
    end,
    dayCdf: accidentDayCdf(start, end),
    registry: new Registry(minter, key),
    catalog: new Catalog(minter),
    agents: new Agents()
  };
  const honestGuess = Math.round(o.claims * (1 - o.ringShare));
  world.catalog.populate(stream('catalog'), honestGuess);
  world.agents.populate(stream('agents'), world.registry, honestGuess);

  // Rings first: they add their own clinics and workshops to the market honest claims draw from.
  const specs = planRings(stream('rings'), {
    claims: o.claims,
    claimsPerRing: o.claimsPerRing,
    share: o.ringShare,
    rings: o.rings
  });
  const rings: Ring[] = specs.map((s, i) => {
    const ring = newRing(world, i, s.category);
    buildRing(new RingCtx(world, ring), s.size);
    return ring;
  });
  const ringClaims = rings.reduce((a, r) => a + r.claims.length, 0);
  if (ringClaims > o.claims) fail(`rings need ${ringClaims} claims but the book has only ${o.claims}`);

  // Ring members and lured drivers have ordinary lives too; those claims are honest.
  const extra = ownHonestClaims(world, rings, o.memberHonestRate, o.claims - ringClaims, stream('own-claims'));
  const book = new HonestBook();
  book.plan(world, o.claims - ringClaims - extra.length);
  const materialised: Claim[] = [...rings.flatMap((r) => r.claims), ...extra];
  assignInceptions(key, materialised);

  const writer = new BatchWriter(world, o.out, o.invalidRate);
  emit(world, book, materialised, writer, rings, stream('emit'));
  writer.close();

  const watch = buildWatchlist(world, rings, book, o.claims);
  const watchPath = join(o.out, 'watchlist.csv');
  writeWatchlist(watchPath, watch);
  const files = [...writer.files(), watchPath];
  if (o.truth) {
    const truthPath = join(o.out, 'truth.json');
    writeFileSync(truthPath, JSON.stringify(truth(world, o, rings, book, extra.length, watch, writer), null, 1) + '\n');
    files.push(truthPath);
  }
  return {
    claims: o.claims,
    parties: writer.parties.rows,
    vehicles: writer.vehicles.rows,
    providers: writer.providers.rows,
    watchlist: watch.length,
    rings: rings.length,
    files
  };
}

function ownHonestClaims(world: World, rings: Ring[], rate: number, budget: number, rng: Rng): Claim[] {
  const out: Claim[] = [];
  const reg = world.registry;
  const people: [number, boolean][] = [];
  for (const ring of rings) {
    for (const p of ring.people) if (rng.chance(rate)) people.push([p, ring.vehicles.has(p)]);
    for (const p of ring.outsiders) if (rng.chance(0.2)) people.push([p, true]);
  }
  for (const [person, hasCar] of people) {
    const k = rng.chance(0.3) ? 2 : 1;
    if (out.length + k > budget) break;
    const days = Array.from({ length: k }, () => world.start + rng.weighted(world.dayCdf));
    const strangers = reg.reserve(2 * k);
    for (let s = strangers; s < strangers + 2 * k; s++)
      reg.setPerson(s, rng, reg.homeOf(person), 'adult', rng.chance(0.6));
    const unit: Unit = HonestBook.single(world, rng.u32(), person, days, strangers, hasCar || rng.chance(0.4));
    for (let j = 0; j < k; j++) out.push(honestClaim(world, unit, j));
  }
  return out;
}

/**
 * Write every claim in accident-date order. Within a day, honest and ring claims are shuffled
 * together so neither file position nor claim number says anything about rings.
 */
function emit(world: World, book: HonestBook, mat: Claim[], writer: BatchWriter, rings: Ring[], rng: Rng): void {
  const days = world.end - world.start + 1;
  const count = new Int32Array(days + 1);
  for (const d of book.entryDay) count[d - world.start + 1]!++;
  for (let i = 0; i < days; i++) count[i + 1]! += count[i]!;
  const order = new Int32Array(book.entryDay.length);
  const fill = count.slice();
  book.entryDay.forEach((d, i) => (order[fill[d - world.start]!++] = i));
  const matByDay: number[][] = Array.from({ length: days }, () => []);
  mat.forEach((c, i) => matByDay[c.day - world.start]!.push(i));

  for (let d = 0; d < days; d++) {
    const today: number[] = [];
    for (let i = count[d]!; i < count[d + 1]!; i++) today.push(order[i]!);
    for (const m of matByDay[d]!) today.push(-1 - m);
    rng.shuffle(today);
    for (const e of today) {
      if (e >= 0) {
        const unit = book.rebuild(world, book.entryUnit[e]!);
        writer.write(honestClaim(world, unit, book.entryJ[e]!));
      } else {
        const c = mat[-1 - e]!;
        const id = writer.write(c);
        if (c.ring >= 0) (rings[c.ring] as Ring).ids.push(id);
      }
    }
  }
}

function truth(
  world: World,
  o: GenerateOptions & typeof DEFAULTS,
  rings: Ring[],
  book: HonestBook,
  ownClaims: number,
  watch: { ring: number }[],
  writer: BatchWriter
): unknown {
  const reg = world.registry;
  return {
    seed: o.seed,
    claims: o.claims,
    period: { start: o.start, end: o.end },
    rings: rings.map((ring) => {
      const members: { type: string; key: string }[] = [];
      const seen = new Set<string>();
      const add = (type: string, key: string): void => {
        if (seen.has(type + key)) return;
        members.push({ type, key });
        seen.add(type + key);
      };
      // Only what the ring controls and what actually shows in its claims.
      for (const c of ring.claims) {
        for (const p of c.parties) {
          if (ring.people.has(p.person) && !p.noId) add('person', reg.id(p.person));
          if (ring.people.has(p.phone) || ring.phones.has(p.phone)) add('phone', reg.phone(p.phone));
          if (p.bank >= 0 && (ring.people.has(p.bank) || ring.banks.has(p.bank))) add('bank_account', reg.bank(p.bank));
        }
        for (const v of c.vehicles) if (ring.vehicles.has(v.serial)) add('vehicle', reg.plate(v.serial));
        for (const pi of c.providers) {
          const p = world.catalog.providers[pi]!;
          if (ring.providers.has(pi)) add(KINDS[p.kind]!, p.org);
        }
      }
      const prefs = [...new Set(ring.claims.map((c) => PREFECTURES[districtPref(c.district)]!.code))].sort();
      const insurers = [...new Set(ring.claims.map((c) => c.insurer))]
        .sort((a, b) => a - b)
        .map((i) => INSURERS[i]!.name);
      return {
        id: ring.id,
        category: CATEGORIES[ring.category],
        claims: ring.ids,
        members,
        organisers: ring.organisers.map((s) => reg.id(s)),
        regions: prefs,
        insurers,
        // Honest people on ring claims (lured drivers, padded customers): flagging them is a false positive.
        outsiders: ring.outsiders.map((s) => reg.id(s))
      };
    }),
    honest: {
      ...book.counts,
      agents: world.agents.total,
      ringMemberHonestClaims: ownClaims,
      outsidersInRingClaims: rings.reduce((a, r) => a + r.outsiders.length, 0),
      providers: world.catalog.counts(),
      watchlistNoise: watch.filter((w) => w.ring < 0).length
    },
    watchlistRingEntries: watch.filter((w) => w.ring >= 0).length,
    /** identities minted (people, phone lines, accounts, vehicles; many never appear in claims) */
    identities: reg.size,
    invalid: writer.invalid
  };
}
