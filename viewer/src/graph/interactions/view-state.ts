/**
 * ringsight/viewer/graph/interactions/view-state
 * ==============================================
 *
 * What the analyst has asked to see — hidden types, a claim date window,
 * hover, selection, a highlighted signal — and the sigma reducers that turn
 * it into display data. Visibility is computed once per filter change, not in
 * the reducer: reducers run for every node on every refresh, and a 5,000-node
 * neighbourhood must stay cheap to redraw.
 */
import type Graph from 'graphology';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import { DIM_EDGE, DIM_NODE, HIGHLIGHT_EDGE } from '../styles/palette.js';
import type { EdgeAttrs, NodeAttrs } from '../model.js';

export interface Highlight {
  /** Which signal (or other source) asked for it, so a second click can toggle it off. */
  source: string;
  nodes: Set<string>;
  edges: Set<string>;
}

export class ViewState {
  hiddenTypes = new Set<string>();
  /** Inclusive window of claim accident days (days since epoch); null shows every claim. */
  timeRange: [number, number] | null = null;
  hovered: string | null = null;
  selected: string | null = null;
  highlight: Highlight | null = null;

  private hidden = new Set<string>();
  /** Outside the date window alone (types and groups aside): what the legend leaves out of its counts. */
  private outOfWindow = new Set<string>();
  private hoverNeighbours = new Set<string>();

  constructor(private readonly graph: Graph<NodeAttrs, EdgeAttrs>) {}

  isHidden(node: string): boolean {
    return this.hidden.has(node);
  }

  inWindow(node: string): boolean {
    return !this.outOfWindow.has(node);
  }

  /**
   * Recomputes which nodes are hidden: their type is switched off, they sit
   * inside a collapsed group, they are claims outside the date window, or
   * every claim they take part in is hidden (an entity alone on the canvas,
   * cut from the claims that tie it to the ring, would only mislead).
   */
  recompute(): void {
    const graph = this.graph;
    const hidden = new Set<string>();
    const range = this.timeRange;
    graph.forEachNode((node, a) => {
      if (this.hiddenTypes.has(a.kind) || a.groupedIn) hidden.add(node);
      else if (range && a.kind === 'claim' && a.day !== null && (a.day < range[0] || a.day > range[1]))
        hidden.add(node);
    });
    if (range) {
      graph.forEachNode((node, a) => {
        if (hidden.has(node) || a.kind === 'claim' || a.kind === 'group') return;
        let claims = 0;
        let shown = 0;
        graph.forEachNeighbor(node, (other, b) => {
          if (b.kind !== 'claim') return;
          claims++;
          if (!hidden.has(other)) shown++;
        });
        if (claims > 0 && shown === 0) hidden.add(node);
      });
    }
    this.hidden = hidden;
    this.outOfWindow = this.windowed(range);
    if (this.selected && hidden.has(this.selected)) this.selected = null;
  }

  /** Claims outside the window, and entities all of whose claims are. */
  private windowed(range: [number, number] | null): Set<string> {
    const out = new Set<string>();
    if (!range) return out;
    const graph = this.graph;
    graph.forEachNode((node, a) => {
      if (a.kind === 'claim' && a.day !== null && (a.day < range[0] || a.day > range[1])) out.add(node);
    });
    graph.forEachNode((node, a) => {
      if (a.kind === 'claim' || a.kind === 'group') return;
      let claims = 0;
      let inside = 0;
      graph.forEachNeighbor(node, (other, b) => {
        if (b.kind !== 'claim') return;
        claims++;
        if (!out.has(other)) inside++;
      });
      if (claims > 0 && inside === 0) out.add(node);
    });
    return out;
  }

  setHovered(node: string | null): void {
    this.hovered = node;
    this.hoverNeighbours = node && this.graph.hasNode(node) ? new Set(this.graph.neighbors(node)) : new Set();
  }

  /** The set a node must belong to in order not to be dimmed, or null when nothing is focused. */
  private focusHas(node: string): boolean | null {
    if (this.hovered) return node === this.hovered || this.hoverNeighbours.has(node);
    if (this.highlight) return this.highlight.nodes.has(node);
    return null;
  }

  nodeReducer = (node: string, data: NodeAttrs): Partial<NodeDisplayData> => {
    const out = data as unknown as NodeDisplayData & NodeAttrs;
    if (this.hidden.has(node)) {
      out.hidden = true;
      return out;
    }
    const focus = this.focusHas(node);
    if (focus === false) {
      out.color = DIM_NODE;
      out.label = null;
      out.zIndex = 0;
    } else if (focus === true) {
      out.zIndex = 2;
      if (this.highlight && !this.hovered) out.forceLabel = true;
    } else {
      out.zIndex = 1;
      // Labels go to who, not to claim numbers: a claim is named when it is focused or selected.
      if (data.kind === 'claim') out.label = null;
    }
    if (data.organiser && focus !== false) {
      out.forceLabel = true;
      out.zIndex = Math.max(out.zIndex ?? 0, 2);
    }
    if (node === this.selected) {
      out.highlighted = true;
      out.forceLabel = true;
      out.zIndex = 3;
    }
    return out;
  };

  edgeReducer = (edge: string, data: EdgeAttrs): Partial<EdgeDisplayData> => {
    const out = data as unknown as EdgeDisplayData & EdgeAttrs;
    if (this.hovered) {
      const [source, target] = this.graph.extremities(edge);
      if (source === this.hovered || target === this.hovered) {
        out.color = '#495057';
        out.size = 2;
        out.zIndex = 1;
      } else out.color = DIM_EDGE;
    } else if (this.highlight) {
      if (this.highlight.edges.has(edge)) {
        out.color = HIGHLIGHT_EDGE;
        out.size = 3;
        out.zIndex = 1;
      } else out.color = DIM_EDGE;
    }
    return out;
  };
}

/**
 * What a signal's refs point at. Refs are mostly entities (the shared phone,
 * the role-switching person); the claims they appear on, and the edges to
 * them, are what shows *how* the signal is carried, so those join the
 * highlight. A signal without refs (ring size, cross-region) is carried by
 * the ring's claims as a whole.
 */
export function highlightFor(graph: Graph<NodeAttrs, EdgeAttrs>, source: string, refs: readonly string[]): Highlight {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  if (refs.length === 0) {
    graph.forEachNode((node, a) => {
      if (a.kind === 'claim' && a.inRing) nodes.add(node);
    });
    return { source, nodes, edges };
  }
  for (const ref of refs) if (graph.hasNode(ref)) nodes.add(ref);
  for (const node of [...nodes]) {
    graph.forEachEdge(node, (edge, _a, s, t) => {
      const other = s === node ? t : s;
      if (nodes.has(other) || graph.getNodeAttribute(other, 'kind') === 'claim') {
        nodes.add(other);
        edges.add(edge);
      }
    });
  }
  return { source, nodes, edges };
}
