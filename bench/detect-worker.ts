/**
 * ringsight/bench/detect-worker
 * =============================
 *
 * One benchmark measurement in its own process (so peak RSS is this size's
 * alone): read + validate, store, detect, write; prints one JSON line with the
 * wall time of each stage and the process's peak RSS.
 */
import { writeFileSync } from 'node:fs';
import { detectRings } from '../engine/detect/index.js';
import { buildRun } from '../engine/run.js';
import { readBatch } from '../ingest/read-batch.js';
import { EmbeddedStore } from '../store/embedded.js';

const [input, out] = process.argv.slice(2);
if (!input || !out) throw new Error('ringsight/bench: usage: detect-worker INPUT OUT');

const t0 = performance.now();
const stages: Record<string, number> = {};
let t = t0;
const lap = (name: string): void => {
  const now = performance.now();
  stages[name] = Math.round(now - t);
  t = now;
};

const validation = await readBatch(input);
lap('parse+validate');
if (!validation.ok) throw new Error(`ringsight/bench: ${input} is not a valid batch`);
const store = new EmbeddedStore();
store.ingestSync(validation.book, { batchId: 'bench', loadedAt: new Date().toISOString() });
const book = store.projectionSync();
lap('store+projection');
const result = detectRings(book, {});
t = performance.now();
Object.assign(stages, result.timings);
const started = new Date();
writeFileSync(
  out,
  JSON.stringify(
    buildRun(
      result,
      {
        source: input,
        claims: book.claims.length,
        parties: 0,
        vehicles: 0,
        providers: 0,
        watchlist: 0,
        rejectedClaims: 0,
        warnings: validation.warnings
      },
      started,
      new Date()
    )
  )
);
lap('write');
process.stdout.write(
  JSON.stringify({
    claims: book.claims.length,
    links: book.links.length,
    totalMs: Math.round(performance.now() - t0),
    stages,
    stats: result.stats,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024)
  }) + '\n'
);
