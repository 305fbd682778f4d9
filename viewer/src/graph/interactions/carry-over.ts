/**
 * ringsight/viewer/graph/interactions/carry-over
 * ==============================================
 *
 * Keeping the analyst's graph when the identity switch reloads it. A masked
 * view names people, phones, accounts and plates by per-caller handles and an
 * unmasked one by their keys, so node ids do not survive the switch; claims
 * (and providers) keep theirs. A node is therefore recognised by what it is
 * tied to: its type and the claims it is on, with its roles — the same in
 * both views. The snapshot records, by that signature, where every node was,
 * which nodes were expanded (in order, and how far), which groups were
 * collapsed, the selection, hidden types, the date window and the camera;
 * restoring replays the expansions through the API (so they come back masked
 * or not as the new view is) and puts everything back.
 */
import type { GraphView } from '../graph-view.js';
import type { RingGraph } from '../model.js';
import { isGroup } from './collapse.js';

export interface GraphSnapshot {
  positions: Map<string, { x: number; y: number }>;
  expansions: Array<{ node: string; more: boolean }>;
  groups: Array<{ name: string; label: string; members: string[] }>;
  selected: string | null;
  hiddenTypes: string[];
  timeRange: [number, number] | null;
  camera: { x: number; y: number; ratio: number; angle: number };
}

/** Types whose node ids differ between a masked and an unmasked view. */
const PERSONAL = new Set(['person', 'phone', 'bank_account', 'vehicle']);

/** Node id → signature, unique within the graph (repeats get #2, #3 in graph order). */
export function signatures(graph: RingGraph): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Map<string, number>();
  graph.forEachNode((node, a) => {
    if (isGroup(node)) return;
    let sig: string;
    if (!PERSONAL.has(a.kind) && !node.includes(':~')) sig = node;
    else {
      const ties: string[] = [];
      graph.forEachEdge(node, (_e, attrs, s, t) => {
        const other = s === node ? t : s;
        if (!isGroup(other) && graph.getNodeAttribute(other, 'kind') === 'claim')
          ties.push(`${other}/${[...attrs.roles].sort().join('+')}`);
      });
      sig = `${a.kind}|${ties.sort().join(',')}`;
    }
    const n = (seen.get(sig) ?? 0) + 1;
    seen.set(sig, n);
    out.set(node, n === 1 ? sig : `${sig}#${n}`);
  });
  return out;
}

function invert(map: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [node, sig] of map) out.set(sig, node);
  return out;
}

export function snapshotGraph(view: GraphView): GraphSnapshot {
  const graph = view.graph;
  const sig = signatures(graph);
  const positions = new Map<string, { x: number; y: number }>();
  graph.forEachNode((node, a) => {
    const s = sig.get(node);
    if (s) positions.set(s, { x: a.x, y: a.y });
  });
  const groups: GraphSnapshot['groups'] = [];
  graph.forEachNode((node, a) => {
    if (!isGroup(node)) return;
    const members = graph
      .filterNodes((_m, b) => b.groupedIn === node)
      .map((m) => sig.get(m)!)
      .filter(Boolean);
    groups.push({ name: a.key, label: (a.label ?? a.key).replace(/ \(\d+\)$/, ''), members });
  });
  const camera = view.renderer.getCamera().getState();
  return {
    positions,
    expansions: view.expansions.map((e) => ({ node: sig.get(e.node) ?? e.node, more: e.more })),
    groups,
    selected: view.state.selected ? (sig.get(view.state.selected) ?? view.state.selected) : null,
    hiddenTypes: [...view.state.hiddenTypes],
    timeRange: view.state.timeRange,
    camera: { x: camera.x, y: camera.y, ratio: camera.ratio, angle: camera.angle }
  };
}

function place(graph: RingGraph, snapshot: GraphSnapshot): number {
  let placed = 0;
  for (const [node, s] of signatures(graph)) {
    const at = snapshot.positions.get(s);
    if (at) {
      graph.mergeNodeAttributes(node, at);
      placed++;
    }
  }
  return placed;
}

/**
 * Puts a snapshot back on a freshly loaded view. Returns how many nodes could
 * not be placed where they were (the caller lays those out).
 */
export async function restoreGraph(view: GraphView, snapshot: GraphSnapshot): Promise<number> {
  const graph = view.graph;
  place(graph, snapshot);
  for (const e of snapshot.expansions) {
    const node = invert(signatures(graph)).get(e.node);
    if (!node) continue;
    try {
      await view.expandNeighbourhood(node, e.more, false);
    } catch {
      // An expansion the new view may not make (a handle from before) is left out, not fatal.
    }
    place(graph, snapshot);
  }
  const bySig = invert(signatures(graph));
  for (const g of snapshot.groups) {
    const members = g.members.map((m) => bySig.get(m)).filter((m): m is string => m !== undefined);
    view.collapseNodes(g.name, g.label, members);
  }
  for (const kind of snapshot.hiddenTypes) view.state.hiddenTypes.add(kind);
  view.state.timeRange = snapshot.timeRange;
  view.state.recompute();
  view.renderer.getCamera().setState(snapshot.camera);
  view.select(
    snapshot.selected
      ? (bySig.get(snapshot.selected) ?? (graph.hasNode(snapshot.selected) ? snapshot.selected : null))
      : null
  );
  let unplaced = 0;
  for (const [, s] of signatures(graph)) if (!snapshot.positions.has(s)) unplaced++;
  return unplaced;
}
