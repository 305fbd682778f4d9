/**
 * ringsight/reports/write
 * =======================
 *
 * Writes a generated report to a directory of its own, whole or not at all:
 * the files go to a temporary sibling directory, are synced, and the
 * directory is renamed into place. An existing non-empty directory is never
 * overwritten — a report handed to investigators is evidence.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ReportError } from './errors.js';
import { reportFiles, type GeneratedReport } from './files.js';

function writeSynced(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let off = 0;
    while (off < data.byteLength) off += writeSync(fd, data, off, data.byteLength - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes every file of the report into `dir` (created); returns the paths written. */
export function writeReport(dir: string, report: GeneratedReport): string[] {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new ReportError(
      'bad_request',
      `${target} already holds files; reports are never overwritten — choose another directory`
    );
  }
  mkdirSync(dirname(target), { recursive: true });
  const staging = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  try {
    for (const [name, content] of reportFiles(report.files)) {
      writeSynced(join(staging, name), content);
      written.push(join(target, name));
    }
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(staging, target);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return written;
}
