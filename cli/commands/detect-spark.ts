/**
 * ringsight/cli/commands/detect-spark
 * ===================================
 *
 * `ringsight detect --engine spark [--master local[2]] [--spark-partition component|global]`:
 * the community step on Apache Spark (spark/, built by spark/setup.sh), the rest
 * of detection unchanged. The claims index is exported as Parquet (export.ts),
 * the Spark job caps hubs, splits by GraphX connected components and runs Leiden
 * per component (nl.cwts:networkanalysis), and its candidate rings come back as
 * JSON into detectRings' communityStep hook — so the TypeScript scorer scores
 * them and the rings, run document and Neo4j write-back (`--neo4j`) are the
 * embedded engine's own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEIDEN_DEFAULT_RANDOMNESS } from '../../engine/detect/leiden.js';
import type { DetectHooks, DetectParams, ExternalCommunities } from '../../engine/detect/index.js';
import type { Candidate } from '../../engine/detect/communities.js';
import type { ClaimsIndex } from '../../engine/graph/claims-index.js';
import { CliError } from '../args.js';
import { formatCount, type Progress } from '../progress.js';
import { LINKS_FILE, writeLinksParquet } from './export.js';

const MODULE = 'ringsight/cli/detect-spark';

export type SparkPartition = 'component' | 'global';

export interface SparkOptions {
  /** Spark master URL: local[N] here; a cluster's URL ships the job's jars with it. */
  master: string;
  /** component: Leiden per linked component in the executors; global: one Leiden run, identical to the embedded engine. */
  partition: SparkPartition;
  /** The spark/ module (holds target/classpath.txt after spark/setup.sh). */
  sparkDir: string;
  /** Extra JVM flags, e.g. -Xmx8g (RINGSIGHT_SPARK_JAVA_OPTS, split on spaces). */
  javaOpts: string[];
  /** Keep the exchange directory (Parquet, params, candidates) for inspection. */
  keep: boolean;
}

export const DEFAULTS: SparkOptions = {
  master: 'local[2]',
  partition: 'component',
  sparkDir: resolve(dirname(fileURLToPath(import.meta.url)), '../../spark'),
  javaOpts: (process.env.RINGSIGHT_SPARK_JAVA_OPTS ?? '').split(/\s+/).filter(Boolean),
  keep: process.env.RINGSIGHT_SPARK_KEEP === '1'
};

/** Spark 3.5 on Java 17 reaches into JDK internals: the flags its own launcher adds (JavaModuleOptions). */
const JVM_OPENS = [
  'java.lang',
  'java.lang.invoke',
  'java.lang.reflect',
  'java.io',
  'java.net',
  'java.nio',
  'java.util',
  'java.util.concurrent',
  'java.util.concurrent.atomic',
  'jdk.internal.ref',
  'sun.nio.ch',
  'sun.nio.cs',
  'sun.security.action',
  'sun.util.calendar'
].map((p) => `--add-opens=java.base/${p}=ALL-UNNAMED`);

export interface JobOutput {
  hubs: number;
  graphEdges: number;
  components: number;
  largeComponents: number;
  largeEdges: number;
  largestEdges: number;
  taskMsSum: number;
  taskMsMax: number;
  communities: number;
  splits: number;
  weight: number;
  resolution: number;
  modularity: number;
  timings: Record<string, number>;
  small: Candidate[];
  candidates: Candidate[];
}

/** Reads --engine / --master / --spark-partition; null when the embedded engine runs. */
export function sparkFlags(
  flags: Record<string, string | boolean | undefined>,
  params: Partial<DetectParams>
): Partial<SparkOptions> | null {
  const engine = (flags.engine as string | undefined) ?? 'embedded';
  if (engine !== 'embedded' && engine !== 'spark')
    throw new CliError(`ringsight detect: --engine must be embedded or spark, got "${engine}"`);
  if (engine === 'embedded') {
    for (const f of ['master', 'spark-partition'])
      if (flags[f] !== undefined) throw new CliError(`ringsight detect: --${f} needs --engine spark`);
    return null;
  }
  if (params.community === 'louvain')
    throw new CliError(
      'ringsight detect: --engine spark runs Leiden (nl.cwts:networkanalysis); drop --community louvain or use --community leiden'
    );
  params.community = 'leiden';
  const partition = (flags['spark-partition'] as string | undefined) ?? DEFAULTS.partition;
  if (partition !== 'component' && partition !== 'global')
    throw new CliError(`ringsight detect: --spark-partition must be component or global, got "${partition}"`);
  const master = (flags.master as string | undefined) ?? DEFAULTS.master;
  if (master.trim() === '') throw new CliError('ringsight detect: --master must name a Spark master, e.g. local[2]');
  return { master, partition };
}

/** The detectRings hook that runs the community step as a Spark job. */
export function sparkCommunityStep(
  options: Partial<SparkOptions> = {},
  progress?: Progress
): NonNullable<DetectHooks['communityStep']> {
  const o: SparkOptions = { ...DEFAULTS, ...options };
  return (index, params) => runSparkJob(index, params, o, progress);
}

export function runSparkJob(
  index: ClaimsIndex,
  params: DetectParams,
  o: SparkOptions,
  progress?: Progress
): ExternalCommunities {
  const classpathFile = join(o.sparkDir, 'target', 'classpath.txt');
  if (!existsSync(classpathFile))
    throw new CliError(
      `${MODULE}: ${classpathFile} is missing; build the Spark job first with \`bash spark/setup.sh\``,
      1
    );
  const dir = mkdtempSync(join(tmpdir(), 'ringsight-spark-'));
  try {
    let t = performance.now();
    const links = join(dir, LINKS_FILE);
    const rows = writeLinksParquet(index, links);
    progress?.stage('export', `${formatCount(rows)} identity links → Parquet`, performance.now() - t);
    const paramsFile = join(dir, 'params.json');
    writeFileSync(
      paramsFile,
      JSON.stringify({
        seed: params.seed,
        quality: params.quality,
        resolution: params.resolution,
        resolutionReference: params.resolutionReference,
        cpmResolution: params.cpmResolution,
        leidenIterations: params.leidenIterations,
        randomness: LEIDEN_DEFAULT_RANDOMNESS,
        minClaims: params.minClaims,
        splitAbove: params.splitAbove,
        hubDegree: params.hubDegree,
        linkWeight: params.linkWeight
      })
    );
    const out = join(dir, 'candidates.json');
    const jars = [
      join(o.sparkDir, 'target', 'ringsight-spark.jar'),
      ...readFileSync(classpathFile, 'utf8')
        .trim()
        .split(':')
        .filter((j) => /networkanalysis|fastutil/.test(j))
    ];
    const classpath = `${join(o.sparkDir, 'target', 'classes')}:${readFileSync(classpathFile, 'utf8').trim()}`;
    const args = [
      '-XX:+IgnoreUnrecognizedVMOptions',
      ...JVM_OPENS,
      '-Djdk.reflect.useDirectMethodHandle=false',
      `-Dlog4j2.configurationFile=${join(o.sparkDir, 'log4j2.properties')}`,
      ...o.javaOpts,
      '-cp',
      classpath,
      'ringsight.spark.CandidatesJob',
      '--links',
      links,
      '--params',
      paramsFile,
      '--out',
      out,
      '--master',
      o.master,
      '--partition',
      o.partition,
      '--jars',
      jars.join(',')
    ];
    t = performance.now();
    // In local mode everything is on this machine: bind to loopback rather than guess an interface.
    const env = o.master.startsWith('local') ? { SPARK_LOCAL_IP: '127.0.0.1', ...process.env } : process.env;
    const run = spawnSync('java', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (run.error) throw new Error(`${MODULE}: could not start java: ${run.error.message}`);
    if (run.status !== 0)
      throw new Error(`${MODULE}: the Spark job failed (exit ${run.status ?? run.signal}); its log is above`);
    const job = JSON.parse(readFileSync(out, 'utf8')) as JobOutput;
    progress?.stage(
      'spark',
      `${o.master}, ${o.partition}: ${formatCount(job.components)} components (${formatCount(job.largeComponents)} through Leiden), ` +
        `${formatCount(job.small.length + job.candidates.length)} candidates; ${Object.entries(job.timings)
          .map(([k, v]) => `${k} ${v} ms`)
          .join(', ')}`,
      performance.now() - t
    );
    return {
      candidates: [...job.small, ...job.candidates],
      communities: job.communities,
      modularity: job.modularity,
      splits: job.splits,
      resolution: job.resolution
    };
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
    else progress?.stage('spark', `exchange files kept in ${dir}`);
  }
}

/** detectRings hooks for the detect flags: the Spark community step with --engine spark, none otherwise. */
export function sparkHooks(
  flags: Record<string, string | boolean | undefined>,
  params: Partial<DetectParams>,
  progress?: Progress
): Pick<DetectHooks, 'communityStep'> {
  const spark = sparkFlags(flags, params);
  return spark ? { communityStep: sparkCommunityStep(spark, progress) } : {};
}
