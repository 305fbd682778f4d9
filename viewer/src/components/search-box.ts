/**
 * ringsight/viewer/components/search-box
 * ======================================
 *
 * The header search: a person (ID number or name), phone, plate, bank account
 * or organisation. Results drop down below the box; picking an entity opens
 * its page, picking a ring opens the ring, and Enter with no pick filters the
 * ring list by the text (the list's `q` matches members' keys exactly).
 *
 * Results always belong to the text in the box: typing drops the shown ones
 * at once (and aborts the request in flight), and an answer for older text is
 * discarded. Arrow keys move through the hits, Enter opens the one marked,
 * Esc and any navigation close the list. A name that finds nothing in a
 * masked session says why: names are searched only when identities are shown.
 * A masked value copied from the UI (138****5678) is looked for among the
 * nodes on screen (state/on-screen.ts) and never sent to the server.
 */
import { api } from '../api/client.js';
import type { SearchHit } from '../api/types.js';
import { label, t } from '../i18n/index.js';
import { navigate, route } from '../state/route.js';
import { session } from '../state/session.js';
import { onEscape } from '../state/escape.js';
import { findOnScreen, looksMasked } from '../state/on-screen.js';
import { h, replace } from './dom.js';
import { failureMessage } from './error-view.js';
import { asFailure } from '../api/errors.js';
import { shapeIcon } from './shape-icon.js';

const DEBOUNCE_MS = 300;

/** Text that can only be a name: letters or Chinese characters, no digits (IDs, phones, plates and accounts have them). */
const looksLikeName = (q: string): boolean => /^[\p{L}\s·.'-]+$/u.test(q) && !/\d/.test(q);

export class SearchBox {
  readonly el: HTMLFormElement;
  private readonly input: HTMLInputElement;
  private readonly results = h('div', { class: 'search-results', role: 'listbox', id: 'search-results', hidden: true });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;
  private active = -1;
  private releaseEscape: (() => void) | null = null;

  constructor() {
    this.input = h('input', {
      type: 'search',
      name: 'q',
      autocomplete: 'off',
      'aria-label': t('search.button'),
      role: 'combobox',
      'aria-controls': 'search-results',
      'aria-expanded': 'false',
      'aria-autocomplete': 'list'
    });
    this.el = h(
      'form',
      { class: 'search', role: 'search' },
      this.input,
      h('button', { type: 'submit' }, t('search.button')),
      this.results
    );
    this.relabel();
    this.input.addEventListener('input', () => {
      if (this.timer) clearTimeout(this.timer);
      const q = this.input.value.trim();
      if (q.length < 2) return this.close();
      // What is shown belongs to the old text: drop it now rather than when the new answer arrives.
      this.controller?.abort();
      this.show([h('p', { class: 'muted searching' }, t('search.searching'))]);
      this.timer = setTimeout(() => void this.search(q), DEBOUNCE_MS);
    });
    this.input.addEventListener('keydown', (e) => this.key(e));
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      const q = this.input.value.trim();
      if (q) void this.search(q);
    });
    document.addEventListener('click', (e) => {
      if (!this.el.contains(e.target as Node)) this.close();
    });
    route.subscribe(() => this.close());
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

  private hits(): HTMLElement[] {
    return [...this.results.querySelectorAll<HTMLElement>('.search-hit')];
  }

  private key(e: KeyboardEvent): void {
    const hits = this.hits();
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !this.results.hidden && hits.length) {
      e.preventDefault();
      this.mark(
        e.key === 'ArrowDown' ? (this.active + 1) % hits.length : (this.active <= 0 ? hits.length : this.active) - 1
      );
    } else if (e.key === 'Enter' && this.active >= 0 && hits[this.active] && !this.results.hidden) {
      e.preventDefault();
      hits[this.active]!.click();
    }
  }

  private mark(index: number): void {
    const hits = this.hits();
    this.active = index;
    hits.forEach((hit, i) => {
      hit.classList.toggle('active', i === index);
      hit.setAttribute('aria-selected', String(i === index));
    });
    const current = hits[index];
    if (current) {
      this.input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    }
  }

  private close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.controller?.abort();
    this.results.hidden = true;
    this.active = -1;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.releaseEscape?.();
    this.releaseEscape = null;
    replace(this.results);
  }

  private open(go: () => void): void {
    this.close();
    go();
  }

  private async search(q: string): Promise<void> {
    this.controller?.abort();
    if (looksMasked(q)) return this.onScreen(q);
    const controller = (this.controller = new AbortController());
    let found: Awaited<ReturnType<typeof api.search>>;
    try {
      found = await api.search(q, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.show([h('p', { class: 'error-message' }, failureMessage(asFailure(error)))]);
      return;
    }
    // An answer for text no longer in the box is stale.
    if (controller.signal.aborted || this.input.value.trim() !== q) return;
    let n = 0;
    const entity = (hit: SearchHit): HTMLElement => {
      const rings = hit.rings;
      return h(
        'button',
        {
          type: 'button',
          class: 'search-hit',
          role: 'option',
          id: `search-hit-${n++}`,
          tabindex: -1,
          dataset: { type: hit.type, key: hit.key },
          on: { click: () => this.open(() => navigate({ name: 'entity', type: hit.type, key: hit.key })) }
        },
        shapeIcon(hit.type),
        h('span', { class: 'hit-type' }, label('type', hit.type)),
        h(
          'span',
          { class: 'hit-label' },
          hit.label ?? hit.key,
          hit.detail ? h('span', { class: 'muted' }, ` ${hit.detail}`) : null
        ),
        rings ? h('span', { class: 'muted' }, t('search.inRings', { count: rings })) : null
      );
    };
    const items: HTMLElement[] = [];
    if (found.entities.length)
      items.push(h('h4', null, t('search.entities')), ...found.entities.slice(0, 20).map(entity));
    if (found.rings.length) {
      items.push(
        h('h4', null, t('search.rings')),
        ...found.rings.slice(0, 10).map((r) =>
          h(
            'button',
            {
              type: 'button',
              class: 'search-hit',
              role: 'option',
              id: `search-hit-${n++}`,
              tabindex: -1,
              dataset: { type: 'ring', key: r.id },
              on: { click: () => this.open(() => navigate({ name: 'ring', id: r.id })) }
            },
            h('span', { class: 'mono' }, r.id),
            r.category ? h('span', { class: 'muted' }, label('category', r.category)) : null
          )
        )
      );
    }
    const namesHidden = found.reveal !== null && found.reveal !== 'all';
    if (namesHidden && looksLikeName(q) && !found.entities.some((e) => e.type === 'person')) {
      // Say why a name finds nobody: names are searched only when identities are shown.
      const role = session.get()?.principal?.role;
      items.push(
        h(
          'p',
          { class: 'search-note', role: 'note' },
          role === 'insurer' ? t('search.maskedNoRole') : t('search.maskedName')
        )
      );
    } else if (!items.length) items.push(h('p', { class: 'muted' }, t('search.none')));
    this.show(items);
  }

  /** A masked value copied from the UI: found among the nodes on screen, never sent to the server. */
  private onScreen(q: string): void {
    const found = findOnScreen(q);
    if (!found || found.nodes.length === 0) {
      this.show([
        h('p', { class: 'search-note', role: 'note' }, t(found ? 'search.maskedNotOnScreen' : 'search.maskedNoGraph'))
      ]);
      return;
    }
    const hits = found.nodes.slice(0, 20).map((n, i) =>
      h(
        'button',
        {
          type: 'button',
          class: 'search-hit on-screen',
          role: 'option',
          id: `search-hit-${i}`,
          tabindex: -1,
          dataset: { type: n.kind, key: n.key },
          on: { click: () => this.open(() => found.select(n.id)) }
        },
        shapeIcon(n.kind),
        h('span', { class: 'hit-type' }, label('type', n.kind)),
        h('span', { class: 'hit-label' }, n.label)
      )
    );
    this.show([h('h4', null, t('search.onScreen')), ...hits]);
  }

  private show(items: HTMLElement[]): void {
    replace(this.results, items);
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.results.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.releaseEscape ??= onEscape(() => this.close());
  }
}
