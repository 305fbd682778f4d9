/**
 * ringsight/viewer/components/header
 * ==================================
 *
 * The top bar: product name (back to the list), search, who is signed in,
 * the language switch and sign-out.
 */
import { label, t, toggleLang } from '../i18n/index.js';
import { session, signOut } from '../state/session.js';
import { h, replace } from './dom.js';
import { SearchBox } from './search-box.js';

export class Header {
  readonly el = h('header', { class: 'app-header' });
  private readonly search = new SearchBox();

  constructor() {
    this.render();
  }

  render(): void {
    const current = session.get();
    const who = current?.principal;
    if (!current) this.search.clear();
    this.search.relabel();
    replace(this.el,
      h('a', { class: 'brand', href: '#/rings' }, h('span', { class: 'brand-mark' }, '◎'), ' ', t('app.title')),
      current ? h('nav', null, h('a', { href: '#/rings' }, t('nav.rings'))) : null,
      current ? this.search.el : h('span', { class: 'spacer' }),
      who ? h('span', { class: 'who muted' }, t('nav.signedInAs', { name: who.name, role: label('userRole', who.role) })) : null,
      h('button', { class: 'lang-toggle', dataset: { action: 'lang' }, on: { click: toggleLang } }, t('nav.switchLanguage')),
      current ? h('button', { class: 'link', dataset: { action: 'sign-out' }, on: { click: () => signOut() } }, t('nav.signOut')) : null);
  }
}
