// ringsight/datasets/generator/claim — the in-memory shape of one claim before it is written, shared by the
// honest and the ring builders. Everything is a serial or an index; strings are only produced by
// the writer, so a materialised claim costs a few hundred bytes.

import { Rng, hash3 } from './random.js';
import { drawInceptionGap } from './market.js';

export const ROLES = [
  'insured',
  'claimant',
  'driver',
  'passenger',
  'injured',
  'witness',
  'beneficiary',
  'deceased',
  'agent'
] as const;
export const INSURED = 0;
export const CLAIMANT = 1;
export const DRIVER = 2;
export const PASSENGER = 3;
export const INJURED = 4;
export const WITNESS = 5;
export const BENEFICIARY = 6;
export const DECEASED = 7;
export const AGENT = 8;

export const VEHICLE_INSURED = 0;
export const VEHICLE_THIRD_PARTY = 1;

export interface PartyRow {
  role: number;
  /** person serial */
  person: number;
  /** serial whose phone is given as contact number (often not the person's own) */
  phone: number;
  /** serial whose bank account receives the payout; -1 leaves the field empty */
  bank: number;
  /** witnesses sometimes refuse to give an ID number */
  noId: boolean;
}

export interface VehicleRow {
  role: number;
  serial: number;
}

export interface Claim {
  /** accident day (days since epoch) */
  day: number;
  report: number;
  /** policy inception day; filled by assignInceptions for materialised claims */
  inception: number;
  insurer: number;
  /** serial the policy is written on (vehicle for motor, person otherwise) */
  holder: number;
  product: number;
  /** global district index of the accident place */
  district: number;
  prefectureOnly: boolean;
  claimed: number;
  paid: number;
  status: number;
  parties: PartyRow[];
  vehicles: VehicleRow[];
  providers: number[];
  /** ring index, -1 for honest claims */
  ring: number;
  /** policy bought just before the loss (only meaningful before inceptions are assigned) */
  shortPolicy: boolean;
}

export function party(role: number, person: number, phone = person, bank = -1, noId = false): PartyRow {
  return { role, person, phone, bank, noId };
}

export function clampReport(rng: Rng, day: number, lag: number, end: number): number {
  // Re-draw rather than clip, so the last day of the book does not collect a spike of reports.
  return day + lag <= end ? day + lag : day + rng.int(end - day + 1);
}

/** Inception of a (holder, product, insurer) policy: stable, and never after its first claim. */
export function inceptionFor(
  key: number,
  anchor: number,
  holder: number,
  product: number,
  insurer: number,
  short: boolean
): number {
  return anchor - drawInceptionGap(new Rng(hash3(key, holder, product * 16 + insurer)), short);
}

/**
 * Give every materialised claim a policy inception consistent across claims on the same policy:
 * the anchor is that policy's earliest claim, and a policy is "short" if any of its claims says so.
 */
export function assignInceptions(key: number, claims: Claim[]): void {
  const groups = new Map<string, { anchor: number; short: boolean; claims: Claim[] }>();
  for (const c of claims) {
    const k = `${c.holder}:${c.product}:${c.insurer}`;
    const g = groups.get(k);
    if (g) {
      g.anchor = Math.min(g.anchor, c.day);
      g.short ||= c.shortPolicy;
      g.claims.push(c);
    } else groups.set(k, { anchor: c.day, short: c.shortPolicy, claims: [c] });
  }
  for (const g of groups.values()) {
    const first = g.claims[0] as Claim;
    const inception = inceptionFor(key, g.anchor, first.holder, first.product, first.insurer, g.short);
    for (const c of g.claims) c.inception = inception;
  }
}
