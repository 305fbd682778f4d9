/**
 * ringsight/reports/privacy
 * =========================
 *
 * What a report may disclose. Identities (resident IDs, phones, bank
 * accounts, person names) are shown in full only to the police role with a
 * case reference; every other report carries the masks of
 * engine/privacy/mask.ts (360102********123X, 138****5678, ****1234, 张*).
 * An insurer's report, like the API's insurer view, does not name other
 * insurers' claims: they appear under a neutral label with their facts.
 *
 * All display values pass through one Disclosure, at assembly time, so the
 * report model — and every file written from it — never holds a raw key it
 * may not show.
 */
import type { EntityType } from '../engine/model.js';
import { maskKey, maskName } from '../engine/privacy/mask.js';
import { ReportError } from './errors.js';
import { REPORT_ROLES, type ReportRole } from './model.js';
import type { ReportLang } from './vocab.js';

export interface Viewer {
  actor: string;
  role: ReportRole;
  /** The insurer role's own insurer (the `insurer` value its claims carry). */
  insurer?: string | null;
}

export function checkViewer(viewer: Viewer): Required<Viewer> {
  const actor = typeof viewer.actor === 'string' ? viewer.actor.trim() : '';
  if (actor === '' || actor.length > 64 || /\p{Cc}/u.test(actor))
    throw new ReportError('bad_request', 'actor must be 1-64 printable characters: who generates the report');
  if (!(REPORT_ROLES as readonly string[]).includes(viewer.role))
    throw new ReportError('bad_request', `role must be one of ${REPORT_ROLES.join(', ')}`);
  const insurer = viewer.insurer?.trim() || null;
  if (viewer.role === 'insurer' && !insurer)
    throw new ReportError('bad_request', 'the insurer role needs its insurer (the insurer value its claims carry)');
  if (viewer.role !== 'insurer' && insurer)
    throw new ReportError('bad_request', 'only the insurer role carries an insurer');
  return { actor, role: viewer.role, insurer };
}

/** True when identities must be masked: anyone but the police acting on a case. */
export function mustMask(role: ReportRole, caseReference: string | null): boolean {
  return !(role === 'police' && caseReference !== null && caseReference !== '');
}

const PERSONAL: ReadonlySet<string> = new Set(['person', 'phone', 'bank_account']);

export class Disclosure {
  readonly masked: boolean;
  private readonly ownInsurer: string | null;
  private readonly foreign = new Map<string, string>();

  constructor(
    viewer: Required<Viewer>,
    caseReference: string | null,
    private readonly lang: ReportLang
  ) {
    this.masked = mustMask(viewer.role, caseReference);
    this.ownInsurer = viewer.role === 'insurer' ? viewer.insurer : null;
  }

  isPersonal(type: string): boolean {
    return PERSONAL.has(type);
  }

  key(type: string, key: string): string {
    return this.masked && PERSONAL.has(type) ? maskKey(type as EntityType, key) : key;
  }

  /** Names of people are personal data; names of providers (hospitals, workshops) are not. */
  name(type: string, name: string | null): string | null {
    if (name === null) return null;
    return this.masked && type === 'person' ? maskName(name) : name;
  }

  /** A `type:key` reference for display (operation scope lines, audit entries). */
  ref(ref: string): string {
    const colon = ref.indexOf(':');
    return `${ref.slice(0, colon)}:${this.key(ref.slice(0, colon), ref.slice(colon + 1))}`;
  }

  isForeign(insurer: string): boolean {
    return this.ownInsurer !== null && insurer !== this.ownInsurer;
  }

  /** Other insurers' claims get a neutral, report-local label, numbered in order of appearance. */
  claimId(id: string, insurer: string): string {
    if (!this.isForeign(insurer)) return id;
    let label = this.foreign.get(id);
    if (!label) {
      const n = String(this.foreign.size + 1).padStart(3, '0');
      label = this.lang === 'zh' ? `他司理赔-${n}` : `other-insurer-${n}`;
      this.foreign.set(id, label);
    }
    return label;
  }

  insurer(name: string): string {
    if (!this.isForeign(name)) return name;
    return this.lang === 'zh' ? '其他保险公司' : 'other insurer';
  }
}
