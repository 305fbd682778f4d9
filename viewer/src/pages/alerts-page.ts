/**
 * ringsight/viewer/pages/alerts-page
 * ==================================
 *
 * The alert inbox: monitoring alerts, newest first, with their state, ring,
 * score and assignee, filtered by state, "assigned to me" and ring (in the
 * route query, so a filtered inbox has a link; the ring list's alert badges
 * link here). Reviewers acknowledge, assign,
 * confirm or dismiss from the row; confirming and dismissing open a dialog
 * (components/review-dialogs.ts). Police read the inbox without actions.
 * A row changed by a review is redrawn from the alert the API returns.
 */
import {
  alertsApi,
  ALERT_STATES,
  parseDismissal,
  type AlertItem,
  type AlertList,
  type Assignee
} from '../api/alerts.js';
import { api } from '../api/client.js';
import { h, replace } from '../components/dom.js';
import { errorView, toast, toastError } from '../components/error-view.js';
import { confirmDialog, dismissDialog } from '../components/review-dialogs.js';
import { dateTime, money } from '../format.js';
import { joinList, label, lang, regionLabel, t, type MessageKey } from '../i18n/index.js';
import { ringName } from '../ring-name.js';
import { navigate } from '../state/route.js';
import { session } from '../state/session.js';
import type { Page } from './page.js';
import { scoreBadge } from './rings-page.js';

const REVIEWERS = ['admin', 'analyst', 'insurer'];
const COLUMNS: MessageKey[] = [
  'inbox.col.raised',
  'inbox.col.ring',
  'inbox.col.kind',
  'inbox.col.score',
  'inbox.col.state',
  'inbox.col.assignee',
  'inbox.col.actions'
];

export class AlertsPage implements Page {
  readonly el = h('div', { class: 'page alerts-page' });
  private data: AlertList | null = null;
  private assignees: Assignee[] = [];
  /** Ring id → its first organiser's masked label, from the latest run's ring list (for the readable name). */
  private organisers = new Map<string, string | null>();
  private error: unknown = null;
  private controller = new AbortController();

  constructor(private readonly query: URLSearchParams) {
    this.render();
    void this.load();
  }

  private get mayReview(): boolean {
    const role = session.get()?.principal?.role;
    return role === undefined || REVIEWERS.includes(role);
  }

  private async load(): Promise<void> {
    this.controller.abort();
    this.controller = new AbortController();
    const signal = this.controller.signal;
    const state = this.query.get('state') ?? undefined;
    const me = session.get()?.principal?.name;
    try {
      const [data, assignees, rings] = await Promise.all([
        alertsApi.list(
          {
            state,
            assignee: this.query.get('mine') === '1' && me ? me : undefined,
            ringId: this.query.get('ring') ?? undefined
          },
          signal
        ),
        this.mayReview ? alertsApi.assignees().catch(() => []) : Promise.resolve([]),
        api.rings({ sort: 'score', order: 'desc', pageSize: 500 }, signal).catch(() => null)
      ]);
      if (signal.aborted) return;
      this.data = data;
      this.assignees = assignees;
      this.organisers = new Map((rings?.items ?? []).map((r) => [r.id, r.organiser]));
      this.error = null;
    } catch (error) {
      if (signal.aborted) return;
      this.error = error;
    }
    this.render();
  }

  private filter(name: string, value: string | null): void {
    const q = new URLSearchParams(this.query);
    if (value) q.set(name, value);
    else q.delete(name);
    navigate({ name: 'alerts', query: q }, true);
  }

  /** Runs one review; the row is redrawn from the alert the API answers with. */
  private async act(run: () => Promise<AlertItem | null>, done: (a: AlertItem) => string): Promise<void> {
    try {
      const updated = await run();
      if (!updated || !this.data) return;
      this.data.items = this.data.items.map((a) => (a.id === updated.id ? { ...a, ...updated } : a));
      toast(done(updated));
      this.render();
    } catch (error) {
      toastError(error);
      void this.load();
    }
  }

  private assignCell(a: AlertItem): Node | string {
    const open = a.state === 'open' || a.state === 'acknowledged';
    // A reader who may not see assignees (police) gets a dash, not a wrong "unassigned".
    if (!this.mayReview) return a.assignee ?? '—';
    if (!open) return a.assignee ?? t('inbox.unassigned');
    const names = new Set(this.assignees.map((x) => x.name));
    const select = h(
      'select',
      { class: 'assignee', 'aria-label': t('inbox.assignTo'), dataset: { action: 'assign' } },
      h('option', { value: '' }, t('inbox.unassigned')),
      a.assignee && !names.has(a.assignee) ? h('option', { value: a.assignee }, a.assignee) : null,
      this.assignees.map((x) => h('option', { value: x.name }, x.name))
    );
    select.value = a.assignee ?? '';
    select.addEventListener('change', () => {
      const name = select.value || null;
      void this.act(
        async () => (await alertsApi.assign(a.id, name)).alert,
        (u) =>
          u.assignee ? t('inbox.assigned', { id: u.id, name: u.assignee }) : t('inbox.unassignedDone', { id: u.id })
      );
    });
    return select;
  }

  private stateCell(a: AlertItem): HTMLElement {
    const dismissal = parseDismissal(a.dismissReason);
    return h(
      'div',
      { class: 'state-cell' },
      h('span', { class: `alert-state state-${a.state}` }, label('alertState', a.state)),
      a.stateBy && a.stateAt
        ? h('div', { class: 'muted small' }, t('inbox.by', { name: a.stateBy, date: dateTime(a.stateAt) }))
        : null,
      a.state === 'dismissed' && a.dismissReason
        ? h(
            'div',
            { class: 'small dismiss-reason' },
            [dismissal.code ? label('dismiss', dismissal.code) : null, dismissal.text]
              .filter(Boolean)
              .join(lang.get() === 'zh' ? '：' : ': ')
          )
        : null,
      a.state === 'confirmed' && a.confirmNote ? h('div', { class: 'small' }, a.confirmNote) : null
    );
  }

  private actionsCell(a: AlertItem): HTMLElement | null {
    if (!this.mayReview) return null;
    const open = a.state === 'open' || a.state === 'acknowledged';
    return h(
      'div',
      { class: 'row-actions' },
      a.state === 'open'
        ? h(
            'button',
            {
              dataset: { action: 'ack' },
              on: {
                click: () =>
                  void this.act(
                    async () => (await alertsApi.acknowledge(a.id)).alert,
                    (u) => t('inbox.acknowledged', { id: u.id })
                  )
              }
            },
            t('inbox.ack')
          )
        : null,
      open
        ? h(
            'button',
            {
              class: 'primary',
              dataset: { action: 'confirm' },
              on: {
                click: () =>
                  void this.act(
                    () => confirmDialog(a),
                    (u) => t('inbox.confirmed', { id: u.id })
                  )
              }
            },
            t('inbox.confirm')
          )
        : null,
      open
        ? h(
            'button',
            {
              dataset: { action: 'dismiss' },
              on: {
                click: () =>
                  void this.act(
                    () => dismissDialog(a),
                    (u) => t('inbox.dismissed', { id: u.id })
                  )
              }
            },
            t('inbox.dismiss')
          )
        : null
    );
  }

  private row(a: AlertItem): HTMLElement {
    return h(
      'tr',
      { class: 'alert-row', dataset: { alert: a.id, state: a.state, ring: a.ringId } },
      h('td', { class: 'raised' }, dateTime(a.raisedAt)),
      h(
        'td',
        null,
        h(
          'a',
          { href: `#/ring/${encodeURIComponent(a.ringId)}`, class: 'ring-link' },
          h('span', { class: 'ring-name' }, ringName(a, this.organisers.get(a.ringId))),
          ' ',
          h('span', { class: 'mono muted' }, a.ringId)
        ),
        h(
          'div',
          { class: 'muted small' },
          t('inbox.claims', { n: a.claims }),
          ' · ',
          joinList(a.regions.map(regionLabel)),
          ' · ',
          money(a.claimed)
        )
      ),
      h(
        'td',
        { class: 'reasons', title: a.reasons.map((r) => r.detail).join('\n') },
        joinList(a.reasons.map((r) => label('alertKind', r.kind)))
      ),
      h('td', { class: 'num' }, scoreBadge(a.score, true)),
      h('td', null, this.stateCell(a)),
      h('td', { class: 'assignee-cell' }, this.assignCell(a)),
      h('td', null, this.actionsCell(a))
    );
  }

  private filters(): HTMLElement {
    const state = h(
      'select',
      { id: 'alert-state', on: { change: () => this.filter('state', state.value) } },
      h('option', { value: '' }, t('filter.any')),
      ALERT_STATES.map((s) => h('option', { value: s }, label('alertState', s)))
    );
    state.value = this.query.get('state') ?? '';
    const mine = h('input', {
      type: 'checkbox',
      id: 'alert-mine',
      on: { change: () => this.filter('mine', mine.checked ? '1' : null) }
    });
    mine.checked = this.query.get('mine') === '1';
    const ring = this.query.get('ring');
    return h(
      'div',
      { class: 'filters' },
      h('label', { class: 'filter-field' }, t('inbox.state'), state),
      ring
        ? h(
            'span',
            { class: 'chip ring-filter' },
            t('inbox.ring', { ring }),
            h('button', { class: 'chip-x', 'aria-label': '×', on: { click: () => this.filter('ring', null) } }, '×')
          )
        : null,
      session.get()?.principal && this.mayReview ? h('label', { class: 'filter-check' }, mine, t('inbox.mine')) : null
    );
  }

  private render(): void {
    const d = this.data;
    let body: Node;
    if (this.error) body = errorView(this.error, () => void this.load());
    else if (!d) body = h('p', { class: 'loading' }, t('list.loading'));
    else if (!d.monitoring) body = h('p', { class: 'empty' }, t('inbox.noMonitoring'));
    else if (d.items.length === 0) body = h('p', { class: 'empty' }, t('inbox.empty'));
    else {
      body = h(
        'table',
        { class: 'rings-table alerts-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            COLUMNS.map((k) => h('th', { scope: 'col' }, t(k)))
          )
        ),
        h(
          'tbody',
          null,
          d.items.map((a) => this.row(a))
        )
      );
    }
    replace(
      this.el,
      h(
        'div',
        { class: 'list-head' },
        h('h1', null, t('inbox.title')),
        d ? h('span', { class: 'muted inbox-total' }, t('inbox.total', { total: d.total })) : null,
        d && !this.mayReview ? h('span', { class: 'muted' }, t('inbox.readOnly')) : null
      ),
      this.filters(),
      h('div', { class: 'table-scroll' }, body)
    );
  }

  relabel(): void {
    this.render();
  }

  destroy(): void {
    this.controller.abort();
  }
}
