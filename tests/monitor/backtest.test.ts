import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { backtestCommand } from '../../cli/commands/backtest.js';
import { generate } from '../../datasets/generator/index.js';
import { quantile, scoreBacktest, type ClaimDates } from '../../engine/monitor/backtest.js';
import { addDays, daysBetween, isDate, periodEnds } from '../../engine/monitor/calendar.js';
import type { ReplayStep } from '../../engine/monitor/replay.js';
import type { Alert } from '../../engine/monitor/types.js';
import { claims } from './rings.js';

describe('replay calendar', () => {
  it('ends of months, quarters and weeks, through leap years, up to the first end after the last date', () => {
    expect(periodEnds('2024-01-15', '2024-04-02', 'month')).toEqual([
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
      '2024-04-30'
    ]);
    expect(periodEnds('2023-11-01', '2024-02-01', 'month')).toEqual([
      '2023-11-30',
      '2023-12-31',
      '2024-01-31',
      '2024-02-29'
    ]);
    expect(periodEnds('2023-02-10', '2023-12-31', 'quarter')).toEqual([
      '2023-03-31',
      '2023-06-30',
      '2023-09-30',
      '2023-12-31'
    ]);
    expect(periodEnds('2024-01-01', '2024-01-20', 'week')).toEqual(['2024-01-07', '2024-01-14', '2024-01-21']);
    expect(periodEnds('2023-01-01', '2025-12-31', 'month')).toHaveLength(36);
  });

  it('day arithmetic and date checks', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(isDate('2024-02-30')).toBe(false);
    expect(isDate('2024-02-29')).toBe(true);
    expect(() => periodEnds('2024-05-01', '2024-01-01', 'month')).toThrow(/^ringsight\/monitor: /);
  });
});

function alert(id: string, ringId: string, asOf: string): Alert {
  return {
    id,
    ringId,
    runId: `run-${asOf}`,
    asOf,
    raisedAt: `${asOf}T23:59:59.000Z`,
    kind: 'new_ring',
    reasons: [],
    ringStatus: 'new',
    score: 60,
    category: 'staged_collision',
    claims: 0,
    regions: [],
    insurers: [],
    claimed: 0,
    state: 'open',
    stateAt: null,
    stateBy: null,
    dismissReason: null,
    delivery: null
  };
}

function step(asOf: string, alerted: Array<[Alert, string[]]>): ReplayStep {
  return {
    asOf,
    runId: `run-${asOf}`,
    claims: 0,
    rings: 0,
    flagged: 0,
    counts: { new: 0, growing: 0, stable: 0, shrinking: 0, merged: 0, split: 0, dissolved: 0 },
    alerts: alerted.map(([a]) => a),
    alertedClaims: new Map(alerted.map(([a, c]) => [a.ringId, c])),
    ms: 0
  };
}

describe('backtest metrics', () => {
  // T1: 10 claims, accidents from 2024-01-05, one reported per 10 days. T2: never alerted.
  const t1 = claims(1, 10, 'T');
  const t2 = claims(1, 4, 'U');
  const dates = new Map<string, ClaimDates>();
  t1.forEach((c, i) =>
    dates.set(c, { accident: addDays('2024-01-05', 10 * i), report: addDays('2024-01-07', 10 * i) })
  );
  t2.forEach((c) => dates.set(c, { accident: '2024-06-01', report: '2024-06-03' }));
  const truth = [
    { id: 'T1', category: 'staged_collision', claims: t1 },
    { id: 'T2', category: 'fake_death', claims: t2 }
  ];

  it('names a planted ring by F1 against the claims known at the alert date, and measures the lag from its first claim', () => {
    // As of 2024-01-31, T1 has 3 known claims; a ring of 3 of them plus 1 honest claim has F1 6/7.
    const early = step('2024-01-31', [[alert('A1', 'R1', '2024-01-31'), [...t1.slice(0, 3), 'H1']]]);
    const report = scoreBacktest(truth, dates, [early]);
    expect(report.planted[0]).toMatchObject({
      id: 'T1',
      firstClaim: '2024-01-05',
      lagDays: 26,
      alert: { alertId: 'A1', knownClaims: 3, sharedClaims: 3, ringClaims: 4, f1: 0.857 }
    });
    expect(report.planted[1]).toMatchObject({ id: 'T2', alert: null, lagDays: null });
    expect(report).toMatchObject({
      alerted: 1,
      missed: 1,
      medianLagDays: 26,
      alerts: { total: 1, naming: 1, false: 0 }
    });
  });

  it('counts alerts that name no planted ring as false, and those with no planted claim as honest-only', () => {
    const blob = [...t1.slice(0, 3), ...claims(100, 120, 'H')]; // swallowed a few ring claims: F1 6/27
    const report = scoreBacktest(truth, dates, [
      step('2024-01-31', [
        [alert('A1', 'R1', '2024-01-31'), blob],
        [alert('A2', 'R2', '2024-01-31'), claims(1, 5, 'H')]
      ]),
      step('2024-03-31', [[alert('A3', 'R3', '2024-03-31'), t1.slice(0, 8)]])
    ]);
    expect(report.alerts).toMatchObject({ total: 3, naming: 1, false: 2, honestOnly: 1 });
    expect(report.falseAlerts.map((f) => [f.alertId, f.plantedClaims])).toEqual([
      ['A1', 3],
      ['A2', 0]
    ]);
    expect(report.planted[0]!.lagDays).toBe(daysBetween('2024-01-05', '2024-03-31'));
  });

  it('quantiles interpolate', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('ringsight backtest', () => {
  const work = mkdtempSync(join(tmpdir(), 'ringsight-backtest-'));
  const batch = join(work, 'batch');
  beforeAll(async () => {
    await generate({ claims: 6000, out: batch, seed: 21 });
  });

  it('replays quarter by quarter, prints the lag table and writes the JSON report', async () => {
    let stdout = '';
    const sink = new Writable({
      write(chunk, _enc, cb) {
        stdout += chunk;
        cb();
      }
    });
    const out = join(work, 'backtest.json');
    const code = await backtestCommand(
      ['--input', batch, '--truth', join(batch, 'truth.json'), '--every', 'quarter', '--out', out, '--quiet'],
      sink
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ring\s+category\s+claims\s+first claim\s+first alert\s+lag days/);
    expect(stdout).toMatch(/detection lag\s+median \d+(\.\d+)? days/);
    expect(stdout).toMatch(/on honest clusters\s+\d+/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    const truth = JSON.parse(readFileSync(join(batch, 'truth.json'), 'utf8'));
    expect(json.report.planted).toHaveLength(truth.rings.length);
    expect(json.steps.map((s: { asOf: string }) => s.asOf.slice(5))).toEqual(
      expect.arrayContaining(['03-31', '06-30', '09-30', '12-31'])
    );
    expect(json.report.alerted).toBeGreaterThan(0);
    for (const p of json.report.planted.filter((x: { alert: unknown }) => x.alert)) {
      expect(p.lagDays).toBeGreaterThanOrEqual(0);
      expect(p.alert.f1).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('rejects bad flags with one clear line', async () => {
    await expect(
      backtestCommand(['--input', batch, '--truth', join(batch, 'truth.json'), '--every', 'day'])
    ).rejects.toThrow(/--every must be one of week, month, quarter/);
    await expect(backtestCommand(['--input', batch, '--truth', join(work, 'missing.json')])).rejects.toThrow(
      /does not exist/
    );
    await expect(
      backtestCommand(['--input', batch, '--truth', join(batch, 'truth.json'), '--from', '2024-13-01'])
    ).rejects.toThrow(/--from must be a date/);
  });
});
