/**
 * ringsight/engine/validate/rows
 * ==============================
 *
 * Row rules for each batch file: turn one CSV row into normalised records,
 * or say precisely which field is wrong and why. Which problems are errors
 * and which are warnings is decided here (see README, "Errors and warnings").
 */
import {
  CLAIM_STATUSES,
  PARTY_ROLES,
  PRODUCTS,
  PROVIDER_KINDS,
  VEHICLE_ROLES,
  WATCH_ENTITIES,
  type Claim,
  type ClaimStatus,
  type EntityType,
  type PartyRole,
  type Product,
  type ProviderKind,
  type WatchEntity
} from '../model.js';
import {
  normaliseAmount,
  normaliseBankAccount,
  normaliseDate,
  normaliseOrgCode,
  normalisePhone,
  normalisePlate,
  normaliseRegion,
  normaliseResidentId,
  normaliseVin,
  type Normalised
} from '../normalise/index.js';
import { maskKey, maskRawValue } from '../privacy/mask.js';
import type { Severity } from './problems.js';
import { ownCopy } from '../util/string-table.js';

export interface RowContext {
  get(column: string): string;
  report(severity: Severity, column: string | null, code: string, message: string): void;
}

/** Roles whose identity carries the claim: a bad ID on them is an error, on others a warning. */
const KEY_PARTY_ROLES: ReadonlySet<string> = new Set([
  'insured',
  'claimant',
  'driver',
  'injured',
  'beneficiary',
  'deceased'
]);

function oneOf<T extends string>(ctx: RowContext, column: string, allowed: readonly T[], required: boolean): T | null {
  const given = ctx.get(column);
  // Allowed values are lower case and untrimmed: a value written exactly so needs no copies.
  const exact = (allowed as readonly string[]).indexOf(given);
  if (exact >= 0) return allowed[exact]!;
  const raw = given.trim().toLowerCase();
  if (raw === '') {
    if (required) ctx.report('error', column, 'missing', `${column} is required`);
    return null;
  }
  const i = (allowed as readonly string[]).indexOf(raw);
  if (i < 0) {
    ctx.report('error', column, 'unknown_value', `unknown ${column} "${raw}"; expected one of ${allowed.join(' | ')}`);
    return null;
  }
  // The constant, not the parsed copy: millions of links then share one string per role.
  return allowed[i]!;
}

function checked<T>(ctx: RowContext, column: string, result: Normalised<T>, severity: Severity, raw: string): T | null {
  if (result.ok) return result.value;
  ctx.report(severity, column, `invalid_${column}`, `${column} "${maskRawValue(column, raw.trim())}" ${result.reason}`);
  return null;
}

function requiredText(ctx: RowContext, column: string): string | null {
  const v = ctx.get(column).trim();
  if (v === '') ctx.report('error', column, 'missing', `${column} is required`);
  return v === '' ? null : v;
}

function optionalDate(ctx: RowContext, column: string): string | null {
  const raw = ctx.get(column);
  return raw.trim() === '' ? null : checked(ctx, column, normaliseDate(raw), 'error', raw);
}

/**
 * Insurers, regions and dates repeat across a million claims: each kept claim then points at one
 * shared string instead of its own copy, which leaves the garbage collector millions fewer live
 * objects to copy and mark. Bounded, so a long-running server does not accumulate values.
 */
const SHARED_MAX = 50_000;
const shared = new Map<string, string>();
function share(value: string): string {
  const known = shared.get(value);
  if (known !== undefined) return known;
  if (shared.size >= SHARED_MAX) shared.clear();
  shared.set(value, value);
  return value;
}

export function claimRow(ctx: RowContext): Claim | null {
  const id = requiredText(ctx, 'claim_id');
  const insurer = requiredText(ctx, 'insurer');
  const product = oneOf<Product>(ctx, 'product', PRODUCTS, true);
  const regionRaw = ctx.get('region_code');
  const region =
    regionRaw.trim() === ''
      ? (ctx.report('error', 'region_code', 'missing', 'region_code is required'), null)
      : checked(ctx, 'region_code', normaliseRegion(regionRaw), 'error', regionRaw);
  const accidentRaw = ctx.get('accident_date');
  const accidentDate =
    accidentRaw.trim() === ''
      ? (ctx.report('error', 'accident_date', 'missing', 'accident_date is required'), null)
      : checked(ctx, 'accident_date', normaliseDate(accidentRaw), 'error', accidentRaw);
  const reportDate = optionalDate(ctx, 'report_date');
  const policyStart = optionalDate(ctx, 'policy_start');
  const claimedRaw = ctx.get('claimed_amount');
  const claimed =
    claimedRaw.trim() === ''
      ? (ctx.report('error', 'claimed_amount', 'missing', 'claimed_amount is required'), null)
      : checked(ctx, 'claimed_amount', normaliseAmount(claimedRaw), 'error', claimedRaw);
  const paidRaw = ctx.get('paid_amount');
  const paid = paidRaw.trim() === '' ? null : checked(ctx, 'paid_amount', normaliseAmount(paidRaw), 'error', paidRaw);
  const status = oneOf<ClaimStatus>(ctx, 'status', CLAIM_STATUSES, false);

  if (accidentDate && reportDate && reportDate < accidentDate) {
    ctx.report(
      'error',
      'report_date',
      'report_before_accident',
      `report_date ${reportDate} is before accident_date ${accidentDate}`
    );
    return null;
  }
  if (accidentDate && policyStart && policyStart > accidentDate) {
    ctx.report(
      'warning',
      'policy_start',
      'policy_after_accident',
      `policy_start ${policyStart} is after accident_date ${accidentDate}`
    );
  }
  if (claimed !== null && paid !== null && paid > claimed) {
    ctx.report('warning', 'paid_amount', 'paid_over_claimed', `paid_amount ${paid} exceeds claimed_amount ${claimed}`);
  }
  if (!id || !insurer || !product || !region || !accidentDate || claimed === null) return null;
  const policyNo = ctx.get('policy_no').trim();
  return {
    id: ownCopy(id),
    insurer: share(insurer),
    policyNo: policyNo ? ownCopy(policyNo) : null,
    product,
    region: share(region),
    accidentDate: share(accidentDate),
    reportDate: reportDate === null ? null : share(reportDate),
    policyStart: policyStart === null ? null : share(policyStart),
    claimed,
    paid,
    status
  };
}

export interface PartyRecord {
  role: PartyRole;
  person: string | null;
  name: string | null;
  phone: string | null;
  bankAccount: string | null;
}

export function partyRow(ctx: RowContext): PartyRecord | null {
  const role = oneOf<PartyRole>(ctx, 'role', PARTY_ROLES, true);
  if (!role) return null;
  const idRaw = ctx.get('id_number');
  const person =
    idRaw.trim() === ''
      ? null
      : checked(ctx, 'id_number', normaliseResidentId(idRaw), KEY_PARTY_ROLES.has(role) ? 'error' : 'warning', idRaw);
  const phoneRaw = ctx.get('phone');
  const phone = phoneRaw.trim() === '' ? null : checked(ctx, 'phone', normalisePhone(phoneRaw), 'warning', phoneRaw);
  const bankRaw = ctx.get('bank_account');
  const bankAccount =
    bankRaw.trim() === '' ? null : checked(ctx, 'bank_account', normaliseBankAccount(bankRaw), 'warning', bankRaw);
  const name = ctx.get('name').trim() || null;
  if (idRaw.trim() !== '' && person === null && KEY_PARTY_ROLES.has(role)) return null;
  if (!person && !phone && !bankAccount && !name) {
    ctx.report('warning', null, 'empty_party', `a ${role} with no usable id_number, name, phone or bank_account`);
  }
  return { role, person, name, phone, bankAccount };
}

export interface VehicleRecord {
  role: string;
  key: string;
}

export function vehicleRow(ctx: RowContext): VehicleRecord | null {
  const role = oneOf(ctx, 'role', VEHICLE_ROLES, true);
  if (!role) return null;
  const plateRaw = ctx.get('plate');
  const vinRaw = ctx.get('vin');
  const plate = plateRaw.trim() === '' ? null : checked(ctx, 'plate', normalisePlate(plateRaw), 'warning', plateRaw);
  const vin = vinRaw.trim() === '' ? null : checked(ctx, 'vin', normaliseVin(vinRaw), 'warning', vinRaw);
  // The plate is what claims forms and the watchlist carry; the VIN stands in when the plate is missing.
  const key = plate ?? (vin ? `VIN:${vin}` : null);
  if (!key)
    ctx.report(
      'warning',
      null,
      'vehicle_unidentified',
      'vehicle has neither a valid plate nor a valid vin; row ignored'
    );
  return key ? { role, key } : null;
}

export interface ProviderRecord {
  kind: ProviderKind;
  key: string;
  name: string | null;
  region: string | null;
}

export function providerRow(ctx: RowContext): ProviderRecord | null {
  const kind = oneOf<ProviderKind>(ctx, 'kind', PROVIDER_KINDS, true);
  const codeRaw = ctx.get('org_code');
  const key =
    codeRaw.trim() === ''
      ? (ctx.report('error', 'org_code', 'missing', 'org_code is required'), null)
      : checked(ctx, 'org_code', normaliseOrgCode(codeRaw), 'error', codeRaw);
  const regionRaw = ctx.get('region_code');
  const region =
    regionRaw.trim() === '' ? null : checked(ctx, 'region_code', normaliseRegion(regionRaw), 'warning', regionRaw);
  if (!kind || !key) return null;
  return { kind, key, name: ctx.get('name').trim() || null, region };
}

export interface WatchRecord {
  entity: WatchEntity;
  key: string;
  reason: string | null;
  listedBy: string | null;
  listedAt: string | null;
  expiresAt: string | null;
}

/** The normaliser for a watchlist key is the one its entity uses when linking claims. */
export function normaliseEntityKey(entity: EntityType | WatchEntity, raw: string): Normalised {
  switch (entity) {
    case 'person':
      return normaliseResidentId(raw);
    case 'phone':
      return normalisePhone(raw);
    case 'bank_account':
      return normaliseBankAccount(raw);
    case 'vehicle': {
      const plate = normalisePlate(raw);
      if (plate.ok) return plate;
      const vin = normaliseVin(raw.replace(/^VIN:/i, ''));
      return vin.ok ? { ok: true, value: `VIN:${vin.value}` } : plate;
    }
    default:
      return normaliseOrgCode(raw);
  }
}

export function watchRow(ctx: RowContext): WatchRecord | null {
  const entity = oneOf<WatchEntity>(ctx, 'entity', WATCH_ENTITIES, true);
  const keyRaw = ctx.get('key');
  if (keyRaw.trim() === '') ctx.report('error', 'key', 'missing', 'key is required');
  const key =
    entity && keyRaw.trim() !== ''
      ? checked(ctx, 'key', normaliseEntityKey(entity, keyRaw), 'error', maskKey(entity, keyRaw.trim()))
      : null;
  const listedAt = optionalDate(ctx, 'listed_at');
  const expiresAt = optionalDate(ctx, 'expires_at');
  if (!entity || !key) return null;
  return {
    entity,
    key,
    listedAt,
    expiresAt,
    reason: ctx.get('reason').trim() || null,
    listedBy: ctx.get('listed_by').trim() || null
  };
}
