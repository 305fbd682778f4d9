/**
 * ringsight/api/policy/alerts
 * ===========================
 *
 * Who sees what of a monitoring alert. An insurer sees only alerts whose ring
 * holds its own claims; who reviewed an alert and its webhook delivery are the
 * association's (admin and analyst); an assignment is shown to staff, to the
 * assignee, and to an insurer only when the assignee is one of its own. Free
 * text a reviewer typed (dismissal reason, confirming note) is scrubbed of
 * identity numbers on the way out.
 */
import type { Alert } from '../../monitor/index.js';
import type { Assignment } from '../../monitor/assignments.js';
import { scrubText } from '../errors.js';
import { ACCESS, type Principal, type Role } from './roles.js';

/** A configured token as assignment sees it: its name, role and insurer. */
export interface Reviewer {
  name: string;
  role: Role;
  insurer: string | null;
}
/** An alert as one caller is shown it, with its assignment. */
export type Presented = Alert & {
  confirmNote: string | null;
  assignee: string | null;
  assignedAt: string | null;
  assignedBy: string | null;
};
export const REVIEWER_ROLES: readonly Role[] = ACCESS.reviewAlerts;

const seesStaff = (p: Principal): boolean => p.role === 'admin' || p.role === 'analyst';
export const inScope = (a: Alert, p: Principal): boolean => p.role !== 'insurer' || a.insurers.includes(p.insurer!);

/** Whether `p` may see (and hand work to) reviewer `r`: staff see everyone; an insurer only its own insurer's. */
export const seesReviewer = (p: Principal, r: Reviewer): boolean =>
  seesStaff(p) || r.name === p.name || (p.role === 'insurer' && r.role === 'insurer' && r.insurer === p.insurer);

/** `a` as `p` may see it: staff-only fields, and an assignment `p` may not see, left null. */
export function present(
  a: Alert,
  p: Principal,
  assignment: Assignment | undefined,
  reviewers: ReadonlyMap<string, Reviewer>
): Presented {
  const staff = seesStaff(p);
  const assignee = assignment ? reviewers.get(assignment.assignee) : undefined;
  const shown =
    assignment && (staff || (assignee !== undefined && seesReviewer(p, assignee)) || assignment.assignee === p.name)
      ? assignment
      : null;
  // The dismissal reason is free text: identity numbers in it are masked on the way out.
  return {
    ...a,
    stateBy: staff || a.stateBy === p.name ? a.stateBy : null,
    delivery: staff ? a.delivery : null,
    dismissReason:
      a.dismissReason === null || a.dismissReason === undefined
        ? (a.dismissReason ?? null)
        : scrubText(a.dismissReason),
    confirmNote: a.confirmNote ? scrubText(a.confirmNote) : null,
    assignee: shown?.assignee ?? null,
    assignedAt: shown?.assignedAt ?? null,
    assignedBy: shown && (staff || shown.assignedBy === p.name) ? shown.assignedBy : null
  };
}
