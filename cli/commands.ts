/**
 * ringsight/cli/commands
 * ======================
 *
 * The command table: name, one-line summary, and lazy loaders for the command
 * and the usage `--help` prints — lazy so `ringsight generate` never loads the
 * API server or the Neo4j driver.
 */

export type Command = (args: string[]) => Promise<number>;

export interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
  /** The usage `--help` prints; absent when the command prints its own (neo4j). */
  usage?: () => Promise<string>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  generate: {
    summary: 'write a synthetic batch with planted rings and truth.json',
    load: async () => (await import('./commands/generate.js')).generateCommand,
    usage: async () => (await import('./commands/generate.js')).GENERATE_USAGE
  },
  detect: {
    summary: 'validate a batch and detect rings (embedded store, or --neo4j)',
    load: async () => (await import('./commands/detect.js')).detectCommand,
    usage: async () => (await import('./commands/detect.js')).DETECT_USAGE
  },
  export: {
    summary: 'write the identity-link projection as Parquet (--parquet) for the Spark engine',
    load: async () => (await import('./commands/export.js')).exportCommand,
    usage: async () => (await import('./commands/export.js')).EXPORT_USAGE
  },
  ingest: {
    summary: 'validate a batch and load it into Neo4j (idempotent, whole claims only)',
    load: async () => (await import('./commands/ingest.js')).ingestCommand,
    usage: async () => (await import('./commands/ingest.js')).INGEST_USAGE
  },
  calibrate: {
    summary: 'fit the signal weights to a labelled book; writes model.json for detect --model',
    load: async () => (await import('./commands/calibrate.js')).calibrateCommand,
    usage: async () => (await import('./commands/calibrate.js')).CALIBRATE_USAGE
  },
  evaluate: {
    summary: 'score rings.json against truth.json',
    load: async () => (await import('./commands/evaluate.js')).evaluateCommand,
    usage: async () => (await import('./commands/evaluate.js')).EVALUATE_USAGE
  },
  audit: {
    summary: "verify [--data DIR]: check the audit trail's chain, MACs and anchor offline",
    load: async () => (await import('./commands/audit.js')).auditCommand,
    usage: async () => (await import('./commands/audit.js')).AUDIT_USAGE
  },
  report: {
    summary: "an operation's ring report: HTML, PDF and CSV, audited",
    load: async () => (await import('./commands/report.js')).reportCommand,
    usage: async () => (await import('./commands/report.js')).REPORT_USAGE
  },
  serve: {
    summary: 'HTTP API and viewer (--input DIR loads a batch and detects once)',
    load: async () => (await import('./commands/serve.js')).serveCommand,
    usage: async () => (await import('./commands/serve.js')).SERVE_USAGE
  },
  neo4j: {
    summary: 'start | stop | status of the local Neo4j server',
    load: async () => (await import('./commands/neo4j.js')).neo4jCommand
  },
  watch: {
    summary: 'monitor: detect, match against the last run, raise alerts (--once, or --cron EXPR)',
    load: async () =>
      (await import('./commands/watch.js')).createWatchCommand({
        neo4jStore: async () => (await import('../store/neo4j/open.js')).openNeo4jStoreFromEnv()
      }),
    usage: async () => (await import('./commands/watch.js')).WATCH_USAGE
  },
  backtest: {
    summary: 'replay monitoring month by month against truth.json: detection lag and false alerts',
    load: async () => (await import('./commands/backtest.js')).backtestCommand,
    usage: async () => (await import('./commands/backtest.js')).BACKTEST_USAGE
  }
};

/** The command names, for tests that must cover every command. */
export const COMMAND_NAMES = Object.keys(COMMANDS);
