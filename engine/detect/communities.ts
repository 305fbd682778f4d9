/**
 * ringsight/detect/communities
 * ============================
 *
 * Seeded Louvain over the community graph, then a connectivity refinement:
 * Louvain can return communities that are badly connected or even
 * disconnected (Traag, Waltman & van Eck 2019), so every community is split
 * into its connected parts inside itself. Each part with enough claims is a
 * candidate ring. The refinement walks the graph's integer CSR, not
 * graphology's string-keyed adjacency: at a million claims that walk would
 * otherwise cost as much as Louvain itself.
 */
import louvain from 'graphology-communities-louvain';
import type { LouvainGraph } from '../graph/community-graph.js';
import { seededRandom } from '../util/random.js';

export interface CommunityParams {
  seed: number;
  resolution: number;
  minClaims: number;
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

export function detectCommunities(input: LouvainGraph, params: CommunityParams): CommunityResult {
  const { graph, nodeIsClaim, nodeIndex, adjStart, adj } = input;
  if (graph.size === 0) return { candidates: [], communities: 0, modularity: 0, splits: 0 };
  const detailed = louvain.detailed(graph, {
    getEdgeWeight: 'weight',
    resolution: params.resolution,
    rng: seededRandom(params.seed)
  });
  const n = nodeIndex.length;
  // Node keys are String(i): the community map reads as an array-like object.
  const community = new Int32Array(n);
  for (let i = 0; i < n; i++) community[i] = detailed.communities[i]!;

  const candidates: Candidate[] = [];
  const part = new Int32Array(n).fill(-1);
  const partsOf = new Int32Array(detailed.count);
  const stack: number[] = [];
  let parts = 0;
  for (let start = 0; start < n; start++) {
    if (part[start] !== -1) continue;
    const label = community[start]!;
    partsOf[label]++;
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
  return { candidates, communities: detailed.count, modularity: detailed.modularity, splits };
}
