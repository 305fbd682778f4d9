import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../ingest/csv.js';
import { writeBatch } from '../helpers/batch.js';

async function parse(text: string, chunkSize = 7): Promise<Array<[number, string[]]>> {
  const dir = writeBatch({});
  const path = join(dir, 'x.csv');
  writeFileSync(path, text);
  const rows: Array<[number, string[]]> = [];
  await readCsv(
    path,
    (header) => {
      rows.push([1, header]);
      return (fields, line) => rows.push([line, fields]);
    },
    { chunkSize }
  );
  return rows;
}

describe('csv reader', () => {
  it('handles quotes, embedded commas, newlines and CRLF across chunk boundaries', async () => {
    const rows = await parse('a,b,c\r\n1,"x, y",3\r\n2,"line\nbreak","say ""hi"""\r\n\r\n4,,\r\n');
    expect(rows).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1', 'x, y', '3']],
      [3, ['2', 'line\nbreak', 'say "hi"']],
      [6, ['4', '', '']]
    ]);
  });
  it('strips a BOM and reads a last line without a newline', async () => {
    expect(await parse('\uFEFFa,b\n1,2', 3)).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']]
    ]);
  });
  it('reports an unclosed quote with its line', async () => {
    await expect(parse('a,b\n1,"open\n2,3\n')).rejects.toThrow(/x\.csv:2:2 quoted field is never closed/);
  });
});
