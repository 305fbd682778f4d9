/**
 * ringsight/viewer/pages/workspace
 * ================================
 *
 * The graph workspace shared by the ring page and the entity page: sidebar
 * (signals when there is a ring, legend/type filter, time slider), toolbar and
 * canvas, and the node side panel. It wires the panels to one GraphView and
 * to each other (a node's signal in the side panel highlights like the same
 * signal in the sidebar). Given a snapshot of the graph it replaces (the
 * identity switch reloading the ring), it puts the analyst's expansions,
 * collapses, selection and filters back instead of starting over.
 */
import type { RingDetail } from '../api/types.js';
import { h } from '../components/dom.js';
import { GraphView } from '../graph/graph-view.js';
import type { RingGraph } from '../graph/model.js';
import { restoreGraph, type GraphSnapshot } from '../graph/interactions/carry-over.js';
import { webglAvailable } from '../graph/renderer.js';
import { t } from '../i18n/index.js';
import { EvidencePanel } from '../panels/evidence-panel.js';
import { LegendPanel } from '../panels/legend.js';
import { NodePanel } from '../panels/node-panel.js';
import { TimeSlider } from '../panels/time-slider.js';
import { Toolbar, type ToolbarOptions } from '../panels/toolbar.js';

export class Workspace {
  readonly el = h('div', { class: 'workspace' });
  readonly view: GraphView;
  private readonly evidence: EvidencePanel | null;
  private readonly legend: LegendPanel;
  private readonly slider: TimeSlider;
  private readonly toolbar: Toolbar;
  private readonly panel: NodePanel;

  /** `host` must already be in the document: sigma measures its container when it starts. */
  /** Settles once a carried-over graph is back in place (at once without one). */
  readonly ready: Promise<void>;

  constructor(
    host: HTMLElement,
    graph: RingGraph,
    ring: RingDetail | null,
    toolbar: ToolbarOptions,
    carry: GraphSnapshot | null = null
  ) {
    if (!webglAvailable()) throw new Error(t('err.webgl'));
    const canvas = h('div', { class: 'sigma-container', 'aria-label': toolbar.title(), role: 'img' });
    const canvasWrap = h('div', { class: 'canvas-wrap' }, canvas);
    const sidebar = h('div', { class: 'sidebar' });
    const stage = h('section', { class: 'stage' }, canvasWrap);
    // Without a ring there are no signals to explain: the canvas takes the sidebar's room.
    if (ring) this.el.append(sidebar);
    else this.el.classList.add('no-sidebar');
    this.el.append(stage);
    host.appendChild(this.el);

    this.view = new GraphView(graph, canvas, {
      select: (node) => this.panel.show(node),
      change: () => {
        this.toolbar?.render();
        this.legend?.render();
        this.evidence?.render();
      }
    });
    this.evidence = ring ? new EvidencePanel(ring, this.view) : null;
    this.legend = new LegendPanel(this.view);
    this.slider = new TimeSlider(this.view);
    this.toolbar = new Toolbar(this.view, toolbar);
    this.panel = new NodePanel(this.view, ring, {
      toggleSignal: (e) => {
        if (this.evidence) this.evidence.toggle(e);
        else this.view.toggleHighlight(`signal:${e.signal}`, e.refs);
      },
      graphChanged: () => {
        this.legend.render();
        this.slider.reset();
      }
    });
    if (this.evidence) sidebar.appendChild(this.evidence.el);
    // The legend floats over the canvas and the time slider runs under it, like a timeline.
    canvasWrap.appendChild(this.legend.el);
    stage.insertBefore(this.toolbar.el, canvasWrap);
    stage.appendChild(this.slider.el);
    this.el.appendChild(this.panel.el);
    this.ready = carry ? this.restore(carry) : Promise.resolve(this.view.relayout());
  }

  private async restore(carry: GraphSnapshot): Promise<void> {
    const unplaced = await restoreGraph(this.view, carry);
    this.slider.reset();
    this.slider.show(carry.timeRange);
    this.legend.render();
    this.toolbar.render();
    // Only what was not on the canvas before needs placing: a short run, not a fresh layout.
    if (unplaced > 0) this.view.layout.start(Math.min(4000, 1000 + 10 * unplaced));
    else this.view.layout.settle();
  }

  relabel(): void {
    this.evidence?.render();
    this.legend.render();
    this.slider.render();
    this.toolbar.render();
    this.panel.render();
  }

  destroy(): void {
    this.panel.destroy();
    this.view.kill();
  }
}
