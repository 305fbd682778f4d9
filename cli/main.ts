/**
 * ringsight/cli
 * =============
 *
 * Command dispatcher for `npx ringsight <command>`. Each command lives in
 * cli/commands and returns its exit code; a CliError becomes one clear line
 * on stderr, anything unexpected a short message (stack only with
 * RINGSIGHT_DEBUG=1).
 */
import { CliError } from './args.js';

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  generate: { summary: 'write a synthetic batch with planted rings and truth.json', load: async () => (await import('./commands/generate.js')).generateCommand },
  detect: { summary: 'validate a batch and detect rings (embedded store, or --neo4j)', load: async () => (await import('./commands/detect.js')).detectCommand },
  export: { summary: 'write the identity-link projection as Parquet (--parquet) for the Spark engine', load: async () => (await import('./commands/export.js')).exportCommand },
  ingest: { summary: 'validate a batch and load it into Neo4j (idempotent, whole claims only)', load: async () => (await import('./commands/ingest.js')).ingestCommand },
  calibrate: { summary: 'fit the signal weights to a labelled book; writes model.json for detect --model', load: async () => (await import('./commands/calibrate.js')).calibrateCommand },
  evaluate: { summary: 'score rings.json against truth.json', load: async () => (await import('./commands/evaluate.js')).evaluateCommand },
  audit: { summary: 'verify [--data DIR]: check the audit trail\'s chain, MACs and anchor offline', load: async () => (await import('./commands/audit.js')).auditCommand },
  report: { summary: "an operation's ring report: HTML, PDF and CSV, audited", load: async () => (await import('./commands/report.js')).reportCommand },
  serve: { summary: 'HTTP API and viewer (--input DIR loads a batch and detects once)', load: async () => (await import('./commands/serve.js')).serveCommand },
  neo4j: { summary: 'start | stop | status of the local Neo4j server', load: async () => (await import('./commands/neo4j.js')).neo4jCommand },
  watch: {
    summary: 'monitor: detect, match against the last run, raise alerts (--once, or --cron EXPR)',
    load: async () => (await import('./commands/watch.js')).createWatchCommand({
      neo4jStore: async () => (await import('../store/neo4j/open.js')).openNeo4jStoreFromEnv()
    })
  },
  backtest: { summary: 'replay monitoring month by month against truth.json: detection lag and false alerts', load: async () => (await import('./commands/backtest.js')).backtestCommand }
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return ['usage: ringsight <command> [flags]', '', 'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)].join('\n') + '\n';
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`ringsight: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  return (await command.load())(args);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(err.message + '\n');
      process.exitCode = err.exitCode;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`ringsight: ${message}\n`);
    if (process.env.RINGSIGHT_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  }
);
