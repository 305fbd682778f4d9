/**
 * ringsight/bench/quality.bench
 * =============================
 *
 * `npm run bench:quality`: detection quality across independently generated
 * claims worlds (datasets/worlds) — randomised worlds over the tuning
 * profiles, the held-out profiles, and the project's own generator as the
 * 'classic' group, and books from datasets/independent (written without
 * reading the detector) as the 'blind' group. Per world: ring recall, flag precision, flagged count,
 * claim precision/recall, missed rings by category; per group: median and
 * worst. Writes bench/results/quality.json and prints a markdown table.
 *
 * Env: QUALITY_WORLDS (tuning worlds, 20), QUALITY_CLAIMS (25000),
 * QUALITY_ONLY=tuning|heldout|classic|blind, QUALITY_BLIND_SEEDS (3,4), QUALITY_PARAMS (JSON merged into the
 * detect params), QUALITY_MODEL (model JSON path → params.model),
 * QUALITY_WORKERS (2), QUALITY_OUT (results file, bench/results/quality.json).
 * The model JSON is read and passed as the parsed object in params.model.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { markdown, runQuality, type QualityGroup, type QualityOptions } from './quality/run.js';

const root = resolve(import.meta.dirname, '..');
const env = process.env;
const options: Partial<QualityOptions> = {};
if (env.QUALITY_WORLDS) options.worlds = Number(env.QUALITY_WORLDS);
if (env.QUALITY_CLAIMS) options.claims = Number(env.QUALITY_CLAIMS);
if (env.QUALITY_WORKERS) options.workers = Number(env.QUALITY_WORKERS);
if (env.QUALITY_ONLY) {
  if (!['tuning', 'heldout', 'classic', 'blind'].includes(env.QUALITY_ONLY))
    throw new Error(
      `ringsight/bench: QUALITY_ONLY must be tuning, heldout, classic or blind, got "${env.QUALITY_ONLY}"`
    );
  options.only = env.QUALITY_ONLY as QualityGroup;
}
if (env.QUALITY_PARAMS) {
  try {
    options.params = JSON.parse(env.QUALITY_PARAMS) as Record<string, unknown>;
  } catch {
    throw new Error(`ringsight/bench: QUALITY_PARAMS is not JSON: ${env.QUALITY_PARAMS}`);
  }
}
if (env.QUALITY_BLIND_SEEDS) options.blindSeeds = env.QUALITY_BLIND_SEEDS.split(',').map(Number);
if (env.QUALITY_MODEL) options.model = env.QUALITY_MODEL;

const report = await runQuality({
  ...options,
  onResult: (r, done, total) =>
    process.stderr.write(
      `[${done}/${total}] ${r.group} ${r.name}: recall ${(r.ringRecall * 100).toFixed(1)}%, precision ${(r.flagPrecision * 100).toFixed(1)}% ` +
        `(${r.found}/${r.planted} found, ${r.flagged} flagged; gen ${r.ms.generate} ms, read ${r.ms.read} ms, detect ${r.ms.detect} ms)\n`
    )
});
const outFile = resolve(env.QUALITY_OUT ?? join(root, 'bench/results/quality.json'));
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(report, null, 1) + '\n');
process.stdout.write(markdown(report) + `\n\nwall time ${(report.wallMs / 1000).toFixed(1)} s\n`);
