// Issue 16 items 12 and 13: NUL bytes, lone surrogates and case-variant duplicate claim ids are not
// stored silently; a GBK file names itself and the line of its first bad byte; a 200,000-column
// header is one error. Through the API, both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { firstInvalidUtf8 } from '../../api/routes/batches.js';
import { as, makeApp, sampleFiles } from '../api/helpers.js';

interface Problem {
  severity: string;
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
  claim: string | null;
}

describe('security: hostile batch content', () => {
  let app: App;
  beforeAll(async () => {
    app = await makeApp();
  });
  afterAll(async () => {
    await app.close();
  });
  const upload = (files: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/batches', headers: as('analyst'), payload: { files } });

  it('a NUL byte or a lone surrogate is an error with its file, line and column', async () => {
    for (const [bad, what] of [
      ['PI\u0000CC', 'NUL'],
      ['PI\ud800CC', 'surrogate']
    ] as const) {
      const files = sampleFiles();
      files['claims.csv'] = files['claims.csv']!.replace('PICC', bad);
      const res = await upload(files);
      expect(res.statusCode, what).toBe(400);
      const problems = res.json().error.details.problems as Problem[];
      const p = problems.find((x) => x.code === 'bad_character')!;
      expect(p).toMatchObject({ severity: 'error', file: 'claims.csv', line: 2, claim: 'A1' });
      expect(p.column).toBeGreaterThan(0);
      expect(p.message).toContain(what === 'NUL' ? 'NUL' : 'surrogate');
    }
  });

  it('claim ids that differ only in letter case are warned about, with both lines', async () => {
    const files = sampleFiles();
    const lines = files['claims.csv']!.trimEnd().split('\n');
    lines.push(lines[1]!.replace(/^A1,/, 'a1,'));
    files['claims.csv'] = lines.join('\n') + '\n';
    const res = await upload(files);
    expect(res.statusCode, res.body).toBe(201);
    const w = (res.json().warnings as Problem[]).find((x) => x.code === 'claim_id_case_variant')!;
    expect(w).toMatchObject({ file: 'claims.csv', line: lines.length, claim: 'a1' });
    expect(w.message).toContain('"A1" (line 2)');
  });

  it('a 200,000-column header is one error, not a warning per column', async () => {
    const wide = Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(',');
    const res = await upload({ 'claims.csv': `${wide}\n` });
    expect(res.statusCode).toBe(400);
    const problems = res.json().error.details.problems as Problem[];
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'too_many_columns', file: 'claims.csv', line: 1 });
  });

  it('a GBK file names itself and the line of its first bad byte', async () => {
    const boundary = '----ringsight-gbk';
    const gbk = Buffer.from([0xd5, 0xc5, 0xce, 0xb0]); // 张伟 in GBK
    const text = sampleFiles()['parties.csv']!;
    const at = text.indexOf('张伟');
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="claims.csv"; filename="claims.csv"\r\nContent-Type: text/csv\r\n\r\n${sampleFiles()['claims.csv']}\r\n`
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="parties.csv"; filename="parties.csv"\r\nContent-Type: text/csv\r\n\r\n`
      ),
      Buffer.from(text.slice(0, at)),
      gbk,
      Buffer.from(text.slice(at + 2)),
      Buffer.from(`\r\n--${boundary}--\r\n`)
    ]);
    const res = await app.inject({
      method: 'POST',
      url: '/api/batches',
      payload: body,
      headers: as('analyst', { 'content-type': `multipart/form-data; boundary=${boundary}` })
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('not_utf8');
    expect(res.json().error.message).toMatch(
      /^parties\.csv is not valid UTF-8: the first bad byte \(0xD5\) is at line 2,/
    );
    expect(firstInvalidUtf8(Buffer.from('ok\n\xff', 'latin1'))).toBe(3);
    expect(firstInvalidUtf8(Buffer.from('张伟', 'utf8'))).toBe(6);
  });
});
