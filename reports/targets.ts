/**
 * ringsight/reports/targets
 * =========================
 *
 * The report's priority targets: who and what an investigator should look
 * at first, and which records to request for each. A ring's likely
 * organisers come first (every one of them), then the members that tie its
 * claims together — identifiers and providers on two or more of its claims,
 * by betweenness and then by claims — up to `perRing` per ring. Across the
 * report, organisers of every ring rank before the other targets, each group
 * in ring order, so page one of the targets is the people to interview.
 * Pure: decided from the model alone, so the digest covers it.
 */
import { PROVIDER_KINDS } from '../engine/model.js';
import type { ReportMember, ReportRing, ReportTarget, TargetAction } from './model.js';

export interface TargetOptions {
  /** Members taken per ring besides its organisers. */
  perRing: number;
  /** Targets in the whole report at most (organisers are never cut before others). */
  max: number;
}

export const DEFAULTS: TargetOptions = { perRing: 5, max: 60 };

const PROVIDERS: ReadonlySet<string> = new Set(PROVIDER_KINDS);

/** What to request for a member: the records that would confirm or clear it. */
export function actionsFor(member: Pick<ReportMember, 'type' | 'organiser'>): TargetAction[] {
  if (member.type === 'person') return member.organiser ? ['identity_check', 'interview'] : ['identity_check'];
  if (member.type === 'phone') return ['phone_records'];
  if (member.type === 'bank_account') return ['bank_records'];
  if (member.type === 'vehicle') return ['vehicle_records'];
  return PROVIDERS.has(member.type) ? ['provider_records'] : [];
}

function ringTargets(ring: ReportRing, perRing: number): Array<{ ring: ReportRing; member: ReportMember }> {
  const organisers = ring.members.filter((m) => m.organiser);
  const others = ring.members
    .filter((m) => !m.organiser && m.claims.length >= 2 && actionsFor(m).length > 0)
    .sort(
      (a, b) =>
        b.betweenness - a.betweenness ||
        b.claims.length - a.claims.length ||
        Number(a.no.slice(1)) - Number(b.no.slice(1))
    )
    .slice(0, perRing);
  return [...organisers, ...others].map((member) => ({ ring, member }));
}

export function priorityTargets(rings: readonly ReportRing[], options: Partial<TargetOptions> = {}): ReportTarget[] {
  const o = { ...DEFAULTS, ...options };
  const picked = rings.flatMap((r) => ringTargets(r, o.perRing));
  const ordered = [...picked.filter((t) => t.member.organiser), ...picked.filter((t) => !t.member.organiser)];
  return ordered
    .slice(0, Math.max(o.max, picked.filter((t) => t.member.organiser).length))
    .map(({ ring, member: m }, i) => ({
      rank: i + 1,
      ring: ring.id,
      ringNo: ring.no,
      member: m.no,
      type: m.type,
      label: m.label,
      name: m.name,
      organiser: m.organiser,
      watchlisted: m.watchlisted,
      claims: m.claims.length,
      betweenness: m.betweenness,
      actions: actionsFor(m)
    }));
}
