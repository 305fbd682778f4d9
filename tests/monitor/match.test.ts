import { describe, expect, it } from 'vitest';
import {
  emptyState,
  monitorRun,
  trackedFromRun,
  type MonitoredRunDocument,
  type MonitorState
} from '../../engine/monitor/index.js';
import { linkRings, matchRings, toTracked } from '../../engine/monitor/match.js';
import { trackRings } from '../../engine/monitor/track.js';
import type { Ring } from '../../engine/model.js';
import { claims, member, people, ring, runDoc } from './rings.js';

/** Runs monitoring over a sequence of runs and returns each monitored run. */
function monitorSequence(...runs: Ring[][]): MonitoredRunDocument[] {
  let state: MonitorState = emptyState();
  let previous: MonitoredRunDocument | null = null;
  const out: MonitoredRunDocument[] = [];
  for (const rings of runs) {
    const result = monitorRun({
      state,
      previousRings: previous ? trackedFromRun(previous) : [],
      doc: runDoc(rings),
      actions: [],
      dataVersion: null,
      deliver: false
    });
    state = result.state;
    previous = result.doc;
    out.push(result.doc);
  }
  return out;
}

const ctx = { runId: 'run-2', asOf: '2024-02-29', at: '2024-02-29T23:59:59.000Z' };
const first = { run: 'run-1', asOf: '2024-01-31' };
const tracked = (r: Ring) => toTracked(r, first);

describe('ring matching across runs', () => {
  it('keeps the id of a ring that gains three claims, and calls it growing', () => {
    const [a, b] = monitorSequence(
      [ring(claims(1, 10), { members: people(1, 4) })],
      [ring(claims(1, 13), { members: people(1, 5) })]
    );
    const before = a!.rings[0]!;
    const after = b!.rings[0]!;
    expect(after.detectedId).not.toBe(before.id); // detection alone would have given it a new id
    expect(after.id).toBe(before.id);
    expect(after.status).toBe('growing');
    expect(after.history.map((h) => h.claims)).toEqual([10, 13]);
    expect(after.firstSeen.run).toBe(a!.run.id);
  });

  it('keeps ids over several runs of small changes, ring by ring', () => {
    const runs = monitorSequence(
      [ring(claims(1, 10)), ring(claims(101, 108)), ring(claims(201, 206))],
      [ring(claims(1, 12)), ring(claims(102, 108)), ring(claims(201, 206))],
      [ring(claims(2, 14)), ring(claims(102, 110)), ring(claims(201, 207))]
    );
    const ids = runs.map((r) => r.rings.map((x) => x.id));
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    expect(runs[1]!.rings.map((r) => r.status)).toEqual(['growing', 'shrinking', 'stable']);
    expect(runs[2]!.rings.map((r) => r.status)).toEqual(['growing', 'growing', 'growing']);
    expect(runs[2]!.rings[0]!.history.map((h) => h.claims)).toEqual([10, 12, 13]);
  });

  it('keeps the id of a ring that quadruples between runs (containment, not Jaccard)', () => {
    const links = linkRings([tracked(ring(claims(1, 5)))], [{ claims: claims(1, 20), identities: [] }]);
    expect(links).toHaveLength(1);
    expect(links[0]!.claimJaccard).toBe(0.25);
    expect(links[0]!.containment).toBe(1);
    const [a, b] = monitorSequence([ring(claims(1, 5))], [ring(claims(1, 20))]);
    expect(b!.rings[0]!.id).toBe(a!.rings[0]!.id);
    expect(b!.rings[0]!.status).toBe('growing');
  });

  it('links on shared identities even when no claim is shared', () => {
    const [a, b] = monitorSequence(
      [ring(claims(1, 6), { members: people(1, 5) })],
      [ring(claims(7, 12), { members: people(1, 5) })]
    );
    expect(b!.rings[0]!.id).toBe(a!.rings[0]!.id);
  });

  it('does not link rings that only share providers, or a single claim', () => {
    const shop = member('repair_shop', '91360100MA00000001');
    const links = linkRings(
      [tracked(ring(claims(1, 10), { members: [...people(1, 3), shop] }))],
      [{ claims: [...claims(10, 10), ...claims(11, 19)], identities: ['person:P9', 'person:P10'] }]
    );
    expect(links).toEqual([]);
    const [a, b] = monitorSequence(
      [ring(claims(1, 10), { members: [...people(1, 3), shop] })],
      [ring(claims(10, 19), { members: [...people(7, 9), shop] })]
    );
    expect(b!.rings[0]!.id).not.toBe(a!.rings[0]!.id);
    expect(b!.rings[0]!.status).toBe('new');
    expect(b!.run.monitor.dissolved.map((d) => d.id)).toEqual([a!.rings[0]!.id]);
  });

  it('new: a ring with no predecessor keeps its detected id', () => {
    const [, b] = monitorSequence([ring(claims(1, 5))], [ring(claims(1, 5)), ring(claims(50, 54))]);
    const fresh = b!.rings[1]!;
    expect(fresh.status).toBe('new');
    expect(fresh.id).toBe(fresh.detectedId);
    expect(fresh.history).toHaveLength(1);
    expect(b!.rings[0]!.status).toBe('stable');
  });

  it('merged: the biggest contributor keeps its id and lists the rings it absorbed', () => {
    const [a, b] = monitorSequence([ring(claims(1, 6)), ring(claims(7, 10))], [ring(claims(1, 10))]);
    const [big, small] = a!.rings;
    const merged = b!.rings[0]!;
    expect(merged.id).toBe(big!.id);
    expect(merged.status).toBe('merged');
    expect(merged.absorbed).toEqual([small!.id]);
    expect(b!.run.monitor.dissolved).toEqual([]); // absorbed is not dissolved
    expect(b!.run.monitor.counts).toMatchObject({ merged: 1, dissolved: 0 });
  });

  it('split: every piece says which ring it split from; the biggest keeps the id', () => {
    const [a, b] = monitorSequence([ring(claims(1, 10))], [ring(claims(1, 6)), ring(claims(7, 10))]);
    const original = a!.rings[0]!.id;
    const [keeper, piece] = b!.rings;
    expect(keeper!.id).toBe(original);
    expect(piece!.id).not.toBe(original);
    expect(keeper!.status).toBe('split');
    expect(piece!.status).toBe('split');
    expect(keeper!.splitFrom).toEqual([original]);
    expect(piece!.splitFrom).toEqual([original]);
    expect(piece!.firstSeen.run).toBe(b!.run.id);
    expect(keeper!.history).toHaveLength(2);
  });

  it('dissolved: previous rings with no successor are listed in run.monitor.dissolved', () => {
    const [a, b] = monitorSequence(
      [ring(claims(1, 5)), ring(claims(20, 24), { score: 70, regions: ['360400'] })],
      [ring(claims(1, 6))]
    );
    const gone = a!.rings[1]!;
    expect(b!.run.monitor.dissolved).toEqual([
      {
        id: gone.id,
        category: 'staged_collision',
        claims: 5,
        score: 70,
        flagged: true,
        regions: ['360400'],
        insurers: ['PICC'],
        lastSeen: { run: a!.run.id, asOf: null }
      }
    ]);
    expect(b!.run.monitor.counts).toMatchObject({ growing: 1, dissolved: 1 });
    expect(b!.run.monitor.previousRunId).toBe(a!.run.id);
  });

  it('every id is carried by one ring at most, whatever the overlaps', () => {
    const prev = [tracked(ring(claims(1, 10))), tracked(ring(claims(11, 20)))];
    const cur = [
      ring([...claims(1, 5), ...claims(11, 15)]),
      ring([...claims(6, 10), ...claims(16, 20)]),
      ring(claims(3, 8))
    ];
    const { transitions } = trackRings(prev, cur, ctx);
    const ids = transitions.map((t) => t.ring.id);
    expect(new Set(ids).size).toBe(ids.length);
    const lineage = matchRings(
      prev,
      cur.map((r) => ({ claims: r.claims, identities: [] }))
    );
    expect(lineage.carriedBy.filter((c) => c >= 0)).toHaveLength(2);
  });

  it('caps the history at historyLimit points', () => {
    let prev = [tracked(ring(claims(1, 3)))];
    for (let i = 0; i < 5; i++) {
      const { transitions } = trackRings(
        prev,
        [ring(claims(1, 4 + i))],
        { ...ctx, runId: `run-${i}` },
        { historyLimit: 3 }
      );
      prev = [toTracked(transitions[0]!.ring, first)];
    }
    expect(prev[0]!.history.map((h) => h.run)).toEqual(['run-2', 'run-3', 'run-4']);
  });

  it('refuses a run already in the state', () => {
    const doc = runDoc([ring(claims(1, 3))]);
    const once = monitorRun({
      state: emptyState(),
      previousRings: [],
      doc,
      actions: [],
      dataVersion: null,
      deliver: false
    });
    expect(() =>
      monitorRun({ state: once.state, previousRings: [], doc, actions: [], dataVersion: null, deliver: false })
    ).toThrow(/ringsight\/monitor: .*already/);
  });
});
