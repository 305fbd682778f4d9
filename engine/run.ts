/**
 * ringsight/engine/run
 * ====================
 *
 * The detection run document — `{ run, rings }` — written by `detect`,
 * stored by the stores and served by the API. The clock is passed in, so this
 * stays pure: the rings part is byte-for-byte the same for the same input and
 * seed; only `run.id` and the timestamps differ between runs.
 */
import type { Ring } from './model.js';
import type { DetectResult } from './detect/index.js';
import { fnv1a } from './util/random.js';

export interface RunInput {
  source: string;
  claims: number;
  parties: number;
  vehicles: number;
  providers: number;
  watchlist: number;
  rejectedClaims: number;
  warnings: number;
  dataVersion?: string;
}

export interface RunDocument {
  run: {
    id: string;
    startedAt: string;
    finishedAt: string;
    input: RunInput;
    params: DetectResult['params'];
    stats: DetectResult['stats'];
    timings: DetectResult['timings'];
  };
  rings: Ring[];
}

export function buildRun(result: DetectResult, input: RunInput, startedAt: Date, finishedAt: Date): RunDocument {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const digest = fnv1a(JSON.stringify(result.params) + result.rings.map((r) => r.id).join(','));
  return {
    run: {
      id: `run-${stamp}-${digest}`,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      input,
      params: result.params,
      stats: result.stats,
      timings: result.timings
    },
    rings: result.rings
  };
}
