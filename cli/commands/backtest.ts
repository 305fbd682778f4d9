/**
 * ringsight/cli/commands/backtest
 * ===============================
 *
 * `ringsight backtest --input DIR --truth truth.json --every month`: replays
 * monitoring over a batch — detection as of the end of each week, month or
 * quarter, matched run to run, alerts derived exactly as `watch` does — and
 * reports, for each planted ring, when its first claim happened and when an
 * alert first named it (the detection lag), plus the alerts that named no
 * planted ring (alerts on honest clusters). Prints a table; `--out` writes
 * the whole report as JSON. In memory only: --data is never touched.
 */
import { dirname, join, resolve } from 'node:path';
import { scoreBacktest, type BacktestReport, type ClaimDates, type TruthRing } from '../../engine/monitor/backtest.js';
import { EVERY, isDate, periodEnds, type Every } from '../../engine/monitor/calendar.js';
import { replayMonitoring, type ReplayStep } from '../../engine/monitor/replay.js';
import { CliError, numberFlag, parseFlags, readJsonFlag, requireFlag } from '../args.js';
import { readValidatedBatch } from '../batch.js';
import { writeFileAtomic } from '../output.js';
import { createProgress, formatCount, formatMs } from '../progress.js';
import { detectFlags, detectParamsFromFlags } from '../detect-flags.js';

const FLAGS = {
  input: { type: 'string' },
  truth: { type: 'string' },
  every: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  out: { type: 'string' },
  growth: { type: 'string' },
  'match-f1': { type: 'string' },
  'allow-partial': { type: 'boolean' },
  rejects: { type: 'string' },
  ...detectFlags('seed', 'resolution', 'threshold', 'min-score', 'model'),
  json: { type: 'boolean' },
  quiet: { type: 'boolean' }
} as const;

export const BACKTEST_USAGE = `ringsight backtest --input DIR --truth truth.json [--every month|week|quarter] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                   [--out backtest.json] [--growth 0.25] [--match-f1 0.5] [--json] [--quiet]
                   [--seed N] [--threshold 50] [--min-score 20] [--resolution 2] [--model model.json] [--allow-partial] [--rejects FILE]`;

function readTruth(path: string): TruthRing[] {
  const truth = readJsonFlag('backtest', 'truth', path) as { rings?: unknown } | null;
  const rings = truth?.rings;
  if (!Array.isArray(rings) || !rings.every((r) => typeof r?.id === 'string' && Array.isArray(r?.claims))) {
    throw new CliError(`ringsight backtest: --truth file "${path}" has no "rings" array of {id, category, claims}`);
  }
  return rings.map((r) => ({ id: r.id, category: String(r.category ?? ''), claims: r.claims.map(String) }));
}

function dateFlag(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!isDate(value)) throw new CliError(`ringsight backtest: --${name} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

const cell = (text: string | number, width: number): string => String(text).padEnd(width);

export function formatBacktest(report: BacktestReport, steps: readonly ReplayStep[]): string {
  const header = ['ring', 'category', 'claims', 'first claim', 'first alert', 'lag days', 'alert kind', 'named by'];
  const widths = [8, 17, 7, 12, 12, 9, 15, 0];
  const rows = report.planted.map((p) => [
    p.id,
    p.category,
    p.claims,
    p.firstClaim,
    p.alert?.asOf ?? '—',
    p.lagDays ?? '—',
    p.alert?.kind ?? '—',
    p.alert
      ? `${p.alert.ringId} (${p.alert.sharedClaims}/${p.alert.knownClaims} known claims, ring of ${p.alert.ringClaims}, F1 ${p.alert.f1})`
      : 'never alerted'
  ]);
  const line = (cols: Array<string | number>): string =>
    cols
      .map((c, i) => cell(c, widths[i]!))
      .join(' ')
      .trimEnd();
  const kinds = Object.entries(report.alerts.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return (
    [
      line(header),
      ...rows.map(line),
      '',
      `replay           ${report.steps.count} runs, as of ${report.steps.from} … ${report.steps.to} (${formatMs(steps.reduce((s, x) => s + x.ms, 0))})`,
      `planted rings    ${report.planted.length}; alerted ${report.alerted}, never alerted ${report.missed}`,
      `detection lag    median ${report.medianLagDays ?? '—'} days, mean ${report.meanLagDays ?? '—'}, p90 ${report.p90LagDays ?? '—'} (first claim → first naming alert)`,
      `alerts           ${report.alerts.total} (${kinds || 'none'})`,
      `  naming a planted ring   ${report.alerts.naming}`,
      `  on honest clusters      ${report.alerts.false}  (match no planted ring at F1 ≥ ${report.options.matchF1}; ${report.alerts.honestOnly} hold no planted claim at all)`
    ].join('\n') + '\n'
  );
}

export async function backtestCommand(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const flags = parseFlags('backtest', args, FLAGS);
  const input = resolve(requireFlag('backtest', 'input', flags.input));
  const truth = readTruth(resolve(requireFlag('backtest', 'truth', flags.truth)));
  const every = (flags.every ?? 'month') as Every;
  if (!EVERY.includes(every))
    throw new CliError(`ringsight backtest: --every must be one of ${EVERY.join(', ')}, got "${flags.every}"`);
  const params = detectParamsFromFlags('backtest', flags);
  if (params.asOf) throw new CliError('ringsight backtest: --as-of does not apply; use --from and --to');
  const growth = numberFlag('backtest', 'growth', flags.growth);
  if (growth !== undefined && growth < 0)
    throw new CliError(`ringsight backtest: --growth must be a share ≥ 0, got ${growth}`);
  const matchF1 = numberFlag('backtest', 'match-f1', flags['match-f1']) ?? 0.5;
  if (!(matchF1 > 0 && matchF1 <= 1))
    throw new CliError(`ringsight backtest: --match-f1 must be in (0, 1], got ${matchF1}`);
  const fromFlag = dateFlag('from', flags.from);
  const toFlag = dateFlag('to', flags.to);
  const progress = createProgress({ quiet: flags.quiet ?? false });

  const t0 = performance.now();
  const problemsPath = resolve(flags.rejects ?? join(flags.out ? dirname(resolve(flags.out)) : '.', 'rejects.csv'));
  const validation = await readValidatedBatch(
    'backtest',
    input,
    problemsPath,
    flags['allow-partial'] ?? false,
    progress
  );
  const { book } = validation;
  progress.stage(
    'read',
    `${formatCount(book.claims.length)} claims, ${truth.length} planted rings`,
    performance.now() - t0
  );

  const dates = new Map<string, ClaimDates>();
  for (const c of book.claims) dates.set(c.id, { accident: c.accidentDate, report: c.reportDate ?? c.accidentDate });
  const reports = [...dates.values()].map((d) => d.report).sort();
  if (reports.length === 0) throw new CliError(`ringsight backtest: ${input} holds no claims`);
  const from = fromFlag ?? reports[0]!;
  const to = toFlag ?? reports[reports.length - 1]!;
  if (to < from) throw new CliError(`ringsight backtest: --to ${to} is before --from ${from}`);
  const asOfDates = periodEnds(from, to, every);
  progress.stage(
    'plan',
    `${asOfDates.length} runs, as of the end of each ${every} from ${asOfDates[0]} to ${asOfDates[asOfDates.length - 1]}`
  );

  const steps = replayMonitoring(
    book,
    asOfDates,
    {
      params,
      monitor: growth === undefined ? {} : { alerts: { growthShare: growth } }
    },
    (step) => {
      progress.stage(
        step.asOf,
        `${formatCount(step.claims)} claims, ${formatCount(step.rings)} rings (${step.flagged} flagged), ` +
          `${step.counts.new} new, ${step.counts.dissolved} dissolved, ${step.alerts.length} alerts`,
        step.ms
      );
    }
  );
  const report = scoreBacktest(truth, dates, steps, { matchF1 });
  progress.done();

  const json = {
    input,
    every,
    params,
    growthShare: growth ?? null,
    report,
    steps: steps.map((s) => ({
      asOf: s.asOf,
      runId: s.runId,
      claims: s.claims,
      rings: s.rings,
      flagged: s.flagged,
      counts: s.counts,
      alerts: s.alerts.length,
      ms: s.ms
    })),
    alerts: steps.flatMap((s) => s.alerts)
  };
  if (flags.out) {
    const path = resolve(flags.out);
    writeFileAtomic(path, JSON.stringify(json, null, 1) + '\n');
    progress.stage('done', `report → ${path}`);
  }
  out.write(flags.json ? JSON.stringify(json.report, null, 1) + '\n' : formatBacktest(report, steps));
  return 0;
}
