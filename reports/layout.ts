/**
 * ringsight/reports/layout
 * ========================
 *
 * Positions for a ring's graph, computed on the server: a seeded random start
 * and a fixed number of synchronous ForceAtlas2 iterations (graphology), then
 * a few more with size adjustment so nodes stop overlapping. Seeded by the
 * ring id, so the same ring is drawn the same way in every report, and no
 * browser is involved — the picture is data, not a screenshot.
 */
import Graph from 'graphology';
import random from 'graphology-layout/random';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { fnv1a, seededRandom } from '../engine/util/random.js';

export interface LayoutInput {
  /** Node id → size (radius in drawing units, used to keep nodes apart). */
  nodes: Map<string, number>;
  edges: Array<[string, string]>;
  seed: string;
}

export interface LayoutOptions {
  /** Iterations of the main phase; null picks by graph size. */
  iterations: number | null;
  /** Iterations with size adjustment (no overlaps) after the main phase. */
  settleIterations: number;
  gravity: number;
  scalingRatio: number;
  /** Barnes-Hut above this many nodes (O(n log n) instead of O(n²) per iteration). */
  barnesHutAbove: number;
}

export const DEFAULTS: LayoutOptions = {
  iterations: null,
  settleIterations: 30,
  gravity: 1,
  scalingRatio: 4,
  barnesHutAbove: 500
};

export type Positions = Map<string, { x: number; y: number }>;

export function layoutGraph(input: LayoutInput, options: Partial<LayoutOptions> = {}): Positions {
  const o = { ...DEFAULTS, ...options };
  const graph = new Graph({ type: 'undirected', multi: false });
  for (const [id, size] of input.nodes) graph.addNode(id, { size });
  for (const [a, b] of input.edges) if (a !== b && graph.hasNode(a) && graph.hasNode(b)) graph.mergeEdge(a, b);
  const out: Positions = new Map();
  if (graph.order === 0) return out;
  if (graph.order === 1) {
    out.set(graph.nodes()[0]!, { x: 0, y: 0 });
    return out;
  }
  random.assign(graph, { rng: seededRandom(parseInt(fnv1a(input.seed), 16)), scale: 100, center: 0 });
  const iterations = o.iterations ?? Math.max(100, Math.min(200, Math.round(30_000 / graph.order)));
  const settings = {
    ...forceAtlas2.inferSettings(graph),
    gravity: o.gravity,
    scalingRatio: o.scalingRatio,
    barnesHutOptimize: graph.order > o.barnesHutAbove
  };
  forceAtlas2.assign(graph, { iterations, settings });
  if (o.settleIterations > 0)
    forceAtlas2.assign(graph, { iterations: o.settleIterations, settings: { ...settings, adjustSizes: true } });
  graph.forEachNode((id, attrs) => out.set(id, { x: attrs.x as number, y: attrs.y as number }));
  return out;
}
