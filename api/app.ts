/**
 * ringsight/api/app
 * =================
 *
 * `buildApp(options)`: the HTTP API as a fastify instance, not listening
 * (tests drive it with `app.inject()`; server.ts listens). Options are merged
 * over DEFAULTS. The store comes from `createStore` — the embedded store by
 * default, Neo4j when `serve --neo4j` passes a factory for it — and the API
 * codes only against the RingStore interface, so either runs unchanged.
 *
 * With a data directory, detection runs are monitoring runs (stable ring ids,
 * statuses, history, alerts under `<dataDir>/monitor`), and `monitoring.schedule`
 * runs them on a cron as well (`serve --schedule`).
 *
 * Plugins, in the order their hooks must run: security (headers, rate limit,
 * errors) → auth (tokens, roles) → audit → lookups → jobs → monitor → reports (library, PDF
 * renderer) → docs → routes → viewer.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DetectParams } from '../engine/detect/index.js';
import type { PdfOptions } from '../reports/index.js';
import { EmbeddedStore } from '../store/embedded.js';
import type { RingStore } from '../store/types.js';
import { RunCatalog } from './data/catalog.js';
import { EntityDirectory } from './data/directory.js';
import { ModelLibrary } from './data/model-library.js';
import { inProcessDetect, type DetectRunner } from './data/jobs.js';
import { loggerOptions, type LogSettings } from './logging.js';
import { auditPlugin } from './plugins/audit.js';
import { AUTH_FAILURE_LIMIT_DEFAULT, authPlugin } from './plugins/auth.js';
import { docsPlugin } from './plugins/docs.js';
import { jobsPlugin } from './plugins/jobs.js';
import { LOOKUP_LIMIT_DEFAULT, lookupsPlugin } from './plugins/lookups.js';
import { MONITORING_DEFAULTS, monitorPlugin, type MonitoringSettings } from './plugins/monitor.js';
import { reportsPlugin } from './plugins/reports.js';
import { frameworkErrors, securityPlugin, type RateLimitSettings } from './plugins/security.js';
import { viewerPlugin } from './plugins/viewer.js';
import { Handles } from './policy/handles.js';
import type { ThrottleSettings } from './policy/throttle.js';
import type { TokenRecord } from './policy/tokens.js';
import { alertRoutes } from './routes/alerts.js';
import { caseRoutes } from './routes/cases.js';
import { auditRoutes } from './routes/audit.js';
import { batchRoutes } from './routes/batches.js';
import { entityRoutes } from './routes/entities.js';
import { healthRoutes } from './routes/health.js';
import { meRoutes } from './routes/me.js';
import { modelRoutes } from './routes/models.js';
import { reportRoutes } from './routes/reports.js';
import { ringRoutes } from './routes/rings.js';
import { runRoutes } from './routes/runs.js';
import { watchlistRoutes } from './routes/watchlist.js';
import './types.js';

export interface AppOptions {
  /** Creates the store the API serves. The hook `serve --neo4j` uses; the embedded store by default. */
  createStore: () => RingStore | Promise<RingStore>;
  /** Tokens allowed in (SHA-256 digests only; see policy/tokens.ts). None: every /api call is 401. */
  tokens: readonly TokenRecord[];
  /** Where the audit trail (`audit.jsonl`) and monitoring (`monitor/`) live; null: audit in memory, no monitoring (tests only). */
  dataDir: string | null;
  /** The built viewer to serve at `/`, if it exists. */
  viewerDir: string | null;
  /** Secret (≥ 32 bytes) for the opaque handles of masked keys; random per process when null. */
  handleSecret: Buffer | null;
  logger: false | LogSettings;
  /** Largest JSON body, in bytes (uploads have their own limit). */
  bodyLimit: number;
  /** Largest batch upload: each multipart file, and a whole JSON upload, in bytes. */
  uploadLimit: number;
  rateLimit: RateLimitSettings | false;
  /** Exact identity lookups (raw ID, phone, account in a URL or query) per token per window; false: unlimited (still audited). */
  lookupLimit: ThrottleSettings | false;
  /** Refused (401/403) requests per client address and per token prefix per window, then 429; false: off. */
  authFailureLimit: ThrottleSettings | false;
  /** Detection parameters API runs start from; a run request overrides seed, threshold, minScore, asOf. */
  detectDefaults: Partial<DetectParams>;
  /** Runs the engine for a job; in-process by default (a worker-thread runner can be passed). */
  detect: DetectRunner;
  /** How often to look for a run saved by another process, in ms. */
  latestRunRefreshMs: number;
  /** Cap on problems echoed by a batch upload response. */
  maxProblems: number;
  trustProxy: boolean;
  /** Build the latest run's index and the name directory in the background once ready (first requests stay fast). */
  warmUp: boolean;
  /**
   * Writes through the API (uploads, watchlist changes) on a store that does not keep them across
   * a restart (the embedded store): 'refuse' answers 409 store_not_durable instead of a 201 whose
   * data would vanish; 'accept' takes them (tests, `serve --ephemeral`).
   */
  nonDurableWrites: 'refuse' | 'accept';
  /** Caps on connections: idle sockets, requests per socket, open connections (see CONNECTION_DEFAULTS). */
  connections: Partial<ConnectionSettings>;
  /** Webhook, thresholds and schedule of monitoring (needs `dataDir`); merged over MONITORING_DEFAULTS. */
  monitoring: Partial<MonitoringSettings>;
  /** Chromium for PDF reports (launched on the first PDF); reports/pdf.ts DEFAULTS: /usr/bin/chromium. */
  reportPdf: Partial<PdfOptions>;
}

export interface ConnectionSettings {
  /** A socket that has sent nothing for this long is closed (ms). */
  connectionTimeout: number;
  /** An idle keep-alive socket is closed after this (ms). */
  keepAliveTimeout: number;
  /** Requests one keep-alive socket may carry before it is closed. */
  maxRequestsPerSocket: number;
  /** Open connections at once; further ones are closed on arrival. */
  maxConnections: number;
}

export const CONNECTION_DEFAULTS: ConnectionSettings = {
  connectionTimeout: 180_000,
  keepAliveTimeout: 5_000,
  maxRequestsPerSocket: 1000,
  maxConnections: 2000
};

export const DEFAULTS: AppOptions = {
  createStore: () => new EmbeddedStore(),
  tokens: [],
  dataDir: null,
  viewerDir: 'viewer/dist',
  handleSecret: null,
  logger: false,
  bodyLimit: 1024 * 1024,
  uploadLimit: 256 * 1024 * 1024,
  rateLimit: { max: 1200, timeWindow: '1 minute' },
  lookupLimit: LOOKUP_LIMIT_DEFAULT,
  authFailureLimit: AUTH_FAILURE_LIMIT_DEFAULT,
  detectDefaults: {},
  detect: inProcessDetect,
  latestRunRefreshMs: 5000,
  maxProblems: 1000,
  trustProxy: false,
  warmUp: false,
  monitoring: {},
  reportPdf: {},
  connections: {},
  nonDurableWrites: 'refuse'
};

export type App = FastifyInstance;

export async function buildApp(options: Partial<AppOptions> = {}): Promise<App> {
  const opts: AppOptions = { ...DEFAULTS, ...options };
  const conn: ConnectionSettings = { ...CONNECTION_DEFAULTS, ...opts.connections };
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    bodyLimit: opts.bodyLimit,
    trustProxy: opts.trustProxy,
    genReqId: () => randomBytes(6).toString('hex'),
    // The whole request (headers and body) must arrive within this; it bounds slow-drip uploads, not SSE responses.
    requestTimeout: 300_000,
    // Idle and slow connections are not kept open for free (issue 16).
    connectionTimeout: conn.connectionTimeout,
    keepAliveTimeout: conn.keepAliveTimeout,
    maxRequestsPerSocket: conn.maxRequestsPerSocket,
    // Router errors (bad URL, over-long parameter) get the one JSON error shape and never echo the URL.
    frameworkErrors,
    routerOptions: { maxParamLength: 256 },
    // Bodies arrive whole: reject unknown properties rather than silently drop them.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } }
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.server.maxConnections = conn.maxConnections;

  const store = await opts.createStore();
  app.decorate('store', store);
  app.decorate('models', opts.dataDir === null ? null : new ModelLibrary(join(opts.dataDir, 'models')));
  app.decorate('durableWrites', store.kind !== 'embedded' || opts.nonDurableWrites === 'accept');
  // Registered first, so it runs last: after the jobs have stopped using the store.
  app.addHook('onClose', async () => {
    await store.close();
  });
  try {
    app.decorate('handles', new Handles(opts.handleSecret ?? undefined));
    app.decorate('catalog', new RunCatalog(store, opts.latestRunRefreshMs));
    app.decorate('directory', new EntityDirectory(store));

    await app.register(securityPlugin, { rateLimit: opts.rateLimit });
    await app.register(authPlugin, { tokens: opts.tokens, failureLimit: opts.authFailureLimit });
    await app.register(auditPlugin, { dataDir: opts.dataDir });
    await app.register(lookupsPlugin, { limit: opts.lookupLimit });
    const monitoring: MonitoringSettings = { ...MONITORING_DEFAULTS, ...opts.monitoring };
    await app.register(jobsPlugin, {
      detect: opts.detect,
      defaults: opts.detectDefaults,
      dataDir: opts.dataDir,
      monitoring
    });
    await app.register(monitorPlugin, {
      dataDir: opts.dataDir,
      settings: monitoring,
      detect: opts.detect,
      defaults: opts.detectDefaults
    });
    await app.register(reportsPlugin, { dataDir: opts.dataDir, pdf: opts.reportPdf });
    await app.register(docsPlugin);

    await app.register(
      async (api) => {
        await api.register(healthRoutes);
        await api.register(meRoutes);
        await api.register(batchRoutes, { uploadLimit: opts.uploadLimit, maxProblems: opts.maxProblems });
        await api.register(runRoutes);
        await api.register(ringRoutes);
        await api.register(entityRoutes);
        await api.register(watchlistRoutes);
        await api.register(alertRoutes, {
          reviewers: opts.tokens.map((t) => ({ name: t.name, role: t.role, insurer: t.insurer ?? null }))
        });
        await api.register(caseRoutes);
        await api.register(auditRoutes);
        if (app.models && opts.dataDir)
          await api.register(modelRoutes, {
            library: app.models,
            dataDir: opts.dataDir,
            defaults: opts.detectDefaults
          });
        // Reports live under the data directory: without one there are none (404, which the viewer reads as "not available").
        if (app.reports.library) await api.register(reportRoutes, { library: app.reports.library });
      },
      { prefix: '/api' }
    );

    await app.register(viewerPlugin, { viewerDir: opts.viewerDir });
    if (opts.warmUp) {
      app.addHook('onReady', async () => {
        // Not awaited: the port opens now; the first list or detail request joins the build in flight.
        void Promise.all([app.catalog.latest(), app.directory.get()]).catch((err: unknown) =>
          app.log.warn({ err }, 'warm-up failed')
        );
      });
    }
  } catch (err) {
    // A start that fails part-way (a tampered or locked audit trail, a bad schedule) must not leave
    // the store open: a Neo4j driver's sockets would keep `serve --neo4j` alive after it reported
    // the error, instead of exiting 1. close() runs the onClose hooks registered so far, the
    // store's included.
    await app.close().catch(() => {});
    throw err;
  }
  return app;
}
