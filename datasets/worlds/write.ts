/**
 * ringsight/datasets/worlds/write
 * ===============================
 *
 * Turns a built world into a batch directory in the README's input contract
 * (claims, parties, vehicles, providers, watchlist CSV; UTF-8, header row,
 * RFC 4180) plus truth.json. Claim ids are assigned here, in accident-date
 * order per insurer, so an id says nothing about a ring. Data-entry noise
 * (phone and plate formats, missing optional fields, mistyped witness IDs,
 * repeated rows) is applied here at the world's noise rate.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corruptId } from './identity.js';
import type { Rng } from './rng.js';
import type { ClaimRec, World } from './world.js';

function cell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function line(values: Array<string | number | null>): string {
  return values.map(cell).join(',');
}

class Noise {
  constructor(
    private readonly rng: Rng,
    readonly rate: number
  ) {}

  hit(scale = 1): boolean {
    return this.rate > 0 && this.rng.chance(this.rate * scale);
  }

  phone(p: string): string {
    if (!p || !this.hit(3)) return p;
    const r = this.rng.int(0, 5);
    if (r === 0) return `+86 ${p}`;
    if (r === 1) return `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`;
    if (r === 2) return `${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`;
    if (r === 3) return `0086${p}`;
    if (r === 4 && this.rng.chance(0.15)) return p.slice(0, 10); // a digit lost: invalid, dropped with a warning
    return ` ${p}`;
  }

  plate(p: string): string {
    if (!this.hit(3)) return p;
    const r = this.rng.int(0, 2);
    if (r === 0) return p.toLowerCase();
    if (r === 1) return `${p.slice(0, 2)}·${p.slice(2)}`;
    return `${p.slice(0, 2)} ${p.slice(2)}`.toLowerCase();
  }

  bank(b: string): string {
    if (!b || !this.hit(1.5)) return b;
    return b.replace(/(\d{4})(?=\d)/g, this.rng.chance(0.5) ? '$1 ' : '$1-');
  }

  id(id: string): string {
    if (!id || !this.hit(1)) return id;
    return id.toLowerCase();
  }

  drop<T extends string | number | null>(v: T, scale = 1): T | '' {
    return this.hit(scale) ? '' : v;
  }
}

export interface WriteResult {
  claims: number;
  parties: number;
  vehicles: number;
  providers: number;
  watchlist: number;
}

/** Assigns claim ids: insurer code, accident year, running number per insurer and year. */
export function assignIds(w: World): ClaimRec[] {
  const order = [...w.claims].sort((a, b) => a.day - b.day || a.seq - b.seq);
  const counters = new Map<string, number>();
  for (const c of order) {
    const year = w.date(c.day).slice(0, 4);
    const key = `${c.insurer}|${year}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    c.id = `${w.insurers[c.insurer]!.code}${year}${String(n).padStart(6, '0')}`;
  }
  return order;
}

export function writeBatch(w: World, order: ClaimRec[], out: string, rng: Rng): WriteResult {
  mkdirSync(out, { recursive: true });
  const noise = new Noise(rng, w.params.noise);
  const claims = [
    'claim_id,insurer,policy_no,product,region_code,accident_date,report_date,policy_start,claimed_amount,paid_amount,status'
  ];
  const parties = ['claim_id,role,id_number,name,phone,bank_account'];
  const vehicles = ['claim_id,role,plate,vin'];
  const providers = ['claim_id,kind,org_code,name,region_code'];
  for (const c of order) {
    const report = Math.min(w.days + 30, c.day + c.reportLag);
    const row = line([
      c.id,
      w.insurers[c.insurer]!.name,
      noise.drop(c.policyNo),
      c.product,
      c.region,
      w.date(c.day),
      noise.drop(w.date(report)),
      c.policyStartDay === null ? '' : noise.drop(w.date(c.policyStartDay)),
      c.claimed.toFixed(2),
      c.paid === null ? '' : c.paid.toFixed(2),
      noise.drop(c.status, 0.5)
    ]);
    claims.push(row);
    if (noise.hit(0.5)) claims.push(row);
    for (const p of c.parties) {
      let id = noise.id(p.id);
      if (id && (p.role === 'witness' || p.role === 'passenger') && noise.hit(4)) id = corruptId(p.id);
      const prow = line([c.id, p.role, id, noise.drop(p.name), noise.phone(p.phone), noise.bank(p.bank)]);
      parties.push(prow);
      if (noise.hit(0.3)) parties.push(prow);
    }
    for (const v of c.vehicles) {
      const withVin = v.role === 'insured' ? rng.chance(0.6) : rng.chance(0.25);
      const plate = noise.hit(0.3) && withVin ? '' : noise.plate(v.plate);
      vehicles.push(line([c.id, v.role, plate, withVin || !plate ? v.vin : '']));
    }
    for (const o of c.providers) providers.push(line([c.id, o.kind, o.code, noise.drop(o.name, 0.5), o.region]));
  }
  const watch = ['entity,key,reason,listed_by,listed_at,expires_at'];
  const seen = new Set<string>();
  for (const e of w.watch) {
    const k = `${e.entity}|${e.key}`;
    if (seen.has(k)) continue;
    seen.add(k);
    watch.push(line([e.entity, e.key, e.reason, e.listedBy, e.listedAt, e.expiresAt]));
  }
  const put = (name: string, rows: string[]): void => writeFileSync(join(out, name), rows.join('\n') + '\n', 'utf8');
  put('claims.csv', claims);
  put('parties.csv', parties);
  put('vehicles.csv', vehicles);
  put('providers.csv', providers);
  put('watchlist.csv', watch);
  return {
    claims: claims.length - 1,
    parties: parties.length - 1,
    vehicles: vehicles.length - 1,
    providers: providers.length - 1,
    watchlist: watch.length - 1
  };
}
