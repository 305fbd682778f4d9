/**
 * ringsight/viewer/graph/graph-view
 * =================================
 *
 * One interactive graph on the page: the sigma renderer, the view state its
 * reducers read, the ForceAtlas2 runner, and the operations the panels call
 * (select, highlight a signal, hide types, date window, collapse, expand,
 * export). Panels never touch sigma directly; they call this and listen to
 * its `change` and `select` events, which keeps rendering concerns in graph/.
 */
import type { Settings } from 'sigma/settings';
import { downloadPng, type ExportDecoration } from './export-png.js';
import { downloadSvg } from './export-svg.js';
import { collapse, expand as expandGroup, organisationMembers } from './interactions/collapse.js';
import { Expander, type ExpandResult } from './interactions/expand.js';
import { pathEdges, shortestPath } from './interactions/path.js';
import { highlightFor, ViewState } from './interactions/view-state.js';
import { LayoutRunner, type LayoutState } from './layout/fa2.js';
import type { EdgeAttrs, NodeAttrs, RingGraph } from './model.js';
import type { LabelBox } from './label-placer.js';
import { createRenderer, labelPlacerOf, type RingSigma } from './renderer.js';
import { setOnScreen } from '../state/on-screen.js';

export interface GraphViewEvents {
  /** Selection changed (node id or null). */
  select?: (node: string | null) => void;
  /** Layout state, counts or grouping changed: toolbars re-read them. */
  change?: () => void;
}

export class GraphView {
  readonly state: ViewState;
  readonly renderer: RingSigma;
  readonly layout: LayoutRunner;
  readonly expander: Expander;
  /** Nodes expanded from the store, in order (`more`: "show more"), so a reload can replay them. */
  readonly expansions: Array<{ node: string; more: boolean }> = [];
  private readonly listeners: GraphViewEvents;
  private refreshFrame = 0;
  private readonly resizeObserver: ResizeObserver | null;

  /** `settings` override the renderer's (the FPS bench compares programs this way). */
  constructor(
    readonly graph: RingGraph,
    container: HTMLElement,
    events: GraphViewEvents = {},
    settings: Partial<Settings<NodeAttrs, EdgeAttrs>> = {}
  ) {
    this.listeners = events;
    this.state = new ViewState(graph);
    this.state.recompute();
    this.renderer = createRenderer(container, graph, {
      nodeReducer: this.state.nodeReducer,
      edgeReducer: this.state.edgeReducer,
      ...settings
    });
    this.layout = new LayoutRunner(graph, () => this.changed());
    this.expander = new Expander(graph);
    this.bindEvents();
    // Panels opening and closing change the canvas width without a window resize, which is all sigma watches.
    this.resizeObserver =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.renderer.resize(true).refresh());
    this.resizeObserver?.observe(container);
    exposeForTests(this);
    setOnScreen({
      nodes: () =>
        this.graph
          .filterNodes((n) => !this.state.isHidden(n))
          .map((n) => {
            const a = this.graph.getNodeAttributes(n);
            return { id: n, kind: a.kind, key: a.key, label: a.baseLabel ?? a.label ?? '' };
          }),
      select: (id) => this.select(id)
    });
  }

  private bindEvents(): void {
    const r = this.renderer;
    r.on('enterNode', ({ node }) => {
      this.state.setHovered(node);
      this.redraw();
      r.getContainer().style.cursor = 'pointer';
    });
    r.on('leaveNode', () => {
      this.state.setHovered(null);
      this.redraw();
      r.getContainer().style.cursor = '';
    });
    r.on('clickNode', ({ node }) => this.select(node));
    r.on('clickStage', () => this.select(null));
  }

  /** Reducers changed their answers: re-run them on the next frame (coalesces bursts of hover events). */
  redraw(): void {
    if (this.refreshFrame) return;
    this.refreshFrame = requestAnimationFrame(() => {
      this.refreshFrame = 0;
      this.renderer.refresh({ skipIndexation: true });
    });
  }

  private changed(): void {
    this.listeners.change?.();
  }

  get layoutState(): LayoutState {
    return this.layout.state;
  }

  select(node: string | null): void {
    if (node !== null && !this.graph.hasNode(node)) node = null;
    this.state.selected = node;
    this.redraw();
    this.listeners.select?.(node);
  }

  /** Highlights what carries a signal; the same source again clears it (a toggle). */
  toggleHighlight(source: string, refs: readonly string[]): boolean {
    if (this.state.highlight?.source === source) {
      this.state.highlight = null;
      this.redraw();
      return false;
    }
    this.state.highlight = highlightFor(this.graph, source, refs);
    this.redraw();
    return true;
  }

  /**
   * Highlights the shortest path between two nodes over what is shown; returns
   * it (node ids, ends included) or null when they are not connected.
   */
  showPath(from: string, to: string): string[] | null {
    const path = shortestPath(this.graph, from, to, (n) => this.state.isHidden(n));
    if (!path) return null;
    this.state.highlight = {
      source: `path:${from}|${to}`,
      nodes: new Set(path),
      edges: new Set(pathEdges(this.graph, path))
    };
    this.redraw();
    return path;
  }

  clearHighlight(): void {
    this.state.highlight = null;
    this.redraw();
  }

  setTypeVisible(kind: string, visible: boolean): void {
    if (visible) this.state.hiddenTypes.delete(kind);
    else this.state.hiddenTypes.add(kind);
    this.state.recompute();
    this.redraw();
    this.changed();
  }

  setTimeRange(range: [number, number] | null): void {
    this.state.timeRange = range;
    this.state.recompute();
    this.redraw();
    this.changed();
  }

  /** Visible node and edge counts (what the toolbar reports). */
  counts(): { nodes: number; edges: number } {
    let nodes = 0;
    let edges = 0;
    this.graph.forEachNode((n) => {
      if (!this.state.isHidden(n)) nodes++;
    });
    this.graph.forEachEdge((_e, _a, s, t) => {
      if (!this.state.isHidden(s) && !this.state.isHidden(t)) edges++;
    });
    return { nodes, edges };
  }

  relayout(): void {
    this.layout.start();
  }

  fit(): void {
    void this.renderer.getCamera().animatedReset({ duration: 400 });
  }

  private regrouped(focus: string | null): void {
    this.state.highlight = null;
    this.state.recompute();
    this.select(focus);
    this.changed();
  }

  collapseNodes(name: string, label: string, members: Iterable<string>): string | null {
    const group = collapse(this.graph, name, label, members);
    if (group) this.regrouped(group.id);
    return group?.id ?? null;
  }

  collapseOrganisation(org: string, label: string): string | null {
    return this.collapseNodes(`org:${org}`, label, organisationMembers(this.graph, org));
  }

  expandGroup(groupId: string): void {
    if (expandGroup(this.graph, groupId)) this.regrouped(null);
  }

  async expandNeighbourhood(node: string, more = false, layout = true): Promise<ExpandResult> {
    const result = await this.expander.expand(node, more);
    this.expansions.push({ node, more });
    if (result.added > 0) {
      this.state.recompute();
      // New nodes need room: a short layout run places them without reshuffling the whole ring.
      if (layout) this.layout.start(Math.min(6000, 1500 + this.graph.order));
    }
    this.changed();
    return result;
  }

  /** `scale`: the image's pixels per CSS pixel (2 or 3 for print; at least the screen's). */
  exportPng(decoration: ExportDecoration, fileName: string, scale = 2): Promise<string> {
    return downloadPng(this.renderer, decoration, fileName, scale);
  }

  /** The node labels drawn in the last frame, in viewport pixels (they never overlap). */
  labelBoxes(): LabelBox[] {
    return labelPlacerOf(this.renderer)?.boxes ?? [];
  }

  /** The whole graph (its visible part) as a vector SVG, drawn from graph positions. */
  exportSvg(decoration: ExportDecoration, fileName: string): string {
    return downloadSvg(this.graph, (n) => this.state.isHidden(n), decoration, fileName);
  }

  kill(): void {
    cancelAnimationFrame(this.refreshFrame);
    this.resizeObserver?.disconnect();
    this.layout.kill();
    this.renderer.kill();
    exposeForTests(null);
    setOnScreen(null);
  }
}

/**
 * Tests and the FPS bench drive the graph from outside (find a node on
 * screen, read the WebGL pixels). Exposing the live view costs nothing and
 * holds no data the page does not already show.
 */
function exposeForTests(view: GraphView | null): void {
  (window as unknown as { __ringsight?: { view: GraphView | null } }).__ringsight = { view };
}
