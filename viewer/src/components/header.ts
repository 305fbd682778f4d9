/**
 * ringsight/viewer/components/header
 * ==================================
 *
 * The top bar: product name (back to the list), the pages (rings, the alert
 * inbox and case folders, each offered to the roles that may read it),
 * search, who is signed in, the language switch and sign-out.
 */
import { label, t, toggleLang } from '../i18n/index.js';
import { session, signOut } from '../state/session.js';
import { h, replace } from './dom.js';
import { SearchBox } from './search-box.js';

export class Header {
  readonly el = h('header', { class: 'app-header' });
  private readonly search = new SearchBox();
  private active = 'rings';

  constructor() {
    this.render();
  }

  /** Marks the current page's link. */
  setActive(page: string): void {
    this.active = page;
    for (const a of this.el.querySelectorAll<HTMLAnchorElement>('nav a[data-page]')) {
      if (a.dataset.page === page) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  private nav(role: string | undefined): HTMLElement {
    // Without /api/me the role is unknown: offer every page, the API still decides.
    const may = (roles: readonly string[]): boolean => role === undefined || roles.includes(role);
    const link = (page: string, href: string, text: string): HTMLElement =>
      h('a', { href, dataset: { page }, 'aria-current': this.active === page ? 'page' : undefined }, text);
    return h(
      'nav',
      { class: 'main-nav' },
      link('rings', '#/rings', t('nav.rings')),
      may(['admin', 'analyst', 'insurer', 'police']) ? link('alerts', '#/alerts', t('nav.alerts')) : null,
      may(['admin', 'analyst', 'police']) ? link('cases', '#/cases', t('nav.cases')) : null
    );
  }

  render(): void {
    const current = session.get();
    const who = current?.principal;
    if (!current) this.search.clear();
    this.search.relabel();
    replace(
      this.el,
      h('a', { class: 'brand', href: '#/rings' }, h('span', { class: 'brand-mark' }, '◎'), ' ', t('app.title')),
      current ? this.nav(who?.role) : null,
      current ? this.search.el : h('span', { class: 'spacer' }),
      who
        ? h('span', { class: 'who muted' }, t('nav.signedInAs', { name: who.name, role: label('userRole', who.role) }))
        : null,
      h(
        'button',
        { class: 'lang-toggle', dataset: { action: 'lang' }, on: { click: toggleLang } },
        t('nav.switchLanguage')
      ),
      current
        ? h(
            'button',
            { class: 'link', dataset: { action: 'sign-out' }, on: { click: () => signOut() } },
            t('nav.signOut')
          )
        : null
    );
  }
}
