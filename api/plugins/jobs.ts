/**
 * ringsight/api/plugins/jobs
 * ==========================
 *
 * Asynchronous detection runs: decorates the app with the run queue
 * (data/jobs.ts) and wires its results into the catalog (so the new run is
 * served at once, its ring links already indexed) and the entity directory.
 * On close it waits for a running detection so the store is not closed under it.
 */
import type { DetectParams } from '../../engine/detect/index.js';
import { ringClaimLinks } from '../data/ring-index.js';
import { JobQueue, type DetectRunner } from '../data/jobs.js';
import { expose } from './expose.js';

export interface JobsOptions extends Record<string, unknown> {
  detect: DetectRunner;
  defaults: Partial<DetectParams>;
}

export const jobsPlugin = expose<JobsOptions>('ringsight-jobs', async (app, opts) => {
  const queue = new JobQueue({
    store: app.store,
    detect: opts.detect,
    defaults: opts.defaults,
    onSaved: (doc, book) => {
      app.catalog.adopt(doc, ringClaimLinks(doc, book.links));
      // Only a full projection describes every entity; an as-of one would drop later claims' names.
      if (!doc.run.params.asOf) app.directory.adopt(book);
    },
    onError: (job, err) => app.log.error({ err, job: job.id }, 'detection run failed')
  });
  app.decorate('jobs', queue);
  app.addHook('onClose', async () => { await queue.close(); });
});
