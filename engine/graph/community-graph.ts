/**
 * ringsight/engine/graph/community-graph
 * ======================================
 *
 * Builds the graph community detection runs on: claims joined by the identity
 * entities they share (people, phones, bank accounts, vehicles).
 *
 * What is left out, and why:
 * - providers (hospitals, repair shops, appraisers, lawyers, tow firms) say
 *   where a claim was handled, not who is behind it; a city hospital would glue
 *   thousands of honest claims together. Their concentration inside a ring is
 *   scored as evidence instead (signals/concentration).
 * - identity hubs: an entity on more claims than `hubDegree` for its type (a
 *   fleet vehicle, an agency switchboard, a busy honest agent).
 * - entities on a single claim link nothing, and claims linked to no other
 *   claim cannot form a ring: they are not added, which keeps the graph a
 *   fraction of the book.
 * Edges are weighted by inverse log degree, so an entity shared by two claims
 * binds them harder than one shared by fifty.
 *
 * Linked components of at most `splitAbove` claims are already ring-sized and
 * become candidates whole. Only larger components — where honest claims are
 * glued to a gang through a lured driver or a member's own honest claims, or
 * two gangs touch — go through Louvain. Louvain on a lone small component
 * would cut a tight gang in pieces just because modularity rewards any split.
 */
import Graph from 'graphology';
import type { IdentityType } from '../model.js';
import { IDENTITY_TYPES } from '../model.js';
import { claimEntities, type ClaimsIndex } from './claims-index.js';

export interface CommunityGraphParams {
  hubDegree: Record<IdentityType, number>;
  linkWeight: Record<IdentityType, number>;
  minClaims: number;
  splitAbove: number;
}

export interface LinkedComponent {
  /** Claim indices, ascending. */
  claims: number[];
  /** Linking entity indices, ascending. */
  entities: number[];
}

/**
 * The graph Louvain runs on, with its nodes also held as integers: node `i`
 * has the key `String(i)` in `graph` (short integer keys keep graphology's
 * and Louvain's key lookups cheap), is a claim when `nodeIsClaim[i]`, and
 * stands for claim or entity `nodeIndex[i]` of the claims index. `adjStart` /
 * `adj` is the same adjacency as a CSR, for the steps after Louvain.
 */
export interface LouvainGraph {
  graph: Graph;
  nodeIsClaim: Uint8Array;
  nodeIndex: Int32Array;
  adjStart: Int32Array;
  adj: Int32Array;
  /** Total edge weight. */
  weight: number;
}

export interface CommunityGraph extends LouvainGraph {
  /** Ring-sized components, taken whole. */
  small: LinkedComponent[];
  /** Entity indices excluded as hubs. */
  hubs: number[];
  /** Claims in the graph, and the linked components they formed before the community step. */
  claims: number;
  components: number;
  /** Per claim index: claims in its linked component (1 for a claim linked to no other). */
  componentClaims: Int32Array;
}

const IDENTITY: ReadonlySet<string> = new Set(IDENTITY_TYPES);

export function isIdentity(type: string): type is IdentityType {
  return IDENTITY.has(type);
}

/**
 * Per identity entity (hubs left out, as in the community graph) on any of `claims`: the positions
 * in `claims` of the claims it is on, ascending — the links of a claim set among its own claims.
 */
export function identityLinksWithin(
  index: ClaimsIndex,
  claims: readonly number[],
  hubDegree: Record<IdentityType, number>
): Map<number, number[]> {
  const on = new Map<number, number[]>();
  for (let i = 0; i < claims.length; i++) {
    const c = claims[i]!;
    for (let k = index.linkStart[c]!; k < index.linkStart[c + 1]!; k++) {
      const e = index.linkEntity[k]!;
      const type = index.entityType[e]!;
      if (!isIdentity(type) || index.degree[e]! > hubDegree[type]) continue;
      const list = on.get(e) ?? on.set(e, []).get(e)!;
      if (list[list.length - 1] !== i) list.push(i);
    }
  }
  return on;
}

export function buildCommunityGraph(index: ClaimsIndex, params: CommunityGraphParams): CommunityGraph {
  const entities = index.entities;
  const linking = new Uint8Array(entities);
  const hubs: number[] = [];
  for (let e = 0; e < entities; e++) {
    const type = index.entityType[e]!;
    if (!isIdentity(type)) continue;
    const d = index.degree[e]!;
    if (d > params.hubDegree[type]) hubs.push(e);
    else if (d >= 2) linking[e] = 1;
  }

  // Union-find over claims through linking entities.
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
  const firstClaim = new Int32Array(entities).fill(-1);
  for (let c = 0; c < n; c++) {
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
      const e = index.linkEntity[i]!;
      if (!linking[e]) continue;
      if (firstClaim[e]! < 0) firstClaim[e] = c;
      else {
        const a = find(c),
          b = find(firstClaim[e]!);
        if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
      }
    }
  }
  const size = new Int32Array(n);
  for (let c = 0; c < n; c++) size[find(c)]!++;
  const componentClaims = new Int32Array(n);
  for (let c = 0; c < n; c++) componentClaims[c] = size[find(c)]!;

  // Nodes in a fixed order — big-component claims ascending, then their linking entities
  // ascending — so Louvain, which walks nodes in insertion order, is deterministic.
  const nodeOfEntity = new Int32Array(entities).fill(-1);
  const nodeIsClaim: number[] = [];
  const nodeIndex: number[] = [];
  const smallByRoot = new Map<number, LinkedComponent>();
  let claimsIn = 0;
  let components = 0;
  for (let c = 0; c < n; c++) {
    const root = find(c);
    const s = size[root]!;
    if (s < params.minClaims) continue;
    if (root === c) components++;
    claimsIn++;
    if (s <= params.splitAbove) {
      let comp = smallByRoot.get(root);
      if (!comp) smallByRoot.set(root, (comp = { claims: [], entities: [] }));
      comp.claims.push(c);
    } else {
      nodeIsClaim.push(1);
      nodeIndex.push(c);
    }
  }
  for (let e = 0; e < entities; e++) {
    if (!linking[e]) continue;
    const root = find(firstClaim[e]!);
    const s = size[root]!;
    if (s < params.minClaims) continue;
    if (s <= params.splitAbove) smallByRoot.get(root)!.entities.push(e);
    else {
      nodeOfEntity[e] = nodeIndex.length;
      nodeIsClaim.push(0);
      nodeIndex.push(e);
    }
  }

  const graph = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (let i = 0; i < nodeIndex.length; i++) graph.addNode(String(i));
  const edgeClaim: number[] = [];
  const edgeEntity: number[] = [];
  const degree = new Int32Array(nodeIndex.length);
  let total = 0;
  for (let i = 0; i < nodeIndex.length && nodeIsClaim[i]; i++) {
    const c = nodeIndex[i]!;
    for (const e of claimEntities(index, c)) {
      const j = nodeOfEntity[e]!;
      if (j < 0) continue;
      const type = index.entityType[e] as IdentityType;
      const weight = params.linkWeight[type] / Math.log2(1 + index.degree[e]!);
      graph.addUndirectedEdge(String(i), String(j), { weight });
      total += weight;
      edgeClaim.push(i);
      edgeEntity.push(j);
      degree[i]!++;
      degree[j]!++;
    }
  }
  const adjStart = new Int32Array(nodeIndex.length + 1);
  for (let i = 0; i < nodeIndex.length; i++) adjStart[i + 1] = adjStart[i]! + degree[i]!;
  const adj = new Int32Array(adjStart[nodeIndex.length]!);
  const fill = adjStart.slice(0, nodeIndex.length);
  for (let k = 0; k < edgeClaim.length; k++) {
    const u = edgeClaim[k]!,
      v = edgeEntity[k]!;
    adj[fill[u]!++] = v;
    adj[fill[v]!++] = u;
  }
  const small = [...smallByRoot.values()].sort((a, b) => a.claims[0]! - b.claims[0]!);
  return {
    graph,
    nodeIsClaim: Uint8Array.from(nodeIsClaim),
    nodeIndex: Int32Array.from(nodeIndex),
    adjStart,
    adj,
    weight: total,
    small,
    hubs,
    claims: claimsIn,
    components,
    componentClaims
  };
}
