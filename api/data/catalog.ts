/**
 * ringsight/api/data/catalog
 * ==========================
 *
 * Which run the API serves, and its RingIndex. The latest run is looked up at
 * most every `refreshMs` (another process — the CLI, a second API node — may
 * have saved a newer one); a run this process just finished is adopted at
 * once. A few recent indexes stay cached for `?runId=` requests.
 */
import type { RunDocument } from '../../engine/run.js';
import type { RingStore, RunSummary } from '../../store/types.js';
import { RingIndex, type RingLink } from './ring-index.js';

const KEEP = 4;

export class RunCatalog {
  private readonly indexes = new Map<string, Promise<RingIndex | null>>();
  private latestId: string | null = null;
  private checkedAt = -Infinity;
  private checking: Promise<string | null> | null = null;

  constructor(
    private readonly store: RingStore,
    private readonly refreshMs: number
  ) {}

  async latest(): Promise<RingIndex | null> {
    const id = await this.latestRunId();
    return id === null ? null : this.get(id);
  }

  async get(runId: string): Promise<RingIndex | null> {
    let index = this.indexes.get(runId);
    if (!index) {
      index = this.store.getRun(runId).then((doc) => (doc ? new RingIndex(doc) : null));
      // A miss or a failure is not cached: the run may be saved later, the store may recover.
      index.then(
        (found) => {
          if (!found) this.indexes.delete(runId);
        },
        () => this.indexes.delete(runId)
      );
      this.remember(runId, index);
    }
    return index;
  }

  /** A run this process just saved: serve it now, with the ring links its projection already holds. */
  adopt(doc: RunDocument, claimLinks: ReadonlyMap<string, RingLink[]> | null): RingIndex {
    const index = new RingIndex(doc, claimLinks);
    this.remember(doc.run.id, Promise.resolve(index));
    this.latestId = doc.run.id;
    this.checkedAt = Date.now();
    return index;
  }

  private remember(runId: string, index: Promise<RingIndex | null>): void {
    this.indexes.delete(runId);
    this.indexes.set(runId, index);
    while (this.indexes.size > KEEP) this.indexes.delete(this.indexes.keys().next().value!);
  }

  private async latestRunId(): Promise<string | null> {
    if (Date.now() - this.checkedAt < this.refreshMs) return this.latestId;
    this.checking ??= this.store
      .listRuns()
      .then((runs) => {
        this.latestId = newest(runs)?.id ?? null;
        this.checkedAt = Date.now();
        return this.latestId;
      })
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }
}

/** The most recently finished run; on a tie, the first listed (stores list newest first). */
export function newest(runs: readonly RunSummary[]): RunSummary | null {
  let best: RunSummary | null = null;
  for (const r of runs) if (!best || r.finishedAt > best.finishedAt) best = r;
  return best;
}
