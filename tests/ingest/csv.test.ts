import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../ingest/csv.js';
import { writeBatch } from '../helpers/batch.js';

async function parse(text: string, chunkSize?: number): Promise<Array<[number, string[]]>> {
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
    chunkSize === undefined ? {} : { chunkSize }
  );
  return rows;
}

describe('csv reader', () => {
  it('handles quotes, embedded commas, newlines and CRLF across chunk boundaries', async () => {
    const rows = await parse('a,b,c\r\n1,"x, y",3\r\n2,"line\nbreak","say ""hi"""\r\n\r\n4,,\r\n', 7);
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
    await expect(parse('a,b\n1,"open\n2,3\n', 7)).rejects.toThrow(/x\.csv:2:2 quoted field is never closed/);
  });
  it('reads a file of many default-size chunks, split inside characters and quoted fields, row for row', async () => {
    const lines = ['claim_id,name,note'];
    for (let i = 0; i < 40_000; i++) lines.push(`C${String(i).padStart(8, '0')},张${i}伟,"备注, 第${i}行"`);
    const rows = await parse(lines.join('\n') + '\n');
    expect(rows).toHaveLength(40_001);
    expect(rows[12_345]).toEqual([12_346, ['C00012344', '张12344伟', '备注, 第12344行']]);
    expect(rows.at(-1)).toEqual([40_001, ['C00039999', '张39999伟', '备注, 第39999行']]);
  });
  it('keeps no text outside the JS heap for the rows it hands out', async () => {
    // Fields cut from a decoded chunk keep the chunk alive; a chunk decoded into more than about a
    // million characters is an external string, and external memory makes V8 collect the whole heap
    // again and again while a big file is read. Kept rows must not hold such chunks.
    const lines = ['claim_id,insurer,policy_no'];
    for (let i = 0; i < 200_000; i++)
      lines.push(`CLAIM-${String(i).padStart(10, '0')},PICC,POLICY-${i}-${'9'.repeat(12)}`);
    const before = process.memoryUsage().external;
    const rows = await parse(lines.join('\n') + '\n');
    const grown = process.memoryUsage().external - before;
    expect(rows).toHaveLength(200_001);
    expect(grown).toBeLessThan(2_000_000);
  });
});
