// ringsight/datasets/generator/writer — streams claims into the batch CSV files (claims, parties, vehicles,
// providers) with large buffered synchronous writes, applies each insurer's clerical formatting
// habits, and, only when asked to, corrupts a few rows so validators have something to catch.

import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, hash2, label } from './random.js';
import { iso, yearOf } from './dates.js';
import { formatBank, formatPhone, formatPlate } from './identity.js';
import { INSURERS, PHONE_STYLE_CDF, PLATE_STYLE_CDF, PRODUCTS, STATUSES, formatMoney } from './market.js';
import { DISTRICTS, districtPref, prefCode, regionCode } from './regions.js';
import { KINDS, type Provider } from './providers.js';
import { ROLES, type Claim } from './claim.js';
import type { World } from './world.js';

const BUFFER_BYTES = 4 << 20;
const MAX_LINE_BYTES = 64 << 10; // far above any row we produce; flush before a row could overflow

/** RFC 4180: quote a field only when it contains a comma, quote or line break. */
export function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Append-only CSV file. Rows are encoded straight into one reusable byte buffer: concatenating
 * millions of rows into JS strings first would cost more in garbage collection than in writing.
 */
export class CsvFile {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  rows = 0;

  constructor(
    readonly path: string,
    header: readonly string[]
  ) {
    this.fd = openSync(path, 'w');
    this.used = this.buf.write(header.join(',') + '\n', 0);
  }

  line(s: string): void {
    if (this.used > BUFFER_BYTES - MAX_LINE_BYTES) this.flush();
    this.used += this.buf.write(s, this.used);
    this.buf[this.used++] = 10;
    this.rows++;
  }

  flush(): void {
    let off = 0;
    while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off);
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export const INVALID_KINDS = [
  'bad_check_digit',
  'bad_date',
  'negative_amount',
  'unknown_product',
  'orphan_party',
  'bad_phone',
  'duplicate_claim_id'
] as const;

export interface InvalidRow {
  kind: (typeof INVALID_KINDS)[number];
  claim_id: string;
}

function pad(n: number, w: number): string {
  const s = String(n);
  return s.length >= w ? s : '0'.repeat(w - s.length) + s;
}

export class BatchWriter {
  readonly claims: CsvFile;
  readonly parties: CsvFile;
  readonly vehicles: CsvFile;
  readonly providers: CsvFile;
  readonly invalid: InvalidRow[] = [];
  private readonly fmt: Rng;
  private readonly bad: Rng;
  private readonly seqs = new Map<number, number>();

  constructor(
    private readonly world: World,
    dir: string,
    private readonly invalidRate: number
  ) {
    this.claims = new CsvFile(join(dir, 'claims.csv'), [
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
    this.parties = new CsvFile(join(dir, 'parties.csv'), [
      'claim_id',
      'role',
      'id_number',
      'name',
      'phone',
      'bank_account'
    ]);
    this.vehicles = new CsvFile(join(dir, 'vehicles.csv'), ['claim_id', 'role', 'plate', 'vin']);
    this.providers = new CsvFile(join(dir, 'providers.csv'), ['claim_id', 'kind', 'org_code', 'name', 'region_code']);
    this.fmt = new Rng(hash2(world.key, label('format')));
    // Corruption has its own stream so turning it on does not reshuffle the valid rows.
    this.bad = new Rng(hash2(world.key, label('invalid')));
  }

  /** Next claim number of an insurer in a report year; the pooled book holds only some of them. */
  private claimId(insurer: number, year: number): string {
    const k = insurer * 10_000 + year;
    const seq = (this.seqs.get(k) ?? 1000 + this.fmt.int(50_000)) + 1 + this.fmt.int(40);
    this.seqs.set(k, seq);
    return `${(INSURERS[insurer] as { code: string }).code}${year}${pad(seq, 8)}`;
  }

  write(c: Claim): string {
    const reg = this.world.registry;
    const f = this.fmt;
    const ins = INSURERS[c.insurer] as (typeof INSURERS)[number];
    const id = this.claimId(c.insurer, yearOf(c.report));
    const corrupt =
      this.invalidRate > 0 && this.bad.chance(this.invalidRate)
        ? INVALID_KINDS[this.bad.int(INVALID_KINDS.length)]
        : undefined;
    if (corrupt) this.invalid.push({ kind: corrupt, claim_id: id });

    const policy = reg.minter.policyNo(
      ins.code.slice(0, 2),
      yearOf(c.inception),
      prefCode(districtPref(reg.homeOf(c.holder))),
      (c.holder * 6 + c.product) * 8 + c.insurer
    );
    const claimed = formatMoney(c.claimed);
    const row =
      `${id},${ins.name},${policy},${corrupt === 'unknown_product' ? 'vehicle' : PRODUCTS[c.product]},${regionCode(c.district, c.prefectureOnly)},` +
      `${corrupt === 'bad_date' ? `${yearOf(c.day)}-02-30` : iso(c.day)},${iso(c.report)},${iso(c.inception)},` +
      `${corrupt === 'negative_amount' ? '-' + claimed : claimed},${c.paid >= 0 ? formatMoney(c.paid) : ''},${STATUSES[c.status]}`;
    this.claims.line(row);
    if (corrupt === 'duplicate_claim_id') this.claims.line(row);

    const phoneCdf = PHONE_STYLE_CDF[c.insurer] as Float64Array;
    for (let i = 0; i < c.parties.length; i++) {
      const p = c.parties[i]!;
      let idNo = p.noId ? '' : reg.id(p.person);
      // Clerks type the check character X in either case.
      if (idNo.endsWith('X') && f.chance(0.2)) idNo = idNo.slice(0, 17) + 'x';
      if (i === 0 && corrupt === 'bad_check_digit' && idNo) idNo = idNo.slice(0, 17) + (idNo[17] === '0' ? '1' : '0');
      let phone = formatPhone(reg.phone(p.phone), f.weighted(phoneCdf));
      if (i === 0 && corrupt === 'bad_phone') phone = phone.replace(/\d{2}$/, '');
      const bank = p.bank >= 0 ? formatBank(reg.bank(p.bank), f.chance(ins.bankSpaced) ? 1 : 0) : '';
      this.parties.line(`${id},${ROLES[p.role]},${idNo},${field(reg.name(p.person))},${phone},${bank}`);
    }
    if (corrupt === 'orphan_party' && c.parties.length) {
      const p = c.parties[0]!;
      this.parties.line(
        `${id}-X,${ROLES[p.role]},${reg.id(p.person)},${field(reg.name(p.person))},${reg.phone(p.phone)},`
      );
    }

    const plateCdf = PLATE_STYLE_CDF[c.insurer] as Float64Array;
    for (const v of c.vehicles) {
      this.vehicles.line(
        `${id},${v.role === 0 ? 'insured' : 'third_party'},${formatPlate(reg.plate(v.serial), f.weighted(plateCdf))},${reg.vin(v.serial)}`
      );
    }

    for (let i = 0; i < c.providers.length; i++) {
      const idx = c.providers[i] as number;
      if (c.providers.indexOf(idx) < i) continue;
      const pr = this.world.catalog.providers[idx] as Provider;
      this.providers.line(
        `${id},${KINDS[pr.kind]},${pr.org},${field(pr.name)},${(DISTRICTS[pr.district] as { code: string }).code}`
      );
    }
    return id;
  }

  files(): string[] {
    return [this.claims.path, this.parties.path, this.vehicles.path, this.providers.path];
  }

  close(): void {
    this.claims.close();
    this.parties.close();
    this.vehicles.close();
    this.providers.close();
  }
}
