/**
 * Test helper for the report tests: a generated batch (planted rings, Chinese
 * names, watchlist), read and validated, detected once, plus small helpers to
 * read what a report wrote (CSV with BOM, pdftotext).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../../datasets/generator/index.js';
import { detectRings } from '../../engine/detect/index.js';
import type { ClaimsBook, Ring } from '../../engine/model.js';
import { buildRun, type RunDocument } from '../../engine/run.js';
import { readBatch } from '../../ingest/read-batch.js';

export interface Fixture {
  dir: string;
  book: ClaimsBook;
  run: RunDocument;
}

export async function batchFixture(options: { claims?: number; seed?: number } = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'ringsight-report-'));
  await generate({ claims: options.claims ?? 3000, out: dir, seed: options.seed ?? 7 });
  const validation = await readBatch(dir);
  if (!validation.ok) throw new Error(`fixture batch is invalid: ${validation.errors} errors`);
  const result = detectRings(validation.book, { seed: 42 });
  const run = buildRun(
    result,
    {
      source: dir,
      claims: validation.book.claims.length,
      parties: 0,
      vehicles: 0,
      providers: 0,
      watchlist: validation.book.watchlist.length,
      rejectedClaims: 0,
      warnings: 0
    },
    new Date('2026-03-01T02:00:00Z'),
    new Date('2026-03-01T02:00:05Z')
  );
  writeFileSync(join(dir, 'rings.json'), JSON.stringify(run));
  return { dir, book: validation.book, run };
}

/** Raw personal keys (IDs, phones, bank accounts) and full person names of the given rings' members. */
export function personalData(book: ClaimsBook, rings: readonly Ring[]): { keys: Set<string>; names: Set<string> } {
  const keys = new Set<string>();
  const people = new Set<string>();
  for (const r of rings) {
    for (const m of r.members) {
      if (m.type === 'person' || m.type === 'phone' || m.type === 'bank_account') keys.add(m.key);
      if (m.type === 'person') people.add(m.key);
    }
  }
  const names = new Set<string>();
  for (const e of book.entities) if (e.type === 'person' && e.name && people.has(e.key)) names.add(e.name);
  return { keys, names };
}

/** RFC 4180 rows of a CSV text (BOM stripped); cells keep their exact content. */
export function parseCsv(text: string): string[][] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** CSV rows as objects keyed by the header. */
export function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

export function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, maxBuffer: 1 << 28 }).toString('utf8');
}
