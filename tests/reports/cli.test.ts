// `ringsight report` in-process: flags become an operation, the report is audited in the trail the
// API writes, then written; bad input is a usage error (exit 2) with nothing audited.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../audit/trail.js';
import { RingsightError } from '../../engine/errors.js';
import { reportCommand } from '../../cli/commands/report.js';
import { maskResidentId } from '../../engine/privacy/mask.js';
import { verifyReportDir } from '../../reports/index.js';
import { batchFixture, type Fixture } from './fixture.js';

async function fails(args: string[]): Promise<RingsightError> {
  try {
    await reportCommand(args);
  } catch (err) {
    if (err instanceof RingsightError) return err; // CliError, ReportError: what cli/main.ts maps to an exit code
    throw err;
  }
  throw new Error('expected the command to fail');
}

describe('ringsight report', () => {
  let fx: Fixture;
  let work: string;
  beforeAll(async () => {
    fx = await batchFixture();
    work = mkdtempSync(join(tmpdir(), 'ringsight-report-cli-'));
  }, 120_000);

  it('generates, audits and writes a report for an operation', async () => {
    const suspect = fx.run.rings[0]!.organisers[0]!;
    const out = join(work, 'r1');
    const data = join(work, 'data');
    const code = await reportCommand([
      '--input',
      fx.dir,
      '--rings',
      join(fx.dir, 'rings.json'),
      '--name',
      '赣南行动',
      '--case-ref',
      'JX-2026-001',
      '--regions',
      '360700,360800,360400',
      '--from',
      '2023-01-01',
      '--to',
      '2025-12-31',
      '--min-score',
      '40',
      '--entity',
      `person:${suspect}`,
      '--role',
      'police',
      '--actor',
      'li.jing',
      '--format',
      'html,csv',
      '--out',
      out,
      '--data',
      data,
      '--quiet'
    ]);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'claims.csv',
      'evidence.csv',
      'i2-entities.csv',
      'i2-links.csv',
      'manifest.json',
      'members.csv',
      'report.html',
      'report.json',
      'rings.csv',
      'rings.graphml',
      'targets.csv',
      'watchlist.csv'
    ]);
    expect(verifyReportDir(out).ok).toBe(true);
    const model = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(model.rings.map((r: { id: string }) => r.id)).toContain(fx.run.rings[0]!.id);
    const trail = readFileSync(join(data, 'audit.jsonl'), 'utf8');
    expect(verifyChain(trail)).toMatchObject({ ok: true, lines: 1 });
    const entry = JSON.parse(trail);
    expect(entry).toMatchObject({
      actor: 'li.jing',
      role: 'police',
      action: 'export.report',
      caseReference: 'JX-2026-001',
      target: `report:${model.id}`
    });
    expect(entry.details.rings).toEqual(model.rings.map((r: { id: string }) => r.id));
    expect(entry.details.entities).toEqual([`person:${maskResidentId(suspect)}`]);
    expect(trail).not.toContain(suspect);
  });

  it('runs detection itself without --rings, and appends to the same trail', async () => {
    const ring = fx.run.rings[1]!.id;
    const data = join(work, 'data');
    const out = join(work, 'r2');
    expect(
      await reportCommand([
        '--input',
        fx.dir,
        '--name',
        'one ring',
        '--ring',
        ring,
        '--only-listed',
        '--actor',
        'wang.li',
        '--lang',
        'en',
        '--format',
        'csv',
        '--out',
        out,
        '--data',
        data,
        '--quiet'
      ])
    ).toBe(0);
    expect(readFileSync(join(out, 'rings.csv'), 'utf8')).toContain(ring);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    expect(verifyChain(readFileSync(join(data, 'audit.jsonl'), 'utf8'))).toMatchObject({ ok: true, lines: 2 });
  });

  it('rejects bad input with exit code 2 and audits nothing', async () => {
    const data = join(work, 'data-bad');
    const base = [
      '--input',
      fx.dir,
      '--rings',
      join(fx.dir, 'rings.json'),
      '--actor',
      'x',
      '--data',
      data,
      '--format',
      'csv',
      '--quiet'
    ];
    expect((await fails([...base, '--role', 'chief', '--name', 'x'])).message).toMatch(/--role must be one of/);
    expect((await fails(base)).message).toMatch(/--name is required/);
    const unknown = await fails([...base, '--name', 'x', '--ring', 'R' + '0'.repeat(16), '--out', join(work, 'r3')]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.message).toMatch(/is not in this detection run/);
    expect((await fails([...base, '--name', 'x', '--out', join(work, 'r1')])).message).toMatch(/never overwritten/);
    expect(existsSync(join(data, 'audit.jsonl'))).toBe(false);
  });
});
