/**
 * ringsight/viewer/pages/ring-page
 * ================================
 *
 * One ring: a header with its score, category, spread and amounts, and the
 * graph workspace. Ring detail and graph are fetched together; switching the
 * identity toggle fetches them again (the server decides what gets unmasked)
 * and keeps the analyst's graph — expansions, collapses, selection, filters
 * (graph/interactions/carry-over.ts). The old graph stays on screen until the
 * new one has arrived, so a refused unmask leaves it as it was.
 */
import { api } from '../api/client.js';
import type { GraphPayload, RingDetail } from '../api/types.js';
import { h, replace } from '../components/dom.js';
import { dismissToast, errorView, failureMessage, toast } from '../components/error-view.js';
import { snapshotGraph, type GraphSnapshot } from '../graph/interactions/carry-over.js';
import { asFailure } from '../api/errors.js';
import { day, money } from '../format.js';
import { buildRingGraph } from '../graph/model.js';
import { joinList, label, regionLabel, t } from '../i18n/index.js';
import { patchSession, session } from '../state/session.js';
import type { Page } from './page.js';
import { scoreBadge } from './rings-page.js';
import { Workspace } from './workspace.js';
import { ringName } from '../ring-name.js';
import { CaseLink } from '../components/case-link.js';

/**
 * Asking for identities can be refused (police without a case reference, a
 * role without the right) where the masked view is allowed: fall back to the
 * masked view with a message, rather than leave an error where the ring was.
 */
export function unmaskRefused(error: unknown): boolean {
  const failure = asFailure(error);
  if (failure.kind !== 'forbidden' || !session.get()?.unmask) return false;
  // Keyed: asking again replaces it rather than stacking, and a later success clears it.
  toast(
    failure.code === 'case_reference_required'
      ? t('err.caseReference')
      : t('err.unmaskRefused', { message: failureMessage(failure) }),
    'error',
    8000,
    'unmask-refused'
  );
  patchSession({ unmask: false });
  return true;
}

function organiserName(ring: RingDetail): string | null {
  const first = ring.members.find((m) => (m.id ?? `${m.type}:${m.key}`) === ring.organisers[0]);
  return first?.name ?? null;
}

export class RingPage implements Page {
  readonly el = h('div', { class: 'page ring-page' });
  private readonly header = h('header', { class: 'ring-header' });
  private readonly body = h('div', { class: 'ring-body' });
  private ring: RingDetail | null = null;
  private workspace: Workspace | null = null;
  private generation = 0;
  private readonly unsubscribe: () => void;
  /** The graph to put back once the reload arrives (kept across a refused unmask and its masked reload). */
  private carry: GraphSnapshot | null = null;
  private readonly cases: CaseLink;

  constructor(private readonly id: string) {
    this.cases = new CaseLink(id);
    this.el.append(this.header, this.body);
    this.renderHeader();
    this.unsubscribe = session.subscribe((next, prev) => {
      if (next && prev && (next.unmask !== prev.unmask || next.caseReference !== prev.caseReference)) void this.load();
    });
    // Wait a tick: the shell attaches the page after constructing it, and sigma needs a sized container.
    queueMicrotask(() => void this.load());
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    if (this.workspace) {
      this.carry = snapshotGraph(this.workspace.view);
      this.body.dataset.reloading = 'true';
      // Whoever waits for a settled layout waits for the new graph, not the one on screen.
      this.body.querySelector('[data-layout]')?.setAttribute('data-layout', 'reloading');
    } else replace(this.body, h('p', { class: 'loading' }, t('list.loading')));
    let ring: RingDetail;
    let graph: GraphPayload;
    try {
      [ring, graph] = await Promise.all([api.ring(this.id), api.ringGraph(this.id)]);
    } catch (error) {
      if (generation !== this.generation) return;
      delete this.body.dataset.reloading;
      if (unmaskRefused(error)) return;
      this.dropWorkspace();
      replace(
        this.body,
        errorView(error, () => void this.load())
      );
      return;
    }
    if (generation !== this.generation) return;
    if (session.get()?.unmask) dismissToast('unmask-refused');
    this.ring = ring;
    this.renderHeader();
    this.dropWorkspace();
    delete this.body.dataset.reloading;
    replace(this.body);
    const carry = this.carry;
    try {
      this.workspace = new Workspace(
        this.body,
        buildRingGraph(graph, ring),
        ring,
        {
          ringId: ring.id,
          ringNodes: () => (this.workspace ? this.workspace.view.graph.filterNodes((_n, a) => a.inRing) : []),
          ringName: () => ringName(ring, organiserName(ring)),
          title: () =>
            `${t('ring.title', { id: ring.id })} · ${label('category', ring.category)} · ${t('ring.score', { score: Math.round(ring.score) })}`,
          subtitle: () =>
            `${joinList(ring.regions.map(regionLabel))} · ${joinList(ring.insurers)} · ${day(ring.period.from)} – ${day(ring.period.to)}`,
          fileName: `ring-${ring.id}.png`
        },
        carry
      );
      await this.workspace.ready;
      if (generation === this.generation) this.carry = null;
    } catch (error) {
      if (generation === this.generation) replace(this.body, errorView(error));
    }
  }

  private dropWorkspace(): void {
    this.workspace?.destroy();
    this.workspace = null;
  }

  private renderHeader(): void {
    const r = this.ring;
    replace(
      this.header,
      h('a', { class: 'back', href: '#/rings' }, t('ring.back')),
      h(
        'h1',
        null,
        r ? h('span', { class: 'ring-name' }, ringName(r, organiserName(r)), ' ') : null,
        h('span', { class: 'mono ring-id' }, t('ring.title', { id: this.id }))
      ),
      r
        ? [
            scoreBadge(r.score, r.flagged),
            h('span', { class: 'chip' }, label('category', r.category)),
            h('span', { class: `status status-${r.status ?? 'new'}` }, label('status', r.status ?? 'new')),
            h(
              'span',
              { class: 'facts' },
              t('list.size', { claims: r.claims.length, members: r.members.length }),
              ' · ',
              joinList(r.regions.map(regionLabel)),
              ' · ',
              joinList(r.insurers),
              ' · ',
              `${day(r.period.from)} – ${day(r.period.to)}`,
              ' · ',
              t('ring.claimed', { amount: money(r.amounts.claimed) }),
              ' · ',
              t('ring.paid', { amount: money(r.amounts.paid) })
            ),
            this.cases.el
          ]
        : null
    );
  }

  relabel(): void {
    this.cases.render();
    this.renderHeader();
    this.workspace?.relabel();
  }

  destroy(): void {
    this.generation++;
    this.unsubscribe();
    this.workspace?.destroy();
  }
}
