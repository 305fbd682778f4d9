/**
 * ringsight/bench/spark.bench
 * ===========================
 *
 * `npm run bench:spark`: `detect --engine spark` (local[2], --spark-partition
 * component) beside the embedded engine (`detect --community leiden`) at 100k
 * and 1M generated claims (seed 42, the batches `npm run bench` writes to
 * .bench/ and reuses): wall time, peak RSS (the larger of the CLI process and
 * the Spark JVM), the Spark job's stages, its per-partition Leiden cost, and ring recall /
 * flag precision of both against the planted truth. From the measured cost per
 * link it projects 10M and 100M claims on a cluster. Results go to
 * bench/results/spark.json and the Spark table of BENCHMARKS.md.
 * `BENCH_SIZES=100000` limits the sizes; `BENCH_SPARK_MASTER` changes the master.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from '../datasets/generator/index.js';
import { evaluate } from '../engine/evaluate.js';
import type { JobOutput } from '../cli/commands/detect-spark.js';

const root = resolve(import.meta.dirname, '..');
const sizes = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const master = process.env.BENCH_SPARK_MASTER ?? 'local[2]';
const work = join(root, '.bench');
mkdirSync(work, { recursive: true });
mkdirSync(join(root, 'bench/results'), { recursive: true });
execFileSync('bash', [join(root, 'spark/setup.sh')], { stdio: 'inherit' });

interface EngineRun {
  wallMs: number;
  peakRssMb: number;
  stages: Record<string, number>;
  ringRecall: number;
  flagPrecision: number;
  rings: number;
}
interface Row {
  claims: number;
  embedded: EngineRun;
  spark: EngineRun & { job: Omit<JobOutput, 'small' | 'candidates'> };
}

/** "[stage] text (12 ms)" / "(3.4 s)" lines of the CLI's progress → stage → ms. */
function stages(stderr: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of stderr.matchAll(/^\[([\w+-]+)\] .*\((\d+(?:\.\d+)?) (ms|s)\)$/gm))
    out[m[1]!] = Math.round(Number(m[2]) * (m[3] === 's' ? 1000 : 1));
  return out;
}

/** Runs the CLI under /usr/bin/time: wall time, peak RSS (the largest of node and the Spark JVM it waits for), stderr. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): { wallMs: number; peakRssMb: number; stderr: string } {
  const started = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', 'peak-rss-kb %M', process.execPath, '--max-old-space-size=10240', join(root, 'bin/ringsight.mjs'), ...args],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env } }
  );
  const wallMs = Math.round(performance.now() - started);
  if (r.status !== 0)
    throw new Error(`ringsight/bench/spark: ${args.join(' ')} failed (${r.status}):\n${r.stderr.slice(-4000)}`);
  const kb = Number(/peak-rss-kb (\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { wallMs, peakRssMb: Math.round(kb / 1024), stderr: r.stderr };
}

function quality(dir: string, out: string): { ringRecall: number; flagPrecision: number; rings: number } {
  const rings = JSON.parse(readFileSync(out, 'utf8')).rings;
  const q = evaluate(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')), rings);
  return { ringRecall: q.ringRecall, flagPrecision: q.flagPrecision, rings: rings.length };
}

const rows: Row[] = [];
for (const size of sizes) {
  const dir = join(work, `batch-${size}`);
  if (!existsSync(join(dir, 'truth.json'))) {
    process.stderr.write(`[bench] generating ${size} claims → ${dir}\n`);
    await generate({ claims: size, out: dir, seed: 42 });
  }
  process.stderr.write(`[bench] ${size}: embedded (leiden)\n`);
  const embeddedOut = join(work, `spark-bench-embedded-${size}.json`);
  const e = cli(['detect', '--input', dir, '--out', embeddedOut, '--community', 'leiden']);
  const embedded: EngineRun = {
    wallMs: e.wallMs,
    peakRssMb: e.peakRssMb,
    stages: stages(e.stderr),
    ...quality(dir, embeddedOut)
  };

  process.stderr.write(`[bench] ${size}: spark (${master}, component)\n`);
  const sparkOut = join(work, `spark-bench-spark-${size}.json`);
  // Keep the exchange directory to read the job's own figures.
  const s = cli(['detect', '--input', dir, '--out', sparkOut, '--engine', 'spark', '--master', master], {
    RINGSIGHT_SPARK_KEEP: '1'
  });
  const kept = /exchange files kept in (\S+)/.exec(s.stderr)?.[1];
  if (!kept) throw new Error('ringsight/bench/spark: the Spark run did not say where its exchange files are');
  const {
    small: _small,
    candidates: _candidates,
    ...job
  } = JSON.parse(readFileSync(join(kept, 'candidates.json'), 'utf8')) as JobOutput;
  rmSync(kept, { recursive: true, force: true });
  rows.push({
    claims: size,
    embedded,
    spark: { wallMs: s.wallMs, peakRssMb: s.peakRssMb, stages: stages(s.stderr), ...quality(dir, sparkOut), job }
  });
  process.stderr.write(
    `[bench] ${size}: embedded ${(e.wallMs / 1000).toFixed(1)} s, spark ${(s.wallMs / 1000).toFixed(1)} s\n`
  );
}

// Projection: the Spark job's link and component stages are shuffles over the links, Leiden one task per large
// component. With two sizes measured, the marginal cost per claim between them (which leaves out Spark's fixed
// start-up and per-stage overhead) is spread over the cluster's cores — local[2] is 2 cores; the largest
// component is one task whatever the cluster, so its time is a floor, taken to grow linearly with the book
// (pessimistic: component sizes are capped by the hub caps, not by the book).
const big = rows[rows.length - 1]!;
const small = rows.length > 1 ? rows[0]! : null;
const shuffleMs = (r: Row): number => r.spark.job.timings.links! + r.spark.job.timings.components!;
const perClaimShuffleMs = small
  ? (shuffleMs(big) - shuffleMs(small)) / (big.claims - small.claims)
  : shuffleMs(big) / big.claims;
const perClaimLeidenMs = big.spark.job.taskMsSum / big.claims;
const projection = [10_000_000, 100_000_000].map((claims) => {
  const cores = claims >= 100_000_000 ? 64 : 16;
  const factor = claims / big.claims;
  const shuffleS = (Math.max(0, perClaimShuffleMs) * claims * 2) / cores / 1000;
  const leidenS = Math.max((perClaimLeidenMs * claims * 2) / cores, big.spark.job.taskMsMax * factor) / 1000;
  return {
    claims,
    cores,
    shuffleS: Math.round(shuffleS),
    leidenS: Math.round(leidenS),
    totalS: Math.round(shuffleS + leidenS)
  };
});

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
writeFileSync(
  join(root, 'bench/results/spark.json'),
  JSON.stringify({ machine, master, measuredAt: new Date().toISOString(), rows, projection }, null, 2) + '\n'
);

const sec = (ms: number | undefined): string => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const table = [
  `Machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, shared with other work while measured. ${new Date().toISOString().slice(0, 10)}, \`npm run bench:spark\` (Spark ${master}, --spark-partition component).`,
  '',
  '| claims | engine | wall s | communities step s | Spark: links s / components s / Leiden s | Leiden tasks: sum s / largest s (edges) | peak RSS MB | ring recall | flag precision |',
  '|---:|---|---:|---:|---|---|---:|---:|---:|',
  ...rows.flatMap((r) => [
    `| ${r.claims.toLocaleString('en-US')} | embedded | ${sec(r.embedded.wallMs)} | ${sec(r.embedded.stages.communities)} | – | – | ${r.embedded.peakRssMb} | ${pct(r.embedded.ringRecall)} | ${pct(r.embedded.flagPrecision)} |`,
    `| ${r.claims.toLocaleString('en-US')} | spark | ${sec(r.spark.wallMs)} | ${sec(r.spark.stages.communities)} | ${sec(r.spark.job.timings.links)} / ${sec(r.spark.job.timings.components)} / ${sec(r.spark.job.timings.leiden)} | ` +
      `${sec(r.spark.job.taskMsSum)} / ${sec(r.spark.job.taskMsMax)} (${r.spark.job.largestEdges.toLocaleString('en-US')}) | ${r.spark.peakRssMb} | ${pct(r.spark.ringRecall)} | ${pct(r.spark.flagPrecision)} |`
  ]),
  '',
  "Projection on a cluster: the shuffles at the marginal cost per claim measured between the two sizes (Spark's fixed " +
    'overhead left out) spread over the cores; Leiden tasks at the measured cost per claim spread over the cores, never faster ' +
    'than the largest component, taken to grow with the book (pessimistic).',
  '',
  '| claims | cores | shuffles s | Leiden s | community step s |',
  '|---:|---:|---:|---:|---:|',
  ...projection.map(
    (p) => `| ${p.claims.toLocaleString('en-US')} | ${p.cores} | ${p.shuffleS} | ${p.leidenS} | ${p.totalS} |`
  )
].join('\n');
const marker = (edge: string): string => `<!-- bench:spark ${edge} -->`;
const benchmarks = join(root, 'BENCHMARKS.md');
const current = readFileSync(benchmarks, 'utf8');
const block = `${marker('start')}\n${table}\n${marker('end')}`;
writeFileSync(
  benchmarks,
  current.includes(marker('start'))
    ? current.replace(new RegExp(`${marker('start')}[\\s\\S]*${marker('end')}`), block)
    : `${current.trimEnd()}\n\n## Spark engine (\`npm run bench:spark\`)\n\n${block}\n`
);
process.stdout.write(table + '\n');
