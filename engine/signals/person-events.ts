/**
 * ringsight/engine/signals/person-events
 * ======================================
 *
 * The events a person's claims can show, counted one way for both sides of a
 * judgement: over the book's honest bulk for its base rate (signals/base-rates)
 * and over a ring's claims for its evidence (the death, hired-driver,
 * repeat-victim and stacked-policy signals). Keeping each count in one place
 * keeps the rate and the ring's tally the same event.
 */
import type { ClaimsIndex } from '../graph/claims-index.js';
import type { EntityType } from '../model.js';
import { dayNumber } from '../util/dates.js';

/**
 * Death claims and their events, from each deceased person's claims by death date:
 * a date beyond the first is the person dying again (per claim). One death claimed
 * under several policies is counted per person — deceased people, and those with
 * a death claimed more than once — not per claim: a candidate holding one of a
 * person's claims holds all of them through that person, so per claim a single
 * elderly policyholder's three claims would read as two coincidences in three.
 */
export function deathEvents(people: Iterable<Map<string, number>>): {
  claims: number;
  otherdate: number;
  persons: number;
  multiPolicy: number;
} {
  let claims = 0,
    otherdate = 0,
    persons = 0,
    multiPolicy = 0;
  for (const byDate of people) {
    persons++;
    otherdate += byDate.size - 1;
    let again = false;
    for (const k of byDate.values()) {
      claims += k;
      if (k > 1) again = true;
    }
    if (again) multiPolicy++;
  }
  return { claims, otherdate, persons, multiPolicy };
}

export interface DeathClaim {
  deceased: number[];
  beneficiaries: number[];
}

/** Who is reported deceased on a claim and who collects (beneficiaries and claimants). */
export function deathClaimOf(index: ClaimsIndex, c: number): DeathClaim {
  const deceased: number[] = [],
    beneficiaries: number[] = [];
  for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
    const e = index.linkEntity[i]!;
    if (index.entityType[e] !== 'person') continue;
    const role = index.linkRole[i]!;
    if (role === 'deceased') deceased.push(e);
    else if (role === 'beneficiary' || role === 'claimant') beneficiaries.push(e);
  }
  return { deceased, beneficiaries };
}

/**
 * Death claims whose beneficiary collects, across the given claims, on the deaths
 * of two or more different people — a child for both parents happens; one person
 * collecting on strangers' deaths at several insurers is a fake-death gang's payee.
 */
export function beneficiaryEvents(claims: readonly DeathClaim[]): number {
  const dead = new Map<number, Set<number>>();
  for (const d of claims) {
    for (const b of d.beneficiaries) {
      let set = dead.get(b);
      if (!set) dead.set(b, (set = new Set()));
      for (const x of d.deceased) if (x !== b) set.add(x);
    }
  }
  let events = 0;
  for (const d of claims) if (d.beneficiaries.some((b) => dead.get(b)!.size >= 2)) events++;
  return events;
}

/** The people named as policyholder (role insured) on claim c. */
export function insuredOn(index: ClaimsIndex, c: number, out: number[]): number[] {
  out.length = 0;
  for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++)
    if (index.linkRole[i] === 'insured' && index.entityType[index.linkEntity[i]!] === 'person')
      out.push(index.linkEntity[i]!);
  return out;
}

/**
 * Over the claims in small linked components (the honest bulk, as the other people rates), the
 * hired-driver rate: each person driving on m ≥ 2 claims has m − 1 chances to be at the wheel of
 * yet another policyholder's car, and uses one for each policyholder other than themselves beyond
 * the first (a spouse's car is free; a third owner is a coincidence, a fourth two).
 */
export function countHiredDrivers(
  index: ClaimsIndex,
  componentClaims: Int32Array,
  maxSmall: number
): { events: number; units: number } {
  const drives = new Map<number, number>();
  const owners = new Map<number, Set<number>>();
  const insured: number[] = [];
  for (let c = 0; c < index.claims.length; c++) {
    if (componentClaims[c]! > maxSmall) continue;
    let listed = false;
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
      if (index.linkRole[i] !== 'driver') continue;
      const d = index.linkEntity[i]!;
      if (index.entityType[d] !== 'person') continue;
      if (!listed) {
        insuredOn(index, c, insured);
        listed = true;
      }
      drives.set(d, (drives.get(d) ?? 0) + 1);
      for (const p of insured) if (p !== d) (owners.get(d) ?? owners.set(d, new Set()).get(d)!).add(p);
    }
  }
  let events = 0,
    units = 0;
  for (const [d, m] of drives) {
    if (m < 2) continue;
    units += m - 1;
    events += hiredEvents(owners.get(d)?.size ?? 0);
  }
  return { events, units };
}

/** Coincidences in driving for `others` policyholders other than oneself: each beyond the first. */
export function hiredEvents(others: number): number {
  return Math.max(0, others - 1);
}

/**
 * Per person (or entity of `type`) on two or more claims in one of `roles`, those claims
 * (ascending, once each), over the claims in small linked components and not of product `skip`.
 * A first claim waits in a flat array: most people claim once, and a million-claim book needs no
 * map entry for them.
 */
function claimsInRoles(
  index: ClaimsIndex,
  componentClaims: Int32Array,
  maxSmall: number,
  roles: ReadonlySet<string>,
  skip: string | null = null,
  type: EntityType = 'person'
): Map<number, number[]> {
  const first = new Int32Array(index.entities).fill(-1);
  const claimsOf = new Map<number, number[]>();
  for (let c = 0; c < index.claims.length; c++) {
    if (componentClaims[c]! > maxSmall || index.claims[c]!.product === skip) continue;
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
      if (!roles.has(index.linkRole[i]!)) continue;
      const p = index.linkEntity[i]!;
      if (index.entityType[p] !== type) continue;
      const f = first[p]!;
      if (f < 0) first[p] = c;
      else if (f !== c) {
        const list = claimsOf.get(p) ?? claimsOf.set(p, [f]).get(p)!;
        if (list[list.length - 1] !== c) list.push(c);
      }
    }
  }
  return claimsOf;
}

const DECEASED: ReadonlySet<string> = new Set(['deceased']);

/** Roles in which a person is hurt by, or claims from, someone else's policy. */
export const VICTIM_ROLES: ReadonlySet<string> = new Set(['injured', 'claimant', 'passenger']);

/** The role of the car another policyholder's car struck. */
export const STRUCK_ROLES: ReadonlySet<string> = new Set(['third_party']);

/**
 * A person's separate accidents as a victim (injured, claimant or passenger on a claim where they
 * are not the insured) that came within `VICTIM_WINDOW` days of their previous one, counting the
 * first: 0 or 1 when there is no repeat. One accident is one date with one policyholder (an
 * accident's auto, injury and health claims are one).
 */
export function victimAccidents(
  index: ClaimsIndex,
  claims: Iterable<number>,
  person: number,
  insured: number[]
): number {
  const seen = new Map<string, number>();
  for (const c of claims) {
    const claim = index.claims[c]!;
    insuredOn(index, c, insured);
    if (insured.includes(person)) continue;
    seen.set(`${claim.accidentDate}|${insured.length > 0 ? Math.min(...insured) : -1}`, dayNumber(claim.accidentDate));
  }
  if (seen.size < 2) return seen.size;
  // Separate accidents close together: a crew's victim rides into one crash after another.
  const days = [...seen.values()].sort((a, b) => a - b);
  let close = 1;
  for (let i = 1; i < days.length; i++) if (days[i]! - days[i - 1]! <= VICTIM_WINDOW) close++;
  return close;
}

/**
 * Days within which a victim's next separate accident counts as a repeat. Over three years an
 * honest person may well be the other party in two accidents (the blind book's third-party
 * claimants are, nine times in ten); hurt again within a month, seldom. Measured with 30, 45, 60
 * and 90 days and none (12-07, README "Signals").
 */
const VICTIM_WINDOW = 30;

/**
 * Over the claims in small linked components, the repeat-victim rate: each person on m ≥ 2
 * claims as a victim (death claims left out) has m − 1 chances to have been hurt in yet another
 * accident soon after, and each such accident beyond the first is one (a second accident within
 * the window is a coincidence, a third two).
 */
export function countRepeatVictims(
  index: ClaimsIndex,
  componentClaims: Int32Array,
  maxSmall: number
): { events: number; units: number } {
  return countRepeats(claimsInRoles(index, componentClaims, maxSmall, VICTIM_ROLES, 'death'), index);
}

/**
 * Over the claims in small linked components, the repeat-struck rate: the same for cars as the
 * third party, struck by another policyholder's car (a staging crew's car is hit again and
 * again; an honest car, seldom twice in a month).
 */
export function countStruckVehicles(
  index: ClaimsIndex,
  componentClaims: Int32Array,
  maxSmall: number
): { events: number; units: number } {
  return countRepeats(claimsInRoles(index, componentClaims, maxSmall, STRUCK_ROLES, null, 'vehicle'), index);
}

function countRepeats(claimsOf: Map<number, number[]>, index: ClaimsIndex): { events: number; units: number } {
  let events = 0,
    units = 0;
  const insured: number[] = [];
  for (const [p, claims] of claimsOf) {
    const accidents = victimAccidents(index, claims, p, insured);
    if (accidents === 0) continue;
    units += claims.length - 1;
    events += Math.max(0, accidents - 1);
  }
  return { events, units };
}

/**
 * Days between the starts of two of one deceased person's policies within which the second
 * counts as bought together with the first (集中投保: several insurers' policies taken out at
 * once on one life, shortly before the death).
 */
const STACK_WINDOW = 60;

/**
 * A deceased person's distinct policies on the given claims (policy number, else insurer and
 * start date), with a start date: how many, and how many started within `STACK_WINDOW` days of
 * the one before.
 */
export function stackedPolicies(index: ClaimsIndex, claims: Iterable<number>): { policies: number; stacked: number } {
  const starts = new Map<string, number>();
  for (const c of claims) {
    const claim = index.claims[c]!;
    if (!claim.policyStart) continue;
    starts.set(claim.policyNo ?? `${claim.insurer}|${claim.policyStart}`, dayNumber(claim.policyStart));
  }
  const days = [...starts.values()].sort((a, b) => a - b);
  let stacked = 0;
  for (let i = 1; i < days.length; i++) if (days[i]! - days[i - 1]! <= STACK_WINDOW) stacked++;
  return { policies: days.length, stacked };
}

/**
 * Over the claims in small linked components, the stacked-policy rate: each deceased person's
 * policies beyond the first are chances, and those started within the window of the one before
 * are events (an honest person's policies come over the years: a life policy, then an employer's
 * accident cover).
 */
export function countStackedPolicies(
  index: ClaimsIndex,
  componentClaims: Int32Array,
  maxSmall: number
): { events: number; units: number } {
  const claimsOf = claimsInRoles(index, componentClaims, maxSmall, DECEASED);
  let events = 0,
    units = 0;
  for (const claims of claimsOf.values()) {
    const { policies, stacked } = stackedPolicies(index, claims);
    if (policies < 2) continue;
    units += policies - 1;
    events += stacked;
  }
  return { events, units };
}
