/**
 * ringsight/bench/detect.bench
 * ============================
 *
 * `npm run bench`: detect at 10k, 100k and 1M generated claims — wall time per
 * stage and peak RSS, each size in a fresh process — and the detection
 * quality at each size. Batches are generated once into .bench/ (seed 42) and
 * reused. Results go to bench/results/detect.json and the detect table of
 * BENCHMARKS.md. `BENCH_SIZES=10000,100000` limits the sizes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { generate } from '../datasets/generator/index.js';
import { evaluate } from '../engine/evaluate.js';

const root = resolve(import.meta.dirname, '..');
const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const work = join(root, '.bench');
mkdirSync(work, { recursive: true });
mkdirSync(join(root, 'bench/results'), { recursive: true });

interface Row {
  claims: number;
  links: number;
  totalMs: number;
  stages: Record<string, number>;
  peakRssMb: number;
  stats: Record<string, number>;
  quality: { ringRecall: number; flagPrecision: number; claimPrecision: number; claimRecall: number };
}

const rows: Row[] = [];
for (const size of sizes) {
  const dir = join(work, `batch-${size}`);
  if (!existsSync(join(dir, 'truth.json'))) {
    process.stderr.write(`[bench] generating ${size} claims → ${dir}\n`);
    await generate({ claims: size, out: dir, seed: 42 });
  }
  process.stderr.write(`[bench] detect ${size} claims\n`);
  const out = join(work, `rings-${size}.json`);
  const line = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/detect-worker.ts'), dir, out], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=8192 --max-semi-space-size=128' }
  });
  const measured = JSON.parse(line.trim().split('\n').pop()!);
  const quality = evaluate(
    JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')),
    JSON.parse(readFileSync(out, 'utf8')).rings
  );
  rows.push({
    ...measured,
    quality: {
      ringRecall: quality.ringRecall,
      flagPrecision: quality.flagPrecision,
      claimPrecision: quality.claimPrecision,
      claimRecall: quality.claimRecall
    }
  });
  process.stderr.write(
    `[bench] ${size}: ${(measured.totalMs / 1000).toFixed(1)} s, peak RSS ${measured.peakRssMb} MB, ` +
      `recall ${quality.ringRecall}, precision ${quality.flagPrecision}\n`
  );
}

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
writeFileSync(
  join(root, 'bench/results/detect.json'),
  JSON.stringify({ machine, measuredAt: new Date().toISOString(), rows }, null, 2) + '\n'
);

const s = (ms: number | undefined): string => (ms === undefined ? '–' : (ms / 1000).toFixed(2));
const table = [
  `Machine: ${machine}. Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\`.`,
  '',
  '| claims | links | parse+validate s | store s | index s | graph s | communities s | scoring s | centrality s | total s | peak RSS MB | ring recall | flag precision |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.claims.toLocaleString('en-US')} | ${r.links.toLocaleString('en-US')} | ${s(r.stages['parse+validate'])} | ${s(r.stages['store+projection'])} | ` +
      `${s(r.stages.index)} | ${s(r.stages.graph)} | ${s(r.stages.communities)} | ${s(r.stages.scoring)} | ${s(r.stages.centrality)} | ` +
      `${s(r.totalMs)} | ${r.peakRssMb} | ${(r.quality.ringRecall * 100).toFixed(1)}% | ${(r.quality.flagPrecision * 100).toFixed(1)}% |`
  ),
  '',
  'Community graph (claims joined by non-hub shared identities; components over 40 claims go through Louvain):',
  '',
  '| claims | graph nodes | graph edges | hubs excluded | Louvain communities | candidates | rings reported | flagged |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.claims.toLocaleString('en-US')} | ${r.stats.graphNodes} | ${r.stats.graphEdges} | ${r.stats.hubs} | ${r.stats.communities} | ${r.stats.candidates} | ${r.stats.rings} | ${r.stats.flagged} |`
  )
].join('\n');

const mdPath = join(root, 'BENCHMARKS.md');
const begin = '<!-- detect:begin -->';
const end = '<!-- detect:end -->';
let md = existsSync(mdPath)
  ? readFileSync(mdPath, 'utf8')
  : '# Benchmarks\n\n## detect (embedded store)\n\n' + begin + '\n' + end + '\n';
if (!md.includes(begin)) md += `\n## detect (embedded store)\n\n${begin}\n${end}\n`;
md = md.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${table}\n${end}`);
writeFileSync(mdPath, md);
process.stderr.write(`[bench] wrote BENCHMARKS.md and bench/results/detect.json\n`);
