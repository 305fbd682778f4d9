/**
 * ringsight/bench/quality/run
 * ===========================
 *
 * The world-variation quality bench as a function: `runQuality(options)`
 * plans the worlds (randomised tuning worlds, held-out worlds, the project's
 * classic generator), runs each in a worker process (two at a time by
 * default), and returns per-world results with a median/worst summary per
 * group. Batches are cached under .bench/worlds/<profile>-<seed>/ and
 * regenerated when the generator's source changes.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { HELD_OUT_PROFILES, TUNING_PROFILES } from '../../datasets/worlds/index.js';
import type { GroupSummary, QualityGroup, QualityTask, WorldResult } from './types.js';

export type { GroupSummary, QualityGroup, QualityTask, WorldResult } from './types.js';

export interface QualityOptions {
  /** randomised tuning worlds (cycled over the tuning profiles) */
  worlds: number;
  /** claims per world */
  claims: number;
  /** seeds per held-out profile */
  heldOutSeeds: number;
  /** claims per classic book (datasets/generator) */
  classicClaims: number;
  classicSeeds: number[];
  /** claims per blind book (datasets/independent, written without reading the detector) */
  blindClaims: number;
  /** seeds per blind profile; 1 and 2 were looked at while scoring changed, 3 and 4 never */
  blindSeeds: number[];
  /** run only one group */
  only: QualityGroup | null;
  /** merged into the detect params */
  params: Record<string, unknown>;
  /** path of a model JSON, passed to detection as params.model */
  model: string | null;
  /** parallel worker processes */
  workers: number;
  /** cache directory */
  cacheDir: string;
  /** per-world timeout */
  timeoutMs: number;
  onResult?: (r: WorldResult, done: number, total: number) => void;
}

const root = resolve(import.meta.dirname, '../..');
/** Profiles of the blind book (datasets/independent/gen_book.py). */
const BLIND_PROFILES = ['default', 'metro', 'careful', 'rural'] as const;

export const DEFAULTS: QualityOptions = {
  worlds: 20,
  claims: 25_000,
  heldOutSeeds: 2,
  classicClaims: 30_000,
  classicSeeds: [3001, 3002],
  blindClaims: 30_000,
  blindSeeds: [3, 4],
  only: null,
  params: {},
  model: null,
  workers: Math.max(1, Math.min(2, cpus().length)),
  cacheDir: join(root, '.bench/worlds'),
  timeoutMs: 180_000
};

/** Seed of the i-th randomised tuning world: fixed, so the same N always means the same worlds. */
export function tuningSeed(i: number): number {
  return 101 + i * 7;
}

function sourceHash(dir: string, ext = '.ts'): string {
  const h = createHash('sha256');
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith(ext))
    .sort())
    h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 16);
}

export function planTasks(o: QualityOptions): QualityTask[] {
  const tasks: QualityTask[] = [];
  const worldsHash = sourceHash(join(root, 'datasets/worlds'));
  const base = { params: o.params, ...(o.model ? { model: resolve(o.model) } : {}) };
  const dirOf = (profile: string, seed: number, claims: number, dflt: number): string =>
    join(o.cacheDir, claims === dflt ? `${profile}-${seed}` : `${profile}-${seed}-${claims}`);
  if (!o.only || o.only === 'tuning') {
    for (let i = 0; i < o.worlds; i++) {
      const profile = TUNING_PROFILES[i % TUNING_PROFILES.length]!;
      const seed = tuningSeed(i);
      tasks.push({
        name: `${profile}#${seed}`,
        group: 'tuning',
        profile,
        seed,
        claims: o.claims,
        dir: dirOf(profile, seed, o.claims, 25_000),
        stamp: `worlds:${worldsHash}:${o.claims}`,
        ...base
      });
    }
  }
  if (!o.only || o.only === 'heldout') {
    for (const profile of HELD_OUT_PROFILES) {
      for (let s = 0; s < o.heldOutSeeds; s++) {
        const seed = 9001 + s;
        tasks.push({
          name: `${profile}#${seed}`,
          group: 'heldout',
          profile,
          seed,
          claims: o.claims,
          dir: dirOf(profile, seed, o.claims, 25_000),
          stamp: `worlds:${worldsHash}:${o.claims}`,
          ...base
        });
      }
    }
  }
  if (!o.only || o.only === 'classic') {
    const classicHash = sourceHash(join(root, 'datasets/generator'));
    for (const seed of o.classicSeeds) {
      tasks.push({
        name: `classic#${seed}`,
        group: 'classic',
        profile: 'classic',
        seed,
        claims: o.classicClaims,
        dir: dirOf('classic', seed, o.classicClaims, 30_000),
        stamp: `classic:${classicHash}:${o.classicClaims}`,
        ...base
      });
    }
  }
  if (!o.only || o.only === 'blind') {
    const blindHash = sourceHash(join(root, 'datasets/independent'), '.py');
    for (const profile of BLIND_PROFILES) {
      for (const seed of o.blindSeeds) {
        tasks.push({
          name: `blind-${profile}#${seed}`,
          group: 'blind',
          profile: `blind-${profile}`,
          seed,
          claims: o.blindClaims,
          dir: dirOf(`blind-${profile}`, seed, o.blindClaims, 30_000),
          stamp: `blind:${blindHash}:${o.blindClaims}`,
          ...base
        });
      }
    }
  }
  return tasks;
}

function runTask(task: QualityTask, timeoutMs: number): Promise<WorldResult> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=4096', '--import', 'tsx', join(root, 'bench/quality/worker.ts'), JSON.stringify(task)],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{'))
        fail(
          new Error(
            `ringsight/bench: quality world ${task.name} failed (exit ${code}): ${err.trim().split('\n').slice(-5).join(' | ')}`
          )
        );
      else done(JSON.parse(last) as WorldResult);
    });
  });
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

export function summarise(results: WorldResult[]): GroupSummary {
  const cat: Record<string, { planted: number; found: number }> = {};
  const variant: Record<string, { planted: number; missed: number }> = {};
  for (const r of results) {
    for (const [c, v] of Object.entries(r.byCategory)) {
      const e = (cat[c] ??= { planted: 0, found: 0 });
      e.planted += v.planted;
      e.found += v.found;
    }
    for (const [k, n] of Object.entries(r.plantedByVariant)) {
      const e = (variant[k] ??= { planted: 0, missed: 0 });
      e.planted += n;
      e.missed += r.missedByVariant[k] ?? 0;
    }
  }
  const rr = results.map((r) => r.ringRecall);
  const fp = results.map((r) => r.flagPrecision);
  return {
    worlds: results.length,
    ringRecall: {
      median: r4(median(rr)),
      worst: r4(Math.min(...rr)),
      mean: r4(rr.reduce((a, b) => a + b, 0) / rr.length)
    },
    flagPrecision: {
      median: r4(median(fp)),
      worst: r4(Math.min(...fp)),
      mean: r4(fp.reduce((a, b) => a + b, 0) / fp.length)
    },
    claimPrecision: { median: r4(median(results.map((r) => r.claimPrecision))) },
    claimRecall: { median: r4(median(results.map((r) => r.claimRecall))) },
    recallByCategory: Object.fromEntries(
      Object.entries(cat)
        .sort()
        .map(([c, v]) => [c, r4(v.found / v.planted)])
    ),
    recallByVariant: Object.fromEntries(
      Object.entries(variant)
        .sort()
        .map(([k, v]) => [k, r4(1 - v.missed / v.planted)])
    )
  };
}

export interface QualityReport {
  options: Omit<QualityOptions, 'onResult' | 'cacheDir'>;
  results: WorldResult[];
  summary: Partial<Record<QualityGroup, GroupSummary>>;
  /** the same summary per profile ('classic' for the project's generator) */
  byProfile: Record<string, GroupSummary>;
  wallMs: number;
}

export async function runQuality(options: Partial<QualityOptions> = {}): Promise<QualityReport> {
  const o: QualityOptions = { ...DEFAULTS, ...options };
  if (!Number.isInteger(o.worlds) || o.worlds < 0)
    throw new Error(`ringsight/bench: worlds must be a non-negative integer, got ${o.worlds}`);
  if (!Number.isInteger(o.claims) || o.claims < 500)
    throw new Error(`ringsight/bench: claims must be an integer ≥ 500, got ${o.claims}`);
  mkdirSync(o.cacheDir, { recursive: true });
  const t0 = performance.now();
  const tasks = planTasks(o);
  const results: WorldResult[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await runTask(tasks[i]!, o.timeoutMs);
      done++;
      o.onResult?.(results[i]!, done, tasks.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.workers, tasks.length) }, lane));
  const summary: QualityReport['summary'] = {};
  for (const g of ['tuning', 'heldout', 'classic', 'blind'] as const) {
    const rs = results.filter((r) => r.group === g);
    if (rs.length > 0) summary[g] = summarise(rs);
  }
  const byProfile: QualityReport['byProfile'] = {};
  for (const name of [...new Set(results.map((r) => r.profile))])
    byProfile[name] = summarise(results.filter((r) => r.profile === name));
  const { onResult: _onResult, cacheDir: _cacheDir, ...rest } = o;
  return { options: rest, results, summary, byProfile, wallMs: Math.round(performance.now() - t0) };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function markdown(report: QualityReport): string {
  const lines = [
    '| group | world | claims | planted | flagged | ring recall | flag precision | claim precision | claim recall | missed by category |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|'
  ];
  for (const r of report.results) {
    const missed =
      Object.entries(r.missedByCategory)
        .sort()
        .map(([c, n]) => `${c} ${n}`)
        .join(', ') || '—';
    lines.push(
      `| ${r.group} | ${r.name} | ${r.claims.toLocaleString('en-US')} | ${r.planted} | ${r.flagged} | ${pct(r.ringRecall)} | ${pct(r.flagPrecision)} | ${pct(r.claimPrecision)} | ${pct(r.claimRecall)} | ${missed} |`
    );
  }
  lines.push(
    '',
    '| group | worlds | ring recall median | ring recall worst | flag precision median | flag precision worst | claim precision median | claim recall median |',
    '|---|---:|---:|---:|---:|---:|---:|---:|'
  );
  for (const [g, s] of Object.entries(report.summary)) {
    lines.push(
      `| ${g} | ${s.worlds} | ${pct(s.ringRecall.median)} | ${pct(s.ringRecall.worst)} | ${pct(s.flagPrecision.median)} | ${pct(s.flagPrecision.worst)} | ${pct(s.claimPrecision.median)} | ${pct(s.claimRecall.median)} |`
    );
  }
  lines.push(
    '',
    '| profile | worlds | ring recall median | ring recall worst | flag precision median | flag precision worst |',
    '|---|---:|---:|---:|---:|---:|'
  );
  for (const [name, s] of Object.entries(report.byProfile)) {
    lines.push(
      `| ${name} | ${s.worlds} | ${pct(s.ringRecall.median)} | ${pct(s.ringRecall.worst)} | ${pct(s.flagPrecision.median)} | ${pct(s.flagPrecision.worst)} |`
    );
  }
  lines.push('', '| group | recall by category | recall by variant |', '|---|---|---|');
  for (const [g, s] of Object.entries(report.summary)) {
    const cats = Object.entries(s.recallByCategory)
      .map(([c, v]) => `${c} ${pct(v)}`)
      .join(', ');
    const vars = Object.entries(s.recallByVariant)
      .map(([c, v]) => `${c} ${pct(v)}`)
      .join(', ');
    lines.push(`| ${g} | ${cats} | ${vars || '—'} |`);
  }
  return lines.join('\n');
}
