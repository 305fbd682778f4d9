/**
 * ringsight/bench/peers/types
 * ===========================
 *
 * The shapes `npm run bench:peers` passes between its Node worker, the Python
 * peer runner and the report: one `PeerRow` per batch size, kept in
 * bench/results/peers.json.
 */
import { PerformanceObserver } from 'node:perf_hooks';

export interface Quality {
  /** Groups the method produced (communities / components with ≥ 2 claims). */
  groups: number;
  flagged: number;
  ringRecall: number;
  flagPrecision: number;
  claimPrecision: number;
  claimRecall: number;
  /** Wall time of the whole method (build + run), ms. */
  ms: number;
}

/** Wall and process CPU seconds of each timed run of one call, and (Node) the V8 GC pause time inside it. */
export interface Samples {
  wall: number[];
  cpu: number[];
  gc?: number[];
}

/**
 * How many times a call is timed, the same rule on the Node and the Python side:
 * `warmup` untimed runs, then at least `minRuns` and until `minSeconds` of wall
 * time are spent, at most `maxRuns`; no run starts once `budgetSeconds` are spent.
 * No forced garbage collection between runs: in V8 a forced full GC made the
 * next Louvain run slower (it ran ~1.5-2.5× the CPU time in an A/B check), and
 * detect never forces one; GC that a run causes is part of its cost.
 */
export interface RepeatRule {
  warmup: number;
  minRuns: number;
  minSeconds: number;
  maxRuns: number;
  budgetSeconds: number;
}

export interface MethodTiming {
  /** Median wall time of the call, seconds; absent when it did not finish. */
  seconds?: number;
  /** Fastest wall time, and the median process CPU time of the call. */
  minSeconds?: number;
  cpuSeconds?: number;
  times: number[];
  cpuTimes?: number[];
  modularity?: number;
  communities?: number;
  note?: string;
}

/** What the Node worker measured on one batch. */
export interface WorkerResult {
  claims: number;
  links: number;
  readMs: number;
  detect: { totalMs: number; stages: Record<string, number>; stats: Record<string, number> };
  graph: {
    nodes: number;
    edges: number;
    claimNodes: number;
    entityNodes: number;
    hubs: number;
    smallComponents: number;
    index: Samples;
    build: Samples;
    exportMs: number;
  };
  ringsight: {
    /** detectCommunities: seeded Louvain + connectivity split — the community step as detect runs it. */
    step: Samples;
    /** louvain.detailed alone, same options. */
    louvain: Samples;
    /** Of which: building Louvain's typed-array index from the graphology graph. */
    louvainIndex: Samples;
    /** The resolution detect runs Louvain with on this graph (scaled with its weight); every peer gets the same. */
    resolution: number;
    louvainCount: number;
    louvainModularity: number;
    refinedCount: number;
    splits: number;
    candidates: number;
  };
  quality: Record<'ringsight' | 'components' | 'louvain', Quality>;
  baselineGraph: { nodes: number; edges: number; components: number; largestComponent: number };
}

export interface PeerRow {
  claims: number;
  measuredAt: string;
  rule: RepeatRule;
  /** Git HEAD plus a digest of engine/*.ts as measured (the working tree may be ahead of HEAD). */
  engine?: string;
  /** 1-minute load average before and after this size (other processes share the machine). */
  load?: { before: number; after: number };
  truthRings?: number;
  worker: WorkerResult;
  /** Keyed by method: ringsight-step, ringsight-louvain, igraph-multilevel, igraph-leiden, … */
  methods: Record<string, MethodTiming>;
}

export interface PeerResults {
  machine: Machine;
  rows: PeerRow[];
}

export interface Machine {
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  python: string;
  igraph: string;
  networkx: string;
  graphologyLouvain: string;
}

// V8 reports each GC pause as a performance entry, delivered after the synchronous run: collect them all.
const gcPauses: Array<{ start: number; end: number }> = [];
let gcObserver: PerformanceObserver | null = null;
const flush = (): Promise<void> => new Promise((ok) => setTimeout(ok, 20)); // GC entries arrive on a later tick

/** Times `fn` by `rule`; returns the samples (with the GC pauses inside each run) and the last result. */
export async function timeRuns<T>(fn: () => T, rule: RepeatRule): Promise<{ samples: Samples; result: T }> {
  if (!gcObserver) {
    gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, end: e.startTime + e.duration });
    });
    gcObserver.observe({ entryTypes: ['gc'] });
  }
  let result: T | undefined;
  for (let i = 0; i < rule.warmup; i++) result = fn();
  const samples: Samples = { wall: [], cpu: [], gc: [] };
  let spent = 0;
  while (samples.wall.length < rule.maxRuns) {
    const n = samples.wall.length;
    if (n >= rule.minRuns && spent >= rule.minSeconds) break;
    if (n > 0 && spent + samples.wall[n - 1]! > rule.budgetSeconds) break;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = fn();
    const t1 = performance.now();
    const cpu = process.cpuUsage(c0);
    await flush();
    let gc = 0;
    for (const p of gcPauses) gc += Math.max(0, Math.min(p.end, t1) - Math.max(p.start, t0));
    gcPauses.length = 0;
    samples.wall.push((t1 - t0) / 1000);
    samples.cpu.push((cpu.user + cpu.system) / 1e6);
    samples.gc!.push(gc / 1000);
    spent += (t1 - t0) / 1000;
  }
  if (samples.wall.length === 0) result = fn();
  return { samples, result: result as T };
}

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
