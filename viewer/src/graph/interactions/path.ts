/**
 * ringsight/viewer/graph/interactions/path
 * ========================================
 *
 * The shortest path between two entities on the canvas (how is this person
 * tied to that account?), breadth first over the visible graph. Ties go to
 * the neighbour met first in graphology's order, which is insertion order:
 * the same graph gives the same path.
 */
import type { RingGraph } from '../model.js';

/** Node ids from `from` to `to` inclusive, or null when they are not connected. */
export function shortestPath(
  graph: RingGraph,
  from: string,
  to: string,
  skip: (node: string) => boolean = () => false
): string[] | null {
  if (!graph.hasNode(from) || !graph.hasNode(to)) return null;
  if (from === to) return [from];
  const previous = new Map<string, string>([[from, from]]);
  let frontier = [from];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const other of graph.neighbors(node)) {
        if (previous.has(other) || skip(other)) continue;
        previous.set(other, node);
        if (other === to) {
          const path = [to];
          for (let at = node; at !== from; at = previous.get(at)!) path.push(at);
          path.push(from);
          return path.reverse();
        }
        next.push(other);
      }
    }
    frontier = next;
  }
  return null;
}

/** The edges along a path, as the highlight wants them. */
export function pathEdges(graph: RingGraph, path: readonly string[]): string[] {
  const edges: string[] = [];
  for (let i = 1; i < path.length; i++) {
    const e = graph.edge(path[i - 1]!, path[i]!);
    if (e !== undefined) edges.push(e);
  }
  return edges;
}
