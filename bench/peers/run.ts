/**
 * ringsight/bench/peers/run
 * =========================
 *
 * `npm run bench:peers`: ringsight's community step against its peers on the
 * exact graph that step runs on, and ringsight's rings against two baselines.
 * For each size (generated batches in .bench/batch-<N>, seed 42, shared with
 * `npm run bench`): a Node worker exports the graph and times ringsight; the
 * peers (python-igraph multilevel and Leiden, networkx Louvain) run in a
 * virtual environment this script creates in .bench/venv; every partition's
 * modularity is computed by igraph on the same weighted graph. Results merge
 * into bench/results/peers.json (by size); the report goes to BENCHMARKS.md
 * between the peers markers, with SVG charts in bench/results/.
 *
 * Env: PEER_SIZES=10000,100000 limits sizes; PEER_REPEATS (3, minimum timed runs), PEER_NX_TIMEOUT
 * (600 s per networkx run), PEER_PYTHON (python3, for the venv). `--report-only`
 * re-renders the report from bench/results/peers.json without measuring.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from '../../datasets/generator/index.js';
import { writeReport } from './report.js';
import {
  median,
  type Machine,
  type MethodTiming,
  type PeerResults,
  type PeerRow,
  type RepeatRule,
  type Samples,
  type WorkerResult
} from './types.js';

export interface PeerOptions {
  sizes: number[];
  /** Timing rule for every method (networkx gets no warm-up: one run can take minutes). */
  rule: RepeatRule;
  /** Seconds one networkx run may take before it is stopped and larger sizes are skipped. */
  nxTimeoutSeconds: number;
  python: string;
  seed: number;
}

export const DEFAULTS: PeerOptions = {
  sizes: [10_000, 100_000, 1_000_000],
  rule: { warmup: 1, minRuns: 3, minSeconds: 10, maxRuns: 30, budgetSeconds: 120 },
  nxTimeoutSeconds: 600,
  python: 'python3',
  seed: 42
};

export const PEERS = ['igraph-multilevel', 'igraph-leiden', 'igraph-leiden-converged', 'networkx-louvain'] as const;

const fail = (msg: string): never => {
  throw new Error(`ringsight/bench-peers: ${msg}`);
};
const log = (msg: string): void => {
  process.stderr.write(`[bench:peers] ${msg}\n`);
};

const root = resolve(import.meta.dirname, '../..');
const work = join(root, '.bench');
const here = join(root, 'bench/peers');
const resultsPath = join(root, 'bench/results/peers.json');

function optionsFromEnv(): PeerOptions {
  const env = process.env;
  const sizes = env.PEER_SIZES ? env.PEER_SIZES.split(',').map((s) => Number(s.trim())) : DEFAULTS.sizes;
  for (const s of sizes) if (!Number.isInteger(s) || s < 1) fail(`PEER_SIZES: "${s}" is not a positive integer`);
  const num = (name: string, fallback: number): number => {
    const v = env[name] === undefined ? fallback : Number(env[name]);
    return Number.isFinite(v) && v > 0 ? v : fail(`${name} must be a positive number, got "${env[name]}"`);
  };
  return {
    ...DEFAULTS,
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    rule: { ...DEFAULTS.rule, minRuns: Math.round(num('PEER_REPEATS', DEFAULTS.rule.minRuns)) },
    nxTimeoutSeconds: num('PEER_NX_TIMEOUT', DEFAULTS.nxTimeoutSeconds),
    python: env.PEER_PYTHON ?? DEFAULTS.python
  };
}

/** The bench's own venv with the pinned peers; reinstalled when requirements.txt changes. */
function ensureVenv(python: string): string {
  const venv = join(work, 'venv');
  const py = join(venv, 'bin/python');
  if (!existsSync(py)) {
    log(`creating virtual environment ${venv}`);
    const made = spawnSync(python, ['-m', 'venv', venv], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (made.status !== 0) fail(`"${python} -m venv ${venv}" failed (${made.error?.message ?? `exit ${made.status}`})`);
  }
  const requirements = readFileSync(join(here, 'requirements.txt'), 'utf8');
  const stamp = join(venv, '.ringsight-peers-requirements');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== requirements) {
    log('installing peers from PyPI into the venv');
    const pip = spawnSync(
      py,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', '-r', join(here, 'requirements.txt')],
      { stdio: ['ignore', 'inherit', 'inherit'] }
    );
    if (pip.status !== 0) fail(`pip install into ${venv} failed (exit ${pip.status})`);
    writeFileSync(stamp, requirements);
  }
  return py;
}

function python(py: string, args: string[], timeoutMs: number): { ok: boolean; note?: string } {
  const r = spawnSync(py, [join(here, 'peers.py'), ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: timeoutMs,
    killSignal: 'SIGKILL'
  });
  if (r.error || r.signal)
    return {
      ok: false,
      note: r.signal === 'SIGKILL' ? 'killed after the time limit' : `failed: ${r.error?.message ?? r.signal}`
    };
  if (r.status !== 0) return { ok: false, note: `exited ${r.status}` };
  return { ok: true };
}

const timing = (s: Samples): MethodTiming => ({
  seconds: median(s.wall),
  minSeconds: Math.min(...s.wall),
  cpuSeconds: median(s.cpu),
  times: s.wall,
  cpuTimes: s.cpu
});

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

function machine(py: string): Machine {
  const out = join(work, 'peers-versions.json');
  if (!python(py, ['versions', '--out', out], 120_000).ok) fail('could not read the peer versions from the venv');
  const v = readJson<{ python: string; igraph: string; networkx: string }>(out);
  const louvainPkg = readJson<{ version: string }>(
    join(root, 'node_modules/graphology-communities-louvain/package.json')
  );
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    python: v.python,
    igraph: v.igraph,
    networkx: v.networkx,
    graphologyLouvain: louvainPkg.version
  };
}

/** Short digest of engine/ as it was measured: the engine is edited concurrently, so rows say which one they ran. */
function engineDigest(): string {
  const hash = createHash('sha1');
  const walk = (dir: string): void => {
    for (const f of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith('.ts')) hash.update(p.slice(root.length)).update(readFileSync(p));
    }
  };
  walk(join(root, 'engine'));
  let head = 'unknown';
  try {
    head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    /* not a checkout */
  }
  return `${head}+engine:${hash.digest('hex').slice(0, 10)}`;
}

/** Names, sizes and mtimes of a batch's files: the cache is shared, so a batch rewritten mid-run is caught. */
function fingerprint(dir: string): string {
  return readdirSync(dir)
    .sort()
    .map((f) => {
      const s = statSync(join(dir, f));
      return `${f}:${s.size}:${s.mtimeMs}`;
    })
    .join('|');
}

async function ensureBatch(size: number, seed: number): Promise<{ dir: string; print: string }> {
  const dir = join(work, `batch-${size}`);
  if (!existsSync(join(dir, 'truth.json'))) {
    log(`generating ${size} claims → ${dir}`);
    await generate({ claims: size, out: dir, seed });
  }
  // Wait for a batch some other process is still writing to settle.
  for (let tries = 0; ; tries++) {
    const a = fingerprint(dir);
    await new Promise((ok) => setTimeout(ok, 2000));
    if (fingerprint(dir) === a && existsSync(join(dir, 'truth.json'))) return { dir, print: a };
    if (tries > 150) fail(`${dir} keeps changing; is another process writing it?`);
  }
}

function runWorker(batch: string, dir: string, rule: RepeatRule): WorkerResult {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'worker.ts'), batch, dir, JSON.stringify(rule)],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
      env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=16384' }
    }
  );
  return readJson<WorkerResult>(out.trim().split('\n').pop()!);
}

async function measure(size: number, opts: PeerOptions, py: string, nxTimedOutAt: number | null): Promise<PeerRow> {
  const { dir: batch, print } = await ensureBatch(size, opts.seed);
  const loadBefore = loadavg()[0]!;
  const engine = engineDigest();
  const dir = join(work, `peers-${size}`);
  mkdirSync(dir, { recursive: true });
  log(`${size} claims: Node worker (detect, graph export, ringsight community step, baselines)`);
  const w = runWorker(batch, dir, opts.rule);
  const graph = join(dir, 'graph.txt');

  const methods: Record<string, MethodTiming> = {
    'ringsight-step': timing(w.ringsight.step),
    'ringsight-louvain': timing(w.ringsight.louvain)
  };
  const mod = join(dir, 'modularity.json');
  const resolution = String(w.ringsight.resolution);
  const scored = python(
    py,
    [
      'modularity',
      '--graph',
      graph,
      '--out',
      mod,
      '--resolution',
      resolution,
      `louvain=${join(dir, 'membership-louvain.json')}`,
      `refined=${join(dir, 'membership-refined.json')}`
    ],
    1_800_000
  );
  if (!scored.ok) fail(`scoring ringsight's partitions failed: ${scored.note}`);
  const parts = readJson<{ partitions: Record<string, { modularity: number; communities: number }> }>(mod).partitions;
  Object.assign(methods['ringsight-step']!, parts.refined);
  Object.assign(methods['ringsight-louvain']!, parts.louvain);

  for (const algo of PEERS) {
    const isNx = algo === 'networkx-louvain';
    if (isNx && nxTimedOutAt !== null) {
      methods[algo] = {
        times: [],
        note: `skipped: a run at ${nxTimedOutAt.toLocaleString('en-US')} claims did not finish in ${opts.nxTimeoutSeconds} s`
      };
      continue;
    }
    log(`${size} claims: ${algo}`);
    const out = join(dir, `${algo}.json`);
    const { rule } = opts;
    const r = python(
      py,
      [
        'run',
        algo,
        '--graph',
        graph,
        '--out',
        out,
        '--seed',
        String(opts.seed),
        '--resolution',
        resolution,
        '--warmup',
        String(isNx ? 0 : rule.warmup),
        '--min-runs',
        String(rule.minRuns),
        '--min-seconds',
        String(rule.minSeconds),
        '--max-runs',
        String(rule.maxRuns),
        '--budget',
        String(rule.budgetSeconds),
        '--timeout',
        String(opts.nxTimeoutSeconds)
      ],
      (opts.nxTimeoutSeconds + 900) * 1000
    );
    if (!r.ok) {
      methods[algo] = { times: [], note: r.note! };
      continue;
    }
    const res = readJson<MethodTiming & { timedOut: boolean }>(out);
    methods[algo] = res.timedOut
      ? { times: res.times, note: `did not finish in ${opts.nxTimeoutSeconds} s` }
      : {
          seconds: res.seconds!,
          minSeconds: res.minSeconds!,
          cpuSeconds: res.cpuSeconds!,
          times: res.times,
          cpuTimes: res.cpuTimes!,
          modularity: res.modularity!,
          communities: res.communities!
        };
  }
  if (fingerprint(batch) !== print) fail(`${batch} was rewritten while it was measured; run again`);
  if (engineDigest() !== engine) log(`warning: engine/ changed while ${size} claims were measured`);
  const load = { before: loadBefore, after: loadavg()[0]! };
  return {
    claims: size,
    measuredAt: new Date().toISOString(),
    engine,
    rule: opts.rule,
    load,
    truthRings: readJson<{ rings: unknown[] }>(join(batch, 'truth.json')).rings.length,
    worker: w,
    methods
  };
}

const opts = optionsFromEnv();
mkdirSync(join(root, 'bench/results'), { recursive: true });
if (process.argv.includes('--report-only')) {
  // Re-render BENCHMARKS.md and the charts from the kept results, measuring nothing.
  if (!existsSync(resultsPath)) fail(`${resultsPath} does not exist yet: run without --report-only first`);
  writeReport(root, readJson<PeerResults>(resultsPath));
  log('rewrote the peers section of BENCHMARKS.md and bench/results/*.svg from bench/results/peers.json');
  process.exit(0);
}
const py = ensureVenv(opts.python);
const current = machine(py);
const results: PeerResults = existsSync(resultsPath)
  ? { ...readJson<PeerResults>(resultsPath), machine: current }
  : { machine: current, rows: [] };
// networkx is skipped above the smallest size at which it already failed to finish, in this run or a kept one.
const timedOut = (m: MethodTiming | undefined): boolean => /^(did not finish|killed)/.test(m?.note ?? '');
let nxTimedOutAt: number | null = null;
for (const size of opts.sizes) {
  const earlier = results.rows.filter((r) => r.claims < size && timedOut(r.methods['networkx-louvain']));
  if (nxTimedOutAt === null && earlier.length > 0) nxTimedOutAt = Math.min(...earlier.map((r) => r.claims));
  const row = await measure(size, opts, py, nxTimedOutAt);
  if (nxTimedOutAt === null && timedOut(row.methods['networkx-louvain'])) nxTimedOutAt = size;
  results.rows = [...results.rows.filter((r) => r.claims !== size), row].sort((a, b) => a.claims - b.claims);
  writeFileSync(resultsPath, JSON.stringify(results, null, 1) + '\n');
  const m = row.methods;
  log(
    `${size} claims: ringsight step ${m['ringsight-step']!.seconds!.toFixed(3)} s, igraph Leiden ` +
      `${m['igraph-leiden']?.seconds?.toFixed(3) ?? '–'} s, networkx ${m['networkx-louvain']?.seconds?.toFixed(3) ?? m['networkx-louvain']?.note}`
  );
}
writeReport(root, results);
log('wrote bench/results/peers.json, bench/results/*.svg and the peers section of BENCHMARKS.md');
