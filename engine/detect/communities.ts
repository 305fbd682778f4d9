/**
 * ringsight/detect/communities
 * ============================
 *
 * Seeded Louvain over the community graph, then a connectivity refinement:
 * Louvain can return communities that are badly connected or even
 * disconnected (Traag, Waltman & van Eck 2019), so every community is split
 * into its connected parts inside itself. Each part with enough claims is a
 * candidate ring.
 */
import type Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
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

export function detectCommunities(graph: Graph, params: CommunityParams): CommunityResult {
  if (graph.size === 0) return { candidates: [], communities: 0, modularity: 0, splits: 0 };
  const detailed = louvain.detailed(graph, {
    getEdgeWeight: 'weight',
    resolution: params.resolution,
    rng: seededRandom(params.seed)
  });
  const community = detailed.communities;

  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  let splits = 0;
  const partsOf = new Map<number, number>();
  graph.forEachNode((start) => {
    if (seen.has(start)) return;
    const label = community[start]!;
    partsOf.set(label, (partsOf.get(label) ?? 0) + 1);
    const part: Candidate = { claims: [], entities: [] };
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const node = stack.pop()!;
      const attrs = graph.getNodeAttributes(node) as { kind: string; index: number };
      (attrs.kind === 'claim' ? part.claims : part.entities).push(attrs.index);
      graph.forEachNeighbor(node, (next) => {
        if (!seen.has(next) && community[next] === label) {
          seen.add(next);
          stack.push(next);
        }
      });
    }
    if (part.claims.length >= params.minClaims) {
      part.claims.sort((a, b) => a - b);
      part.entities.sort((a, b) => a - b);
      candidates.push(part);
    }
  });
  for (const parts of partsOf.values()) if (parts > 1) splits += parts - 1;
  return { candidates, communities: detailed.count, modularity: detailed.modularity, splits };
}
