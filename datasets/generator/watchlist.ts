// ringsight/datasets/generator/watchlist — the industry watchlist: some ring members, phones, cars, accounts and
// controlled providers, mixed with honest noise (frequent but innocent claimants, an innocent
// driver a gang crashed into, busy providers under routine review) and entries that never appear
// in the book at all. Reasons and sources overlap between the two on purpose: being listed is a
// hint, never ground truth.

import { Rng, hash2, label } from './random.js';
import { formatPhone, formatPlate, normPhone, normPlate } from './identity.js';
import { INSURERS } from './market.js';
import { drawDistrict, drawPref } from './regions.js';
import { APPRAISER, HOSPITAL, KINDS, LAWYER, REPAIR, type Provider } from './providers.js';
import type { Ring } from './rings.js';
import type { HonestBook } from './units.js';
import { iso } from './dates.js';
import { CsvFile, field } from './writer.js';
import type { World } from './world.js';

export interface WatchRow {
  entity: string;
  key: string;
  reason: string;
  listedBy: string;
  day: number;
  /** ring index, -1 for noise */
  ring: number;
}

const REASONS = [
  '疑似团伙作案',
  '多次出险',
  '短期投保即出险',
  '伤残鉴定存疑',
  '重复索赔',
  '维修项目虚增',
  '资料不一致待核实',
  '涉嫌保险诈骗被立案侦查',
  '高频出险',
  '历史理赔纠纷',
  '外省协查名单',
  '费用异常待核查'
];
// Ring entries lean on the first reasons, noise on the last ones, but both use all of them.
const RING_BIAS = [5, 4, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1];
const NOISE_BIAS = [1, 2, 1, 1, 2, 1, 3, 1, 5, 4, 3, 3];
const SOURCES = [...INSURERS.map((i) => i.name), '江西省保险行业协会', '公安经侦', '金融监管局江西监管局'];

function weightedPick(r: Rng, items: string[], w: number[]): string {
  let x = r.next() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) if ((x -= w[i] as number) < 0) return items[i] as string;
  return items[items.length - 1] as string;
}

export function buildWatchlist(world: World, rings: Ring[], book: HonestBook, claims: number): WatchRow[] {
  const r = new Rng(hash2(world.key, label('watchlist')));
  const reg = world.registry;
  const cat = world.catalog;
  const rows: WatchRow[] = [];
  const seen = new Set<string>();
  const add = (entity: string, key: string, ring: number, day: number): void => {
    // Two sources listing the same number happens, but one row per entity keeps the list tidy.
    const norm = entity === 'phone' ? normPhone(key) : entity === 'vehicle' ? normPlate(key) : key.toUpperCase();
    if (seen.has(entity + norm)) return;
    seen.add(entity + norm);
    const reason = weightedPick(r, REASONS, ring >= 0 ? RING_BIAS : NOISE_BIAS);
    rows.push({ entity, key, reason, listedBy: r.pick(SOURCES), day: Math.min(day, world.end), ring });
  };
  const person = (s: number): string => {
    const id = reg.id(s);
    return id.endsWith('X') && r.chance(0.3) ? id.slice(0, 17) + 'x' : id;
  };
  const phone = (s: number): string => formatPhone(reg.phone(s), r.chance(0.8) ? 0 : r.range(1, 4));
  const plate = (s: number): string => formatPlate(reg.plate(s), r.chance(0.7) ? 0 : r.range(1, 3));

  for (const ring of rings) {
    if (!r.chance(0.45)) continue;
    // Listed after an earlier case, or flagged part-way through the ring's run.
    const day = r.chance(0.25) ? ring.start - r.range(30, 400) : ring.start + r.range(30, ring.span + 200);
    const people = [...ring.people];
    const options: (() => void)[] = [
      () => add('person', person(r.pick(ring.organisers) as number), ring.index, day),
      () => add('person', person(r.pick(people) as number), ring.index, day),
      () =>
        add(
          'phone',
          phone(r.pick(ring.phones.size && r.chance(0.5) ? [...ring.phones] : people) as number),
          ring.index,
          day
        ),
      () => ring.vehicles.size && add('vehicle', plate(r.pick([...ring.vehicles]) as number), ring.index, day),
      () => add('bank_account', reg.bank(r.pick(ring.organisers) as number), ring.index, day),
      () => {
        if (!ring.providers.size) return;
        const p = cat.providers[r.pick([...ring.providers]) as number] as Provider;
        add(KINDS[p.kind]!, p.org, ring.index, day);
      }
    ];
    for (let k = r.range(1, 3); k > 0; k--) (r.pick(options) as () => void)();
    // The innocent driver a gang crashed into ends up listed too.
    if (ring.outsiders.length && r.chance(0.15)) add('person', person(r.pick(ring.outsiders) as number), -1, day + 30);
  }

  const noise = Math.max(4, Math.round(claims * 0.0015));
  const from = world.start - 730;
  for (let i = 0; i < noise; i++) {
    const day = from + r.int(world.end - from + 1);
    const x = r.next();
    if (x < 0.6 && book.units > 0) {
      const unit = book.rebuild(world, r.int(book.units));
      const who = unit.persons[0] as number;
      if (x < 0.3) add('person', person(who), -1, day);
      else if (x < 0.42) add('phone', phone(unit.homePhone >= 0 ? unit.homePhone : who), -1, day);
      else if (x < 0.52 && unit.vehicles.length) add('vehicle', plate(unit.vehicles[0] as number), -1, day);
      else add('bank_account', reg.bank(who), -1, day);
    } else if (x < 0.75) {
      const kind = r.pick([HOSPITAL, REPAIR, APPRAISER, LAWYER]);
      const p = cat.providers[cat.pick(r, kind, drawPref(r))] as Provider;
      add(KINDS[p.kind]!, p.org, -1, day);
    } else {
      // Listed elsewhere in the country; never claims in this book.
      const s = reg.reserve(1);
      reg.setPerson(s, r, drawDistrict(r, drawPref(r)), 'adult', r.chance(0.7));
      const y = r.next();
      if (y < 0.5) add('person', person(s), -1, day);
      else if (y < 0.8) add('phone', phone(s), -1, day);
      else add('vehicle', plate(s), -1, day);
    }
  }
  // A list sorted by ring would give the game away; real lists are ordered by listing date.
  return rows.sort((a, b) => a.day - b.day || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function writeWatchlist(path: string, rows: WatchRow[]): void {
  const f = new CsvFile(path, ['entity', 'key', 'reason', 'listed_by', 'listed_at']);
  for (const w of rows) f.line(`${w.entity},${field(w.key)},${field(w.reason)},${field(w.listedBy)},${iso(w.day)}`);
  f.close();
}
