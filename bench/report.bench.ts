/**
 * ringsight/bench/report.bench
 * ============================
 *
 * `npx tsx bench/report.bench.ts`: how long a report for an operation of 50
 * rings and about 2,000 claims takes, end to end (assembly, graph layouts,
 * HTML, CSV, Chromium launch and PDF), then phase by phase. The batch
 * (20,000 claims, 50 planted rings, seed 42) is generated once into
 * .bench/report-batch and reused. Target: under 30 s. Results go to
 * bench/results/report.json. `BENCH_RINGS=20` changes the number of rings.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from '../datasets/generator/index.js';
import { detectRings } from '../engine/detect/index.js';
import { buildRun, type RunDocument } from '../engine/run.js';
import { readBatch } from '../ingest/read-batch.js';
import { assembleReport } from '../reports/assemble.js';
import { renderCsv } from '../reports/csv.js';
import { canonicalJson, sha256 } from '../reports/digest.js';
import { renderHtml } from '../reports/html.js';
import { generateReport, PdfRenderer } from '../reports/index.js';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, '.bench', 'report-batch');
const ringCount = Number(process.env.BENCH_RINGS ?? 50);
const TARGET_MS = 30_000;

const say = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/**
 * CPU time of this process and of every process it starts (Chromium, its zygote and renderers),
 * sampled from /proc while the work runs: on a shared, busy machine wall time says more about the
 * neighbours than about the report. Linux only; elsewhere it counts this process alone.
 */
function cpuMeter(): { stop: () => number } {
  const start = process.cpuUsage();
  const seen = new Map<number, number>();
  const sample = (): void => {
    let procs: Array<[number, number, number]> = [];
    try {
      procs = readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .flatMap((d) => {
          try {
            const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
            const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            return [[Number(d), Number(f[1]), (Number(f[11]) + Number(f[12])) * 10] as [number, number, number]];
          } catch {
            return [];
          }
        });
    } catch {
      return;
    }
    const mine = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, ppid] of procs)
        if (!mine.has(pid) && mine.has(ppid)) {
          mine.add(pid);
          grew = true;
        }
    }
    for (const [pid, , ms] of procs)
      if (pid !== process.pid && mine.has(pid)) seen.set(pid, Math.max(ms, seen.get(pid) ?? 0));
  };
  const timer = setInterval(sample, 100);
  return {
    stop() {
      sample();
      clearInterval(timer);
      const own = process.cpuUsage(start);
      return Math.round((own.user + own.system) / 1000 + [...seen.values()].reduce((a, b) => a + b, 0));
    }
  };
}

const time = async <T>(fn: () => T | Promise<T>): Promise<[T, number]> => {
  const t = performance.now();
  const value = await fn();
  return [value, Math.round(performance.now() - t)];
};

if (!existsSync(join(dir, 'claims.csv'))) {
  say(`generating 20,000 claims with 50 planted rings → ${dir}`);
  await generate({ claims: 20_000, out: dir, seed: 42, rings: 50, ringShare: 0.1 });
}
const [validation, readMs] = await time(() => readBatch(dir));
const book = validation.book;
let run: RunDocument;
const runPath = join(dir, 'rings.json');
if (existsSync(runPath)) run = JSON.parse(readFileSync(runPath, 'utf8')) as RunDocument;
else {
  const result = detectRings(book, { seed: 42 });
  run = buildRun(
    result,
    {
      source: dir,
      claims: book.claims.length,
      parties: 0,
      vehicles: 0,
      providers: 0,
      watchlist: book.watchlist.length,
      rejectedClaims: 0,
      warnings: 0
    },
    new Date(),
    new Date()
  );
  writeFileSync(runPath, JSON.stringify(run));
}
const rings = run.rings.slice(0, ringCount);
const claims = rings.reduce((s, r) => s + r.claims.length, 0);
const members = rings.reduce((s, r) => s + r.members.length, 0);
say(
  `batch: ${book.claims.length} claims read in ${readMs} ms; operation: ${rings.length} rings, ${claims} claims, ${members} members`
);

const request = {
  operation: { name: '基准行动', caseReference: 'BENCH-2026-001', rings: rings.map((r) => r.id), onlyListed: true },
  run,
  book,
  viewer: { actor: 'bench', role: 'police' as const },
  maxRings: Math.max(200, ringCount)
};

// End to end, as the CLI and the API call it: a browser launched and closed inside.
const load = loadavg()[0]!;
const meter = cpuMeter();
const [report, totalMs] = await time(() => generateReport(request));
const cpuTotalMs = meter.stop();
const pages = (report.files.pdf!.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
say(
  `end to end: ${(totalMs / 1000).toFixed(1)} s — ${pages} PDF pages, ${(report.files.pdf!.byteLength / 2 ** 20).toFixed(1)} MiB PDF, ` +
    `${(report.files.html!.length / 2 ** 20).toFixed(1)} MiB HTML (target < ${TARGET_MS / 1000} s: ${totalMs < TARGET_MS ? 'met' : 'MISSED'})`
);
say(
  `  CPU ${(cpuTotalMs / 1000).toFixed(1)} s (node + Chromium) on ${cpus().length} cores; 1-min load average ${load.toFixed(1)} when it started`
);

// Phase by phase.
const [model, assembleMs] = await time(() => assembleReport(request));
const [digest, digestMs] = await time(() => sha256(canonicalJson(model)));
const [html, htmlMs] = await time(() => renderHtml(model, digest));
const [, csvMs] = await time(() => renderCsv(model));
const [renderer, launchMs] = await time(() => PdfRenderer.launch());
const [, pdfMs] = await time(() => renderer.render(html));
await renderer.close();
const phases = {
  assemble: assembleMs,
  digest: digestMs,
  'html (incl. layouts)': htmlMs,
  csv: csvMs,
  'chromium launch': launchMs,
  'pdf print': pdfMs
};
for (const [name, ms] of Object.entries(phases)) say(`  ${name.padEnd(22)} ${String(ms).padStart(6)} ms`);

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const result = {
  machine,
  measuredAt: new Date().toISOString(),
  loadAverage: load,
  rings: rings.length,
  claims,
  members,
  totalMs,
  cpuTotalMs,
  targetMs: TARGET_MS,
  met: totalMs < TARGET_MS,
  pages,
  pdfBytes: report.files.pdf!.byteLength,
  htmlBytes: Buffer.byteLength(report.files.html!),
  phases,
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024)
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'report.json'), JSON.stringify(result, null, 2) + '\n');
process.stdout.write(JSON.stringify(result) + '\n');
