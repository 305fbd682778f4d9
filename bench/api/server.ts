/**
 * ringsight/bench/api/server
 * ==========================
 *
 * The server half of `npm run bench:api`, in its own process so the load
 * generator does not share its event loop: loads the synthetic book and run
 * (BENCH_CLAIMS claims) into the embedded store, listens on 127.0.0.1 on a
 * free port, prints one JSON line `{url, claims, rings, loadMs}`, and serves
 * until it is sent SIGTERM. The tokens are the bench's own (BENCH_TOKENS).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../api/app.js';
import type { TokenRecord } from '../../api/policy/tokens.js';
import { EmbeddedStore } from '../../store/embedded.js';
import { ringsFor, syntheticBook, syntheticRun } from './fixture.js';

const claims = Number(process.env.BENCH_CLAIMS ?? 1_000_000);
const tokens = JSON.parse(process.env.BENCH_TOKENS ?? '[]') as TokenRecord[];
const t = performance.now();
const store = new EmbeddedStore();
const book = syntheticBook(claims);
store.ingestSync(book, { batchId: 'bench', loadedAt: new Date().toISOString() });
await store.saveRun(syntheticRun(book));
const loadMs = Math.round(performance.now() - t);

const dataDir = mkdtempSync(join(tmpdir(), 'ringsight-bench-api-'));
const app = await buildApp({
  createStore: () => store,
  tokens,
  dataDir,
  viewerDir: null,
  rateLimit: false,
  handleSecret: Buffer.alloc(32, 7),
  logger: false
});
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(JSON.stringify({ url, claims, rings: ringsFor(claims), loadMs }) + '\n');
process.once('SIGTERM', () => {
  void app.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
