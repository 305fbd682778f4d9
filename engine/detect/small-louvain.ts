/**
 * ringsight/engine/detect/small-louvain
 * =====================================
 *
 * Louvain (Blondel et al. 2008) for the small graphs of one candidate's own
 * links (detect/refine): modularity at resolution 1, local moving in a seeded
 * random order, then aggregation, until nothing moves. The graphology
 * implementation builds a keyed graph and its indexes for every call, which
 * for a forty-node graph costs a millisecond and at a million claims (over a
 * thousand flagged candidates) seconds; this works on integer arrays.
 */

export interface SmallGraph {
  /** Nodes 0..n-1; CSR adjacency, each undirected edge listed from both ends. */
  n: number;
  start: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

/** Community label per node, labels 0..k-1 in order of each community's first node. */
export function smallLouvain(graph: SmallGraph, random: () => number): Int32Array {
  let { n, start, target, weight } = graph;
  // Degree of each (aggregated) node, self-loops included; constant through aggregation.
  let degree = new Float64Array(n);
  for (let u = 0; u < n; u++) for (let k = start[u]!; k < start[u + 1]!; k++) degree[u]! += weight[k]!;
  let total = 0;
  for (let u = 0; u < n; u++) total += degree[u]!;
  // Membership of each original node in the current aggregated node.
  let member = Int32Array.from({ length: graph.n }, (_, i) => i);
  if (total === 0) return member;
  for (;;) {
    const community = Int32Array.from({ length: n }, (_, i) => i);
    const tot = Float64Array.from(degree);
    const linkTo = new Float64Array(n);
    const seen: number[] = [];
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    let moved = false;
    for (let changed = true; changed;) {
      changed = false;
      for (const u of order) {
        const own = community[u]!;
        for (let k = start[u]!; k < start[u + 1]!; k++) {
          const v = target[k]!;
          if (v === u) continue;
          const c = community[v]!;
          if (linkTo[c] === 0) seen.push(c);
          linkTo[c]! += weight[k]!;
        }
        tot[own]! -= degree[u]!;
        const ku = degree[u]! / total;
        let best = own;
        let gain = linkTo[own]! - tot[own]! * ku;
        for (const c of seen) {
          const g = linkTo[c]! - tot[c]! * ku;
          if (g > gain + 1e-12 || (Math.abs(g - gain) <= 1e-12 && c < best)) {
            gain = g;
            best = c;
          }
        }
        for (const c of seen) linkTo[c] = 0;
        linkTo[own] = 0;
        seen.length = 0;
        tot[best]! += degree[u]!;
        if (best !== own) {
          community[u] = best;
          changed = true;
          moved = true;
        }
      }
    }
    // Renumber in order of first node, then aggregate.
    const label = new Int32Array(n).fill(-1);
    let k = 0;
    for (let u = 0; u < n; u++) if (label[community[u]!] === -1) label[community[u]!] = k++;
    member = member.map((u) => label[community[u]!]!);
    if (!moved || k === n) return member;
    const sums = new Map<number, number>();
    const nextDegree = new Float64Array(k);
    for (let u = 0; u < n; u++) {
      const a = label[community[u]!]!;
      nextDegree[a]! += degree[u]!;
      for (let e = start[u]!; e < start[u + 1]!; e++) {
        const b = label[community[target[e]!]!]!;
        const key = a * k + b;
        sums.set(key, (sums.get(key) ?? 0) + weight[e]!);
      }
    }
    const keys = [...sums.keys()].sort((x, y) => x - y);
    const nextStart = new Int32Array(k + 1);
    for (const key of keys) nextStart[Math.floor(key / k) + 1]!++;
    for (let a = 0; a < k; a++) nextStart[a + 1]! += nextStart[a]!;
    const nextTarget = new Int32Array(keys.length);
    const nextWeight = new Float64Array(keys.length);
    keys.forEach((key, i) => {
      nextTarget[i] = key % k;
      nextWeight[i] = sums.get(key)!;
    });
    n = k;
    start = nextStart;
    target = nextTarget;
    weight = nextWeight;
    degree = nextDegree;
  }
}
