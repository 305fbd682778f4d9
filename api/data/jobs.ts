/**
 * ringsight/api/data/jobs
 * =======================
 *
 * Detection runs requested over HTTP, one at a time in arrival order. What a
 * run does is the `execute` function the queue is given (run-executor.ts):
 * with a data directory, a monitoring run (stable ring ids, statuses,
 * history, alerts); without one, a plain detection. The queue tracks each
 * job's stage and progress, hands each saved run to `onSaved` (the catalog),
 * and lets listeners (server-sent events) hear every change.
 *
 * The engine is synchronous and CPU-bound; `detect` is injectable so a
 * worker-thread runner can replace the in-process one without touching this.
 */
import { randomBytes } from 'node:crypto';
import type { DetectHooks, DetectParams, DetectResult } from '../../engine/detect/index.js';
import { detectRings } from '../../engine/detect/index.js';
import type { ClaimsBook } from '../../engine/model.js';
import type { RunDocument } from '../../engine/run.js';
import { scrubText } from '../errors.js';

export type DetectRunner = (
  book: ClaimsBook,
  params: Partial<DetectParams>,
  hooks: DetectHooks
) => DetectResult | Promise<DetectResult>;
export const inProcessDetect: DetectRunner = (book, params, hooks) => detectRings(book, params, hooks);

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface RunRequest {
  seed?: number;
  threshold?: number;
  minScore?: number;
  asOf?: string;
  force?: boolean;
  /** Id of a kept scoring model (api/data/model-library) to score with. */
  model?: string;
}

export interface JobSummary {
  runId: string;
  startedAt: string;
  finishedAt: string;
  rings: number;
  flagged: number;
  claims: number;
  /** Monitoring found the same data and parameters as its last run: `runId` is that run, nothing new was saved. */
  unchanged?: boolean;
  /** Alerts the run raised (monitored runs). */
  alerts?: number;
  /** Rings per monitoring status, plus `dissolved` (monitored runs). */
  statuses?: Record<string, number>;
}

export interface JobState {
  id: string;
  status: JobStatus;
  stage: string;
  progress: number;
  error?: string;
  summary?: JobSummary;
  request: RunRequest;
  requestedBy: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

/** What one run produced: the run to serve (saved, or the unchanged last one) and the projection it came from, if taken. */
export interface RunOutcome {
  doc: RunDocument;
  book: ClaimsBook | null;
  unchanged: boolean;
  alerts: number | null;
}

export interface RunContext {
  requestedBy: string;
  /** Moves the job to a stage; progress only ever grows. */
  progress: (stage: string, progress: number) => void;
  /** Aborted when the server shuts down (a run waiting for the monitor lock gives up). */
  signal: AbortSignal;
}

export type RunExecutor = (request: RunRequest, context: RunContext) => Promise<RunOutcome>;

export interface JobDeps {
  execute: RunExecutor;
  /** Called with each run a job produced and the projection it came from (null: not taken by this process). */
  onSaved: (doc: RunDocument, book: ClaimsBook | null) => void;
  onError: (job: JobState, err: unknown) => void;
}

const KEEP_FINISHED = 50;

export class JobQueue {
  private readonly jobs = new Map<string, JobState>();
  private readonly waiting: string[] = [];
  private readonly listeners = new Map<string, Set<(job: JobState) => void>>();
  private current: Promise<void> | null = null;
  private closed = false;
  private readonly shutdown = new AbortController();

  constructor(private readonly deps: JobDeps) {}

  enqueue(request: RunRequest, requestedBy: string): JobState {
    if (this.closed) throw new Error('ringsight/api/jobs: the server is shutting down');
    const job: JobState = {
      id: `job-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
      status: 'queued',
      stage: 'queued',
      progress: 0,
      request,
      requestedBy,
      createdAt: new Date().toISOString()
    };
    this.jobs.set(job.id, job);
    this.waiting.push(job.id);
    this.prune();
    this.pump();
    return { ...job };
  }

  get(id: string): JobState | null {
    const job = this.jobs.get(id);
    return job ? { ...job } : null;
  }

  /** Newest first. */
  list(): JobState[] {
    return [...this.jobs.values()].reverse().map((j) => ({ ...j }));
  }

  /** Hears every change of the job until it is done or failed; returns the unsubscribe function. */
  subscribe(id: string, listener: (job: JobState) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  /** Stops taking work, fails what is still queued and waits for the running job to finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.shutdown.abort();
    for (const id of this.waiting.splice(0))
      this.update(this.jobs.get(id)!, {
        status: 'failed',
        stage: 'failed',
        error: 'the server shut down before this run started'
      });
    await this.current;
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const id = this.waiting.shift();
    if (!id) return;
    this.current = this.execute(this.jobs.get(id)!).finally(() => {
      this.current = null;
      this.pump();
    });
  }

  private update(job: JobState, change: Partial<JobState>): void {
    Object.assign(job, change);
    const snapshot = { ...job };
    for (const l of this.listeners.get(job.id) ?? []) l(snapshot);
  }

  private async execute(job: JobState): Promise<void> {
    // Let the request that queued this job answer before the engine takes the CPU.
    await new Promise((resolve) => setImmediate(resolve));
    this.update(job, { status: 'running', stage: 'projection', progress: 0.02, startedAt: new Date().toISOString() });
    try {
      const out = await this.deps.execute(job.request, {
        requestedBy: job.requestedBy,
        progress: (stage, progress) => this.update(job, { stage, progress: Math.max(job.progress, progress) }),
        signal: this.shutdown.signal
      });
      this.deps.onSaved(out.doc, out.book);
      this.update(job, {
        status: 'done',
        stage: 'done',
        progress: 1,
        finishedAt: new Date().toISOString(),
        summary: summaryOf(out)
      });
    } catch (err) {
      this.deps.onError(job, err);
      // The reason reaches clients: keep it to the first line, never a stack.
      const reason = err instanceof Error ? scrubText(err.message.split('\n')[0]!) : 'detection failed';
      this.update(job, { status: 'failed', stage: 'failed', error: reason, finishedAt: new Date().toISOString() });
    }
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status === 'done' || j.status === 'failed');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }
}

function summaryOf(out: RunOutcome): JobSummary {
  const { run, rings } = out.doc;
  const monitor = (run as RunDocument['run'] & { monitor?: { counts?: Record<string, number> } }).monitor;
  return {
    runId: run.id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    rings: rings.length,
    flagged: rings.filter((r) => r.flagged).length,
    claims: run.input.claims,
    ...(out.unchanged ? { unchanged: true } : {}),
    ...(out.alerts !== null ? { alerts: out.alerts } : {}),
    ...(monitor?.counts ? { statuses: { ...monitor.counts } } : {})
  };
}
