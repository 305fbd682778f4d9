/**
 * ringsight/bench/quality/worker
 * ==============================
 *
 * One world of the quality bench in its own process: generate the batch
 * unless a cached copy with the same stamp exists, read it the way the CLI
 * does (readValidatedBatch), load the embedded store, detect, evaluate
 * against truth.json, print one JSON line (a WorldResult) on stdout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readValidatedBatch } from '../../cli/batch.js';
import { createProgress } from '../../cli/progress.js';
import { generate } from '../../datasets/generator/index.js';
import { generateWorld } from '../../datasets/worlds/index.js';
import { detectRings, type DetectParams } from '../../engine/detect/index.js';
import { evaluate, type Truth } from '../../engine/evaluate.js';
import { modelParams, parseModel } from '../../engine/calibrate/model.js';
import { EmbeddedStore } from '../../store/embedded.js';
import type { QualityTask, WorldResult } from './types.js';

const root = resolve(import.meta.dirname, '../..');

/** A book from the blind generator (Python, standard library only). */
function generateBlind(t: QualityTask): void {
  const profile = t.profile.replace(/^blind-/, '');
  const args = ['datasets/independent/gen_book.py', '--claims', String(t.claims), '--seed', String(t.seed)];
  const run = spawnSync('python3', [...args, '--out', t.dir, '--profile', profile], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`ringsight/bench: blind book ${t.name} failed (exit ${run.status}): ${run.stderr || run.error}`);
}

const task = JSON.parse(process.argv[2] ?? 'null') as QualityTask | null;
if (!task) throw new Error('ringsight/bench: usage: quality worker TASK_JSON');

const t0 = performance.now();
const stampPath = join(task.dir, '.stamp');
let generated = false;
if (!existsSync(stampPath) || readFileSync(stampPath, 'utf8') !== task.stamp) {
  rmSync(task.dir, { recursive: true, force: true });
  if (task.group === 'classic') await generate({ claims: task.claims, out: task.dir, seed: task.seed });
  else if (task.group === 'blind') generateBlind(task);
  else generateWorld({ profile: task.profile, seed: task.seed, claims: task.claims, out: task.dir });
  writeFileSync(stampPath, task.stamp);
  generated = true;
}
const tGen = performance.now();

const validation = await readValidatedBatch(
  'bench:quality',
  task.dir,
  join(task.dir, 'rejects.csv'),
  false,
  createProgress({ quiet: true })
);
const store = new EmbeddedStore();
store.ingestSync(validation.book, { batchId: task.dir, loadedAt: '2026-01-01T00:00:00.000Z' });
const book = store.projectionSync();
const tRead = performance.now();

// A model file sets the weights exactly as `detect --model` does.
const params: Partial<DetectParams> = {
  ...task.params,
  ...(task.model ? modelParams(parseModel(JSON.parse(readFileSync(task.model, 'utf8')))) : {})
};
const result = detectRings(book, params);
const tDetect = performance.now();

interface TruthWithVariants {
  rings: Array<{ id: string; category: string; claims: string[]; variants?: string[] }>;
}
const truth = JSON.parse(readFileSync(join(task.dir, 'truth.json'), 'utf8')) as TruthWithVariants;
const ev = evaluate(truth as Truth, result.rings);
const missedByCategory: Record<string, number> = {};
const missedByVariant: Record<string, number> = {};
const plantedByVariant: Record<string, number> = {};
const variantsOf = new Map(truth.rings.map((r) => [r.id, r.variants ?? []]));
for (const r of truth.rings) for (const v of r.variants ?? []) plantedByVariant[v] = (plantedByVariant[v] ?? 0) + 1;
for (const m of ev.missed) {
  missedByCategory[m.category] = (missedByCategory[m.category] ?? 0) + 1;
  for (const v of variantsOf.get(m.id) ?? []) missedByVariant[v] = (missedByVariant[v] ?? 0) + 1;
}

const out: WorldResult = {
  name: task.name,
  group: task.group,
  profile: task.profile,
  seed: task.seed,
  claims: book.claims.length,
  warnings: validation.warnings,
  planted: ev.planted,
  found: ev.found,
  flagged: ev.flagged,
  real: ev.real,
  ringRecall: ev.ringRecall,
  flagPrecision: ev.flagPrecision,
  claimPrecision: ev.claimPrecision,
  claimRecall: ev.claimRecall,
  byCategory: ev.byCategory,
  missedByCategory,
  missedByVariant,
  plantedByVariant,
  generated,
  ms: { generate: Math.round(tGen - t0), read: Math.round(tRead - tGen), detect: Math.round(tDetect - tRead) }
};
process.stdout.write(JSON.stringify(out) + '\n');
