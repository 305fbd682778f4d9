/**
 * ringsight/api/data/ring-view
 * ============================
 *
 * Builds what the ring and entity routes return — ring detail, claim facts,
 * graph nodes and edges ready for sigma/graphology — from a ring, the current
 * claims and links, and a Presenter that applies the caller's view. Nothing
 * here decides access; it only asks the Presenter.
 */
import type { Claim, Ring } from '../../engine/model.js';
import { prefectureOf } from '../../engine/model.js';
import type { Presenter } from '../policy/present.js';
import type { RingLink } from './ring-index.js';

export const NODE_COLORS: Record<string, string> = {
  claim: '#8d99ae',
  person: '#e63946',
  phone: '#f4a261',
  bank_account: '#2a9d8f',
  vehicle: '#457b9d',
  hospital: '#6a4c93',
  repair_shop: '#b5838d',
  appraiser: '#52796f',
  lawyer: '#9c6644',
  tow: '#6c757d'
};

export interface GraphNode {
  id: string;
  type: string;
  label: string;
  size: number;
  color?: string;
  attributes: Record<string, unknown>;
}
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  role: string;
  weight?: number;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Refs linked to one of `insurer`'s own claims: the parties an insurer may see unmasked. */
export function ownRefs(links: readonly RingLink[], claims: readonly Claim[], insurer: string | null): Set<string> {
  const own = new Set(claims.filter((c) => c.insurer === insurer).map((c) => c.id));
  return new Set(links.filter((l) => own.has(l.claim)).map((l) => `${l.type}:${l.key}`));
}

export function claimFacts(c: Claim, p: Presenter) {
  const foreign = p.isForeignClaim(c.id);
  return {
    id: p.claimKey(c.id),
    nodeId: p.claimNodeId(c.id),
    own: p.insurer === null ? null : !foreign,
    date: c.accidentDate,
    reportDate: c.reportDate,
    insurer: p.claimInsurer(c.id),
    // Another insurer's claim is placed by prefecture only: an aggregated fact, not its exact district.
    region: foreign ? prefectureOf(c.region) : c.region,
    prefecture: prefectureOf(c.region),
    product: c.product,
    claimed: c.claimed,
    paid: c.paid,
    status: c.status
  };
}

function withoutNodeId<T extends { nodeId: string }>(facts: T): Omit<T, 'nodeId'> {
  const { nodeId: _drop, ...rest } = facts;
  return rest;
}

export function claimNode(id: string, claim: Claim | undefined, p: Presenter, degree: number): GraphNode {
  const foreign = p.isForeignClaim(id);
  const facts = claim ? claimFacts(claim, p) : null;
  return {
    id: p.claimNodeId(id),
    type: 'claim',
    label: foreign ? `claim (${facts?.prefecture ?? 'other insurer'})` : id,
    size: round2(3 + Math.min(6, Math.sqrt(degree) * 1.5)),
    color: NODE_COLORS.claim,
    attributes: { degree, masked: foreign, ...(facts ? withoutNodeId(facts) : {}) }
  };
}

export function entityNode(
  type: string,
  key: string,
  name: string | null,
  p: Presenter,
  size: number,
  extra: Record<string, unknown>
): GraphNode {
  const e = p.entity(type, key, name);
  return {
    id: e.id,
    type,
    label: e.name ?? e.key,
    size: round2(size),
    ...(NODE_COLORS[type] ? { color: NODE_COLORS[type] } : {}),
    attributes: { key: e.key, name: e.name, masked: e.masked, ...extra }
  };
}

/**
 * One edge per node pair — a plain (non-multi) graphology Graph refuses parallel
 * edges — carrying every role of the pair's links ("driver,injured") and their count as weight.
 */
export function mergeEdges(links: Iterable<{ source: string; target: string; role: string }>): GraphEdge[] {
  const byPair = new Map<string, { source: string; target: string; roles: Set<string>; weight: number }>();
  for (const l of links) {
    const id = `${l.source}|${l.target}`;
    const at = byPair.get(id);
    if (at) {
      at.roles.add(l.role);
      at.weight++;
    } else byPair.set(id, { source: l.source, target: l.target, roles: new Set([l.role]), weight: 1 });
  }
  return [...byPair].map(([id, e]) => ({
    id,
    source: e.source,
    target: e.target,
    role: [...e.roles].sort().join(','),
    weight: e.weight
  }));
}

export interface RingMaterial {
  ring: Ring;
  claims: Claim[];
  links: RingLink[];
  names: ReadonlyMap<string, string>;
}

const watchRefs = (ring: Ring): Set<string> =>
  new Set(ring.evidence.find((e) => e.signal === 'watchlist_hit')?.refs ?? []);

export function ringDetail(m: RingMaterial, p: Presenter) {
  const { ring } = m;
  const watched = watchRefs(ring);
  const organisers = new Set(ring.organisers.map((k) => `person:${k}`));
  const members = ring.members.map((mem) => {
    const ref = `${mem.type}:${mem.key}`;
    const e = p.entity(mem.type, mem.key, m.names.get(ref) ?? null);
    return {
      ...e,
      roles: mem.roles,
      claims: mem.claims,
      centrality: mem.centrality,
      organiser: organisers.has(ref),
      watchlisted: watched.has(ref)
    };
  });
  const byId = new Map(m.claims.map((c) => [c.id, c]));
  return {
    id: ring.id,
    score: ring.score,
    flagged: ring.flagged,
    category: ring.category,
    status: (ring as Ring & { status?: string }).status ?? 'new',
    period: ring.period,
    amounts: ring.amounts,
    regions: ring.regions,
    insurers: ring.insurers,
    claims: ring.claims.map((c) => p.claimKey(c)),
    members,
    organisers: ring.organisers.map((k) => p.entity('person', k, null).id),
    evidence: ring.evidence.map((e) => ({
      signal: e.signal,
      value: e.value,
      contribution: e.contribution,
      detail: e.detail,
      refs: e.refs.map((r) => p.ref(r))
    })),
    claimDetails: ring.claims
      .map((id) => byId.get(id))
      .filter((c): c is Claim => c !== undefined)
      .map((c) => claimFacts(c, p))
  };
}

export function ringGraph(m: RingMaterial, p: Presenter): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const { ring } = m;
  const inRing = new Set(ring.claims);
  const members = new Map(ring.members.map((mem) => [`${mem.type}:${mem.key}`, mem]));
  // A signal's carrier that is not a member (a busy provider kept out of the community graph as a hub)
  // is still drawn, with its links to the ring's claims, so highlighting the signal shows what carries it.
  const carriers = new Set(
    ring.evidence.flatMap((e) => e.refs).filter((r) => !r.startsWith('claim:') && !members.has(r))
  );
  const links = m.links.filter(
    (l) => inRing.has(l.claim) && (members.has(`${l.type}:${l.key}`) || carriers.has(`${l.type}:${l.key}`))
  );
  const claimDegree = new Map<string, number>();
  for (const l of links) claimDegree.set(l.claim, (claimDegree.get(l.claim) ?? 0) + 1);
  const maxBetweenness = Math.max(1e-9, ...ring.members.map((mem) => mem.centrality.betweenness));
  const watched = watchRefs(ring);
  const organisers = new Set(ring.organisers.map((k) => `person:${k}`));
  const byId = new Map(m.claims.map((c) => [c.id, c]));

  const nodes: GraphNode[] = ring.claims.map((id) => claimNode(id, byId.get(id), p, claimDegree.get(id) ?? 0));
  const nodeId = new Map<string, string>();
  for (const [ref, mem] of members) {
    // Brokers stand out: size grows with betweenness, and a little with how many claims they touch.
    const size = 4 + 10 * (mem.centrality.betweenness / maxBetweenness) + 1.5 * Math.sqrt(mem.claims);
    const node = entityNode(mem.type, mem.key, m.names.get(ref) ?? null, p, size, {
      roles: mem.roles,
      claims: mem.claims,
      degree: mem.centrality.degree,
      betweenness: mem.centrality.betweenness,
      organiser: organisers.has(ref),
      watchlisted: watched.has(ref)
    });
    nodeId.set(ref, node.id);
    nodes.push(node);
  }
  const carrierClaims = new Map<string, number>();
  for (const l of links) {
    const ref = `${l.type}:${l.key}`;
    if (carriers.has(ref)) carrierClaims.set(ref, (carrierClaims.get(ref) ?? 0) + 1);
  }
  for (const [ref, claims] of [...carrierClaims].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const colon = ref.indexOf(':');
    const node = entityNode(
      ref.slice(0, colon),
      ref.slice(colon + 1),
      m.names.get(ref) ?? null,
      p,
      4 + 1.5 * Math.sqrt(claims),
      {
        claims,
        carrier: true,
        organiser: false,
        watchlisted: watched.has(ref)
      }
    );
    nodeId.set(ref, node.id);
    nodes.push(node);
  }
  const edges = mergeEdges(
    links.map((l) => ({ source: p.claimNodeId(l.claim), target: nodeId.get(`${l.type}:${l.key}`)!, role: l.role }))
  );
  return { nodes, edges };
}
