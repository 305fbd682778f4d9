/**
 * ringsight/viewer/pages/entity-page
 * ==================================
 *
 * One entity (a person, phone, plate, account or organisation found by
 * search or opened from a ring): the rings it belongs to and its bounded
 * neighbourhood from the store, in the same workspace as a ring. Switching
 * identities keeps the graph as the analyst left it, as on the ring page.
 */
import { api } from '../api/client.js';
import type { EntityResponse } from '../api/types.js';
import { h, replace } from '../components/dom.js';
import { errorView } from '../components/error-view.js';
import { shapeIcon } from '../components/shape-icon.js';
import { annotateRing } from '../graph/annotate.js';
import { applyCentrality, createGraph, mergePayload } from '../graph/model.js';
import { label, listSeparator, t } from '../i18n/index.js';
import { session } from '../state/session.js';
import type { Page } from './page.js';
import { scoreBadge } from './rings-page.js';
import { unmaskRefused } from './ring-page.js';
import { dismissToast } from '../components/error-view.js';
import { snapshotGraph, type GraphSnapshot } from '../graph/interactions/carry-over.js';
import { Workspace } from './workspace.js';

const HOPS = 2;
const LIMIT = 200;

export class EntityPage implements Page {
  readonly el = h('div', { class: 'page entity-page' });
  private readonly header = h('header', { class: 'ring-header' });
  private readonly body = h('div', { class: 'ring-body' });
  private data: EntityResponse | null = null;
  private workspace: Workspace | null = null;
  private generation = 0;
  private readonly unsubscribe: () => void;
  /** The graph to put back when the identity switch reloads the page (as on the ring page). */
  private carry: GraphSnapshot | null = null;

  constructor(
    private readonly type: string,
    private readonly key: string
  ) {
    this.el.append(this.header, this.body);
    this.renderHeader();
    this.unsubscribe = session.subscribe((next, prev) => {
      if (next && prev && (next.unmask !== prev.unmask || next.caseReference !== prev.caseReference)) void this.load();
    });
    queueMicrotask(() => void this.load());
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    if (this.workspace) {
      this.carry = snapshotGraph(this.workspace.view);
      this.body.querySelector('[data-layout]')?.setAttribute('data-layout', 'reloading');
    } else replace(this.body, h('p', { class: 'loading' }, t('list.loading')));
    try {
      const data = await api.entity(this.type, this.key, HOPS, LIMIT);
      if (generation !== this.generation) return;
      this.data = data;
    } catch (error) {
      if (generation !== this.generation) return;
      if (unmaskRefused(error)) return;
      this.workspace?.destroy();
      this.workspace = null;
      replace(
        this.body,
        errorView(error, () => void this.load())
      );
      return;
    }
    if (session.get()?.unmask) dismissToast('unmask-refused');
    this.workspace?.destroy();
    this.workspace = null;
    this.renderHeader();
    replace(this.body);
    const carry = this.carry;
    const graph = createGraph();
    mergePayload(graph, this.data.neighbourhood ?? { nodes: [], edges: [] });
    applyCentrality(graph, null);
    annotateRing(graph, null);
    const title = (): string => t('entity.title', { type: label('type', this.type), key: this.entityLabel() });
    try {
      this.workspace = new Workspace(
        this.body,
        graph,
        null,
        { title, fileName: `${this.type}-${this.key.replace(/[^\w.-]+/g, '_').slice(0, 40)}.png` },
        carry
      );
      if (carry) {
        await this.workspace.ready;
        if (generation === this.generation) this.carry = null;
        return;
      }
      const self = `${this.type}:${this.key}`;
      const focus = graph.hasNode(self) ? self : String(this.data.entity.id ?? '');
      if (graph.hasNode(focus)) this.workspace.view.select(focus);
    } catch (error) {
      replace(this.body, errorView(error));
    }
  }

  private entityLabel(): string {
    const e = this.data?.entity;
    const name = e && typeof e.name === 'string' ? e.name : null;
    const key = e && typeof e.key === 'string' ? e.key : this.key;
    return name ? `${name} (${key})` : key;
  }

  private renderHeader(): void {
    const rings = this.data?.rings ?? [];
    replace(
      this.header,
      h('a', { class: 'back', href: '#/rings' }, t('ring.back')),
      h(
        'h1',
        null,
        shapeIcon(this.type, 20),
        ' ',
        t('entity.title', { type: label('type', this.type), key: this.entityLabel() })
      ),
      this.data?.entity.masked === true ? h('span', { class: 'badge masked' }, t('graph.masked')) : null,
      this.data
        ? h(
            'span',
            { class: 'facts' },
            t('entity.rings'),
            ': ',
            rings.length
              ? rings.map((r, i) => [
                  i ? listSeparator() : '',
                  h('a', { href: `#/ring/${encodeURIComponent(r.id)}` }, r.id),
                  typeof r.score === 'number' ? [' ', scoreBadge(r.score, Boolean(r.flagged))] : null
                ])
              : t('entity.noRings')
          )
        : null
    );
  }

  relabel(): void {
    this.renderHeader();
    this.workspace?.relabel();
  }

  destroy(): void {
    this.generation++;
    this.unsubscribe();
    this.workspace?.destroy();
  }
}
