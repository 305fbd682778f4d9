/**
 * ringsight/bench/peers/baselines
 * ===============================
 *
 * The two baselines ringsight's rings are compared with, both flagged by the
 * same simple rule (a group with at least `minClaims` claims from at least
 * `minInsurers` insurers):
 *
 * - components: connected components of claims over shared identifiers
 *   (persons, phones, bank accounts, vehicles), no hub handling — the classic
 *   graph-database "who shares what" fraud query.
 * - louvain: plain Louvain (graphology, seeded) over the whole claims/entities
 *   graph — every entity type including providers, unweighted, no hub handling.
 */
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import type { DetectedRing } from '../../engine/evaluate.js';
import { claimEntities, type ClaimsIndex } from '../../engine/graph/claims-index.js';
import { isIdentity } from '../../engine/graph/community-graph.js';
import { seededRandom } from '../../engine/util/random.js';

export interface BaselineOptions {
  minClaims: number;
  minInsurers: number;
  seed: number;
}

export const DEFAULTS: BaselineOptions = { minClaims: 5, minInsurers: 2, seed: 42 };

export interface BaselineResult {
  /** Groups with at least two claims. */
  groups: number;
  /** Flagged groups only, in the shape evaluate() takes. */
  rings: DetectedRing[];
  ms: number;
  info: Record<string, number>;
}

function flagGroups(
  index: ClaimsIndex,
  groups: Iterable<number[]>,
  opts: BaselineOptions,
  prefix: string
): { groups: number; rings: DetectedRing[] } {
  let count = 0;
  const rings: DetectedRing[] = [];
  for (const group of groups) {
    if (group.length < 2) continue;
    count++;
    if (group.length < opts.minClaims) continue;
    const insurers = new Set(group.map((c) => index.claims[c]!.insurer));
    if (insurers.size < opts.minInsurers) continue;
    rings.push({ id: `${prefix}${rings.length}`, flagged: true, claims: group.map((c) => index.claims[c]!.id) });
  }
  return { groups: count, rings };
}

/** (a) Connected components of claims over shared identity entities, hubs included. */
export function identityComponents(index: ClaimsIndex, options: Partial<BaselineOptions> = {}): BaselineResult {
  const opts = { ...DEFAULTS, ...options };
  const t0 = performance.now();
  const n = index.claims.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const firstClaim = new Int32Array(index.entities).fill(-1);
  for (let c = 0; c < n; c++) {
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
      const e = index.linkEntity[i]!;
      if (!isIdentity(index.entityType[e]!)) continue;
      if (firstClaim[e]! < 0) {
        firstClaim[e] = c;
        continue;
      }
      const a = find(c),
        b = find(firstClaim[e]!);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let c = 0; c < n; c++) {
    const root = find(c);
    let g = byRoot.get(root);
    if (!g) byRoot.set(root, (g = []));
    g.push(c);
  }
  let largest = 0;
  for (const g of byRoot.values()) largest = Math.max(largest, g.length);
  const flagged = flagGroups(index, byRoot.values(), opts, 'CC');
  return { ...flagged, ms: performance.now() - t0, info: { largestComponent: largest } };
}

/** (b) Plain seeded Louvain over the whole claims/entities graph, unweighted, hubs and providers included. */
export function plainLouvain(index: ClaimsIndex, options: Partial<BaselineOptions> = {}): BaselineResult {
  const opts = { ...DEFAULTS, ...options };
  const t0 = performance.now();
  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  const n = index.claims.length;
  const added = new Uint8Array(index.entities);
  for (let c = 0; c < n; c++) {
    const entities = claimEntities(index, c);
    if (entities.length === 0) continue;
    const node = `c${c}`;
    graph.addNode(node);
    for (const e of entities) {
      if (!added[e]) {
        added[e] = 1;
        graph.addNode(`e${e}`);
      }
      graph.addEdge(node, `e${e}`);
    }
  }
  const built = performance.now();
  const community = louvain(graph, { getEdgeWeight: null, rng: seededRandom(opts.seed) });
  const ran = performance.now();
  const byCommunity = new Map<number, number[]>();
  for (let c = 0; c < n; c++) {
    const label = community[`c${c}`];
    if (label === undefined) continue;
    let g = byCommunity.get(label);
    if (!g) byCommunity.set(label, (g = []));
    g.push(c);
  }
  const flagged = flagGroups(index, byCommunity.values(), opts, 'LV');
  return {
    ...flagged,
    ms: performance.now() - t0,
    info: { nodes: graph.order, edges: graph.size, buildMs: built - t0, louvainMs: ran - built }
  };
}
