/**
 * ringsight/viewer/pages/ring-filters
 * ===================================
 *
 * The ring list's filter bar. Filters live in the URL (the route query), so a
 * filtered list can be bookmarked and the back button undoes a filter.
 */
import { h } from '../components/dom.js';
import { label, PREFECTURES, regionLabel, t } from '../i18n/index.js';

export const CATEGORIES = ['staged_collision', 'injury_broker', 'repair_shop', 'fake_death', 'mixed'] as const;
/** Monitoring's ring statuses (engine/monitor): every ring is "new" until monitoring runs. */
export const STATUSES = ['new', 'growing', 'stable', 'shrinking', 'merged', 'split'] as const;
export const FILTER_FIELDS = ['region', 'insurer', 'category', 'minScore', 'from', 'to', 'status', 'flagged'] as const;

function select(name: string, current: string | null, options: Array<[string, string]>): HTMLSelectElement {
  const el = h(
    'select',
    { name, id: `f-${name}` },
    h('option', { value: '' }, t('filter.any')),
    options.map(([value, text]) => h('option', { value }, text))
  );
  el.value = current ?? '';
  return el;
}

function field(labelKey: Parameters<typeof t>[0], control: HTMLElement): HTMLElement {
  return h('label', { class: 'filter-field' }, h('span', null, t(labelKey)), control);
}

/** Builds the form; `apply` receives the new query (page reset to 1). */
export function filterBar(query: URLSearchParams, apply: (next: URLSearchParams) => void): HTMLFormElement {
  const input = (name: string, type: string, extra: Record<string, unknown> = {}): HTMLInputElement => {
    const el = h('input', { name, type, id: `f-${name}`, ...extra });
    el.value = query.get(name) ?? '';
    return el;
  };
  const flagged = h('input', { type: 'checkbox', name: 'flagged', id: 'f-flagged' });
  flagged.checked = query.get('flagged') === 'true';
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    field(
      'filter.region',
      select(
        'region',
        query.get('region'),
        PREFECTURES.map((c) => [c, regionLabel(c)])
      )
    ),
    field('filter.insurer', input('insurer', 'text', { placeholder: t('filter.insurerPlaceholder'), size: 8 })),
    field(
      'filter.category',
      select(
        'category',
        query.get('category'),
        CATEGORIES.map((c) => [c, label('category', c)])
      )
    ),
    field(
      'filter.status',
      select(
        'status',
        query.get('status'),
        STATUSES.map((c) => [c, label('status', c)])
      )
    ),
    field('filter.minScore', input('minScore', 'number', { min: 0, max: 100, step: 5 })),
    field('filter.from', input('from', 'date')),
    field('filter.to', input('to', 'date')),
    h('label', { class: 'filter-check' }, flagged, h('span', null, t('filter.flaggedOnly'))),
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'primary' }, t('filter.apply')),
      h(
        'button',
        { type: 'button', on: { click: () => apply(keepOnly(query, ['sort', 'order', 'q'])) } },
        t('filter.reset')
      )
    )
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = keepOnly(query, ['sort', 'order', 'q']);
    const data = new FormData(form);
    for (const name of FILTER_FIELDS) {
      if (name === 'flagged') continue;
      const entry = data.get(name);
      const value = typeof entry === 'string' ? entry.trim() : '';
      if (value) next.set(name, value);
    }
    if (flagged.checked) next.set('flagged', 'true');
    apply(next);
  });
  return form;
}

export function keepOnly(query: URLSearchParams, names: readonly string[]): URLSearchParams {
  const out = new URLSearchParams();
  for (const n of names) {
    const v = query.get(n);
    if (v) out.set(n, v);
  }
  return out;
}
