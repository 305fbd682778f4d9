/**
 * ringsight/api/types
 * ===================
 *
 * What the API adds to fastify's types: the per-route access config, the
 * authenticated principal on each request, and the services the plugins
 * decorate the instance with. Imported for its side effect by app.ts.
 */
import type { RingStore } from '../store/types.js';
import type { AuditTrail } from '../audit/trail.js';
import type { RunCatalog } from './data/catalog.js';
import type { EntityDirectory } from './data/directory.js';
import type { ModelLibrary } from './data/model-library.js';
import type { JobQueue } from './data/jobs.js';
import type { Lookups } from './plugins/lookups.js';
import type { Monitoring } from './plugins/monitor.js';
import type { Reports } from './plugins/reports.js';
import type { Handles } from './policy/handles.js';
import type { Principal, Role } from './policy/roles.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed to call the route; every /api route must say (or be `public`). */
    roles?: readonly Role[];
    public?: boolean;
  }
  interface FastifyRequest {
    /** The caller, once the auth plugin has checked its token; null on public routes. */
    principal: Principal | null;
  }
  interface FastifyInstance {
    store: RingStore;
    /** False when API writes would be lost at restart and must be refused (AppOptions.nonDurableWrites). */
    durableWrites: boolean;
    handles: Handles;
    catalog: RunCatalog;
    directory: EntityDirectory;
    audit: AuditTrail;
    lookups: Lookups;
    jobs: JobQueue;
    monitoring: Monitoring;
    reports: Reports;
    /** Scoring models fitted through the API (`<dataDir>/models`); null without a data directory. */
    models: ModelLibrary | null;
  }
}

export {};
