// readBatch looks for NUL bytes by scanning each chunk's bytes, and only then field by field: a NUL
// in any file is still an error with its file, line and column, and clean files cost no per-field check.
import { describe, expect, it } from 'vitest';
import { readBatch } from '../../ingest/read-batch.js';
import { sampleFiles } from '../api/helpers.js';
import { writeBatch } from '../helpers/batch.js';

describe('readBatch: NUL bytes in files', () => {
  it('finds a NUL in any file, after clean files, with its location; a clean batch passes', async () => {
    expect((await readBatch(writeBatch(sampleFiles()))).ok).toBe(true);
    for (const file of ['claims.csv', 'parties.csv', 'providers.csv'] as const) {
      const files = sampleFiles();
      const lines = files[file]!.split('\n');
      lines[2] = lines[2]!.replace(',', ',\u0000');
      files[file] = lines.join('\n');
      const result = await readBatch(writeBatch(files), { allowPartial: true });
      const p = result.problems.find((x) => x.code === 'bad_character');
      expect(p, file).toMatchObject({ severity: 'error', file, line: 3 });
      expect(p!.column).toBeGreaterThan(1);
      expect(p!.message).toContain('NUL');
    }
  });
});
