/**
 * ringsight/viewer/graph/model
 * ============================
 *
 * Turns the API's graph payloads into a graphology graph with the attributes
 * the renderer needs (colour, shape, size, claim day), and merges later
 * neighbourhood fetches into it. Node ids are the API's (`claim:ID`,
 * `person:~handle`, …) so evidence refs and expansion requests line up.
 * The entity type lives in `kind`: sigma reserves `type` for the program.
 */
import Graph from 'graphology';
import type { GraphEdge, GraphNode, GraphPayload, RingDetail } from '../api/types.js';
import { dayNumber } from '../format.js';
import { annotateRing, roleColour } from './annotate.js';
import { SHAPES, sizeFor, styleOf } from './styles/palette.js';

export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string | null;
  shape: number;
  kind: string;
  /** The part after `type:` — a key, a masked handle (`~…`) or a claim id. */
  key: string;
  masked: boolean;
  attributes: Record<string, unknown>;
  /** Accident day of a claim (days since epoch), for the time slider. */
  day: number | null;
  /** Part of the ring the page opened (as opposed to expanded from the store). */
  inRing: boolean;
  /** Id of the collapsed group hiding this node. */
  groupedIn: string | null;
  roles: string[];
  centrality: { degree: number; betweenness: number } | null;
  /** Named by the engine as one of the ring's organisers: badged and always labelled. */
  organiser: boolean;
  /** The member's number in the ring (M1 first), as the police report numbers it; null outside the ring. */
  memberNo: string | null;
  /** The label before badges and numbers (annotate.ts), kept so annotating twice does not stack them. */
  baseLabel?: string | null;
}

export interface EdgeAttrs {
  size: number;
  color: string;
  roles: string[];
  /** Drawn by a collapsed group on behalf of its members. */
  proxy: boolean;
}

export type RingGraph = Graph<NodeAttrs, EdgeAttrs>;

export function createGraph(): RingGraph {
  return new Graph<NodeAttrs, EdgeAttrs>({ type: 'undirected', multi: false, allowSelfLoops: false });
}

function splitId(id: string): { type: string; key: string } {
  const colon = id.indexOf(':');
  return colon < 0 ? { type: 'unknown', key: id } : { type: id.slice(0, colon), key: id.slice(colon + 1) };
}

const DATE_FIELDS = ['accidentDate', 'accident_date', 'date'];

function claimDay(attributes: Record<string, unknown>): number | null {
  for (const f of DATE_FIELDS) {
    const v = attributes[f];
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) return dayNumber(v);
  }
  return null;
}

/** Deterministic scatter so a ring opens the same way twice (FA2 then untangles it). */
function seededPosition(id: string, around?: { x: number; y: number }, spread = 100): { x: number; y: number } {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  const a = (((hash >>> 0) % 10_000) / 10_000) * Math.PI * 2;
  const r = (((hash >>> 8) % 1000) / 1000) * spread + spread * 0.2;
  return { x: (around?.x ?? 0) + Math.cos(a) * r, y: (around?.y ?? 0) + Math.sin(a) * r };
}

export interface MergeOptions {
  inRing?: boolean;
  around?: { x: number; y: number };
  claimDetails?: ReadonlyMap<string, Record<string, unknown>>;
}

function nodeAttributes(n: GraphNode, options: MergeOptions): NodeAttrs {
  const { type: idType, key } = splitId(n.id);
  const kind = n.type || idType;
  const style = styleOf(kind);
  const attributes: Record<string, unknown> = { ...(options.claimDetails?.get(key) ?? {}), ...(n.attributes ?? {}) };
  const masked = attributes.masked === true || key.startsWith('~');
  const pos = seededPosition(n.id, options.around, options.around ? 30 : 100);
  return {
    ...pos,
    size: style.baseSize,
    color: style.color,
    label: n.label ?? (typeof attributes.name === 'string' ? attributes.name : key),
    shape: SHAPES[style.shape],
    kind,
    key,
    masked,
    attributes,
    day: kind === 'claim' ? claimDay(attributes) : null,
    inRing: options.inRing ?? false,
    groupedIn: null,
    roles: [],
    centrality: null,
    organiser: false,
    memberNo: null
  };
}

/** The API merges parallel links into one edge with comma-joined roles ("driver,injured"). */
function rolesOf(role: string | null | undefined): string[] {
  return role
    ? role
        .split(',')
        .map((r) => r.trim())
        .filter((r) => r !== '')
    : [];
}

function edgeColour(graph: RingGraph, source: string, target: string, roles: readonly string[]): string {
  const sk = graph.getNodeAttribute(source, 'kind');
  return roleColour(roles, sk === 'claim' ? graph.getNodeAttribute(target, 'kind') : sk);
}

function addEdge(graph: RingGraph, e: GraphEdge): boolean {
  if (e.source === e.target || !graph.hasNode(e.source) || !graph.hasNode(e.target)) return false;
  const existing = graph.edge(e.source, e.target);
  if (existing !== undefined) {
    // Two links between one claim and one entity (driver and insured): one edge, both roles.
    const roles = graph.getEdgeAttribute(existing, 'roles');
    const extra = rolesOf(e.role).filter((r) => !roles.includes(r));
    if (extra.length)
      graph.mergeEdgeAttributes(existing, {
        roles: [...roles, ...extra],
        color: edgeColour(graph, e.source, e.target, [...roles, ...extra])
      });
    return false;
  }
  const key = e.id && !graph.hasEdge(e.id) ? e.id : `${e.source}|${e.target}`;
  // Coloured as it is added: recolouring every edge later repaints edges sigma has not indexed yet (it throws).
  const roles = rolesOf(e.role);
  graph.addEdgeWithKey(key, e.source, e.target, {
    size: 1,
    color: edgeColour(graph, e.source, e.target, roles),
    roles,
    proxy: false
  });
  return true;
}

/** Adds what is new in a payload; returns the ids of nodes it added. */
export function mergePayload(graph: RingGraph, payload: GraphPayload, options: MergeOptions = {}): string[] {
  const added: string[] = [];
  for (const n of payload.nodes) {
    if (graph.hasNode(n.id)) {
      if (options.inRing) graph.setNodeAttribute(n.id, 'inRing', true);
      continue;
    }
    graph.addNode(n.id, nodeAttributes(n, options));
    added.push(n.id);
  }
  for (const e of payload.edges) addEdge(graph, e);
  return added;
}

/** Sizes from centrality: the ring's own figures when the API sent them, else local degree. */
export function applyCentrality(graph: RingGraph, ring: RingDetail | null): void {
  const byId = new Map<string, { roles: string[]; centrality: { degree: number; betweenness: number } }>();
  for (const m of ring?.members ?? []) byId.set(m.id ?? `${m.type}:${m.key}`, m);
  let maxDegree = 1;
  graph.forEachNode((node) => {
    maxDegree = Math.max(maxDegree, graph.degree(node));
  });
  // Thousands of full-size nodes only overlap into a blot (and cost fill rate): shrink them as the view grows.
  const scale = Math.min(1, Math.max(0.35, Math.sqrt(400 / Math.max(1, graph.order))));
  graph.updateEachNodeAttributes((node, a) => {
    const member = byId.get(node);
    if (member) {
      a.roles = member.roles;
      a.centrality = member.centrality;
    }
    const degree = a.centrality?.degree ?? graph.degree(node) / maxDegree;
    a.size = a.kind === 'group' ? a.size : scale * sizeFor(a.kind, degree, a.centrality?.betweenness ?? 0);
    return a;
    // No attribute hints on purpose: with hints that leave out x/y, sigma repaints without indexing,
    // and throws for nodes added in the same tick ("can't be repaint").
  });
}

export function buildRingGraph(payload: GraphPayload, ring: RingDetail | null): RingGraph {
  const graph = createGraph();
  const details = new Map<string, Record<string, unknown>>();
  for (const c of ring?.claimDetails ?? []) details.set(String(c.id), c);
  mergePayload(graph, payload, { inRing: true, claimDetails: details });
  applyCentrality(graph, ring);
  annotateRing(graph, ring);
  return graph;
}

/** Claim-day bounds of the graph, or null when no claim carries a date. */
export function dayBounds(graph: RingGraph): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  graph.forEachNode((_n, a) => {
    if (a.day === null) return;
    if (a.day < min) min = a.day;
    if (a.day > max) max = a.day;
  });
  return min <= max ? [min, max] : null;
}
