/**
 * ringsight/viewer/graph/interactions/collapse
 * ============================================
 *
 * Collapsing a set of nodes (the ring, or an organisation with the claims it
 * served) into one node and back. Members stay in the graph, only hidden and
 * marked `groupedIn`; the group node and its edges to the outside are real
 * graph items, so picking, hover and layout treat them like any other node.
 * Expanding removes exactly what collapsing added.
 */
import { SHAPES, STYLES } from '../styles/palette.js';
import type { RingGraph } from '../model.js';

export interface Group {
  id: string;
  label: string;
  members: string[];
}

export const GROUP_PREFIX = 'group:';

export function isGroup(node: string): boolean {
  return node.startsWith(GROUP_PREFIX);
}

/** Collapses `members` (those not already in a group) into a node `group:<name>`; returns it, or null if nothing to collapse. */
export function collapse(graph: RingGraph, name: string, label: string, members: Iterable<string>): Group | null {
  const id = GROUP_PREFIX + name;
  if (graph.hasNode(id)) return null;
  const inside = new Set<string>();
  for (const m of members)
    if (graph.hasNode(m) && !graph.getNodeAttribute(m, 'groupedIn') && !isGroup(m)) inside.add(m);
  if (inside.size < 2) return null;
  let x = 0;
  let y = 0;
  for (const m of inside) {
    const a = graph.getNodeAttributes(m);
    x += a.x;
    y += a.y;
  }
  const outside = new Set<string>();
  for (const m of inside) {
    graph.forEachNeighbor(m, (other, b) => {
      if (!inside.has(other) && !b.groupedIn) outside.add(other);
    });
  }
  graph.addNode(id, {
    x: x / inside.size,
    y: y / inside.size,
    size: Math.min(30, STYLES.group.baseSize + 2 * Math.sqrt(inside.size)),
    color: STYLES.group.color,
    label: `${label} (${inside.size})`,
    shape: SHAPES.target,
    kind: 'group',
    key: name,
    masked: false,
    attributes: { members: inside.size },
    day: null,
    inRing: false,
    groupedIn: null,
    roles: [],
    centrality: null,
    organiser: false,
    memberNo: null
  });
  for (const m of inside) graph.setNodeAttribute(m, 'groupedIn', id);
  for (const other of outside) {
    graph.addEdgeWithKey(`${id}|${other}`, id, other, { size: 1.5, color: '#868e96', roles: [], proxy: true });
  }
  return { id, label, members: [...inside] };
}

/** Restores a group's members around where the group node ended up. */
export function expand(graph: RingGraph, groupId: string): boolean {
  if (!graph.hasNode(groupId)) return false;
  const at = graph.getNodeAttributes(groupId);
  let cx = 0;
  let cy = 0;
  const members: string[] = [];
  graph.forEachNode((node, a) => {
    if (a.groupedIn !== groupId) return;
    members.push(node);
    cx += a.x;
    cy += a.y;
  });
  cx /= members.length || 1;
  cy /= members.length || 1;
  // The layout may have moved the group node: move its members by the same offset.
  const dx = at.x - cx;
  const dy = at.y - cy;
  for (const m of members) {
    graph.updateNodeAttributes(m, (a) => ({ ...a, x: a.x + dx, y: a.y + dy, groupedIn: null }));
  }
  graph.dropNode(groupId);
  return true;
}

/** An organisation node with the claims it served and the parties found only on those claims. */
export function organisationMembers(graph: RingGraph, org: string): string[] {
  const members = new Set<string>([org]);
  const claims: string[] = [];
  graph.forEachNeighbor(org, (n, a) => {
    if (a.kind === 'claim') {
      members.add(n);
      claims.push(n);
    }
  });
  for (const c of claims) {
    graph.forEachNeighbor(c, (n) => {
      if (members.has(n)) return;
      // Keep a party outside if it also appears on a claim this organisation did not serve.
      if (graph.everyNeighbor(n, (other) => members.has(other))) members.add(n);
    });
  }
  return [...members];
}

export const ORGANISATION_TYPES = new Set(['hospital', 'repair_shop', 'appraiser', 'lawyer', 'tow']);
