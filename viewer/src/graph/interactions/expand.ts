/**
 * ringsight/viewer/graph/interactions/expand
 * ==========================================
 *
 * Pulls a node's neighbourhood from the store into the view, bounded: one hop,
 * a first page of neighbours, then "show more" doubling the page up to a cap,
 * and a ceiling on the whole view so a hub (a big hospital) cannot flood the
 * canvas. New nodes appear around the node they were expanded from.
 */
import { api } from '../../api/client.js';
import type { EntityResponse } from '../../api/types.js';
import { annotateRing } from '../annotate.js';
import { applyCentrality, mergePayload, type RingGraph } from '../model.js';

export const FIRST_PAGE = 50;
export const MAX_PAGE = 800;
export const MAX_VIEW_NODES = 6000;

export interface ExpandResult {
  added: number;
  /** The store holds more neighbours than were fetched. */
  more: boolean;
  response: EntityResponse;
}

export class Expander {
  private readonly limits = new Map<string, number>();

  constructor(private readonly graph: RingGraph) {}

  async expand(node: string, showMore = false): Promise<ExpandResult> {
    const colon = node.indexOf(':');
    const type = node.slice(0, colon);
    const key = node.slice(colon + 1);
    const previous = this.limits.get(node);
    const limit = showMore && previous ? Math.min(MAX_PAGE, previous * 2) : (previous ?? FIRST_PAGE);
    const room = Math.max(0, MAX_VIEW_NODES - this.graph.order);
    const response = await api.entity(type, key, 1, Math.min(limit, Math.max(room, 1)));
    this.limits.set(node, limit);
    const at = this.graph.hasNode(node) ? this.graph.getNodeAttributes(node) : undefined;
    const payload = response.neighbourhood ?? { nodes: [], edges: [] };
    const nodes = payload.nodes.slice(0, room + payload.nodes.filter((n) => this.graph.hasNode(n.id)).length);
    const added = mergePayload(
      this.graph,
      { nodes, edges: payload.edges },
      { around: at ? { x: at.x, y: at.y } : undefined }
    );
    if (added.length) {
      applyCentrality(this.graph, null);
      annotateRing(this.graph, null);
    }
    const more = Boolean(payload.more) && limit < MAX_PAGE && this.graph.order < MAX_VIEW_NODES;
    if (!more) this.limits.set(node, MAX_PAGE);
    return { added: added.length, more, response };
  }
}
