import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands.js';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../bin/ringsight.mjs');

async function ringsight(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('ringsight CLI end to end', () => {
  const work = mkdtempSync(join(tmpdir(), 'ringsight-cli-'));
  const batch = join(work, 'batch');

  beforeAll(async () => {
    const gen = await ringsight('generate', '--claims', '4000', '--out', batch, '--seed', '11');
    expect(gen.code, gen.stderr).toBe(0);
  });

  it('generate writes the batch files and truth.json', () => {
    for (const f of ['claims.csv', 'parties.csv', 'vehicles.csv', 'providers.csv', 'watchlist.csv', 'truth.json']) {
      expect(existsSync(join(batch, f)), f).toBe(true);
    }
    const truth = JSON.parse(readFileSync(join(batch, 'truth.json'), 'utf8'));
    expect(truth.rings.length).toBeGreaterThan(0);
  });

  it('detect writes the run document, sorted by score, and reports stages on stderr', async () => {
    const out = join(work, 'rings.json');
    const res = await ringsight('detect', '--input', batch, '--out', out);
    expect(res.code, res.stderr).toBe(0);
    for (const stage of [
      '[parse]',
      '[validate]',
      '[store]',
      '[index]',
      '[graph]',
      '[communities]',
      '[scoring]',
      '[centrality]',
      '[done]'
    ]) {
      expect(res.stderr).toContain(stage);
    }
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(doc.run).toMatchObject({
      id: expect.any(String),
      startedAt: expect.any(String),
      input: { claims: 4000 },
      params: { seed: 42 }
    });
    expect(doc.rings.length).toBeGreaterThan(0);
    const ring = doc.rings[0];
    for (const field of [
      'id',
      'score',
      'flagged',
      'category',
      'claims',
      'members',
      'regions',
      'insurers',
      'amounts',
      'evidence'
    ])
      expect(ring).toHaveProperty(field);
    expect(ring.members[0]).toMatchObject({
      type: expect.any(String),
      key: expect.any(String),
      roles: expect.any(Array),
      centrality: expect.any(Object)
    });
    expect(ring.evidence[0]).toMatchObject({
      signal: expect.any(String),
      value: expect.any(Number),
      contribution: expect.any(Number),
      detail: expect.any(String)
    });
    const scores = doc.rings.map((r: { score: number }) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('detect is deterministic: same input and seed give byte-identical rings', async () => {
    const a = join(work, 'a.json');
    const b = join(work, 'b.json');
    expect((await ringsight('detect', '--input', batch, '--out', a, '--seed', '5', '--quiet')).code).toBe(0);
    expect((await ringsight('detect', '--input', batch, '--out', b, '--seed', '5', '--quiet')).code).toBe(0);
    const rings = (p: string): string => JSON.stringify(JSON.parse(readFileSync(p, 'utf8')).rings);
    expect(rings(a)).toBe(rings(b));
  });

  it('evaluate prints ring recall, flag precision and claim precision/recall', async () => {
    const out = join(work, 'rings.json');
    if (!existsSync(out)) await ringsight('detect', '--input', batch, '--out', out, '--quiet');
    const res = await ringsight('evaluate', '--truth', join(batch, 'truth.json'), '--rings', out);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/ring recall\s+\d+\.\d%/);
    expect(res.stdout).toMatch(/flag precision\s+\d+\.\d%/);
    expect(res.stdout).toMatch(/claim precision\s+\d+\.\d%/);
    expect(res.stdout).toMatch(/claim recall\s+\d+\.\d%/);
    const json = await ringsight('evaluate', '--truth', join(batch, 'truth.json'), '--rings', out, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({
      ringRecall: expect.any(Number),
      flagPrecision: expect.any(Number)
    });
  });

  it('bad input: exits 2, names file:line:column and why, and writes no rings', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'ringsight-bad-'));
    writeFileSync(
      join(bad, 'claims.csv'),
      'claim_id,insurer,product,region_code,accident_date,claimed_amount\nC1,PICC,auto,360102,2024-13-01,100\nC2,PICC,auto,360102,2024-01-01,-5\n'
    );
    const out = join(bad, 'rings.json');
    const res = await ringsight('detect', '--input', bad, '--out', out);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('claims.csv:2:5 error accident_date');
    expect(res.stderr).toContain('claims.csv:3:6 error claimed_amount');
    expect(res.stderr).toMatch(/2 errors; nothing was loaded/);
    expect(existsSync(out)).toBe(false);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('--allow-partial loads the valid claims and writes the rejects file', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'ringsight-partial-'));
    writeFileSync(
      join(bad, 'claims.csv'),
      'claim_id,insurer,product,region_code,accident_date,claimed_amount\nC1,PICC,auto,360102,2024-01-01,100\nC2,PICC,auto,360102,2024-01-01,-5\n'
    );
    const out = join(bad, 'rings.json');
    const rejects = join(bad, 'rejects.csv');
    const res = await ringsight('detect', '--input', bad, '--out', out, '--allow-partial', '--rejects', rejects);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).run.input).toMatchObject({ claims: 1, rejectedClaims: 1 });
    expect(readFileSync(rejects, 'utf8')).toContain('error,claims.csv,3,6,claimed_amount,invalid_claimed_amount,C2');
  });

  it('calibrate fits a model from truth.json; detect --model scores with it and records it; a bad model is one clear line', async () => {
    const model = join(work, 'model.json');
    const fit = await ringsight(
      'calibrate',
      '--input',
      batch,
      '--truth',
      join(batch, 'truth.json'),
      '--out',
      model,
      '--quiet'
    );
    expect(fit.code, fit.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(model, 'utf8'));
    expect(doc).toMatchObject({
      format: 'ringsight-model',
      version: 1,
      id: expect.stringMatching(/^M[0-9a-f]{8}$/),
      trainedOn: { books: 1 }
    });
    expect(doc.trainedOn.positives).toBeGreaterThan(0);
    const out = join(work, 'rings-model.json');
    const res = await ringsight('detect', '--input', batch, '--out', out, '--model', model, '--quiet');
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).run.params.model).toEqual({ id: doc.id, version: 1 });

    const bad = join(work, 'bad-model.json');
    writeFileSync(bad, JSON.stringify({ ...doc, id: undefined, weights: { ...doc.weights, role_switching: -5 } }));
    const refused = await ringsight('detect', '--input', batch, '--out', join(work, 'never.json'), '--model', bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('weights.role_switching must be ≥ 0');
    expect(refused.stderr).toContain(bad);
    expect(existsSync(join(work, 'never.json'))).toBe(false);
  });

  it('usage errors are one clear line', async () => {
    const res = await ringsight('detect');
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe('ringsight detect: --input is required');
    const missing = await ringsight('detect', '--input', join(work, 'nope'));
    expect(missing.code).toBe(2); // bad input, like any other
    expect(missing.stderr.trim()).toMatch(/^ringsight\/read-batch: input directory ".*nope" does not exist$/);
    const unknown = await ringsight('frobnicate');
    expect(unknown.code).toBe(2);
  });

  it("--help prints every command's usage on stdout and exits 0; so does -h", async () => {
    const names = Object.keys(COMMANDS);
    expect(names.length).toBeGreaterThanOrEqual(11);
    const cases = [
      ...names.map((name) => [name, '--help'] as const),
      ['detect', '-h'] as const,
      ['neo4j', '-h'] as const
    ];
    // In-process heap (no re-exec), two at a time: each run is a node process compiling TypeScript.
    const env = { ...process.env, RINGSIGHT_CHILD: '1' };
    const help = async (name: string, flag: string): Promise<{ code: number; stdout: string; stderr: string }> => {
      try {
        const { stdout, stderr } = await run(process.execPath, [bin, name, flag], { env });
        return { code: 0, stdout, stderr };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };
    const results: Array<Awaited<ReturnType<typeof help>>> = [];
    for (let i = 0; i < cases.length; i += 2)
      results.push(...(await Promise.all(cases.slice(i, i + 2).map(([name, flag]) => help(name, flag)))));
    cases.forEach(([name, flag], i) => {
      const res = results[i]!;
      expect(res.code, `${name} ${flag}: ${res.stderr}`).toBe(0);
      expect(res.stdout, `${name} ${flag}`).toMatch(new RegExp(`^usage: ringsight ${name}\\b`));
      expect(res.stderr, `${name} ${flag}`).toBe('');
    });
    // The usage names the flags added with the shared batch path.
    for (const name of ['serve', 'backtest', 'report'])
      expect(results[names.indexOf(name)]!.stdout).toContain('--rejects FILE');
  }, 300_000);

  it('serve, backtest and report read a batch through the one path: same message, rejects file written', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'ringsight-one-path-'));
    writeFileSync(
      join(bad, 'claims.csv'),
      'claim_id,insurer,product,region_code,accident_date,claimed_amount\nC1,PICC,auto,360102,2024-13-01,100\n'
    );
    writeFileSync(join(bad, 'truth.json'), JSON.stringify({ rings: [] }));
    const runs: Record<string, string[]> = {
      serve: ['--port', '0', '--data', join(bad, 'data')],
      backtest: ['--truth', join(bad, 'truth.json')],
      report: ['--name', 'op', '--actor', 'tester', '--out', join(bad, 'out')]
    };
    for (const [name, extra] of Object.entries(runs)) {
      const rejects = join(bad, `${name}-rejects.csv`);
      const res = await ringsight(name, '--input', bad, '--rejects', rejects, '--quiet', ...extra);
      expect(res.code, `${name}: ${res.stderr}`).toBe(2);
      expect(res.stderr).toContain('claims.csv:2:5 error accident_date');
      expect(res.stderr).toContain(
        `ringsight ${name}: ${bad} has 1 errors; nothing was loaded. All problems: ${rejects}.`
      );
      expect(readFileSync(rejects, 'utf8')).toContain('error,claims.csv,2,5,accident_date');
    }
  });
});
