/**
 * ringsight/viewer/panels/node-panel
 * ==================================
 *
 * The side panel for the clicked node: its attributes as the API sent them
 * (already masked for the user's role — the viewer never unmasks), its
 * claims or parties with their roles, the ring's signals that involve it, and
 * the actions that change the view around it (expand from the store, show
 * more, collapse an organisation, expand a group).
 */
import { onEscape } from '../state/escape.js';
import type { Evidence, RingDetail } from '../api/types.js';
import { h, replace } from '../components/dom.js';
import { toast, toastError } from '../components/error-view.js';
import type { GraphView } from '../graph/graph-view.js';
import { ORGANISATION_TYPES } from '../graph/interactions/collapse.js';
import { joinList, label, t, type MessageKey } from '../i18n/index.js';
import { navigate } from '../state/route.js';
import { nodeFacts, nodeHead } from './node-details.js';
import { evidenceList, neighbourList, ringList, whoWasWho } from './node-sections.js';

export { formatAttribute } from './node-details.js';

export interface NodePanelHooks {
  /** The ring's evidence panel, so a signal clicked here highlights the same way. */
  toggleSignal?: (e: Evidence) => void;
  /** Something in the graph changed shape (expansion): legend and slider re-read it. */
  graphChanged?: () => void;
}

export class NodePanel {
  readonly el = h('aside', { class: 'panel node-panel', 'aria-live': 'polite', hidden: true });
  private node: string | null = null;
  private busy = false;
  /** Kept as a key, not text, so a language switch relabels it. */
  private status: { key: MessageKey; count?: number } | null = null;
  private more = new Set<string>();
  private rings = new Map<string, Array<{ id: string; score?: number }>>();
  /** The node a shortest path starts from (set from its panel), and the last path's length. */
  private pathFrom: string | null = null;
  private pathStatus: { key: 'panel.pathShown' | 'panel.pathNone'; steps: number } | null = null;

  constructor(
    private readonly view: GraphView,
    private readonly ring: RingDetail | null,
    private readonly hooks: NodePanelHooks = {}
  ) {}

  /** Releases the Esc handler while the panel is open (Esc closes it: state/escape.ts). */
  private releaseEscape: (() => void) | null = null;

  show(node: string | null): void {
    if (node !== this.node) {
      this.status = null;
      this.pathStatus = null;
    }
    this.node = node;
    if (node && !this.releaseEscape) this.releaseEscape = onEscape(() => this.view.select(null));
    if (!node) this.dropEscape();
    this.render();
  }

  private dropEscape(): void {
    this.releaseEscape?.();
    this.releaseEscape = null;
  }

  /** The page is going away: Esc must not call into a dead view. */
  destroy(): void {
    this.dropEscape();
  }

  private async expand(node: string, more: boolean): Promise<void> {
    this.busy = true;
    this.render();
    try {
      const result = await this.view.expandNeighbourhood(node, more);
      if (result.more) this.more.add(node);
      else this.more.delete(node);
      this.rings.set(
        node,
        (result.response.rings ?? []).map((r) => ({ id: r.id, score: r.score }))
      );
      this.status = result.added > 0 ? { key: 'panel.added', count: result.added } : { key: 'panel.nothingNew' };
      toast(t(this.status.key, { count: this.status.count ?? 0 }));
      this.hooks.graphChanged?.();
    } catch (error) {
      toastError(error);
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private showPath(to: string): void {
    if (!this.pathFrom) return;
    const path = this.view.showPath(this.pathFrom, to);
    this.pathStatus = path ? { key: 'panel.pathShown', steps: path.length - 1 } : { key: 'panel.pathNone', steps: 0 };
    this.render();
  }

  private evidenceFor(node: string): Evidence[] {
    if (!this.ring) return [];
    return this.ring.evidence.filter(
      (e) =>
        e.refs.includes(node) ||
        (e.refs.length > 0 &&
          this.view.graph.getNodeAttribute(node, 'kind') === 'claim' &&
          e.refs.some((r) => this.view.graph.hasNode(r) && this.view.graph.areNeighbors(r, node)))
    );
  }

  render(): void {
    const node = this.node;
    const graph = this.view.graph;
    if (!node || !graph.hasNode(node)) {
      this.el.hidden = true;
      replace(this.el);
      return;
    }
    this.el.hidden = false;
    const a = graph.getNodeAttributes(node);
    const isGroup = a.kind === 'group';
    const evidence = this.evidenceFor(node);
    const roles = new Set<string>(a.roles);
    graph.forEachEdge(node, (_e, ea) => ea.roles.forEach((r) => roles.add(r)));
    const rings = this.rings.get(node);
    const section = (title: string, ...content: Array<Node | null>): HTMLElement =>
      h('section', null, h('h3', null, title), content);
    const select = (n: string): void => this.view.select(n);

    replace(
      this.el,
      nodeHead(a, () => this.view.select(null)),
      nodeFacts(a),
      h(
        'div',
        { class: 'actions' },
        isGroup
          ? h(
              'button',
              {
                class: 'primary',
                dataset: { action: 'expand-group' },
                on: { click: () => this.view.expandGroup(node) }
              },
              t('panel.expandGroup')
            )
          : h(
              'button',
              {
                class: 'primary',
                disabled: this.busy,
                dataset: { action: 'expand' },
                on: { click: () => void this.expand(node, false) }
              },
              this.busy ? t('panel.loading') : t('panel.expand')
            ),
        this.more.has(node)
          ? h(
              'button',
              { disabled: this.busy, dataset: { action: 'more' }, on: { click: () => void this.expand(node, true) } },
              t('panel.showMore')
            )
          : null,
        ORGANISATION_TYPES.has(a.kind)
          ? h(
              'button',
              {
                dataset: { action: 'collapse-org' },
                on: { click: () => this.view.collapseOrganisation(node, a.label ?? a.key) }
              },
              t('panel.collapseOrg')
            )
          : null,
        !isGroup && a.kind !== 'claim'
          ? h(
              'button',
              { class: 'link', on: { click: () => navigate({ name: 'entity', type: a.kind, key: a.key }) } },
              t('panel.openEntity')
            )
          : null,
        !isGroup
          ? h(
              'button',
              {
                dataset: { action: 'path-from' },
                disabled: this.pathFrom === node,
                on: {
                  click: () => {
                    this.pathFrom = node;
                    this.render();
                  }
                }
              },
              t('panel.pathFrom')
            )
          : null,
        !isGroup && this.pathFrom && this.pathFrom !== node && graph.hasNode(this.pathFrom)
          ? h(
              'button',
              { class: 'primary', dataset: { action: 'path-to' }, on: { click: () => this.showPath(node) } },
              t('panel.pathTo', { from: graph.getNodeAttribute(this.pathFrom, 'label') ?? this.pathFrom })
            )
          : null
      ),
      this.status ? h('p', { class: 'muted' }, t(this.status.key, { count: this.status.count ?? 0 })) : null,
      this.pathStatus
        ? h('p', { class: 'path-status', role: 'status' }, t(this.pathStatus.key, { steps: this.pathStatus.steps }))
        : null,
      a.kind === 'claim' ? section(t('panel.whoWasWho'), whoWasWho(graph, node, select)) : null,
      isGroup
        ? null
        : section(
            t('panel.roles'),
            roles.size
              ? h('p', null, joinList([...roles].map((r) => label('role', r))))
              : h('p', { class: 'muted' }, t('panel.none'))
          ),
      isGroup || a.kind === 'claim' ? null : section(t('panel.claims'), neighbourList(graph, node, a.kind, select)),
      this.ring && !isGroup
        ? section(
            t('panel.evidence'),
            evidenceList(evidence, (e) => this.hooks.toggleSignal?.(e))
          )
        : null,
      rings ? section(t('panel.rings'), ringList(rings)) : null
    );
  }
}
