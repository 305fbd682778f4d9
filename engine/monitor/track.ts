/**
 * ringsight/engine/monitor/track
 * ==============================
 *
 * Gives each ring of a new run its stable id, its status relative to the
 * previous run and its history, and lists the previous rings that dissolved.
 * Pure: built on the lineage from match.ts.
 *
 * Status of a new-run ring B:
 *   new        no previous ring is linked to B
 *   merged     B took in previous rings whose ids no ring carries on (`absorbed`)
 *   split      B is one of several successors of a previous ring (`splitFrom`;
 *              the piece that keeps the id names its own id there)
 *   growing / stable / shrinking
 *              one-to-one: more, as many or fewer claims than the ring whose id it carries
 * A previous ring with no link at all is dissolved. Merged wins over split
 * when both apply; both lists are kept.
 */
import type { Ring } from '../model.js';
import { matchRings, identitiesOf, type MatchOptions } from './match.js';
import type { DissolvedRing, HistoryPoint, MonitoredRing, RingStatus, RunMonitor, TrackedRing } from './types.js';
import { RING_STATUSES } from './types.js';

export interface TrackOptions extends MatchOptions {
  /** History points kept per ring (oldest dropped first). */
  historyLimit: number;
}

export const DEFAULTS: Pick<TrackOptions, 'historyLimit'> = { historyLimit: 120 };

export interface RunContext {
  runId: string;
  asOf: string | null;
  /** When the run finished (ISO): the time of its history points. */
  at: string;
}

export interface Transition {
  ring: MonitoredRing;
  /** The previous ring whose id it carries, if any. */
  predecessor: TrackedRing | null;
  /** Every linked previous ring, strongest link first. */
  predecessors: TrackedRing[];
}

export interface TrackResult {
  transitions: Transition[];
  dissolved: DissolvedRing[];
  counts: RunMonitor['counts'];
}

function freshId(id: string, taken: Set<string>): string {
  // A content id only repeats if the very same claims form a ring again, which matching would have linked; be safe anyway.
  let candidate = id;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${n}`;
  return candidate;
}

function point(ring: Ring, ctx: RunContext): HistoryPoint {
  return {
    run: ctx.runId,
    asOf: ctx.asOf,
    at: ctx.at,
    claims: ring.claims.length,
    members: ring.members.length,
    score: ring.score,
    flagged: ring.flagged
  };
}

function sizeStatus(now: number, before: number): RingStatus {
  return now > before ? 'growing' : now < before ? 'shrinking' : 'stable';
}

export function trackRings(
  previous: readonly TrackedRing[],
  current: readonly Ring[],
  ctx: RunContext,
  options: Partial<TrackOptions> = {}
): TrackResult {
  const historyLimit = options.historyLimit ?? DEFAULTS.historyLimit;
  if (!Number.isInteger(historyLimit) || historyLimit < 1)
    throw new Error(`ringsight/monitor: historyLimit must be a whole number ≥ 1, got ${historyLimit}`);
  const lineage = matchRings(
    previous,
    current.map((r) => ({ claims: r.claims, identities: identitiesOf(r) })),
    options
  );

  const taken = new Set(previous.map((r) => r.id));
  const ids = current.map((_, i) => (lineage.inherits[i]! >= 0 ? previous[lineage.inherits[i]!]!.id : null));
  for (const id of ids) if (id) taken.add(id);
  const finalIds = ids.map((id, i) => {
    if (id) return id;
    const fresh = freshId(current[i]!.id, taken);
    taken.add(fresh);
    return fresh;
  });

  const transitions = current.map((ring, i): Transition => {
    const preds = lineage.predecessors[i]!.map((l) => l.prev);
    const inherited = lineage.inherits[i]!;
    const predecessor = inherited >= 0 ? previous[inherited]! : null;
    const absorbed: string[] = [];
    const splitFrom: string[] = [];
    for (const p of preds) {
      if (p === inherited) {
        if (lineage.successors[p]!.length > 1) splitFrom.push(previous[p]!.id);
      } else if (lineage.carriedBy[p]! >= 0) {
        splitFrom.push(previous[p]!.id);
      } else {
        absorbed.push(previous[p]!.id);
      }
    }
    const status: RingStatus =
      preds.length === 0
        ? 'new'
        : absorbed.length > 0
          ? 'merged'
          : splitFrom.length > 0
            ? 'split'
            : sizeStatus(ring.claims.length, predecessor!.claims.length);
    const history = [...(predecessor?.history ?? []), point(ring, ctx)].slice(-historyLimit);
    const monitored: MonitoredRing = {
      ...ring,
      id: finalIds[i]!,
      detectedId: ring.id,
      status,
      history,
      firstSeen: predecessor?.firstSeen ?? { run: ctx.runId, asOf: ctx.asOf },
      ...(absorbed.length > 0 ? { absorbed: absorbed.sort() } : {}),
      ...(splitFrom.length > 0 ? { splitFrom: splitFrom.sort() } : {})
    };
    return { ring: monitored, predecessor, predecessors: preds.map((p) => previous[p]!) };
  });

  const dissolved: DissolvedRing[] = [];
  previous.forEach((prev, p) => {
    if (lineage.successors[p]!.length > 0) return;
    const last = prev.history[prev.history.length - 1];
    dissolved.push({
      id: prev.id,
      category: prev.category,
      claims: prev.claims.length,
      score: prev.score,
      flagged: prev.flagged,
      regions: prev.regions,
      insurers: prev.insurers,
      lastSeen: { run: last?.run ?? '', asOf: last?.asOf ?? null }
    });
  });

  const counts = Object.fromEntries([...RING_STATUSES, 'dissolved'].map((s) => [s, 0])) as RunMonitor['counts'];
  for (const t of transitions) counts[t.ring.status]++;
  counts.dissolved = dissolved.length;
  return { transitions, dissolved, counts };
}
