/**
 * ringsight/cli/commands/report
 * =============================
 *
 * `ringsight report`: an operation's ring report from the CLI, on the
 * embedded store. Loads the batch (`--input DIR`), takes the detection run
 * from `--rings rings.json` or runs detection now, generates the report
 * (HTML, PDF, CSV; reports/), records it in the audit trail
 * (`<--data>/audit.jsonl`, the file the API server writes) and only then
 * writes the files to `--out`. No audit entry, no report.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { detectRings } from '../../engine/detect/index.js';
import { buildRun, type RunDocument } from '../../engine/run.js';
import { appendAudit, generateReport, reportAuditInput, writeReport } from '../../reports/index.js';
import { REPORT_FORMATS, REPORT_ROLES, type ReportFormat, type ReportRole } from '../../reports/model.js';
import type { OperationInput } from '../../reports/operation.js';
import { EmbeddedStore } from '../../store/embedded.js';
import { CliError, numberFlag, parseFlags, requireFlag } from '../args.js';
import { batchFilesDigest, readValidatedBatch } from '../batch.js';
import { createProgress, formatCount } from '../progress.js';
import { detectFlags, detectParamsFromFlags } from '../detect-flags.js';

const FLAGS = {
  input: { type: 'string' },
  rings: { type: 'string' },
  name: { type: 'string' },
  'case-ref': { type: 'string' },
  regions: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  categories: { type: 'string' },
  'min-score': { type: 'string' },
  ring: { type: 'string', multiple: true },
  entity: { type: 'string', multiple: true },
  'only-listed': { type: 'boolean' },
  role: { type: 'string' },
  insurer: { type: 'string' },
  actor: { type: 'string' },
  lang: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  data: { type: 'string' },
  ...detectFlags('seed', 'threshold', 'as-of'),
  'allow-partial': { type: 'boolean' },
  rejects: { type: 'string' },
  quiet: { type: 'boolean' }
} as const;

export const REPORT_USAGE = `ringsight report --input DIR [--rings rings.json] --name NAME --actor NAME
                 [--case-ref REF] [--regions 360700,360800] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                 [--categories staged_collision,injury_broker] [--min-score N] [--ring ID]... [--entity type:key]...
                 [--only-listed] [--role police|analyst|insurer|admin] [--insurer NAME] [--lang zh|en]
                 [--format html,pdf,csv] [--out DIR] [--data .ringsight] [--seed N] [--threshold 50] [--as-of DATE]
                 [--allow-partial] [--rejects FILE] [--quiet]`;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** A digest of the batch files as read: the data version when the run does not carry one. */
async function batchDigest(dir: string): Promise<string> {
  return `batch-sha256:${(await batchFilesDigest(dir)).slice(0, 16)}`;
}

function readRun(path: string): RunDocument {
  let doc: RunDocument;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8')) as RunDocument;
  } catch (err) {
    throw new CliError(`ringsight report: cannot read --rings ${path}: ${(err as Error).message}`);
  }
  if (!doc?.run?.id || !Array.isArray(doc.rings))
    throw new CliError(`ringsight report: ${path} is not a detection run (from ringsight detect)`);
  return doc;
}

export async function reportCommand(args: string[]): Promise<number> {
  const flags = parseFlags('report', args, FLAGS);
  const input = resolve(requireFlag('report', 'input', flags.input));
  const role = (flags.role ?? 'analyst') as ReportRole;
  if (!(REPORT_ROLES as readonly string[]).includes(role))
    throw new CliError(`ringsight report: --role must be one of ${REPORT_ROLES.join(', ')}`);
  const lang = flags.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new CliError('ringsight report: --lang must be zh or en');
  const formats = flags.format === undefined ? [...REPORT_FORMATS] : list(flags.format);
  for (const f of formats)
    if (!(REPORT_FORMATS as readonly string[]).includes(f))
      throw new CliError(`ringsight report: --format takes ${REPORT_FORMATS.join(',')}, got "${f}"`);
  const operation: OperationInput = {
    name: requireFlag('report', 'name', flags.name),
    caseReference: flags['case-ref'] ?? null,
    regions: list(flags.regions),
    period: { from: flags.from ?? null, to: flags.to ?? null },
    categories: list(flags.categories) as OperationInput['categories'],
    minScore: numberFlag('report', 'min-score', flags['min-score']) ?? null,
    rings: (flags.ring ?? []).flatMap(list),
    entities: flags.entity ?? [],
    onlyListed: flags['only-listed'] ?? false
  };
  const actor = requireFlag('report', 'actor', flags.actor);
  if (role === 'police' && !operation.caseReference) {
    process.stderr.write(
      'ringsight report: no --case-ref: identities stay masked (the police see them only for a case)\n'
    );
  }
  const params = detectParamsFromFlags('report', {
    seed: flags.seed,
    threshold: flags.threshold,
    'as-of': flags['as-of']
  });
  const progress = createProgress({ quiet: flags.quiet });
  const startedAt = new Date();
  // Checked before any work: a report that cannot be written must not leave an audit entry behind.
  if (flags.out && existsSync(resolve(flags.out)) && readdirSync(resolve(flags.out)).length > 0) {
    throw new CliError(
      `ringsight report: ${resolve(flags.out)} already holds files; reports are never overwritten — choose another --out`
    );
  }

  let t = performance.now();
  const validation = await readValidatedBatch(
    'report',
    input,
    resolve(flags.rejects ?? 'rejects.csv'),
    flags['allow-partial'] ?? false,
    progress
  );
  const store = new EmbeddedStore();
  store.ingestSync(validation.book, { batchId: input, loadedAt: startedAt.toISOString() });
  const book = store.projectionSync();
  progress.stage('load', `${formatCount(book.claims.length)} claims loaded`, performance.now() - t);

  t = performance.now();
  let run: RunDocument;
  if (flags.rings) {
    run = readRun(resolve(flags.rings));
    progress.stage(
      'rings',
      `run ${run.run.id}: ${formatCount(run.rings.length)} rings from ${resolve(flags.rings)}`,
      performance.now() - t
    );
  } else {
    const result = detectRings(book, params);
    const count = (file: keyof typeof validation.files): number => validation.files[file]?.accepted ?? 0;
    run = buildRun(
      result,
      {
        source: input,
        claims: validation.book.claims.length,
        parties: count('parties.csv'),
        vehicles: count('vehicles.csv'),
        providers: count('providers.csv'),
        watchlist: count('watchlist.csv'),
        rejectedClaims: validation.rejectedClaims.length,
        warnings: validation.warnings
      },
      startedAt,
      new Date()
    );
    progress.stage(
      'detect',
      `run ${run.run.id}: ${formatCount(run.rings.length)} rings (not saved; use ringsight detect --out to keep a run)`,
      performance.now() - t
    );
  }

  t = performance.now();
  // A ReportError reaches cli/main.ts as it is: exit 2 for what the caller can fix, 1 when rendering failed.
  const report = await generateReport({
    operation,
    run,
    book,
    lang,
    formats: formats as ReportFormat[],
    viewer: { actor, role, insurer: flags.insurer ?? null },
    dataVersion: run.run.input?.dataVersion ?? (await batchDigest(input))
  });
  progress.stage(
    'report',
    `${report.model.rings.length} rings, ${formatCount(report.model.summary.claims)} claims, ` +
      `${report.model.disclosure.masked ? 'identities masked' : `identities unmasked for case ${report.model.disclosure.caseReference}`}`,
    performance.now() - t
  );

  const dataDir = resolve(flags.data ?? '.ringsight');
  try {
    const entry = await appendAudit(dataDir, reportAuditInput(report));
    progress.stage('audit', `entry ${entry.seq} in ${join(dataDir, 'audit.jsonl')}`);
  } catch (err) {
    throw new CliError(
      `ringsight report: the report was not written because it could not be audited: ${(err as Error).message}`,
      1
    );
  }
  const out = resolve(flags.out ?? join('out', 'reports', report.id));
  writeReport(out, report);
  progress.done();
  process.stdout.write(`${report.id}\nsha256 ${report.digest}\n${out}\n`);
  return 0;
}
