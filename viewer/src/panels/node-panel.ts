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
import { shapeIcon } from '../components/shape-icon.js';
import { day, money, num } from '../format.js';
import { partiesOf, roleColour } from '../graph/annotate.js';
import type { GraphView } from '../graph/graph-view.js';
import { ORGANISATION_TYPES } from '../graph/interactions/collapse.js';
import { joinList, label, regionLabel, t, type MessageKey } from '../i18n/index.js';
import { navigate } from '../state/route.js';

const LIST_LIMIT = 40;
const HIDDEN_ATTRS = new Set(['masked', 'id', 'type', 'key', 'label', 'members', 'roles']);

const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

export function formatAttribute(name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return joinList(value.map((v) => formatAttribute(name, v)));
  if (typeof value === 'boolean') return value ? t('panel.yes') : t('panel.no');
  if (typeof value === 'object') return JSON.stringify(value);
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'bigint'
        ? String(value)
        : JSON.stringify(value);
  if (name === 'region' || name === 'regions' || name === 'prefecture') return regionLabel(text);
  if (name === 'product') return label('product', text);
  if (name === 'status') return label('claimStatus', text);
  if (name === 'roles' || name === 'role') return label('role', text);
  if ((name === 'claimed' || name === 'paid') && typeof value === 'number') return money(value);
  if (/date|start/i.test(name)) return day(text);
  return text;
}

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

  private neighbourList(node: string, kind: string): HTMLElement {
    const graph = this.view.graph;
    const rows: HTMLElement[] = [];
    let total = 0;
    graph.forEachEdge(node, (_e, attrs, s, t2) => {
      const other = s === node ? t2 : s;
      const b = graph.getNodeAttributes(other);
      // A claim lists its parties; a party lists its claims.
      if ((kind === 'claim') === (b.kind === 'claim')) return;
      total++;
      if (rows.length >= LIST_LIMIT) return;
      const facts =
        b.kind === 'claim'
          ? [
              day(textOf(b.attributes.accidentDate ?? b.attributes.date)),
              typeof b.attributes.claimed === 'number' ? money(b.attributes.claimed) : ''
            ]
          : [label('type', b.kind)];
      rows.push(
        h(
          'li',
          null,
          h(
            'button',
            { class: 'link node-link', dataset: { node: other }, on: { click: () => this.view.select(other) } },
            shapeIcon(b.kind, 11),
            ' ',
            b.label ?? b.key
          ),
          h(
            'span',
            { class: 'muted' },
            ' ',
            [...attrs.roles.map((r) => label('role', r)), ...facts].filter(Boolean).join(' · ')
          )
        )
      );
    });
    if (total > rows.length) rows.push(h('li', { class: 'muted' }, `+${total - rows.length}`));
    return rows.length ? h('ul', { class: 'plain-list' }, rows) : h('p', { class: 'muted' }, t('panel.none'));
  }

  /** A claim's card: each party with the role it played, the paid account, providers. */
  private whoWasWho(node: string): HTMLElement {
    const parties = partiesOf(this.view.graph, node);
    if (!parties.length) return h('p', { class: 'muted' }, t('panel.none'));
    return h(
      'table',
      { class: 'who-was-who' },
      h(
        'tbody',
        null,
        parties.map((p) =>
          h(
            'tr',
            { dataset: { node: p.node } },
            h(
              'th',
              { scope: 'row' },
              p.kind === 'bank_account'
                ? label('role', 'payee')
                : joinList(p.roles.map((r) => label('role', r))) || label('type', p.kind)
            ),
            h(
              'td',
              null,
              h('span', { class: 'role-swatch', style: { background: roleColour(p.roles, p.kind) } }),
              h(
                'button',
                { class: 'link node-link', dataset: { node: p.node }, on: { click: () => this.view.select(p.node) } },
                shapeIcon(p.kind, 11),
                ' ',
                p.label
              ),
              p.memberNo && !p.label.includes(p.memberNo) ? h('span', { class: 'muted' }, ` ${p.memberNo}`) : null
            )
          )
        )
      )
    );
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
    // Centrality has its own row when the ring sent it; the raw figures would repeat it.
    const attrs = Object.entries(a.attributes).filter(
      ([k]) => !HIDDEN_ATTRS.has(k) && !(a.centrality && (k === 'degree' || k === 'betweenness'))
    );
    const shownKey = typeof a.attributes.key === 'string' ? a.attributes.key : a.key;
    const evidence = this.evidenceFor(node);
    const roles = new Set<string>(a.roles);
    graph.forEachEdge(node, (_e, ea) => ea.roles.forEach((r) => roles.add(r)));
    const rings = this.rings.get(node);
    const section = (title: string, ...content: Array<Node | null>): HTMLElement =>
      h('section', null, h('h3', null, title), content);

    replace(
      this.el,
      h(
        'header',
        { class: 'node-head' },
        shapeIcon(a.kind, 18),
        h(
          'div',
          null,
          h(
            'div',
            { class: 'node-type' },
            label('type', a.kind),
            a.organiser
              ? h('span', { class: 'badge organiser', title: t('graph.organiser') }, `★ ${t('graph.organiser')}`)
              : null,
            a.memberNo ? h('span', { class: 'badge member-no' }, a.memberNo) : null,
            a.masked ? h('span', { class: 'badge masked', title: t('graph.masked') }, t('graph.masked')) : null
          ),
          h('div', { class: 'node-title' }, a.label ?? a.key)
        ),
        h(
          'button',
          {
            class: 'icon close',
            'aria-label': t('panel.close'),
            title: t('panel.close'),
            on: { click: () => this.view.select(null) }
          },
          '×'
        )
      ),
      isGroup
        ? h('p', null, t('panel.groupMembers', { count: Number(a.attributes.members ?? 0) }))
        : h(
            'dl',
            { class: 'attrs' },
            h('dt', null, t('panel.key')),
            h('dd', { class: 'mono' }, shownKey),
            attrs.flatMap(([k, v]) => [h('dt', null, label('attr', k)), h('dd', null, formatAttribute(k, v))]),
            a.centrality
              ? [
                  h('dt', null, t('panel.centrality')),
                  h('dd', null, `${num(a.centrality.degree, 3)} / ${num(a.centrality.betweenness, 3)}`)
                ]
              : null
          ),
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
      a.kind === 'claim' ? section(t('panel.whoWasWho'), this.whoWasWho(node)) : null,
      isGroup
        ? null
        : section(
            t('panel.roles'),
            roles.size
              ? h('p', null, joinList([...roles].map((r) => label('role', r))))
              : h('p', { class: 'muted' }, t('panel.none'))
          ),
      isGroup || a.kind === 'claim' ? null : section(t('panel.claims'), this.neighbourList(node, a.kind)),
      this.ring && !isGroup
        ? section(
            t('panel.evidence'),
            evidence.length
              ? h(
                  'ul',
                  { class: 'plain-list' },
                  evidence.map((e) =>
                    h(
                      'li',
                      null,
                      h(
                        'button',
                        {
                          class: 'link',
                          dataset: { signal: e.signal },
                          on: { click: () => this.hooks.toggleSignal?.(e) }
                        },
                        label('signal', e.signal)
                      ),
                      h('span', { class: 'muted' }, ' ', t('ring.contribution', { points: num(e.contribution, 1) }))
                    )
                  )
                )
              : h('p', { class: 'muted' }, t('panel.noEvidence'))
          )
        : null,
      rings
        ? section(
            t('panel.rings'),
            rings.length
              ? h(
                  'ul',
                  { class: 'plain-list' },
                  rings.map((r) =>
                    h(
                      'li',
                      null,
                      h('a', { href: `#/ring/${encodeURIComponent(r.id)}` }, r.id),
                      r.score !== undefined
                        ? h('span', { class: 'muted' }, ` ${t('ring.score', { score: Math.round(r.score) })}`)
                        : null
                    )
                  )
                )
              : h('p', { class: 'muted' }, t('entity.noRings'))
          )
        : null
    );
  }
}
