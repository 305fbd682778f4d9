/**
 * ringsight/bench/neo4j.bench
 * ===========================
 *
 * `npm run bench:neo4j`: the Neo4j store at 100k and 1M generated claims —
 * ingest throughput (input rows/s), an idempotent reload, projection out of
 * Neo4j, and detect-from-Neo4j end to end (projection + engine + write-back
 * of the run in one transaction). Not a timed test: a measurement.
 *
 * Runs its own server unless BENCH_NEO4J_URI is set: home .neo4j/bench, Bolt
 * 7698, heap 4g and page cache 1g (BENCH_HOME, BENCH_PORT, BENCH_HEAP,
 * BENCH_PAGECACHE), wiped before
 * each size so every size loads
 * into an empty graph. Batches are generated once into .bench/neo4j/ (seed
 * 42) and reused. Results go to bench/results/neo4j.json and a markdown
 * table on stdout. `BENCH_SIZES=100000` limits the sizes; BENCH_BATCH_SIZE
 * and BENCH_CONCURRENCY set the load's chunk size and transactions in flight.
 * Sizes in BENCH_WARM_SIZES (default 100000) are also loaded a second time
 * into the emptied graph of the same, now warm, server: a server that has
 * run for a while (the deployment) has compiled its hot code, a fresh one
 * spends a third of a 100k load's CPU on its JIT compiler.
 * Run with a big heap: node --max-old-space-size=8192 --import tsx bench/neo4j.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from '../datasets/generator/index.js';
import { detectRings } from '../engine/detect/index.js';
import { buildRun } from '../engine/run.js';
import { batchDigest } from '../cli/commands/ingest.js';
import { readBatch } from '../ingest/read-batch.js';
import type { ClaimsBook } from '../engine/model.js';
import { DEFAULTS as LOAD_DEFAULTS } from '../store/neo4j/load.js';
import { startNeo4j, stopNeo4j } from '../store/neo4j/server.js';
import { Neo4jStore } from '../store/neo4j/store.js';

// Same young generation as the CLI (bin/ringsight.mjs re-executes batch runs with it): without it,
// V8 scavenges every ~16 MB and copies a projection's millions of live objects over and over.
const YOUNG = '--max-semi-space-size=128';
if (!process.execArgv.includes(YOUNG)) {
  const child = spawnSync(process.execPath, [YOUNG, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit'
  });
  process.exit(child.status ?? 1);
}

const root = resolve(import.meta.dirname, '..');
const sizes = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const batchSize = Number(process.env.BENCH_BATCH_SIZE ?? LOAD_DEFAULTS.batchSize);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? LOAD_DEFAULTS.concurrency);
const warmSizes = (process.env.BENCH_WARM_SIZES ?? '100000').split(',').map(Number);
const work = join(root, '.bench/neo4j');
const SERVER = {
  home: process.env.BENCH_HOME ?? '.neo4j/bench',
  boltPort: Number(process.env.BENCH_PORT ?? 7698),
  heap: process.env.BENCH_HEAP ?? '4g',
  pageCache: process.env.BENCH_PAGECACHE ?? '1g'
};
/** BENCH_QUICK=1: load, reload and projection only (no detect, no write-back), for iterating. */
const quick = process.env.BENCH_QUICK === '1';
mkdirSync(work, { recursive: true });
mkdirSync(join(root, 'bench/results'), { recursive: true });

const external = process.env.BENCH_NEO4J_URI ?? '';
const uri = external || `bolt://127.0.0.1:${SERVER.boltPort}`;
const log = (line: string): void => {
  process.stderr.write(`[bench:neo4j] ${line}\n`);
};
const secs = (ms: number): number => Math.round(ms / 100) / 10;
const n = (x: number): string => x.toLocaleString('en-US');

/** CPU seconds the server process has used so far (Linux only; null elsewhere or for an external server). */
function serverCpu(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

interface Row {
  measuredAt: string;
  heap: string;
  pageCache: string;
  batchSize: number;
  concurrency: number;
  claims: number;
  inputRows: number;
  links: number;
  loadavgBefore: number;
  readValidateS: number;
  loadS: number;
  loadRowsPerS: number;
  endToEndRowsPerS: number;
  serverCpuS: number | null;
  clientCpuS?: number;
  loadavgAfterLoad?: number;
  /** The same load into the emptied graph of the same server, its JIT warm (BENCH_WARM_SIZES). */
  warmLoadS?: number;
  warmLoadRowsPerS?: number;
  warmServerCpuS?: number | null;
  warmClientCpuS?: number;
  reloadS: number;
  projectionS: number;
  detectS: number;
  writeBackS: number;
  detectFromNeo4jS: number;
  rings: number;
  flagged: number;
  graph: { nodes: number; relationships: number };
}

async function freshServer(): Promise<number | null> {
  if (external) return null;
  await stopNeo4j({ ...SERVER, log: () => {} });
  const s = await startNeo4j({ ...SERVER, fresh: true, log: () => {} });
  return s.pid;
}

const rows: Row[] = [];
for (const size of sizes) {
  const dir = join(work, `batch-${size}`);
  if (!existsSync(join(dir, 'truth.json'))) {
    log(`generating ${size} claims → ${dir}`);
    await generate({ claims: size, out: dir, seed: 42 });
  }
  const pid = await freshServer();
  const store = await Neo4jStore.open({ uri });
  if (external) await store.clear();
  const loadavgBefore = Math.round(loadavg()[0]! * 10) / 10;

  let t = performance.now();
  let validation: Awaited<ReturnType<typeof readBatch>> | null = await readBatch(dir, { allowPartial: true });
  const readValidateMs = performance.now() - t;
  const inputRows = Object.values(validation.files).reduce((sum, f) => sum + (f?.rows ?? 0), 0);
  let book: ClaimsBook | null = validation.book;
  const links = book.links.length;
  log(
    `${size}: read+validate ${secs(readValidateMs)} s, ${inputRows.toLocaleString('en-US')} input rows (load avg ${loadavgBefore})`
  );

  // The id `ringsight ingest` gives a batch (directory name @ content digest): its length decides how
  // the provenance on every relationship is stored, so the benchmark pays what the CLI pays.
  const batchId = await batchDigest(dir);
  const cpu0 = serverCpu(pid);
  const clientCpu0 = process.cpuUsage();
  t = performance.now();
  let lastLog = 0;
  await store.ingest(
    book,
    { batchId, loadedAt: new Date().toISOString() },
    {
      batchSize,
      concurrency,
      onChunk: (p) => {
        if (performance.now() - lastLog > 30_000) {
          lastLog = performance.now();
          log(`${size}: loaded ${p.claims.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} claims`);
        }
      }
    }
  );
  const loadMs = performance.now() - t;
  const cpu1 = serverCpu(pid);
  const clientCpu = process.cpuUsage(clientCpu0);
  const clientCpuS = Math.round((clientCpu.user + clientCpu.system) / 1e5) / 10;
  const loadavgAfterLoad = Math.round(loadavg()[0]! * 10) / 10;
  log(
    `${size}: load ${secs(loadMs)} s = ${Math.round(inputRows / (loadMs / 1000)).toLocaleString('en-US')} input rows/s ` +
      `(server CPU ${cpu0 !== null && cpu1 !== null ? Math.round((cpu1 - cpu0) * 10) / 10 : '?'} s, client CPU ${clientCpuS} s, load avg ${loadavg()[0]!.toFixed(1)})`
  );

  t = performance.now();
  await store.ingest(book, { batchId, loadedAt: new Date().toISOString() }, { batchSize, concurrency });
  const reloadMs = performance.now() - t;
  log(`${size}: idempotent reload ${secs(reloadMs)} s`);

  validation = null; // the projection below must not lean on the book still being in memory,
  book = null; // nor pay for collecting around it: detect --neo4j runs without it

  const { records } = await store.driver.executeQuery(
    'MATCH (n) RETURN count(n) AS n UNION ALL MATCH ()-[r]->() RETURN count(r) AS n'
  );
  const graph = { nodes: records[0]!.get('n') as number, relationships: records[1]!.get('n') as number };

  const startedAt = new Date();
  const projCpu0 = serverCpu(pid);
  const projClient0 = process.cpuUsage();
  t = performance.now();
  const projected = await store.projection();
  const projectionMs = performance.now() - t;
  const projClient = process.cpuUsage(projClient0);
  const projCpu1 = serverCpu(pid);
  log(
    `${size}: projection ${secs(projectionMs)} s (${projected.claims.length.toLocaleString('en-US')} claims, ${projected.links.length.toLocaleString('en-US')} links; ` +
      `server CPU ${projCpu0 !== null && projCpu1 !== null ? Math.round((projCpu1 - projCpu0) * 10) / 10 : '?'} s, client CPU ${Math.round((projClient.user + projClient.system) / 1e5) / 10} s, load avg ${loadavg()[0]!.toFixed(1)})`
  );
  t = performance.now();
  if (quick) {
    // not recorded: results keep full runs only
    log(`${size}: quick run, not recorded`);
    await store.close();
    continue;
  }
  const result = detectRings(projected);
  const detectMs = performance.now() - t;
  const doc = buildRun(
    result,
    {
      source: 'bench',
      claims: projected.claims.length,
      parties: 0,
      vehicles: 0,
      providers: 0,
      watchlist: projected.watchlist.length,
      rejectedClaims: 0,
      warnings: 0
    },
    startedAt,
    new Date()
  );
  t = performance.now();
  await store.saveRun(doc);
  const writeBackMs = performance.now() - t;
  log(`${size}: detect ${secs(detectMs)} s, write-back of ${doc.rings.length} rings ${secs(writeBackMs)} s`);
  let warm: Pick<Row, 'warmLoadS' | 'warmLoadRowsPerS' | 'warmServerCpuS' | 'warmClientCpuS'> = {};
  // Last, so the emptied-and-refilled store (its record ids reused) is not what the projection reads.
  if (warmSizes.includes(size)) {
    const again = (await readBatch(dir, { allowPartial: true })).book;
    await store.clear();
    const w0 = serverCpu(pid);
    const wc0 = process.cpuUsage();
    t = performance.now();
    await store.ingest(again, { batchId, loadedAt: new Date().toISOString() }, { batchSize, concurrency });
    const warmMs = performance.now() - t;
    const w1 = serverCpu(pid);
    const wc = process.cpuUsage(wc0);
    warm = {
      warmLoadS: secs(warmMs),
      warmLoadRowsPerS: Math.round(inputRows / (warmMs / 1000)),
      warmServerCpuS: w0 !== null && w1 !== null ? Math.round((w1 - w0) * 10) / 10 : null,
      warmClientCpuS: Math.round((wc.user + wc.system) / 1e5) / 10
    };
    log(
      `${size}: load into the emptied graph of the warm server ${warm.warmLoadS} s = ${n(warm.warmLoadRowsPerS!)} input rows/s ` +
        `(server CPU ${warm.warmServerCpuS ?? '?'} s, client CPU ${warm.warmClientCpuS} s)`
    );
  }
  await store.close();

  rows.push({
    measuredAt: new Date().toISOString(),
    heap: external ? '?' : SERVER.heap,
    pageCache: external ? '?' : SERVER.pageCache,
    batchSize,
    concurrency,
    claims: size,
    inputRows,
    links,
    loadavgBefore,
    readValidateS: secs(readValidateMs),
    loadS: secs(loadMs),
    loadRowsPerS: Math.round(inputRows / (loadMs / 1000)),
    endToEndRowsPerS: Math.round(inputRows / ((readValidateMs + loadMs) / 1000)),
    serverCpuS: cpu0 !== null && cpu1 !== null ? Math.round((cpu1 - cpu0) * 10) / 10 : null,
    clientCpuS,
    loadavgAfterLoad,
    ...warm,
    reloadS: secs(reloadMs),
    projectionS: secs(projectionMs),
    detectS: secs(detectMs),
    writeBackS: secs(writeBackMs),
    detectFromNeo4jS: secs(projectionMs + detectMs + writeBackMs),
    rings: doc.rings.length,
    flagged: result.stats.flagged,
    graph
  });
  writeResults();
}
if (!external) await stopNeo4j({ ...SERVER, log: () => {} });

/** Rows of sizes not measured this time are kept, so sizes can be run one at a time. */
function allRows(): Row[] {
  const file = join(root, 'bench/results/neo4j.json');
  let previous: Row[] = [];
  try {
    previous = (JSON.parse(readFileSync(file, 'utf8')) as { rows: Row[] }).rows ?? [];
  } catch {
    /* first run */
  }
  return [...previous.filter((p) => !rows.some((r) => r.claims === p.claims)), ...rows].sort(
    (a, b) => a.claims - b.claims
  );
}

function writeResults(): void {
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const server = external
    ? { uri: external }
    : { home: SERVER.home, boltPort: SERVER.boltPort, version: 'Neo4j 5.26 Community (embedded launcher)' };
  writeFileSync(
    join(root, 'bench/results/neo4j.json'),
    JSON.stringify({ machine, server, rows: allRows() }, null, 2) + '\n'
  );
}

process.stdout.write(
  [
    `Machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, shared (see load avg: runnable processes when the size started); ` +
      'Neo4j 5.26 Community. Measured with `npm run bench:neo4j`.',
    '',
    '| claims | input rows | links | heap / page cache | chunk × in flight | load avg before / after load | read+validate s | load s | load rows/s | end-to-end rows/s | server / client CPU s in load | warm server: load s, rows/s, server / client CPU s | reload s | projection s | detect s | write-back s | detect from Neo4j s | rings |',
    '|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|',
    ...allRows().map(
      (r) =>
        `| ${n(r.claims)} | ${n(r.inputRows)} | ${n(r.links)} | ${r.heap} / ${r.pageCache} | ${r.batchSize} × ${r.concurrency} | ${r.loadavgBefore} / ${r.loadavgAfterLoad ?? '–'} | ` +
        `${r.readValidateS} | ${r.loadS} | ${n(r.loadRowsPerS)} | ${n(r.endToEndRowsPerS)} | ${r.serverCpuS ?? '–'} / ${r.clientCpuS ?? '–'} | ` +
        `${r.warmLoadS === undefined ? '–' : `${r.warmLoadS} s, ${n(r.warmLoadRowsPerS!)}, ${r.warmServerCpuS ?? '–'} / ${r.warmClientCpuS}`} | ${r.reloadS} | ${r.projectionS} | ` +
        `${r.detectS} | ${r.writeBackS} | ${r.detectFromNeo4jS} | ${n(r.rings)} |`
    ),
    ''
  ].join('\n')
);
