/**
 * ringsight/cli/detect-flags
 * ==========================
 *
 * The detection flags (--seed, --threshold, --community, --model, …) every
 * command that detects accepts, defined once, and their parsing into
 * DetectParams. Commands pick the subset they take with `detectFlags(...)`,
 * so a flag means the same thing, with the same checks and messages, wherever
 * it appears.
 */
import { resolve } from 'node:path';
import type { DetectHooks, DetectParams } from '../engine/detect/index.js';
import { normaliseDate } from '../engine/normalise/index.js';
import { CliError, intFlag, numberFlag } from './args.js';
import { readModelFile } from './model-file.js';
import { formatCount, type Progress } from './progress.js';

export const DETECT_FLAGS = {
  seed: { type: 'string' },
  resolution: { type: 'string' },
  community: { type: 'string' },
  quality: { type: 'string' },
  'cpm-resolution': { type: 'string' },
  threshold: { type: 'string' },
  'min-score': { type: 'string' },
  'as-of': { type: 'string' },
  model: { type: 'string' }
} as const;

export type DetectFlagName = keyof typeof DETECT_FLAGS;

/** The named detection flags, for a command's parseArgs options. */
export function detectFlags<K extends DetectFlagName>(...names: K[]): Pick<typeof DETECT_FLAGS, K> {
  return Object.fromEntries(names.map((n) => [n, DETECT_FLAGS[n]])) as Pick<typeof DETECT_FLAGS, K>;
}

export function detectParamsFromFlags(
  command: string,
  flags: Record<string, string | boolean | undefined>
): Partial<DetectParams> {
  const params: Partial<DetectParams> = {};
  if (flags.seed !== undefined) params.seed = intFlag(command, 'seed', flags.seed as string, 0);
  const resolution = numberFlag(command, 'resolution', flags.resolution as string | undefined);
  if (resolution !== undefined) params.resolution = resolution;
  communityFlags(command, flags, params);
  const threshold = numberFlag(command, 'threshold', flags.threshold as string | undefined);
  if (threshold !== undefined) params.flagThreshold = threshold;
  const minScore = numberFlag(command, 'min-score', flags['min-score'] as string | undefined);
  if (minScore !== undefined) params.reportMinScore = minScore;
  if (flags['as-of'] !== undefined) {
    const asOf = flags['as-of'] as string;
    if (!normaliseDate(asOf).ok)
      throw new CliError(`ringsight ${command}: --as-of must be a date YYYY-MM-DD, got "${asOf}"`);
    params.asOf = asOf;
  }
  if (typeof flags.model === 'string') Object.assign(params, readModelFile(command, resolve(flags.model)));
  return params;
}

/**
 * --community louvain|leiden; for Leiden --quality modularity|cpm and
 * --cpm-resolution X (which alone means --quality cpm). The Leiden-only flags
 * with Louvain are refused rather than silently ignored.
 */
function communityFlags(
  command: string,
  flags: Record<string, string | boolean | undefined>,
  params: Partial<DetectParams>
): void {
  const community = flags.community as string | undefined;
  if (community !== undefined) {
    if (community !== 'louvain' && community !== 'leiden')
      throw new CliError(`ringsight ${command}: --community must be louvain or leiden, got "${community}"`);
    params.community = community;
  }
  const quality = flags.quality as string | undefined;
  const cpm = numberFlag(command, 'cpm-resolution', flags['cpm-resolution'] as string | undefined);
  if (quality === undefined && cpm === undefined) return;
  if (params.community !== 'leiden')
    throw new CliError(`ringsight ${command}: --quality and --cpm-resolution need --community leiden`);
  if (quality !== undefined && quality !== 'modularity' && quality !== 'cpm')
    throw new CliError(`ringsight ${command}: --quality must be modularity or cpm, got "${quality}"`);
  if (cpm !== undefined) {
    if (!(cpm > 0))
      throw new CliError(
        `ringsight ${command}: --cpm-resolution must be a number > 0, got "${flags['cpm-resolution'] as string}"`
      );
    if (quality === 'modularity') throw new CliError(`ringsight ${command}: --cpm-resolution is for --quality cpm`);
    params.cpmResolution = cpm;
  }
  params.quality = (quality as DetectParams['quality'] | undefined) ?? 'cpm';
}

/**
 * The engine hooks a detecting command passes: progress lines per stage and,
 * when any Spark flag is given, the Spark community step (loaded lazily so the
 * embedded path never imports the Spark client).
 */
export async function detectHooks(
  flags: Record<string, string | boolean | undefined>,
  params: Partial<DetectParams>,
  progress: Progress
): Promise<DetectHooks> {
  const spark =
    (flags.engine ?? flags.master ?? flags['spark-partition']) === undefined
      ? {}
      : (await import('./commands/detect-spark.js')).sparkHooks(flags, params, progress);
  return {
    ...spark,
    onStage: (stage, ms, info) =>
      progress.stage(
        stage,
        Object.entries(info)
          .map(([k, v]) => `${k} ${formatCount(v)}`)
          .join(', '),
        ms
      )
  };
}
