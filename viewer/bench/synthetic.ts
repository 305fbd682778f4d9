/**
 * ringsight/viewer/bench/synthetic
 * ================================
 *
 * A synthetic ring neighbourhood for the FPS bench: claims linked to people,
 * phones, vehicles, accounts and providers, in clusters the way a laid-out
 * neighbourhood looks, built through the same payload path as API data.
 */
import { applyCentrality, createGraph, mergePayload, type RingGraph } from '../src/graph/model.js';
import type { GraphEdge, GraphNode } from '../src/api/types.js';

const ENTITY_MIX: Array<[type: string, share: number]> = [
  ['person', 0.45],
  ['phone', 0.2],
  ['vehicle', 0.15],
  ['bank_account', 0.12],
  ['hospital', 0.03],
  ['repair_shop', 0.03],
  ['appraiser', 0.01],
  ['lawyer', 0.01]
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticGraph(nodeCount = 5000, edgeCount = 20000, seed = 7): RingGraph {
  const random = rng(seed);
  const claims = Math.round(nodeCount * 0.4);
  const clusters = 60;
  const nodes: GraphNode[] = [];
  const clusterOf: number[] = [];
  for (let i = 0; i < claims; i++) {
    nodes.push({
      id: `claim:C${i}`,
      type: 'claim',
      label: `C${String(i).padStart(6, '0')}`,
      attributes: { date: `2024-${String(1 + (i % 12)).padStart(2, '0')}-15` }
    });
    clusterOf.push(Math.floor(random() * clusters));
  }
  for (let i = claims; i < nodeCount; i++) {
    let pick = random();
    let type = 'person';
    for (const [t, share] of ENTITY_MIX) {
      if (pick < share) {
        type = t;
        break;
      }
      pick -= share;
    }
    nodes.push({ id: `${type}:E${i}`, type, label: `E${i}` });
    clusterOf.push(Math.floor(random() * clusters));
  }
  const byCluster: number[][] = Array.from({ length: clusters }, () => []);
  for (let i = claims; i < nodeCount; i++) byCluster[clusterOf[i]!]!.push(i);
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  let guard = 0;
  while (edges.length < edgeCount && guard++ < edgeCount * 20) {
    const c = Math.floor(random() * claims);
    // Mostly within the claim's cluster, sometimes across: the bridges rings are made of.
    const pool = random() < 0.9 ? byCluster[clusterOf[c]!]! : byCluster[Math.floor(random() * clusters)]!;
    if (pool.length === 0) continue;
    const e = pool[Math.floor(random() * pool.length)]!;
    const key = `${c}|${e}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ id: `e${edges.length}`, source: nodes[c]!.id, target: nodes[e]!.id, role: 'claimant' });
  }
  const graph = createGraph();
  mergePayload(graph, { nodes, edges });
  applyCentrality(graph, null);
  // Laid-out look: clusters on a jittered grid, nodes spread around their centre.
  const side = Math.ceil(Math.sqrt(clusters));
  graph.updateEachNodeAttributes(
    (node, a) => {
      const index = Number(node.slice(node.indexOf(':') + 2));
      const cluster = clusterOf[index] ?? 0;
      const cx = (cluster % side) * 100 + random() * 20;
      const cy = Math.floor(cluster / side) * 100 + random() * 20;
      const r = 30 * Math.sqrt(-2 * Math.log(random() + 1e-9));
      const angle = random() * Math.PI * 2;
      return { ...a, x: cx + r * Math.cos(angle) * 0.6, y: cy + r * Math.sin(angle) * 0.6 };
    },
    { attributes: ['x', 'y'] }
  );
  return graph;
}
