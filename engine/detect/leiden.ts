/**
 * ringsight/engine/detect/leiden
 * ==============================
 *
 * Leiden (Traag, Waltman & van Eck 2019, "From Louvain to Leiden: guaranteeing
 * well-connected communities", Sci. Rep. 9:5233) over the community graph,
 * through `networkanalysis-ts` 1.0.0 — the TypeScript port, by N. J. van Eck
 * (CWTS, Leiden), of the CWTS Java `networkanalysis` package the paper's
 * authors wrote. Leiden moves nodes like Louvain, then refines every community
 * by merging its nodes only inside it (so each refined community is
 * connected), and aggregates on the refined partition.
 *
 * What the library does, and how it is used here (read from its sources,
 * node_modules/networkanalysis-ts):
 * - All its quality functions are CPM (CPMClusteringAlgorithm.calcQuality):
 *     Q = (Σ_c [ Σ_{i,j∈c} A_ij − γ_lib · (Σ_{i∈c} n_i)² ]) / 2W
 *   with n_i the node weights, A_ij counted in both directions and W the total
 *   edge weight.
 * - Modularity is that CPM with node weights = weighted degrees k_i and
 *   γ_lib = γ / 2W: then Q = Σ_c [ e_c/W − γ (K_c/2W)² ], Newman–Girvan
 *   modularity at resolution γ. This is exactly what its own runner does
 *   (run/networkClustering.js: `resolution / (2 * totalEdgeWeight +
 *   totalEdgeWeightSelfLinks)` on a network built with
 *   `setNodeWeightsToTotalEdgeWeights: true`, run/networkHelper.js).
 *   Modularity has the resolution limit, so detect passes the same scaled
 *   resolution Louvain gets (effectiveResolution).
 * - CPM proper is CPM on the network with unit node weights — the runner's
 *   "NoNormalization" (Network.createNetworkWithoutNodeWeights). γ is then a
 *   density threshold: a community pays γ for every pair of its nodes (claims
 *   and identities alike, n²/2 pairs), so it holds together only where its
 *   internal link weight per node pair exceeds γ, and two groups A and B merge
 *   only when the weight between them exceeds γ·|A|·|B|. The link weights are
 *   the community graph's, already normalised by entity degree
 *   (linkWeight ÷ log2(1 + degree), so about 0.2–0.6 each). CPM has no
 *   resolution limit (Traag, Van Dooren & Nesterov 2011), so γ is not scaled
 *   with the book: a million-claim book is cut by the same threshold as a
 *   ten-thousand-claim one.
 * - Randomness comes from `java-random` (java.util.Random's 48-bit LCG),
 *   seeded with params.seed; node order (FastLocalMovingAlgorithm's random
 *   permutation) and the refinement's randomised merges draw from it only.
 *   With the graph built in a fixed node and edge order, the same seed gives
 *   the same partition.
 * - LeidenAlgorithm.improveClustering runs `nIterations` iterations (a value
 *   ≤ 0 runs until one changes nothing; IterativeCPMClusteringAlgorithm). Here
 *   one iteration at a time, until an iteration changes nothing or
 *   `leidenIterations` ran (0: until one changes nothing, guarded at
 *   LEIDEN_UNTIL_STABLE_GUARD). The paper's guarantees (its Table 1): after
 *   every iteration communities are γ-separated and γ-connected (so
 *   connected); once an iteration changes nothing, also node-optimal and
 *   subpartition γ-dense; uniform γ-density and subset optimality only
 *   asymptotically. Default 2, like python-igraph's community_leiden
 *   (n_iterations=2): on the 30k and 100k bench books iterating to a fixed
 *   point changed none of the evaluation figures, and at 1M claims it cost 8×
 *   the CPU (CPM γ 0.001: 18 iterations, 12.0 s against 1.5 s).
 */
import Random from 'java-random';
import { Clustering, LeidenAlgorithm, Network } from 'networkanalysis-ts';
import type { LouvainGraph } from '../graph/community-graph.js';

export type LeidenQuality = 'modularity' | 'cpm';

export interface LeidenParams {
  seed: number;
  quality: LeidenQuality;
  /** Modularity resolution γ (used when quality is 'modularity'). */
  resolution: number;
  /** CPM density threshold γ on the normalised link weights (used when quality is 'cpm'). */
  cpmResolution: number;
  /** Leiden's refinement randomness θ (the library's default is 0.01). */
  randomness?: number;
  /** Most Leiden iterations (0: until one changes nothing); it stops sooner once an iteration changes nothing. */
  leidenIterations?: number;
}

export interface LeidenResult {
  /** Community of node i. */
  community: Int32Array;
  count: number;
  /** Modularity of the partition at `resolution` (for both qualities, so runs compare). */
  modularity: number;
  /** The optimised quality: modularity, or CPM normalised by 2W. */
  quality: number;
  iterations: number;
}

const MODULE = 'ringsight/detect/leiden';
export const LEIDEN_DEFAULT_RANDOMNESS = 0.01;
export const LEIDEN_DEFAULT_ITERATIONS = 0;
export const LEIDEN_UNTIL_STABLE_GUARD = 1000;

export function checkLeidenParams(params: LeidenParams): void {
  if (params.quality !== 'modularity' && params.quality !== 'cpm') {
    throw new Error(`${MODULE}: quality must be "modularity" or "cpm", got ${JSON.stringify(params.quality)}`);
  }
  if (!Number.isInteger(params.seed) || params.seed < 0)
    throw new Error(`${MODULE}: seed must be a whole number ≥ 0, got ${params.seed}`);
  if (!Number.isFinite(params.resolution) || params.resolution <= 0)
    throw new Error(`${MODULE}: resolution must be a number > 0, got ${params.resolution}`);
  if (params.quality === 'cpm' && (!Number.isFinite(params.cpmResolution) || params.cpmResolution <= 0)) {
    throw new Error(`${MODULE}: cpmResolution must be a number > 0, got ${params.cpmResolution}`);
  }
  const randomness = params.randomness ?? LEIDEN_DEFAULT_RANDOMNESS;
  if (!Number.isFinite(randomness) || randomness <= 0)
    throw new Error(`${MODULE}: randomness must be a number > 0, got ${randomness}`);
  const iterations = params.leidenIterations ?? LEIDEN_DEFAULT_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 0)
    throw new Error(`${MODULE}: leidenIterations must be a whole number ≥ 0, got ${iterations}`);
}

/**
 * The community graph as a networkanalysis Network: the same nodes (node i is
 * graphology key String(i)), each edge in both directions, neighbours
 * ascending (the library's integrity rule), node weights = weighted degrees.
 */
export function toNetwork(input: LouvainGraph): Network {
  const n = input.nodeIndex.length;
  const { graph } = input;
  const m = graph.size;
  const src = new Int32Array(m),
    dst = new Int32Array(m);
  const w = new Float64Array(m);
  let k = 0;
  graph.forEachEdge((_edge, attr, source, target) => {
    src[k] = Number(source);
    dst[k] = Number(target);
    w[k] = attr.weight as number;
    k++;
  });
  // Edges per node (both directions), then a counting pass in ascending
  // neighbour order: visiting edges sorted by their other end fills every
  // node's neighbour list already sorted.
  const count = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    count[src[e]! + 1]!++;
    count[dst[e]! + 1]!++;
  }
  for (let i = 0; i < n; i++) count[i + 1]! += count[i]!;
  // Bucket the edge ends by node, then emit node u's neighbours by walking v ascending.
  const byStart = new Int32Array(2 * m);
  const fill = count.slice(0, n);
  for (let e = 0; e < m; e++) {
    byStart[fill[src[e]!]!++] = e;
    byStart[fill[dst[e]!]!++] = e;
  }
  const first = new Array<number>(n + 1).fill(0);
  for (let i = 0; i <= n; i++) first[i] = count[i]!;
  const neighbors = new Array<number>(2 * m).fill(0);
  const edgeWeights = new Array<number>(2 * m).fill(0);
  const put = count.slice(0, n);
  for (let v = 0; v < n; v++) {
    for (let p = count[v]!; p < count[v + 1]!; p++) {
      const e = byStart[p]!;
      const u = src[e] === v ? dst[e]! : src[e]!;
      neighbors[put[u]!] = v;
      edgeWeights[put[u]!] = w[e]!;
      put[u]!++;
    }
  }
  const nodeWeights = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let p = first[i]!; p < first[i + 1]!; p++) nodeWeights[i]! += edgeWeights[p]!;
  return new Network({ nodeWeights, firstNeighborIndices: first, neighbors, edgeWeights, checkIntegrity: false });
}

export function leidenCommunities(input: LouvainGraph, params: LeidenParams): LeidenResult {
  checkLeidenParams(params);
  const n = input.nodeIndex.length;
  if (n === 0) return { community: new Int32Array(0), count: 0, modularity: 0, quality: 0, iterations: 0 };
  const degreeWeighted = toNetwork(input);
  const twoW = 2 * degreeWeighted.getTotalEdgeWeight();
  const modularityResolution = params.resolution / twoW;
  const cpm = params.quality === 'cpm';
  const network = cpm ? degreeWeighted.createNetworkWithoutNodeWeights() : degreeWeighted;
  const resolution = cpm ? params.cpmResolution : modularityResolution;

  const algorithm = new LeidenAlgorithm();
  algorithm.initializeBasedOnResolutionAndNIterationsAndRandomnessAndRandom(
    resolution,
    1,
    params.randomness ?? LEIDEN_DEFAULT_RANDOMNESS,
    new Random(params.seed)
  );
  const clustering = new Clustering({ nNodes: n });
  const asked = params.leidenIterations ?? LEIDEN_DEFAULT_ITERATIONS;
  const most = asked === 0 ? LEIDEN_UNTIL_STABLE_GUARD : asked;
  let iterations = 0;
  while (iterations < most) {
    iterations++;
    if (!algorithm.improveClustering(network, clustering)) break;
  }
  clustering.orderClustersByNNodes();

  const community = Int32Array.from(clustering.getClusters());
  return {
    community,
    count: clustering.getNClusters(),
    modularity: modularity(degreeWeighted, community, clustering.getNClusters(), params.resolution),
    quality: algorithm.calcQuality(network, clustering),
    iterations
  };
}

/**
 * Newman–Girvan modularity at resolution γ of a partition of a network whose
 * node weights are the weighted degrees: Σ_c [ in_c / 2W − γ (K_c / 2W)² ],
 * in_c counting each internal edge in both directions.
 */
export function modularity(network: Network, community: Int32Array, count: number, resolution: number): number {
  const { firstNeighborIndices: first, neighbors, edgeWeights, nodeWeights } = network;
  const inside = new Float64Array(count);
  const total = new Float64Array(count);
  let twoW = 0;
  for (let i = 0; i < network.nNodes; i++) {
    const c = community[i]!;
    total[c]! += nodeWeights[i]!;
    for (let p = first[i]!; p < first[i + 1]!; p++) {
      twoW += edgeWeights[p]!;
      if (community[neighbors[p]!] === c) inside[c]! += edgeWeights[p]!;
    }
  }
  if (twoW === 0) return 0;
  let q = 0;
  for (let c = 0; c < count; c++) q += inside[c]! / twoW - resolution * (total[c]! / twoW) ** 2;
  return q;
}
