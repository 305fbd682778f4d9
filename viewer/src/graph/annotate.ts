/**
 * ringsight/viewer/graph/annotate
 * ===============================
 *
 * Who did what, on the canvas: organisers badged (★) and always labelled,
 * members numbered M1, M2, … in the police report's order so a masked name
 * that several people share reads "杨** ·M3", edges coloured by the role the
 * party played on the claim, and the "who was who" of one claim.
 */
import type { RingDetail, RingMember } from '../api/types.js';
import type { NodeAttrs, RingGraph } from './model.js';
import { EDGE_COLOR } from './styles/palette.js';

/** Edge colours by role, first match wins: what the legend's role key shows. */
export const ROLE_COLOURS: ReadonlyArray<readonly [role: string, colour: string]> = [
  ['deceased', '#212529'],
  ['driver', '#1971c2'],
  ['injured', '#e03131'],
  ['witness', '#2f9e44'],
  ['beneficiary', '#f08c00'],
  ['agent', '#9c36b5']
];
/** A bank account's link is the payout: coloured as the payee's whatever role the row gave. */
export const PAYEE_COLOUR = '#f08c00';
export const ORGANISER_MARK = '★';

const TYPE_ORDER = [
  'person',
  'phone',
  'bank_account',
  'vehicle',
  'repair_shop',
  'hospital',
  'appraiser',
  'lawyer',
  'tow'
];

/** The report's member order (reports/assemble.ts): organisers first, then betweenness, claims, type, key. */
export function memberOrder(ring: Pick<RingDetail, 'members' | 'organisers'>): RingMember[] {
  const organiser = new Map(ring.organisers.map((id, i) => [id, i]));
  const idOf = (m: RingMember): string => m.id ?? `${m.type}:${m.key}`;
  const rank = (m: RingMember): number => (m.type === 'person' ? (organiser.get(idOf(m)) ?? Infinity) : Infinity);
  return [...ring.members].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      b.centrality.betweenness - a.centrality.betweenness ||
      b.claims - a.claims ||
      TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

export function roleColour(roles: readonly string[], otherKind: string): string {
  if (otherKind === 'bank_account') return PAYEE_COLOUR;
  for (const [role, colour] of ROLE_COLOURS) if (roles.includes(role)) return colour;
  return EDGE_COLOR;
}

/** The label a node shows: badge, masked-name disambiguation. */
export function displayLabel(a: Pick<NodeAttrs, 'label' | 'key' | 'masked' | 'organiser' | 'memberNo'>): string {
  const base = a.label ?? a.key;
  const numbered = a.memberNo !== null && a.masked ? `${base} ·${a.memberNo}` : base;
  return a.organiser ? `${ORGANISER_MARK} ${numbered}` : numbered;
}

/** Marks organisers and member numbers and relabels (edges take their role colour as they are added: model.ts). Safe to call again after an expansion. */
export function annotateRing(graph: RingGraph, ring: RingDetail | null): void {
  const numbers = new Map<string, string>();
  const organisers = new Set(ring?.organisers ?? []);
  if (ring) {
    memberOrder(ring).forEach((m, i) => numbers.set(m.id ?? `${m.type}:${m.key}`, `M${i + 1}`));
    for (const m of ring.members)
      if ((m as RingMember & { organiser?: boolean }).organiser) organisers.add(m.id ?? `${m.type}:${m.key}`);
  }
  graph.updateEachNodeAttributes((node, a) => {
    if (a.baseLabel === undefined) a.baseLabel = a.label;
    // Without the ring (after an expansion) what is known stays: numbers and badges come from the ring only.
    a.organiser = a.organiser || organisers.has(node) || (a.inRing && a.attributes.organiser === true);
    a.memberNo = numbers.get(node) ?? a.memberNo ?? null;
    a.label = a.kind === 'group' ? a.label : displayLabel({ ...a, label: a.baseLabel });
    return a;
  });
}

export interface Party {
  node: string;
  label: string;
  kind: string;
  roles: string[];
  memberNo: string | null;
  organiser: boolean;
}

/**
 * Who was who on one claim: its people with their roles first (driver, injured,
 * witness…), then the paid account, phones, vehicles and providers.
 */
export function partiesOf(graph: RingGraph, claim: string): Party[] {
  const out: Party[] = [];
  if (!graph.hasNode(claim)) return out;
  graph.forEachEdge(claim, (_e, attrs, s, t) => {
    const other = s === claim ? t : s;
    const b = graph.getNodeAttributes(other);
    if (b.kind === 'claim' || b.kind === 'group') return;
    out.push({
      node: other,
      label: b.label ?? b.key,
      kind: b.kind,
      roles: attrs.roles,
      memberNo: b.memberNo,
      organiser: b.organiser
    });
  });
  const order = (p: Party): number => {
    const i = TYPE_ORDER.indexOf(p.kind);
    return i < 0 ? TYPE_ORDER.length : i;
  };
  return out.sort(
    (a, b) =>
      order(a) - order(b) ||
      (a.memberNo ?? '~').localeCompare(b.memberNo ?? '~', 'en', { numeric: true }) ||
      a.node.localeCompare(b.node)
  );
}
