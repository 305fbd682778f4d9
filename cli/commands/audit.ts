/**
 * ringsight/cli/commands/audit
 * ============================
 *
 * `ringsight audit verify [--data .ringsight]`: checks the audit trail of a
 * data directory offline — the hash chain, every entry's MAC under
 * `audit.key`, and that the trail still reaches its anchor (`audit.anchor`:
 * nothing cut off, nothing replaced). Read-only: it takes no lock and can run
 * next to a live server. Prints one line; exit 0 when the trail verifies, 1
 * when it does not. The key is never printed.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { inspectTrail } from '../../audit/trail.js';
import { CliError, parseFlags } from '../args.js';

const FLAGS = { data: { type: 'string' } } as const;

export const AUDIT_USAGE = 'ringsight audit verify [--data .ringsight]';

export async function auditCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'verify') throw new CliError(`ringsight audit: usage: ${AUDIT_USAGE}`);
  const flags = parseFlags('audit verify', rest, FLAGS);
  const dataDir = resolve(flags.data ?? '.ringsight');
  if (!existsSync(dataDir)) throw new CliError(`ringsight audit verify: no data directory ${dataDir}`);
  const report = await inspectTrail(dataDir);
  if (report.ok) {
    process.stdout.write(
      `ringsight audit verify: ok — ${report.lines} entries (${report.sealed} with MACs), head ${report.head}` +
        (report.anchor ? `, anchored at entry ${report.anchor.seq}` : ', no anchor yet') +
        '\n'
    );
    return 0;
  }
  process.stdout.write(
    `ringsight audit verify: FAILED${report.brokenAt ? ` at entry ${report.brokenAt}` : ''}: ${report.reason} ` +
      `(${report.lines} lines). Keep audit.jsonl, audit.key and audit.anchor as evidence.\n`
  );
  return 1;
}
