/**
 * ringsight/cli/commands/serve
 * ============================
 *
 * `ringsight serve`: the HTTP API (and the viewer, when built) on the
 * embedded store. `--input DIR` validates and loads a batch before the port
 * opens and queues one detection run; `--tokens FILE` and/or RINGSIGHT_TOKENS
 * configure who may call it (SHA-256 digests only); `--data DIR` holds the
 * audit trail, the handle key and monitoring (`monitor/`).
 *
 * Every detection run — the `--input` one, API runs, scheduled ones — is a
 * monitoring run: stable ring ids, statuses (new, growing, …), history and
 * alerts. `--schedule "CRON"` also runs monitoring on that schedule (China
 * time unless `--timezone`); `--webhook URL` (or RINGSIGHT_WEBHOOK_URL)
 * receives the alerts, signed with RINGSIGHT_WEBHOOK_SECRET if set (never a
 * flag: it would show in `ps`). Runs until SIGINT/SIGTERM, then closes
 * gracefully: the schedule stops after any run in flight.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import type { WatchOutcome } from '../../monitor/index.js';
import { validateCron } from '../../monitor/schedule.js';
import { mergeWebhookOptions, safeTarget } from '../../monitor/webhook.js';
import { EmbeddedStore } from '../../store/embedded.js';
import type { RingStore } from '../../store/types.js';
import type { ValidationResult } from '../../engine/validate/batch.js';
import { scrubText } from '../../api/errors.js';
import type { JobSummary } from '../../api/data/jobs.js';
import type { MonitoringSettings } from '../../api/plugins/monitor.js';
import { startServer } from '../../api/server.js';
import { generateToken, hashToken, loadTokens, type TokenRecord } from '../../api/policy/tokens.js';
import { RingsightError } from '../../engine/errors.js';
import { CliError, intFlag, parseFlags } from '../args.js';
import { readValidatedBatch } from '../batch.js';
import { createProgress } from '../progress.js';
import { detectFlags, detectParamsFromFlags } from '../detect-flags.js';

const FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  input: { type: 'string' },
  'allow-partial': { type: 'boolean' },
  tokens: { type: 'string' },
  data: { type: 'string' },
  viewer: { type: 'string' },
  rejects: { type: 'string' },
  ...detectFlags('seed', 'resolution', 'threshold', 'min-score', 'as-of'),
  'dev-token': { type: 'boolean' },
  'log-level': { type: 'string' },
  neo4j: { type: 'boolean' },
  schedule: { type: 'string' },
  timezone: { type: 'string' },
  webhook: { type: 'string' },
  quiet: { type: 'boolean' },
  ephemeral: { type: 'boolean' }
} as const;

export const SERVE_USAGE = `ringsight serve [--host 127.0.0.1] [--port 8080] [--input DIR [--allow-partial] [--rejects FILE]]
                [--tokens FILE] [--data .ringsight] [--viewer viewer/dist] [--dev-token]
                [--seed N] [--threshold 50] [--min-score 20] [--as-of YYYY-MM-DD] [--log-level info] [--quiet] [--ephemeral]
                [--schedule "0 2 * * *" [--timezone Asia/Shanghai]] [--webhook URL]
monitoring: every run is monitored (ring statuses, alerts) under --data; --schedule runs it on a cron too;
            alerts go to --webhook (or RINGSIGHT_WEBHOOK_URL), signed with RINGSIGHT_WEBHOOK_SECRET if set
tokens: a JSON array [{"name","role","insurer?","tokenSha256"}] in --tokens FILE and/or RINGSIGHT_TOKENS;
        roles admin | analyst | insurer | police | auditor; tokenSha256 = printf %s "$TOKEN" | sha256sum
--ephemeral: on the embedded store (no --neo4j), accept uploads and watchlist changes through the API
        although they are lost at restart; without it they are refused (409 store_not_durable)
--dev-token: a throw-away admin token for this process, loopback --host only; it is printed to stderr
        even with --quiet (it is the only way to learn it) — keep stderr out of shared logs
connections: idle keep-alive sockets close after 5 s, a silent connection after 180 s,
        at most 1,000 requests per socket and 2,000 open connections (over: refused by the kernel backlog)`;

type Flags = ReturnType<typeof parseFlags<typeof FLAGS>>;

/**
 * The store `serve` runs on: the embedded store, or Neo4j with `--neo4j`
 * (connection from NEO4J_URI and friends). The API codes only against
 * RingStore, so this is the only place that knows which.
 */
export async function storeFactory(flags: Flags): Promise<() => Promise<RingStore>> {
  if (flags.neo4j) {
    // Opened lazily by the app, so a wrong password or a stopped server is one clear line at start.
    const { openNeo4jStoreFromEnv, Neo4jConnectionError } = await import('../../store/neo4j/open.js');
    return async () => {
      try {
        return await openNeo4jStoreFromEnv();
      } catch (err) {
        if (err instanceof Neo4jConnectionError) throw new CliError(`ringsight serve: ${err.message}`, 1);
        throw err;
      }
    };
  }
  return async () => new EmbeddedStore();
}

/** The handle key: RINGSIGHT_HANDLE_SECRET (hex or base64, ≥ 32 bytes), else `<data>/handle.key`, made on first start. */
export function handleSecret(dataDir: string): Buffer {
  const env = process.env.RINGSIGHT_HANDLE_SECRET;
  if (env) {
    const bytes = /^[0-9a-fA-F]+$/.test(env) ? Buffer.from(env, 'hex') : Buffer.from(env, 'base64');
    if (bytes.length < 32)
      throw new CliError('ringsight serve: RINGSIGHT_HANDLE_SECRET must hold at least 32 bytes (64 hex digits)');
    return bytes;
  }
  const path = join(dataDir, 'handle.key');
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32);
  writeFileSync(path, secret.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === '::1' || host === 'localhost';

const statusLine = (s: Record<string, number>): string =>
  ['new', 'growing', 'stable', 'shrinking', 'merged', 'split', 'dissolved'].map((k) => `${k} ${s[k] ?? 0}`).join(', ');

/** One line per run, ids and counts only. */
export function describeRun(summary: JobSummary): string {
  if (summary.unchanged)
    return `${summary.rings} rings, ${summary.flagged} flagged (run ${summary.runId}; data and parameters unchanged since that run)`;
  return (
    `${summary.rings} rings, ${summary.flagged} flagged (run ${summary.runId})` +
    (summary.statuses ? `; ${statusLine(summary.statuses)}; ${summary.alerts ?? 0} alerts` : '')
  );
}

export function describeOutcome(outcome: WatchOutcome): string {
  if (outcome.status === 'busy') return 'skipped: another monitoring run holds the lock';
  if (outcome.status === 'unchanged') return `unchanged since run ${outcome.lastRunId}; no new run`;
  const { run } = outcome;
  return (
    `run ${run.id}: ${run.rings} rings, ${run.flagged} flagged; ${statusLine(run.counts)}; ${outcome.alerts.length} alerts` +
    (outcome.delivery ? `; webhook ${outcome.delivery.delivered} delivered, ${outcome.delivery.failed} failed` : '')
  );
}

/** A configuration error, named as serve's ("ringsight serve: …"), keeping its code and exit code. */
function inServe(err: unknown): unknown {
  return err instanceof RingsightError ? new CliError(`ringsight serve: ${err.message}`, err.exitCode) : err;
}

/** --schedule, --timezone, --webhook: checked before anything is loaded. */
export function monitoringFromFlags(flags: Flags, say: (line: string) => void): Partial<MonitoringSettings> {
  const url = flags.webhook ?? process.env.RINGSIGHT_WEBHOOK_URL ?? null;
  let webhook: MonitoringSettings['webhook'] = null;
  if (url) {
    try {
      webhook = { url: mergeWebhookOptions({ url }).url, secret: process.env.RINGSIGHT_WEBHOOK_SECRET || null };
    } catch (err) {
      throw inServe(err);
    }
  }
  if (flags.timezone !== undefined && flags.schedule === undefined)
    throw new CliError('ringsight serve: --timezone only applies to --schedule');
  if (flags.schedule === undefined) return { webhook };
  if (flags['as-of'])
    throw new CliError('ringsight serve: --schedule monitors the data as it grows; it cannot be combined with --as-of');
  const cron = flags.schedule;
  const timezone = flags.timezone ?? 'Asia/Shanghai';
  try {
    validateCron(cron, timezone);
  } catch (err) {
    throw inServe(err);
  }
  return {
    webhook,
    schedule: {
      cron,
      timezone,
      onResult: (outcome) => say(`scheduled monitoring ${describeOutcome(outcome)}`),
      onError: (err) =>
        process.stderr.write(
          `ringsight serve: scheduled monitoring run failed, previous state kept: ${scrubText((err as Error).message?.split('\n')[0] ?? String(err))}\n`
        )
    }
  };
}

export async function serveCommand(args: string[]): Promise<number> {
  const flags = parseFlags('serve', args, FLAGS);
  const host = flags.host ?? '127.0.0.1';
  const port = intFlag('serve', 'port', flags.port, 8080, 0);
  if (port > 65535) throw new CliError(`ringsight serve: --port must be at most 65535, got ${port}`);
  if (flags.input && flags.neo4j)
    throw new CliError(
      'ringsight serve: --input loads into the embedded store; load Neo4j with `ringsight detect --neo4j`'
    );
  const say = (line: string): void => {
    if (!flags.quiet) process.stderr.write(`ringsight serve: ${line}\n`);
  };

  const tokens: TokenRecord[] = loadTokens({
    file: flags.tokens ? resolve(flags.tokens) : null,
    env: process.env.RINGSIGHT_TOKENS ?? null
  });
  if (flags['dev-token']) {
    // A throw-away admin token for trying things out locally; refused on a reachable address.
    if (!isLoopback(host)) throw new CliError('ringsight serve: --dev-token is only allowed with a loopback --host');
    const token = generateToken();
    tokens.push({ name: 'dev', role: 'admin', tokenSha256: hashToken(token) });
    process.stderr.write(`ringsight serve: dev admin token (this process only): ${token}\n`);
  }
  if (tokens.length === 0)
    say(
      'warning: no tokens configured, every /api call will get 401 (use --tokens FILE, RINGSIGHT_TOKENS or --dev-token)'
    );

  const dataDir = resolve(flags.data ?? '.ringsight');
  const detectDefaults = detectParamsFromFlags('serve', flags);
  const monitoring = monitoringFromFlags(flags, say);
  let validation: ValidationResult | null = null;
  const input = flags.input ? resolve(flags.input) : null;
  if (input) {
    const problemsPath = resolve(flags.rejects ?? join(dataDir, 'rejects.csv'));
    validation = await readValidatedBatch(
      'serve',
      input,
      problemsPath,
      flags['allow-partial'] ?? false,
      createProgress({ quiet: flags.quiet ?? false })
    );
  }

  const server = await startServer({
    host,
    port,
    tokens,
    dataDir,
    viewerDir: resolve(flags.viewer ?? 'viewer/dist'),
    handleSecret: handleSecret(dataDir),
    logger: { level: flags['log-level'] ?? (flags.quiet ? 'warn' : 'info') },
    createStore: await storeFactory(flags),
    detectDefaults,
    monitoring,
    warmUp: true,
    nonDurableWrites: flags.ephemeral ? 'accept' : 'refuse',
    beforeListen: async (app) => {
      if (!validation || !input) return;
      const loadedAt = new Date().toISOString();
      const batchId = `input:${basename(input)}`;
      await app.audit.append({
        actor: 'serve --input',
        role: 'admin',
        insurer: null,
        action: 'batch.upload',
        target: `batch:${batchId}`,
        caseReference: null,
        details: {
          claims: validation.book.claims.length,
          watchlist: validation.book.watchlist.length,
          rejectedClaims: validation.rejectedClaims.length
        },
        request: null
      });
      const loaded = await app.store.ingest(validation.book, { batchId, loadedAt });
      say(`loaded ${loaded.added} claims from ${input}; monitored detection queued`);
      const job = app.jobs.enqueue({}, 'serve --input');
      app.jobs.subscribe(job.id, (j) => {
        if (j.status === 'done') say(`detection done: ${describeRun(j.summary!)}`);
        if (j.status === 'failed') process.stderr.write(`ringsight serve: detection failed: ${j.error}\n`);
      });
    }
  });
  say(
    `listening on ${server.url} (store ${server.app.store.kind}, data ${dataDir}, ${tokens.length} tokens; docs ${server.url}/docs)`
  );
  const schedule = server.app.monitoring.schedule;
  if (schedule && monitoring.schedule) {
    say(
      `monitoring schedule "${monitoring.schedule.cron}" (${monitoring.schedule.timezone}); next run ${schedule.nextRun()?.toISOString() ?? 'never'}`
    );
  }
  if (monitoring.webhook)
    say(
      `alerts go to the webhook at ${safeTarget(monitoring.webhook.url)}${monitoring.webhook.secret ? ' (signed)' : ''}`
    );

  await new Promise<void>((resolveStop) => {
    const stop = (signal: string): void => {
      say(`${signal}: closing${server.app.monitoring.schedule ? ' (the schedule stops after any run in flight)' : ''}`);
      server.stop().then(resolveStop, (err: unknown) => {
        process.stderr.write(`ringsight serve: ${(err as Error).message}\n`);
        resolveStop();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
