/*
 * ringsight/spark/ComponentLeiden: Leiden plus the connectivity split over one
 * part of the community graph (one linked component, or all large ones at once).
 *
 * Mirrors engine/detect/leiden.ts and engine/detect/communities.ts step for step,
 * because the TypeScript engine runs networkanalysis-ts, a line-by-line port of
 * this library (nl.cwts:networkanalysis), seeded through java-random, a port of
 * java.util.Random: the same nodes in the same order (claims ascending, then
 * entities ascending), each node's neighbours ascending, node weights = weighted
 * degree summed in that order, the same resolution and the same seed give the
 * same partition. Pure Java, no Spark: it runs inside an executor task.
 */
package ringsight.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import nl.cwts.networkanalysis.Clustering;
import nl.cwts.networkanalysis.LeidenAlgorithm;
import nl.cwts.networkanalysis.Network;
import nl.cwts.util.LargeDoubleArray;
import nl.cwts.util.LargeIntArray;

final class ComponentLeiden {
  static final int UNTIL_STABLE_GUARD = 1000;

  /** One candidate ring: global claim and entity indices, ascending. */
  static final class Candidate implements Serializable {
    private static final long serialVersionUID = 1L;
    final int[] claims;
    final int[] entities;
    Candidate(int[] claims, int[] entities) { this.claims = claims; this.entities = entities; }
  }

  /** What one part gives back; modularity is kept as its two sums so parts add up under the global 2W. */
  static final class Result implements Serializable {
    private static final long serialVersionUID = 1L;
    final List<Candidate> candidates = new ArrayList<>();
    int communities;
    int splits;
    double inside;
    double squaredTotals;
    /** The 2W the part ran with. */
    double twoW;
    /** Edges in the part and the time its Leiden + split took (the bench's per-partition cost). */
    long edges;
    long ms;
  }

  /** The Leiden settings every part shares. */
  static final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;
    boolean cpm;
    /** The modularity resolution γ (already scaled by the book's weight), or the CPM threshold. */
    double resolution;
    /** 2W of the whole community graph for modularity; NaN: this part is the whole graph, take its own. */
    double twoW = Double.NaN;
    double randomness;
    int iterations;
    long seed;
    int minClaims;
  }

  private ComponentLeiden() {}

  /** The part's edges, each once: claim[k] — entity[k] with weight[k] (global indices). */
  static Result run(int[] edgeClaim, int[] edgeEntity, double[] weight, Settings s) {
    long started = System.nanoTime();
    int[] claims = distinctSorted(edgeClaim);
    int[] entities = distinctSorted(edgeEntity);
    int nc = claims.length, n = nc + entities.length;
    int m = edgeClaim.length;
    int[] src = new int[m], dst = new int[m];
    for (int e = 0; e < m; e++) {
      src[e] = Arrays.binarySearch(claims, edgeClaim[e]);
      dst[e] = nc + Arrays.binarySearch(entities, edgeEntity[e]);
    }
    // CSR with neighbours ascending: visiting edge ends by their other node in ascending order.
    long[] first = new long[n + 1];
    int[] count = new int[n + 1];
    for (int e = 0; e < m; e++) { count[src[e] + 1]++; count[dst[e] + 1]++; }
    for (int i = 0; i < n; i++) count[i + 1] += count[i];
    int[] byStart = new int[2 * m];
    int[] fill = Arrays.copyOf(count, n);
    for (int e = 0; e < m; e++) { byStart[fill[src[e]]++] = e; byStart[fill[dst[e]]++] = e; }
    for (int i = 0; i <= n; i++) first[i] = count[i];
    int[] neighbors = new int[2 * m];
    double[] edgeWeights = new double[2 * m];
    int[] put = Arrays.copyOf(count, n);
    for (int v = 0; v < n; v++) {
      for (int p = count[v]; p < count[v + 1]; p++) {
        int e = byStart[p];
        int u = src[e] == v ? dst[e] : src[e];
        neighbors[put[u]] = v;
        edgeWeights[put[u]] = weight[e];
        put[u]++;
      }
    }
    double[] nodeWeights = new double[n];
    for (int i = 0; i < n; i++) for (int p = count[i]; p < count[i + 1]; p++) nodeWeights[i] += edgeWeights[p];
    Network degreeWeighted = new Network(nodeWeights, first, new LargeIntArray(neighbors), new LargeDoubleArray(edgeWeights), false);
    Network network = s.cpm ? degreeWeighted.createNetworkWithoutNodeWeights() : degreeWeighted;

    // The library's γ: modularity is CPM on degree-weighted nodes at γ / 2W (see engine/detect/leiden.ts).
    double twoW = Double.isNaN(s.twoW) ? 2 * degreeWeighted.getTotalEdgeWeight() : s.twoW;
    double resolution = s.cpm ? s.resolution : s.resolution / twoW;
    LeidenAlgorithm algorithm = new LeidenAlgorithm(resolution, 1, s.randomness, new Random(s.seed));
    Clustering clustering = new Clustering(n);
    int most = s.iterations == 0 ? UNTIL_STABLE_GUARD : s.iterations;
    for (int it = 0; it < most; it++) if (!algorithm.improveClustering(network, clustering)) break;
    clustering.orderClustersByNNodes();
    int[] community = clustering.getClusters();
    int nClusters = clustering.getNClusters();

    Result r = new Result();
    r.communities = nClusters;
    r.twoW = twoW;
    double[] inside = new double[nClusters], total = new double[nClusters];
    for (int i = 0; i < n; i++) {
      int c = community[i];
      total[c] += nodeWeights[i];
      for (int p = count[i]; p < count[i + 1]; p++) if (community[neighbors[p]] == c) inside[c] += edgeWeights[p];
    }
    for (int c = 0; c < nClusters; c++) { r.inside += inside[c]; r.squaredTotals += total[c] * total[c]; }

    // Connectivity split: every community into its connected parts (communities.ts).
    int[] part = new int[n];
    Arrays.fill(part, -1);
    int[] partsOf = new int[nClusters];
    int[] stack = new int[n];
    int parts = 0;
    for (int start = 0; start < n; start++) {
      if (part[start] != -1) continue;
      int label = community[start];
      partsOf[label]++;
      int top = 0, nClaims = 0, nEntities = 0;
      int[] foundClaims = new int[8], foundEntities = new int[8];
      part[start] = parts;
      stack[top++] = start;
      while (top > 0) {
        int u = stack[--top];
        if (u < nc) {
          if (nClaims == foundClaims.length) foundClaims = Arrays.copyOf(foundClaims, 2 * nClaims);
          foundClaims[nClaims++] = claims[u];
        } else {
          if (nEntities == foundEntities.length) foundEntities = Arrays.copyOf(foundEntities, 2 * nEntities);
          foundEntities[nEntities++] = entities[u - nc];
        }
        for (int p = count[u]; p < count[u + 1]; p++) {
          int v = neighbors[p];
          if (part[v] == -1 && community[v] == label) { part[v] = parts; stack[top++] = v; }
        }
      }
      parts++;
      if (nClaims >= s.minClaims) {
        int[] cs = Arrays.copyOf(foundClaims, nClaims), es = Arrays.copyOf(foundEntities, nEntities);
        Arrays.sort(cs);
        Arrays.sort(es);
        r.candidates.add(new Candidate(cs, es));
      }
    }
    for (int c = 0; c < nClusters; c++) if (partsOf[c] > 1) r.splits += partsOf[c] - 1;
    r.edges = m;
    r.ms = Math.round((System.nanoTime() - started) / 1e6);
    return r;
  }

  static int[] distinctSorted(int[] values) {
    int[] v = values.clone();
    Arrays.sort(v);
    int k = 0;
    for (int i = 0; i < v.length; i++) if (i == 0 || v[i] != v[i - 1]) v[k++] = v[i];
    return Arrays.copyOf(v, k);
  }
}
