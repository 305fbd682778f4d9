/**
 * ringsight/viewer/components/search-box
 * ======================================
 *
 * The header search: a person (ID number or name), phone, plate, bank account
 * or organisation. Results drop down below the box; picking an entity opens
 * its page, picking a ring opens the ring, and Enter with no pick filters the
 * ring list by the text (the list's `q` matches members' keys exactly).
 */
import { api } from '../api/client.js';
import type { SearchHit } from '../api/types.js';
import { label, t } from '../i18n/index.js';
import { navigate } from '../state/route.js';
import { h, replace } from './dom.js';
import { failureMessage } from './error-view.js';
import { asFailure } from '../api/errors.js';
import { shapeIcon } from './shape-icon.js';

const DEBOUNCE_MS = 300;

export class SearchBox {
  readonly el: HTMLFormElement;
  private readonly input: HTMLInputElement;
  private readonly results = h('div', { class: 'search-results', role: 'listbox', hidden: true });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;

  constructor() {
    this.input = h('input', { type: 'search', name: 'q', autocomplete: 'off', 'aria-label': t('search.button') });
    this.el = h('form', { class: 'search', role: 'search' }, this.input, h('button', { type: 'submit' }, t('search.button')), this.results);
    this.relabel();
    this.input.addEventListener('input', () => {
      if (this.timer) clearTimeout(this.timer);
      const q = this.input.value.trim();
      if (q.length < 2) return this.close();
      this.timer = setTimeout(() => void this.search(q), DEBOUNCE_MS);
    });
    this.input.addEventListener('keydown', (e) => { if (e.key === 'Escape') this.close(); });
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      const q = this.input.value.trim();
      if (q) void this.search(q);
    });
    document.addEventListener('click', (e) => { if (!this.el.contains(e.target as Node)) this.close(); });
  }

  /** Forget the last query (a new user signs in). */
  clear(): void {
    this.input.value = '';
    this.close();
  }

  relabel(): void {
    this.input.placeholder = t('search.placeholder');
    (this.el.querySelector('button[type=submit]') as HTMLButtonElement).textContent = t('search.button');
  }

  private close(): void {
    this.controller?.abort();
    this.results.hidden = true;
    replace(this.results);
  }

  private async search(q: string): Promise<void> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    let found: Awaited<ReturnType<typeof api.search>>;
    try {
      found = await api.search(q, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.show([h('p', { class: 'error-message' }, failureMessage(asFailure(error)))]);
      return;
    }
    if (controller.signal.aborted) return;
    const entity = (hit: SearchHit): HTMLElement => {
      const rings = hit.rings;
      return h('button', {
        type: 'button', class: 'search-hit', role: 'option', dataset: { type: hit.type, key: hit.key },
        on: { click: () => { this.close(); navigate({ name: 'entity', type: hit.type, key: hit.key }); } }
      }, shapeIcon(hit.type), h('span', { class: 'hit-type' }, label('type', hit.type)),
      h('span', { class: 'hit-label' }, hit.label ?? hit.key, hit.detail ? h('span', { class: 'muted' }, ` ${hit.detail}`) : null),
      rings ? h('span', { class: 'muted' }, t('search.inRings', { count: rings })) : null);
    };
    const items: HTMLElement[] = [];
    if (found.entities.length) items.push(h('h4', null, t('search.entities')), ...found.entities.slice(0, 20).map(entity));
    if (found.rings.length) {
      items.push(h('h4', null, t('search.rings')), ...found.rings.slice(0, 10).map((r) => h('button', {
        type: 'button', class: 'search-hit', role: 'option',
        on: { click: () => { this.close(); navigate({ name: 'ring', id: r.id }); } }
      }, h('span', { class: 'mono' }, r.id), r.category ? h('span', { class: 'muted' }, label('category', r.category)) : null)));
    }
    if (!items.length) items.push(h('p', { class: 'muted' }, t('search.none')));
    this.show(items);
  }

  private show(items: HTMLElement[]): void {
    replace(this.results, items);
    this.results.hidden = false;
  }
}
