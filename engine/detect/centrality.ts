/**
 * ringsight/engine/detect/centrality
 * ==================================
 *
 * Centrality inside one ring, to name the likely organisers: the ring's
 * claims and every entity on them (hubs left out) as a small graph, with
 * normalised betweenness (brokers sit on the paths between everyone else) and
 * degree (share of the ring's claims an entity appears on). Betweenness is
 * O(V·E), so it is only ever computed per ring, never on the whole book —
 * and only on the ring's core: its claims and the entities on two or more of
 * them. An entity on a single claim is a leaf whose betweenness is zero by
 * definition; leaving leaves out keeps large rings from costing V² in them.
 */
import Graph from 'graphology';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';

export interface RingGraphInput {
  /** Number of ring claims; claims are numbered 0 .. claims-1. */
  claims: number;
  /** Per member entity: the ring claims (by that numbering) it appears on. */
  entities: number[][];
}

export interface Centrality {
  degree: number;
  betweenness: number;
}

/** Centrality of each member entity, in the order of `input.entities`. */
export function ringCentrality(input: RingGraphInput): Centrality[] {
  // Integer node keys: claim i is "i", entity k is "claims + k" — thousands of rings, no key strings to build.
  const n = input.claims;
  const graph = new Graph({ type: 'undirected', multi: false });
  for (let c = 0; c < n; c++) graph.addNode(String(c));
  input.entities.forEach((claims, k) => {
    if (claims.length < 2) return;
    const node = String(n + k);
    graph.addNode(node);
    for (const c of claims) graph.addUndirectedEdge(node, String(c));
  });
  // Unweighted: Brandes by BFS, not Dijkstra — ring graphs are small but there are many of them.
  const betweenness = betweennessCentrality(graph, { normalized: true, getEdgeWeight: null });
  return input.entities.map((claims, k) => ({
    degree: Math.round((claims.length / n) * 1e4) / 1e4,
    betweenness: Math.round((betweenness[String(n + k)] ?? 0) * 1e4) / 1e4
  }));
}
