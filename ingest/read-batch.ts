/**
 * ringsight/ingest/read-batch
 * ===========================
 *
 * Reads a batch directory (claims.csv and the optional files of the input
 * contract), streaming every row through the validator, and returns the
 * validation result: the normalised book plus every problem found.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BatchValidator, type ValidateOptions, type ValidationResult } from '../engine/validate/batch.js';
import { VALIDATION_ORDER, type BatchFile } from '../engine/validate/schema.js';
import { CsvError, parseCsvText, readCsv } from './csv.js';
import { EXIT, RingsightError } from '../engine/errors.js';

export class BatchReadError extends RingsightError {
  constructor(message: string) {
    super('bad_input', `ringsight/read-batch: ${message}`, EXIT.usage);
  }
}

export interface ReadBatchOptions extends Partial<ValidateOptions> {
  onFile?: (file: BatchFile, rows: number) => void;
  /** Progress within the file being read: bytes read and its size. */
  onBytes?: (file: BatchFile, bytes: number, size: number) => void;
}

export async function readBatch(dir: string, options: ReadBatchOptions = {}): Promise<ValidationResult> {
  if (!existsSync(dir)) throw new BatchReadError(`input directory "${dir}" does not exist`);
  if (!statSync(dir).isDirectory()) throw new BatchReadError(`input "${dir}" is not a directory`);
  // Files are read through a UTF-8 decoder: no lone surrogates can come out of it.
  const validator = new BatchValidator({ ...options, decodedText: true });
  for (const file of VALIDATION_ORDER) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      validator.missingFile(file);
      continue;
    }
    let rows = 0;
    const size = statSync(path).size;
    validator.mayHoldNul(false);
    try {
      await readCsv(
        path,
        (header) => {
          const cursor = validator.file(file, header);
          return cursor
            ? (fields, line) => {
                rows++;
                cursor.row(fields, line);
              }
            : null;
        },
        {
          name: file,
          onBytes: (bytes) => options.onBytes?.(file, bytes, size),
          // Once a NUL byte has been read, every later row of the file is looked at field by field.
          onChunk: (chunk) => {
            if (chunk.includes(0)) validator.mayHoldNul(true);
          }
        }
      );
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      validator.fileProblem(file, 'unreadable_csv', err.message.replace(/^ringsight\/csv: \S+ /, ''), err.line);
    }
    options.onFile?.(file, rows);
  }
  return validator.result();
}

/**
 * Validates a batch held in memory (an API upload): file name → CSV text.
 * Unknown file names are refused, so a typo cannot silently drop a file.
 */
export function readBatchFromTexts(
  files: Record<string, string>,
  options: Partial<ValidateOptions> = {}
): ValidationResult {
  const validator = new BatchValidator(options);
  for (const name of Object.keys(files)) {
    if (!(VALIDATION_ORDER as readonly string[]).includes(name)) {
      validator.fileProblem(
        name,
        'unknown_file',
        `"${name}" is not a batch file; expected ${VALIDATION_ORDER.join(', ')}`
      );
    }
  }
  for (const file of VALIDATION_ORDER) {
    const text = files[file];
    if (text === undefined) {
      validator.missingFile(file);
      continue;
    }
    try {
      parseCsvText(
        text,
        (header) => {
          const cursor = validator.file(file, header);
          return cursor ? (fields, line) => cursor.row(fields, line) : null;
        },
        file
      );
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      validator.fileProblem(file, 'unreadable_csv', err.message.replace(/^ringsight\/csv: \S+ /, ''), err.line);
    }
  }
  return validator.result();
}
