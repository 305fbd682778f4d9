/**
 * ringsight/api/routes/runs
 * =========================
 *
 * Detection runs. `POST /api/runs` queues one (202; one runs at a time);
 * `GET /api/runs` lists stored runs plus queued, running and failed jobs;
 * `GET /api/runs/:id` is one job's state (or a stored run, as done);
 * `GET /api/runs/:id/events` streams the job's stages as server-sent events
 * until it is done or failed.
 *
 * EventSource cannot send an Authorization header: read the stream with
 * fetch() (a ReadableStream), or poll `GET /api/runs/:id`.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RunSummary as StoredRun } from '../../store/types.js';
import type { JobState } from '../data/jobs.js';
import { ApiError, notFound } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { checkAsOf } from '../policy/dates.js';
import { recordAudit } from '../plugins/audit.js';
import { ACCESS } from '../policy/roles.js';
import { AUTH_ERRORS, errors, RunParams, RunStatus } from '../schemas.js';

type Status = {
  id: string;
  status: JobState['status'];
  stage: string;
  progress: number;
  error?: string;
  summary?: JobState['summary'];
  requestedBy?: string;
  createdAt?: string;
  params?: Record<string, unknown>;
};

/** Association staff names are shown to association roles only. */
const seesStaff = (role: string): boolean => role === 'admin' || role === 'analyst';

function fromJob(job: JobState, staff = true): Status {
  return {
    id: job.id,
    status: job.status,
    stage: job.stage,
    progress: job.progress,
    ...(job.error ? { error: job.error } : {}),
    ...(job.summary ? { summary: job.summary } : {}),
    ...(staff ? { requestedBy: job.requestedBy } : {}),
    createdAt: job.createdAt,
    params: { ...job.request }
  };
}

function fromStored(run: StoredRun): Status {
  return {
    id: run.id,
    status: 'done',
    stage: 'done',
    progress: 1,
    createdAt: run.startedAt,
    summary: {
      runId: run.id,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      rings: run.rings,
      flagged: run.flagged,
      claims: run.claims
    }
  };
}

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export const runRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function status(id: string, staff: boolean): Promise<Status | null> {
    const job = app.jobs.get(id);
    if (job) return fromJob(job, staff);
    const stored = (await app.store.listRuns()).find((r) => r.id === id);
    return stored ? fromStored(stored) : null;
  }

  app.post(
    '/runs',
    {
      config: { roles: ACCESS.startRun, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['runs'],
        summary: 'queue a detection run on the whole book',
        body: Type.Optional(RunParams),
        response: {
          202: Type.Object({ id: Type.String(), status: Type.Literal('queued') }),
          ...errors(...AUTH_ERRORS, 422)
        }
      }
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const params = request.body ?? {};
      // A date that is not one, or in the future, would be stored as monitoring's high-water mark and block later runs.
      if (params.asOf !== undefined) checkAsOf(params.asOf);
      if (params.model !== undefined && !app.models?.get(params.model))
        throw new ApiError(422, 'unknown_model', `no model ${params.model} is kept on this server (GET /api/models)`);
      await recordAudit(request, 'run.start', 'runs', { params });
      const job = app.jobs.enqueue(params, principal.name);
      return reply
        .code(202)
        .header('location', `/api/runs/${job.id}`)
        .send({ id: job.id, status: 'queued' as const });
    }
  );

  app.get(
    '/runs',
    {
      config: { roles: ACCESS.readRuns },
      schema: {
        tags: ['runs'],
        summary: 'stored runs and current jobs, newest first',
        querystring: Type.Object({}),
        response: { 200: Type.Object({ items: Type.Array(RunStatus) }), ...errors(...AUTH_ERRORS) }
      }
    },
    async (request) => {
      const staff = seesStaff(principalOf(request).role);
      // A finished job's run is listed from the store; the job itself only while it is pending or if it failed.
      const jobs = app.jobs
        .list()
        .filter((j) => j.status !== 'done')
        .map((j) => fromJob(j, staff));
      const stored = (await app.store.listRuns())
        .map(fromStored)
        .sort((a, b) =>
          b.summary!.finishedAt > a.summary!.finishedAt ? 1 : b.summary!.finishedAt < a.summary!.finishedAt ? -1 : 0
        );
      return {
        items: [...jobs.filter((j) => j.status !== 'failed'), ...jobs.filter((j) => j.status === 'failed'), ...stored]
      };
    }
  );

  app.get(
    '/runs/:id',
    {
      config: { roles: ACCESS.readRuns },
      schema: {
        tags: ['runs'],
        summary: 'a job or run',
        params: IdParams,
        response: { 200: RunStatus, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request) => {
      const s = await status(request.params.id, seesStaff(principalOf(request).role));
      if (!s) throw notFound(`no run or job ${request.params.id}`);
      return s;
    }
  );

  app.get(
    '/runs/:id/events',
    {
      config: { roles: ACCESS.readRuns },
      schema: {
        tags: ['runs'],
        summary: "server-sent events of a job's stages until it is done (event: progress | done | failed)",
        params: IdParams,
        response: {
          200: {
            description: "text/event-stream; each event's data is the run status JSON",
            content: { 'text/event-stream': { schema: Type.String() } }
          },
          ...errors(...AUTH_ERRORS, 404)
        }
      }
    },
    async (request, reply) => {
      const staff = seesStaff(principalOf(request).role);
      const first = await status(request.params.id, staff);
      if (!first) throw notFound(`no run or job ${request.params.id}`);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no' // proxies must pass events through, not buffer them
      });
      const terminal = (s: Status): boolean => s.status === 'done' || s.status === 'failed';
      const send = (s: Status): void => {
        res.write(`event: ${terminal(s) ? s.status : 'progress'}\ndata: ${JSON.stringify(s)}\n\n`);
      };
      let unsubscribe = (): void => {};
      let heartbeat: NodeJS.Timeout | undefined;
      const finish = (): void => {
        unsubscribe();
        if (heartbeat) clearInterval(heartbeat);
        if (!res.writableEnded) res.end();
      };
      // Subscribe, then send the state as of now: no stage can slip between the two.
      unsubscribe = app.jobs.subscribe(request.params.id, (job) => {
        const s = fromJob(job, staff);
        send(s);
        if (terminal(s)) finish();
      });
      const job = app.jobs.get(request.params.id);
      const current = job ? fromJob(job, staff) : first;
      send(current);
      if (terminal(current)) return finish();
      heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      heartbeat.unref();
      request.raw.on('close', finish);
    }
  );
};
