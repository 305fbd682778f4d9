/**
 * ringsight/api/data/jobs
 * =======================
 *
 * Detection runs requested over HTTP, one at a time in arrival order: each
 * takes the store's projection, runs the engine, saves the run document, then
 * hands it to the catalog. Listeners (server-sent events) hear every stage.
 *
 * The engine is synchronous and CPU-bound; `detect` is injectable so a
 * worker-thread runner can replace the in-process one without touching this.
 */
import { randomBytes } from 'node:crypto';
import type { DetectHooks, DetectParams, DetectResult, DetectStage } from '../../engine/detect/index.js';
import { detectRings } from '../../engine/detect/index.js';
import type { ClaimsBook } from '../../engine/model.js';
import { buildRun, type RunDocument } from '../../engine/run.js';
import type { RingStore } from '../../store/types.js';
import { scrubText } from '../errors.js';

export type DetectRunner = (book: ClaimsBook, params: Partial<DetectParams>, hooks: DetectHooks) => DetectResult | Promise<DetectResult>;
export const inProcessDetect: DetectRunner = (book, params, hooks) => detectRings(book, params, hooks);

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface RunRequest { seed?: number; threshold?: number; minScore?: number; asOf?: string }

export interface JobSummary {
  runId: string;
  startedAt: string;
  finishedAt: string;
  rings: number;
  flagged: number;
  claims: number;
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

export interface JobDeps {
  store: RingStore;
  detect: DetectRunner;
  defaults: Partial<DetectParams>;
  /** Called with each saved run and the projection it came from. */
  onSaved: (doc: RunDocument, book: ClaimsBook) => void;
  onError: (job: JobState, err: unknown) => void;
}

// The stage a job is in *after* an engine stage finishes, and how far along that is.
const AFTER: Record<DetectStage, [stage: string, progress: number]> = {
  index: ['graph', 0.25], graph: ['communities', 0.4], communities: ['scoring', 0.7], scoring: ['centrality', 0.85], centrality: ['saving', 0.95]
};
const KEEP_FINISHED = 50;

export class JobQueue {
  private readonly jobs = new Map<string, JobState>();
  private readonly waiting: string[] = [];
  private readonly listeners = new Map<string, Set<(job: JobState) => void>>();
  private current: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly deps: JobDeps) {}

  enqueue(request: RunRequest, requestedBy: string): JobState {
    if (this.closed) throw new Error('ringsight/api/jobs: the server is shutting down');
    const job: JobState = {
      id: `job-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`,
      status: 'queued', stage: 'queued', progress: 0, request, requestedBy, createdAt: new Date().toISOString()
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
    return () => { set.delete(listener); if (set.size === 0) this.listeners.delete(id); };
  }

  /** Stops taking work, fails what is still queued and waits for the running job to finish. */
  async close(): Promise<void> {
    this.closed = true;
    for (const id of this.waiting.splice(0)) this.update(this.jobs.get(id)!, { status: 'failed', stage: 'failed', error: 'the server shut down before this run started' });
    await this.current;
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const id = this.waiting.shift();
    if (!id) return;
    this.current = this.execute(this.jobs.get(id)!).finally(() => { this.current = null; this.pump(); });
  }

  private update(job: JobState, change: Partial<JobState>): void {
    Object.assign(job, change);
    const snapshot = { ...job };
    for (const l of this.listeners.get(job.id) ?? []) l(snapshot);
  }

  private async execute(job: JobState): Promise<void> {
    // Let the request that queued this job answer before the engine takes the CPU.
    await new Promise((resolve) => setImmediate(resolve));
    const startedAt = new Date();
    this.update(job, { status: 'running', stage: 'projection', progress: 0.02, startedAt: startedAt.toISOString() });
    try {
      const params: Partial<DetectParams> = { ...this.deps.defaults };
      if (job.request.seed !== undefined) params.seed = job.request.seed;
      if (job.request.threshold !== undefined) params.flagThreshold = job.request.threshold;
      if (job.request.minScore !== undefined) params.reportMinScore = job.request.minScore;
      if (job.request.asOf !== undefined) params.asOf = job.request.asOf;
      const book = await this.deps.store.projection({ asOf: params.asOf ?? null });
      this.update(job, { stage: 'index', progress: 0.1 });
      await new Promise((resolve) => setImmediate(resolve));
      const result = await this.deps.detect(book, params, {
        onStage: (stage) => { const [next, progress] = AFTER[stage]; this.update(job, { stage: next, progress }); }
      });
      const doc = buildRun(result, {
        source: `api:${job.requestedBy}`,
        claims: book.claims.length,
        parties: book.links.filter((l) => l.type === 'person').length,
        vehicles: book.links.filter((l) => l.type === 'vehicle').length,
        providers: book.links.filter((l) => l.type !== 'person' && l.type !== 'phone' && l.type !== 'bank_account' && l.type !== 'vehicle').length,
        watchlist: book.watchlist.length,
        rejectedClaims: 0,
        warnings: 0
      }, startedAt, new Date());
      this.update(job, { stage: 'saving', progress: 0.95 });
      await this.deps.store.saveRun(doc);
      this.deps.onSaved(doc, book);
      this.update(job, {
        status: 'done', stage: 'done', progress: 1, finishedAt: doc.run.finishedAt,
        summary: {
          runId: doc.run.id, startedAt: doc.run.startedAt, finishedAt: doc.run.finishedAt,
          rings: doc.rings.length, flagged: doc.rings.filter((r) => r.flagged).length, claims: doc.run.input.claims
        }
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
