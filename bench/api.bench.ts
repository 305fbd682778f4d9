/**
 * ringsight/bench/api.bench
 * =========================
 *
 * `npm run bench:api`: the API under load from a local load generator
 * (autocannon over HTTP on 127.0.0.1), with a million-claim book and 20,000
 * rings loaded in the embedded store of a server in its own process. Each scenario runs for BENCH_SECONDS
 * (10) with BENCH_CONNECTIONS (10) keep-alive connections cycling through a
 * set of requests; every response's latency is recorded, so p95 is exact,
 * not read off a histogram bucket. Target: p95 under 50 ms for ring list and
 * ring detail. Results go to bench/results/api.json and the API section of
 * BENCHMARKS.md. `BENCH_CLAIMS=100000` changes the book size.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { hashToken, type TokenRecord } from '../api/policy/tokens.js';

const root = resolve(import.meta.dirname, '..');
const claims = Number(process.env.BENCH_CLAIMS ?? 1_000_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const TARGET_MS = 50;
const say = (line: string): void => {
  process.stderr.write(`[bench:api] ${line}\n`);
};

const TOKENS = {
  analyst: 'bench-analyst-0123456789',
  insurer: 'bench-insurer-0123456789',
  police: 'bench-police-0123456789'
};
const tokens: TokenRecord[] = [
  { name: 'bench.analyst', role: 'analyst', tokenSha256: hashToken(TOKENS.analyst) },
  { name: 'bench.cpic', role: 'insurer', insurer: 'CPIC', tokenSha256: hashToken(TOKENS.insurer) },
  { name: 'bench.police', role: 'police', tokenSha256: hashToken(TOKENS.police) }
];
const bearer = (who: keyof typeof TOKENS, extra: Record<string, string> = {}): Record<string, string> => ({
  authorization: `Bearer ${TOKENS[who]}`,
  ...extra
});

// The server runs in a child process: a load generator sharing its event loop would be measured too.
const server = spawn(
  process.execPath,
  ['--max-old-space-size=8192', '--import', 'tsx', join(root, 'bench/api/server.ts')],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_CLAIMS: String(claims), BENCH_TOKENS: JSON.stringify(tokens) }
  }
);
const started = await new Promise<{ url: string; rings: number; loadMs: number }>((done, fail) => {
  let out = '';
  server.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.includes('\n')) done(JSON.parse(out.slice(0, out.indexOf('\n'))));
  });
  server.once('exit', (code) => fail(new Error(`ringsight/bench-api: the server exited (${code}) before listening`)));
});
const { url, rings } = started;
say(
  `${claims.toLocaleString('en-US')} claims, ${rings.toLocaleString('en-US')} rings loaded in ${(started.loadMs / 1000).toFixed(1)} s; serving on ${url}`
);

const ringId = (i: number): string => `R${String((i * 7919) % rings).padStart(8, '0')}`;
type Request = { path: string; headers: Record<string, string> };
const scenarios: Array<{ name: string; requests: Request[] }> = [
  {
    name: 'ring list (analyst; filters, sorts, pages)',
    requests: [
      '',
      '?flagged=true',
      '?category=injury_broker&minScore=40',
      '?region=360700&sort=claims',
      '?insurer=CPIC&page=3',
      '?from=2024-03-01&to=2024-06-30&order=asc'
    ].map((q) => ({ path: `/api/rings${q}`, headers: bearer('analyst') }))
  },
  {
    name: 'ring list (insurer CPIC, scoped)',
    requests: ['', '?flagged=true', '?page=2'].map((q) => ({ path: `/api/rings${q}`, headers: bearer('insurer') }))
  },
  {
    name: 'ring detail (analyst, masked)',
    requests: Array.from({ length: 200 }, (_, i) => ({ path: `/api/rings/${ringId(i)}`, headers: bearer('analyst') }))
  },
  {
    name: 'ring detail (insurer CPIC, scoped)',
    requests: Array.from({ length: 200 }, (_, i) => ({ path: `/api/rings/${ringId(i)}`, headers: bearer('insurer') }))
  },
  {
    name: 'ring graph (analyst)',
    requests: Array.from({ length: 200 }, (_, i) => ({
      path: `/api/rings/${ringId(i)}/graph`,
      headers: bearer('analyst')
    }))
  },
  {
    name: 'ring detail unmasked (police, case reference; audited with fsync)',
    requests: Array.from({ length: 200 }, (_, i) => ({
      path: `/api/rings/${ringId(i)}?unmask=true`,
      headers: bearer('police', { 'x-case-reference': 'JX-2026-0042' })
    }))
  }
];

interface Row {
  scenario: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
}
const rows: Row[] = [];
const quantile = (sorted: Float64Array, q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
for (const s of scenarios) {
  // Warm-up: the first requests build the run's index and name directory once.
  for (const r of s.requests.slice(0, 3)) await (await fetch(url + r.path, { headers: r.headers })).arrayBuffer();
  const latencies: number[] = [];
  const t = performance.now();
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        requests: s.requests.map((r) => ({ method: 'GET', path: r.path, headers: r.headers }))
      },
      (err, res) => (err ? fail(err) : done(res))
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
    });
  });
  const wallS = (performance.now() - t) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const row: Row = {
    scenario: s.name,
    requests: latencies.length,
    perSecond: Math.round(latencies.length / wallS),
    p50: +quantile(sorted, 0.5).toFixed(2),
    p95: +quantile(sorted, 0.95).toFixed(2),
    p99: +quantile(sorted, 0.99).toFixed(2),
    max: +sorted[sorted.length - 1]!.toFixed(2),
    non2xx: result.non2xx
  };
  rows.push(row);
  say(
    `${s.name}: ${row.perSecond} req/s, p50 ${row.p50} ms, p95 ${row.p95} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}`
  );
}
server.kill('SIGTERM');

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const load = loadavg()[0]!.toFixed(1);
writeFileSync(
  join(root, 'bench/results/api.json'),
  JSON.stringify(
    { machine, measuredAt: new Date().toISOString(), claims, rings, seconds, connections, load, rows },
    null,
    2
  ) + '\n'
);
const table = [
  `Machine: ${machine}; 1-minute load average at the end ${load}. Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:api\`: ` +
    `${claims.toLocaleString('en-US')} claims and ${rings.toLocaleString('en-US')} rings in the embedded store, autocannon on 127.0.0.1, ` +
    `${connections} connections, ${seconds} s per scenario, latency of every response. Target: p95 < ${TARGET_MS} ms for list and detail.`,
  '',
  '| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.scenario} | ${r.requests} | ${r.perSecond} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.non2xx} |`
  )
].join('\n');
const mdPath = join(root, 'BENCHMARKS.md');
const begin = '<!-- api:begin -->';
const end = '<!-- api:end -->';
let md = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
if (!md.includes(begin)) md += `\n## API under load (embedded store)\n\n${begin}\n${end}\n`;
md = md.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${table}\n${end}`);
writeFileSync(mdPath, md);
say('wrote BENCHMARKS.md and bench/results/api.json');
process.exit(rows.some((r) => r.non2xx > 0) ? 1 : 0);
