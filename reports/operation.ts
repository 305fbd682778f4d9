/**
 * ringsight/reports/operation
 * ===========================
 *
 * An operation — what a joint police/insurer action asks a report about: a
 * name and case reference, the regions and period it covers, the categories
 * of fraud, a minimum score, and rings (or entities whose rings) that must be
 * in it whatever the filters say. `defineOperation` checks and normalises
 * what a CLI, an API body or the viewer sends; `selectRings` applies it to a
 * detection run.
 */
import type { Claim, EntityType, Ring, RingCategory } from '../engine/model.js';
import { IDENTITY_TYPES, PROVIDER_KINDS, RING_CATEGORIES, prefectureOf } from '../engine/model.js';
import { normaliseEntityKey } from '../engine/validate/rows.js';
import { maskKey } from '../engine/privacy/mask.js';
import { ReportError } from './errors.js';

export interface Operation {
  name: string;
  caseReference: string | null;
  /** GB/T 2260 codes: 360000 (the province), a prefecture (3607 00) or a district (360702). */
  regions: string[];
  period: { from: string | null; to: string | null };
  /** Empty: every category. */
  categories: RingCategory[];
  /** Null: the run's flag threshold, so an operation without one covers flagged rings only. */
  minScore: number | null;
  /** Ring ids that must be in the report. */
  rings: string[];
  /** Entities (`type:key`, keys normalised) whose rings must be in the report. */
  entities: string[];
  /** Only the listed rings and the rings of listed entities; the filters are ignored. */
  onlyListed: boolean;
}

/** What callers send: every field but the name optional, entities as `type:key` with raw keys. */
export type OperationInput = Partial<Omit<Operation, 'period'>> & {
  name: string;
  period?: { from?: string | null; to?: string | null };
};

export const DEFAULTS = {
  minScore: null as number | null,
  onlyListed: false,
  /** A report is read by people: past this many rings the operation is too broad to be one. */
  maxRings: 200
};

const ENTITY_TYPES: readonly string[] = [...IDENTITY_TYPES, ...PROVIDER_KINDS];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string): boolean {
  return DATE.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value);
}

/** A case reference: 3-100 printable characters (as the API's X-Case-Reference). */
export function checkCaseReference(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const trimmed = value.trim();
  if (trimmed.length < 3 || trimmed.length > 100 || /\p{Cc}/u.test(trimmed)) {
    throw new ReportError('bad_operation', 'the case reference must be 3-100 printable characters');
  }
  return trimmed;
}

/** `type:key` with the key normalised as the engine stores it (ID check digit, phone digits, plate case). */
export function parseEntityRef(text: string): string {
  const colon = text.indexOf(':');
  const type = colon > 0 ? text.slice(0, colon).trim() : '';
  const raw = colon > 0 ? text.slice(colon + 1).trim() : '';
  if (!ENTITY_TYPES.includes(type) || raw === '') {
    throw new ReportError(
      'bad_operation',
      `entity "${maskKey(type as EntityType, raw) || text.slice(0, 20)}" must be type:key with type one of ${ENTITY_TYPES.join(', ')}`
    );
  }
  const key = normaliseEntityKey(type as EntityType, raw);
  if (!key.ok)
    throw new ReportError('bad_operation', `entity ${type}:${maskKey(type as EntityType, raw)}: ${key.reason}`);
  return `${type}:${key.value}`;
}

export function defineOperation(input: OperationInput): Operation {
  const problems: string[] = [];
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name.length < 1 || name.length > 100 || /\p{Cc}/u.test(name))
    problems.push('the name must be 1-100 printable characters');
  const regions = [...new Set((input.regions ?? []).map((r) => String(r).trim()).filter((r) => r !== ''))].sort();
  for (const r of regions)
    if (!/^36\d{4}$/.test(r)) problems.push(`region "${r}" is not a Jiangxi GB/T 2260 code (36xxxx)`);
  const from = input.period?.from?.trim() || null;
  const to = input.period?.to?.trim() || null;
  if (from !== null && !isDate(from)) problems.push(`from "${from}" is not a date YYYY-MM-DD`);
  if (to !== null && !isDate(to)) problems.push(`to "${to}" is not a date YYYY-MM-DD`);
  if (from !== null && to !== null && isDate(from) && isDate(to) && from > to)
    problems.push(`the period starts (${from}) after it ends (${to})`);
  const categories = [...new Set(input.categories ?? [])].sort();
  for (const c of categories)
    if (!(RING_CATEGORIES as readonly string[]).includes(c))
      problems.push(`category "${c}" is not one of ${RING_CATEGORIES.join(', ')}`);
  const minScore = input.minScore ?? DEFAULTS.minScore;
  if (minScore !== null && !(typeof minScore === 'number' && minScore >= 0 && minScore <= 100))
    problems.push('the minimum score must be a number from 0 to 100');
  const rings = [...new Set((input.rings ?? []).map((r) => String(r).trim()).filter((r) => r !== ''))];
  for (const r of rings)
    if (!/^R[0-9a-f]{16}(-\d+)?$/.test(r))
      problems.push(`ring id "${r.slice(0, 40)}" is not a ring id (R + 16 hex digits, monitoring may add -N)`);
  const entities: string[] = [];
  for (const e of input.entities ?? []) {
    try {
      entities.push(parseEntityRef(String(e)));
    } catch (err) {
      problems.push((err as ReportError).detail);
    }
  }
  let caseReference: string | null = null;
  try {
    caseReference = checkCaseReference(input.caseReference);
  } catch (err) {
    problems.push((err as ReportError).detail);
  }
  const onlyListed = input.onlyListed ?? DEFAULTS.onlyListed;
  if (onlyListed && rings.length === 0 && entities.length === 0)
    problems.push('onlyListed needs at least one ring or entity');
  if (problems.length > 0) throw new ReportError('bad_operation', problems.join('; '), { problems });
  return {
    name,
    caseReference,
    regions,
    period: { from, to },
    categories: categories as RingCategory[],
    minScore,
    rings,
    entities: [...new Set(entities)],
    onlyListed
  };
}

/** Whether a claim's region lies inside an operation region (province, prefecture or district). */
export function regionCovers(scope: string, region: string): boolean {
  if (scope.endsWith('0000')) return region.slice(0, 2) === scope.slice(0, 2);
  if (scope.endsWith('00')) return prefectureOf(region) === scope;
  return region === scope;
}

/** Whether a claim lies inside the operation's regions and period; an operation that sets neither covers every claim. */
export function claimInScope(
  op: Pick<Operation, 'regions' | 'period'>,
  claim: Pick<Claim, 'region' | 'accidentDate'>
): boolean {
  if (op.period.from !== null && claim.accidentDate < op.period.from) return false;
  if (op.period.to !== null && claim.accidentDate > op.period.to) return false;
  return op.regions.length === 0 || op.regions.some((scope) => regionCovers(scope, claim.region));
}

export type SelectionReason = 'filters' | 'listed' | 'entity';

export interface Selection {
  rings: Array<{ ring: Ring; reasons: SelectionReason[] }>;
  /** Listed entities found in no ring of the run (normalised refs). */
  unmatchedEntities: string[];
}

/**
 * The rings an operation covers, in the run's order (score, then id).
 * `claimOf` resolves claim ids for district-level region matching.
 */
export function selectRings(
  op: Operation,
  rings: readonly Ring[],
  flagThreshold: number,
  claimOf: (id: string) => Claim | undefined,
  options: { maxRings?: number } = {}
): Selection {
  const maxRings = options.maxRings ?? DEFAULTS.maxRings;
  const known = new Set(rings.map((r) => r.id));
  const unknown = op.rings.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new ReportError('unknown_ring', `ring ${unknown.join(', ')} is not in this detection run`, {
      rings: unknown
    });
  const listed = new Set(op.rings);
  const wanted = new Set(op.entities);
  const found = new Set<string>();
  const minScore = op.minScore ?? flagThreshold;
  const selected: Selection['rings'] = [];
  for (const ring of rings) {
    const reasons: SelectionReason[] = [];
    if (!op.onlyListed && matchesFilters(op, ring, minScore, claimOf)) reasons.push('filters');
    if (listed.has(ring.id)) reasons.push('listed');
    if (wanted.size > 0) {
      let hit = false;
      for (const m of ring.members) {
        const ref = `${m.type}:${m.key}`;
        if (wanted.has(ref)) {
          found.add(ref);
          hit = true;
        }
      }
      if (hit) reasons.push('entity');
    }
    if (reasons.length > 0) selected.push({ ring, reasons });
  }
  if (selected.length === 0)
    throw new ReportError('empty_selection', 'no ring of this detection run matches the operation');
  if (selected.length > maxRings) {
    throw new ReportError(
      'too_many_rings',
      `the operation covers ${selected.length} rings, more than ${maxRings}: narrow its regions, period, categories or minimum score`
    );
  }
  return { rings: selected, unmatchedEntities: op.entities.filter((e) => !found.has(e)) };
}

function matchesFilters(
  op: Operation,
  ring: Ring,
  minScore: number,
  claimOf: (id: string) => Claim | undefined
): boolean {
  if (ring.score < minScore) return false;
  if (op.categories.length > 0 && !op.categories.includes(ring.category)) return false;
  if (op.period.from !== null && ring.period.to < op.period.from) return false;
  if (op.period.to !== null && ring.period.from > op.period.to) return false;
  if (op.regions.length > 0) {
    // Prefecture scopes can be judged on the ring's prefectures; districts need the claims.
    const coarse = op.regions.every((r) => r.endsWith('00'));
    if (coarse) return ring.regions.some((p) => op.regions.some((scope) => regionCovers(scope, p)));
    return ring.claims.some((id) => {
      const claim = claimOf(id);
      return claim !== undefined && op.regions.some((scope) => regionCovers(scope, claim.region));
    });
  }
  return true;
}
