/**
 * ringsight/detect/centrality
 * ===========================
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
  claims: string[];
  /** Entity ref → ring claim ids it appears on. */
  entities: Map<string, string[]>;
}

export interface Centrality { degree: number; betweenness: number }

export function ringCentrality(input: RingGraphInput): Map<string, Centrality> {
  const graph = new Graph({ type: 'undirected', multi: false });
  for (const c of input.claims) graph.addNode(`claim:${c}`);
  for (const [refKey, claims] of input.entities) {
    if (claims.length < 2) continue;
    graph.addNode(refKey);
    for (const c of claims) graph.mergeEdge(refKey, `claim:${c}`);
  }
  // Unweighted: Brandes by BFS, not Dijkstra — ring graphs are small but there are many of them.
  const betweenness = betweennessCentrality(graph, { normalized: true, getEdgeWeight: null });
  const out = new Map<string, Centrality>();
  const n = input.claims.length;
  for (const [refKey, claims] of input.entities) {
    out.set(refKey, {
      degree: Math.round((claims.length / n) * 1e4) / 1e4,
      betweenness: Math.round((betweenness[refKey] ?? 0) * 1e4) / 1e4
    });
  }
  return out;
}
