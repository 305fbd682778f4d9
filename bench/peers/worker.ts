/**
 * ringsight/bench/peers/worker
 * ============================
 *
 * The Node half of `npm run bench:peers`, one batch per process:
 * reads the batch, runs detect (ringsight's rings, and a JIT warm-up of every
 * stage), times index and community-graph building, exports the exact graph
 * the community step runs on (`graph.txt`: "nodes edges", then "u v weight"),
 * times the community step (detectCommunities) and Louvain alone, writes both
 * partitions as membership arrays for the Python side to score, then runs the
 * two baselines and evaluates all three rule sets against truth.json.
 *
 * usage: worker.ts BATCH_DIR OUT_DIR RULE_JSON (a RepeatRule) — prints nothing but the path of result.json.
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
// Louvain's own dependency, imported only to time the CSR index it builds from the graph before iterating.
import { UndirectedLouvainIndex } from 'graphology-indices/louvain';
import { detectCommunities } from '../../engine/detect/communities.js';
import { detectRings, effectiveResolution, mergeParams } from '../../engine/detect/index.js';
import { evaluate, type DetectedRing, type Truth } from '../../engine/evaluate.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import { buildCommunityGraph } from '../../engine/graph/community-graph.js';
import { seededRandom } from '../../engine/util/random.js';
import type { ClaimsBook } from '../../engine/model.js';
import { readBatch } from '../../ingest/read-batch.js';
import { identityComponents, plainLouvain } from './baselines.js';
import { timeRuns, type Quality, type RepeatRule, type WorkerResult } from './types.js';

const [batchDir, outDir, ruleArg] = process.argv.slice(2);
if (!batchDir || !outDir || !ruleArg)
  throw new Error('ringsight/bench-peers: usage: worker.ts BATCH_DIR OUT_DIR RULE_JSON');
const rule = JSON.parse(ruleArg) as RepeatRule;
mkdirSync(outDir, { recursive: true });
const log = (msg: string): void => {
  process.stderr.write(`[bench:peers] ${msg}\n`);
};

const t0 = performance.now();
const validation = await readBatch(batchDir);
if (!validation.ok) throw new Error(`ringsight/bench-peers: ${batchDir} is not a valid batch`);
// Held in a box so the links (most of the memory at 1M claims) can be let go once the index is built.
const held: { book: ClaimsBook | null } = { book: validation.book };
const links = held.book!.links.length;
const claimCount = held.book!.claims.length;
validation.book = { claims: [], links: [], entities: [], watchlist: [] };
const truth = JSON.parse(readFileSync(join(batchDir, 'truth.json'), 'utf8')) as Truth;
const readMs = performance.now() - t0;
const params = mergeParams({});
log(`read ${claimCount} claims in ${(readMs / 1000).toFixed(1)} s; running detect`);

const quality = (rings: readonly DetectedRing[], groups: number, ms: number): Quality => {
  const q = evaluate(truth, rings);
  return {
    groups,
    flagged: q.flagged,
    ringRecall: q.ringRecall,
    flagPrecision: q.flagPrecision,
    claimPrecision: q.claimPrecision,
    claimRecall: q.claimRecall,
    ms: Math.round(ms)
  };
};

// ringsight end to end: its rings, and every stage JIT-warm before anything is timed.
let t = performance.now();
const detected = detectRings(held.book!, params);
const detectMs = performance.now() - t;
const ringsightQuality = quality(detected.rings, detected.stats.candidates, detectMs);
const detectInfo = {
  totalMs: Math.round(detectMs),
  stages: detected.timings as Record<string, number>,
  stats: { ...detected.stats }
};
detected.rings.length = 0;

// Graph building, timed apart from the community step (detect above already warmed it up).
// The index is timed once (it is not the question here); the graph build by the full rule.
const buildRule: RepeatRule = { ...rule, warmup: 0 };
const indexed = await timeRuns(() => indexBook(held.book!), { ...buildRule, minRuns: 1, minSeconds: 0, maxRuns: 1 });
held.book = null;
const index = indexed.result;
const built = await timeRuns(() => buildCommunityGraph(index, params), buildRule);
const cg = built.result;
const graph: Graph = cg.graph;
log(`community graph: ${graph.order} nodes, ${graph.size} edges; exporting`);

// Export: nodes numbered in graph order, weights written as shortest round-trip decimals.
t = performance.now();
const id = new Map<string, number>();
let claimNodes = 0;
graph.forEachNode((node, attrs) => {
  id.set(node, id.size);
  if ((attrs as { kind: string }).kind === 'claim') claimNodes++;
});
const fd = openSync(join(outDir, 'graph.txt'), 'w');
let chunk = `${graph.order} ${graph.size}\n`;
graph.forEachEdge((_edge, attrs, source, target) => {
  chunk += `${id.get(source)} ${id.get(target)} ${(attrs as { weight: number }).weight}\n`;
  if (chunk.length > 1 << 20) {
    writeSync(fd, chunk);
    chunk = '';
  }
});
writeSync(fd, chunk);
closeSync(fd);
const exportMs = performance.now() - t;

// The community step exactly as detect runs it, then Louvain alone with the same options,
// then the typed-array index Louvain first builds from the graphology graph (where its time goes).
log('timing the community step');
const resolution = effectiveResolution(params, cg.weight);
const stepRuns = await timeRuns(() => detectCommunities(cg, { ...params, resolution }), rule);
const result = stepRuns.result;
const louvainRuns = await timeRuns(
  () => louvain.detailed(graph, { getEdgeWeight: 'weight', resolution, rng: seededRandom(params.seed) }),
  rule
);
const detailed = louvainRuns.result;
const indexRuns = await timeRuns(
  () => new UndirectedLouvainIndex(graph, { getEdgeWeight: 'weight', keepDendrogram: true, resolution }),
  rule
);
if (detailed.count !== result.communities) {
  throw new Error(
    `ringsight/bench-peers: Louvain gave ${detailed.count} communities, the community step ${result.communities}`
  );
}

// Partitions in export order: Louvain's, and after the connectivity split (connected parts within each community).
const nodes = graph.nodes();
const louvainMembership = nodes.map((node) => detailed.communities[node]!);
const refined = new Int32Array(nodes.length).fill(-1);
let parts = 0;
for (let s = 0; s < nodes.length; s++) {
  if (refined[s] !== -1) continue;
  const label = louvainMembership[s]!;
  const stack = [s];
  refined[s] = parts;
  while (stack.length > 0) {
    const u = stack.pop()!;
    graph.forEachNeighbor(nodes[u]!, (next) => {
      const v = id.get(next)!;
      if (refined[v] === -1 && louvainMembership[v] === label) {
        refined[v] = parts;
        stack.push(v);
      }
    });
  }
  parts++;
}
writeFileSync(join(outDir, 'membership-louvain.json'), JSON.stringify(louvainMembership));
writeFileSync(join(outDir, 'membership-refined.json'), JSON.stringify(Array.from(refined)));

const graphInfo = {
  nodes: graph.order,
  edges: graph.size,
  claimNodes,
  entityNodes: graph.order - claimNodes,
  hubs: cg.hubs.length,
  smallComponents: cg.small.length,
  index: indexed.samples,
  build: built.samples,
  exportMs: Math.round(exportMs)
};
const ringsightInfo = {
  step: stepRuns.samples,
  resolution,
  louvain: louvainRuns.samples,
  louvainIndex: indexRuns.samples,
  louvainCount: detailed.count,
  louvainModularity: detailed.modularity,
  refinedCount: parts,
  splits: result.splits,
  candidates: result.candidates.length
};
id.clear();
graph.clear();

log('baselines: identity components, plain Louvain over the whole graph');
const components = identityComponents(index);
const componentsQuality = quality(components.rings, components.groups, components.ms);
const plain = plainLouvain(index);
const plainQuality = quality(plain.rings, plain.groups, plain.ms);
log(`plain Louvain: ${plain.info.nodes} nodes, ${plain.info.edges} edges, ${(plain.ms / 1000).toFixed(1)} s`);

const out: WorkerResult = {
  claims: index.claims.length,
  links,
  readMs: Math.round(readMs),
  detect: detectInfo,
  graph: graphInfo,
  ringsight: ringsightInfo,
  quality: { ringsight: ringsightQuality, components: componentsQuality, louvain: plainQuality },
  baselineGraph: {
    nodes: plain.info.nodes!,
    edges: plain.info.edges!,
    components: components.groups,
    largestComponent: components.info.largestComponent!
  }
};
const outPath = join(outDir, 'result.json');
writeFileSync(outPath, JSON.stringify(out, null, 1) + '\n');
process.stdout.write(outPath + '\n');
