/**
 * ringsight/engine/detect/communities
 * ===================================
 *
 * Seeded Louvain (graphology) or Leiden (./leiden.ts, networkanalysis-ts) over
 * the community graph, then a connectivity refinement: Louvain can return
 * communities that are badly connected or even disconnected (Traag, Waltman &
 * van Eck 2019), so every community is split into its connected parts inside
 * itself. Leiden guarantees connected communities; the split still runs after
 * it, as a cheap check (its `splits` should stay 0). Each part with enough
 * claims is a candidate ring. The refinement walks the graph's integer CSR, not
 * graphology's string-keyed adjacency: at a million claims that walk would
 * otherwise cost as much as Louvain itself.
 */
import louvain from 'graphology-communities-louvain';
import type { LouvainGraph } from '../graph/community-graph.js';
import { seededRandom } from '../util/random.js';
import { checkLeidenParams, leidenCommunities, type LeidenQuality } from './leiden.js';

export type CommunityAlgorithm = 'louvain' | 'leiden';

export interface CommunityParams {
  seed: number;
  resolution: number;
  minClaims: number;
  /** Louvain (default) or Leiden; absent means Louvain. */
  community?: CommunityAlgorithm;
  /** Leiden's quality function; absent means modularity. */
  quality?: LeidenQuality;
  /** Leiden CPM density threshold (see leiden.ts). */
  cpmResolution?: number;
  /** Most Leiden iterations; it stops sooner once one changes nothing. */
  leidenIterations?: number;
}

export interface Candidate {
  /** Claim indices, ascending. */
  claims: number[];
  /** Linking entity indices, ascending. */
  entities: number[];
}

export interface CommunityResult {
  candidates: Candidate[];
  communities: number;
  modularity: number;
  splits: number;
}

const ascending = (a: number, b: number): number => a - b;

/** Rejects a bad algorithm choice or Leiden setting up front, whether or not the graph needs the community step. */
export function checkCommunityParams(params: CommunityParams): void {
  const algorithm = params.community ?? 'louvain';
  if (algorithm !== 'louvain' && algorithm !== 'leiden') {
    throw new Error(
      `ringsight/detect/communities: community must be "louvain" or "leiden", got ${JSON.stringify(algorithm)}`
    );
  }
  if (algorithm === 'leiden') checkLeidenParams(leidenParams(params));
}

function leidenParams(params: CommunityParams) {
  return {
    seed: params.seed,
    resolution: params.resolution,
    quality: params.quality ?? 'modularity',
    cpmResolution: params.cpmResolution ?? NaN,
    ...(params.leidenIterations !== undefined ? { leidenIterations: params.leidenIterations } : {})
  };
}

export function detectCommunities(input: LouvainGraph, params: CommunityParams): CommunityResult {
  checkCommunityParams(params);
  const { graph, nodeIsClaim, nodeIndex, adjStart, adj } = input;
  if (graph.size === 0) return { candidates: [], communities: 0, modularity: 0, splits: 0 };
  const n = nodeIndex.length;
  let community: Int32Array;
  let count: number;
  let modularity: number;
  if (params.community === 'leiden') {
    ({ community, count, modularity } = leidenCommunities(input, leidenParams(params)));
  } else {
    const detailed = louvain.detailed(graph, {
      getEdgeWeight: 'weight',
      resolution: params.resolution,
      rng: seededRandom(params.seed)
    });
    // Node keys are String(i): the community map reads as an array-like object.
    community = new Int32Array(n);
    for (let i = 0; i < n; i++) community[i] = detailed.communities[i]!;
    count = detailed.count;
    modularity = detailed.modularity;
  }

  const candidates: Candidate[] = [];
  const part = new Int32Array(n).fill(-1);
  const partsOf = new Int32Array(count);
  const stack: number[] = [];
  let parts = 0;
  for (let start = 0; start < n; start++) {
    if (part[start] !== -1) continue;
    const label = community[start]!;
    partsOf[label]!++;
    const found: Candidate = { claims: [], entities: [] };
    part[start] = parts;
    stack.push(start);
    while (stack.length > 0) {
      const u = stack.pop()!;
      (nodeIsClaim[u] ? found.claims : found.entities).push(nodeIndex[u]!);
      for (let k = adjStart[u]!; k < adjStart[u + 1]!; k++) {
        const v = adj[k]!;
        if (part[v] === -1 && community[v] === label) {
          part[v] = parts;
          stack.push(v);
        }
      }
    }
    parts++;
    if (found.claims.length >= params.minClaims) {
      found.claims.sort(ascending);
      found.entities.sort(ascending);
      candidates.push(found);
    }
  }
  let splits = 0;
  for (let c = 0; c < partsOf.length; c++) if (partsOf[c]! > 1) splits += partsOf[c]! - 1;
  return { candidates, communities: count, modularity, splits };
}
