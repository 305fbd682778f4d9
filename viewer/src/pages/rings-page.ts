/**
 * ringsight/viewer/pages/rings-page
 * =================================
 *
 * The ring list: filters, a sortable table and paging, all driven by the
 * route query so every state has a URL. Rows open the ring. Requests are
 * aborted when the query changes, so a slow answer never overwrites a newer
 * one.
 */
import { api, type RingQuery } from '../api/client.js';
import type { RingList, RingListItem, SignalRef } from '../api/types.js';
import { h, replace } from '../components/dom.js';
import { errorView } from '../components/error-view.js';
import { day, money } from '../format.js';
import { joinList, label, regionLabel, t, type MessageKey } from '../i18n/index.js';
import { navigate } from '../state/route.js';
import { filterBar } from './ring-filters.js';
import type { Page } from './page.js';
import { ringName } from '../ring-name.js';

const PAGE_SIZE = 50;

type SortKey = NonNullable<RingQuery['sort']>;

interface Column {
  key: MessageKey;
  sort?: SortKey;
  cell: (r: RingListItem, alerts: Record<string, number>) => Node | string;
  className?: string;
}

function signalName(s: SignalRef): string {
  return label('signal', typeof s === 'string' ? s : s.signal);
}

export function scoreBadge(score: number, flagged: boolean): HTMLElement {
  const level = score >= 70 ? 'high' : score >= 50 ? 'mid' : 'low';
  return h(
    'span',
    { class: `score score-${level}`, title: flagged ? t('list.flagged') : t('ring.notFlagged') },
    String(Math.round(score)),
    flagged ? h('span', { class: 'flag', 'aria-label': t('list.flagged') }, '⚑') : null
  );
}

const COLUMNS: Column[] = [
  {
    key: 'list.col.rank',
    cell: (r) => h('span', { class: 'rank' }, `#${(r as RingListItem & { rank?: number }).rank ?? ''}`),
    className: 'num'
  },
  { key: 'list.col.name', cell: (r) => h('span', { class: 'ring-name' }, ringName(r, r.organiser)) },
  { key: 'list.col.id', cell: (r) => h('span', { class: 'mono' }, r.id) },
  { key: 'list.col.score', sort: 'score', cell: (r) => scoreBadge(r.score, r.flagged), className: 'num' },
  { key: 'list.col.category', cell: (r) => label('category', r.category) },
  { key: 'list.col.size', sort: 'claims', cell: (r) => t('list.size', { claims: r.claims, members: r.members }) },
  { key: 'list.col.regions', sort: 'regions', cell: (r) => joinList(r.regions.map(regionLabel)) },
  { key: 'list.col.insurers', cell: (r) => joinList(r.insurers) },
  { key: 'list.col.claimed', sort: 'claimed', cell: (r) => money(r.amounts.claimed), className: 'num' },
  {
    key: 'list.col.organiser',
    cell: (r) =>
      r.organiser
        ? h('span', { class: 'organiser' }, r.organiser)
        : h('span', { class: 'organiser muted' }, t('list.noOrganiser'))
  },
  {
    key: 'list.col.status',
    cell: (r) => h('span', { class: `status status-${r.status ?? 'new'}` }, label('status', r.status ?? 'new'))
  },
  {
    key: 'list.col.alerts',
    className: 'num alerts-col',
    // The badge opens the inbox on this ring's alerts (not the ring, as the rest of the row does).
    cell: (r, alerts) =>
      alerts[r.id]
        ? h(
            'a',
            {
              class: 'alert-badge',
              href: `#/alerts?state=open&ring=${encodeURIComponent(r.id)}`,
              title: t('list.alerts', { n: alerts[r.id]! }),
              on: { click: (e: MouseEvent) => e.stopPropagation() }
            },
            t('list.alertBadge', { n: alerts[r.id]! })
          )
        : ''
  },
  { key: 'list.col.period', cell: (r) => `${day(r.period.from)} – ${day(r.period.to)}` },
  { key: 'list.col.signals', cell: (r) => joinList((r.topSignals ?? []).slice(0, 3).map(signalName)) }
];

function toRingQuery(query: URLSearchParams): RingQuery {
  const num = (name: string): number | undefined => {
    const v = query.get(name);
    return v !== null && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  };
  const sort = query.get('sort');
  return {
    region: query.get('region') ?? undefined,
    insurer: query.get('insurer') ?? undefined,
    category: query.get('category') ?? undefined,
    status: query.get('status') ?? undefined,
    minScore: num('minScore'),
    from: query.get('from') ?? undefined,
    to: query.get('to') ?? undefined,
    flagged: query.get('flagged') === 'true' ? true : undefined,
    q: query.get('q') ?? undefined,
    sort: sort === 'claims' || sort === 'claimed' || sort === 'regions' ? sort : 'score',
    order: query.get('order') === 'asc' ? 'asc' : 'desc',
    page: Math.max(1, num('page') ?? 1),
    pageSize: PAGE_SIZE
  };
}

export class RingsPage implements Page {
  readonly el = h('div', { class: 'page rings-page' });
  private data: RingList | null = null;
  /** Open alerts per ring (monitoring), shown as badges beside the status. */
  private alerts: Record<string, number> = {};
  private error: unknown = null;
  private controller = new AbortController();

  constructor(private readonly query: URLSearchParams) {
    this.render();
    void this.load();
  }

  private async load(): Promise<void> {
    this.controller.abort();
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.error = null;
    this.data = null;
    this.render();
    try {
      const [data, alerts] = await Promise.all([
        api.rings(toRingQuery(this.query), signal),
        api.openAlerts(signal).catch(() => ({}))
      ]);
      if (signal.aborted) return;
      this.data = data;
      this.alerts = alerts;
    } catch (error) {
      if (signal.aborted) return;
      this.error = error;
    }
    this.render();
  }

  private go(next: URLSearchParams): void {
    navigate({ name: 'rings', query: next });
  }

  private sortBy(key: SortKey): void {
    const q = new URLSearchParams(this.query);
    const current = toRingQuery(this.query);
    q.set('sort', key);
    q.set('order', current.sort === key && current.order === 'desc' ? 'asc' : 'desc');
    q.delete('page');
    this.go(q);
  }

  private table(data: RingList): HTMLElement {
    const current = toRingQuery(this.query);
    const head = h(
      'tr',
      null,
      COLUMNS.map((c) => {
        const title = t(c.key);
        if (!c.sort) return h('th', { scope: 'col', class: c.className }, title);
        const active = current.sort === c.sort;
        return h(
          'th',
          {
            scope: 'col',
            class: c.className,
            'aria-sort': active ? (current.order === 'asc' ? 'ascending' : 'descending') : 'none'
          },
          h(
            'button',
            {
              class: `sort${active ? ' active' : ''}`,
              title: t('list.sortBy', { column: title }),
              dataset: { sort: c.sort },
              on: { click: () => this.sortBy(c.sort!) }
            },
            title,
            active ? (current.order === 'asc' ? ' ▲' : ' ▼') : ''
          )
        );
      })
    );
    // Rank in the current order across pages: ties in score are already broken by the API (evidence above the cap, amount).
    const first = ((data.page || 1) - 1) * (data.pageSize || PAGE_SIZE);
    const rows = data.items
      .map((item, i) => ({ ...item, rank: first + i + 1 }))
      .map((r) =>
        h(
          'tr',
          {
            class: 'ring-row',
            tabindex: 0,
            dataset: { ring: r.id },
            on: {
              click: () => navigate({ name: 'ring', id: r.id }),
              keydown: (e: KeyboardEvent) => {
                if (e.key === 'Enter') navigate({ name: 'ring', id: r.id });
              }
            }
          },
          COLUMNS.map((c) => h('td', { class: c.className }, c.cell(r, this.alerts)))
        )
      );
    return h('table', { class: 'rings-table' }, h('thead', null, head), h('tbody', null, rows));
  }

  private pager(data: RingList): HTMLElement {
    const pages = Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE)));
    const page = data.page || 1;
    const to = (n: number): void => {
      const q = new URLSearchParams(this.query);
      q.set('page', String(n));
      this.go(q);
    };
    return h(
      'nav',
      { class: 'pager' },
      h('button', { disabled: page <= 1, on: { click: () => to(page - 1) } }, t('list.prev')),
      h('span', null, t('list.page', { page, pages })),
      h('button', { disabled: page >= pages, on: { click: () => to(page + 1) } }, t('list.next'))
    );
  }

  private render(): void {
    const body: Node[] = [];
    if (this.error) body.push(errorView(this.error, () => void this.load()));
    else if (!this.data) body.push(h('p', { class: 'loading' }, t('list.loading')));
    else if (this.data.items.length === 0) body.push(h('p', { class: 'empty' }, t('list.empty')));
    else body.push(this.table(this.data), this.pager(this.data));
    const q = this.query.get('q');
    replace(
      this.el,
      h(
        'div',
        { class: 'list-head' },
        h('h1', null, t('list.title')),
        this.data ? h('span', { class: 'muted' }, t('list.total', { total: this.data.total })) : null,
        q
          ? h(
              'span',
              { class: 'chip' },
              `“${q}”`,
              h(
                'button',
                {
                  class: 'chip-x',
                  'aria-label': '×',
                  on: {
                    click: () => {
                      const n = new URLSearchParams(this.query);
                      n.delete('q');
                      this.go(n);
                    }
                  }
                },
                '×'
              )
            )
          : null,
        this.data?.runId ? h('span', { class: 'muted run' }, t('list.run', { runId: this.data.runId })) : null
      ),
      filterBar(this.query, (next) => this.go(next)),
      body
    );
  }

  relabel(): void {
    this.render();
  }

  destroy(): void {
    this.controller.abort();
  }
}
