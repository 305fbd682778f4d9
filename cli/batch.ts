/**
 * ringsight/cli/batch
 * ===================
 *
 * Reads and validates a batch directory the way every command does — progress
 * on stderr, the first problems printed, all of them written to a rejects
 * file — so `detect`, `ingest` and the rest answer bad input identically.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidationResult } from '../engine/validate/batch.js';
import { VALIDATION_ORDER } from '../engine/validate/schema.js';
import { formatProblem, problemsToCsv } from '../engine/validate/problems.js';
import { readBatch } from '../ingest/read-batch.js';
import { CliError } from './args.js';
import { writeFileAtomic } from './output.js';
import { formatCount, type Progress } from './progress.js';

const SHOWN_PROBLEMS = 20;

/**
 * Reads and validates a batch the way every command does: problems to stderr (first 20) and, when
 * there are errors, all of them to `problemsPath`; a batch that may not be loaded is a CliError.
 */
export async function readValidatedBatch(
  command: string,
  input: string,
  problemsPath: string,
  allowPartial: boolean,
  progress: Progress
): Promise<ValidationResult> {
  const t0 = performance.now();
  const validation = await readBatch(input, {
    allowPartial,
    onBytes: (file, bytes, size) => progress.bar(`reading ${file}`, bytes, size),
    onFile: (file, rows) => progress.stage('parse', `${file}: ${formatCount(rows)} rows`)
  });
  progress.stage(
    'validate',
    `${formatCount(validation.errors)} errors, ${formatCount(validation.warnings)} warnings, ` +
      `${formatCount(validation.rejectedClaims.length)} claims rejected`,
    performance.now() - t0
  );
  if (validation.problems.length > 0 && validation.errors > 0)
    writeFileAtomic(problemsPath, problemsToCsv(validation.problems));
  if (!validation.ok) {
    progress.done();
    const errors = validation.problems.filter((p) => p.severity === 'error');
    for (const p of errors.slice(0, SHOWN_PROBLEMS)) process.stderr.write(formatProblem(p) + '\n');
    if (validation.errors > SHOWN_PROBLEMS)
      process.stderr.write(`… and ${formatCount(validation.errors - SHOWN_PROBLEMS)} more errors\n`);
    throw new CliError(
      `ringsight ${command}: ${input} has ${formatCount(validation.errors)} errors; nothing was loaded. ` +
        `All problems: ${problemsPath}. Use --allow-partial to load the valid claims and reject the rest.`
    );
  }
  if (validation.errors > 0)
    progress.stage(
      'rejects',
      `${formatCount(validation.rejectedClaims.length)} claims rejected; problems written to ${problemsPath}`
    );
  return validation;
}

/** SHA-256 (hex) over the batch files as read, each preceded by its name: the same files, the same digest. */
export async function batchFilesDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of VALIDATION_ORDER) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    hash.update(`${file}\n`);
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
