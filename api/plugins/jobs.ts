/**
 * ringsight/api/plugins/jobs
 * ==========================
 *
 * Asynchronous detection runs: decorates the app with the run queue
 * (data/jobs.ts) and wires its results into the catalog (so the new run is
 * served at once, its ring links already indexed) and the entity directory.
 * With a data directory every run is a monitoring run (data/run-executor.ts):
 * stable ring ids, statuses, history and alerts. On close it waits for a
 * running detection so the store is not closed under it.
 */
import { modelParams } from '../../engine/calibrate/model.js';
import type { DetectParams } from '../../engine/detect/index.js';
import { ringClaimLinks } from '../data/ring-index.js';
import { JobQueue, type DetectRunner } from '../data/jobs.js';
import { monitoredExecutor, plainExecutor } from '../data/run-executor.js';
import type { MonitoringSettings } from './monitor.js';
import { expose } from './expose.js';

export interface JobsOptions extends Record<string, unknown> {
  detect: DetectRunner;
  defaults: Partial<DetectParams>;
  /** Where monitoring keeps its state (`<dataDir>/monitor`); null: plain runs, no monitoring. */
  dataDir: string | null;
  monitoring: MonitoringSettings;
}

export const jobsPlugin = expose<JobsOptions>('ringsight-jobs', async (app, opts) => {
  const base = {
    store: app.store,
    detect: opts.detect,
    defaults: opts.defaults,
    model: (id: string) => {
      const kept = app.models?.get(id);
      return kept ? modelParams(kept.model) : null;
    }
  };
  const queue = new JobQueue({
    execute:
      opts.dataDir === null
        ? plainExecutor(base)
        : monitoredExecutor({
            ...base,
            dataDir: opts.dataDir,
            webhook: opts.monitoring.webhook,
            thresholds: opts.monitoring.thresholds,
            busyWaitMs: opts.monitoring.busyWaitMs
          }),
    onSaved: (doc, book) => {
      app.catalog.adopt(doc, book ? ringClaimLinks(doc, book.links) : null);
      // Only a full projection describes every entity; an as-of one would drop later claims' names.
      if (book && !doc.run.params.asOf) app.directory.adopt(book);
    },
    onError: (job, err) => app.log.error({ err, job: job.id }, 'detection run failed')
  });
  app.decorate('jobs', queue);
  app.addHook('onClose', async () => {
    await queue.close();
  });
});
