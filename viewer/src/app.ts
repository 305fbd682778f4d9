/**
 * ringsight/viewer/app
 * ====================
 *
 * The shell: header, the current page by route, sign-in when there is no
 * session. A language switch relabels the mounted page in place — a ring's
 * layout and selection survive it.
 */
import { Header } from './components/header.js';
import { h, replace } from './components/dom.js';
import { Login } from './components/login.js';
import { lang, t } from './i18n/index.js';
import { AlertsPage } from './pages/alerts-page.js';
import { CasesPage } from './pages/cases-page.js';
import { EntityPage } from './pages/entity-page.js';
import type { Page } from './pages/page.js';
import { RingPage } from './pages/ring-page.js';
import { RingsPage } from './pages/rings-page.js';
import { route, startRouter, type Route } from './state/route.js';
import { session } from './state/session.js';
import { resetProbes } from './api/client.js';

export class App {
  private readonly header = new Header();
  private readonly main = h('main', { class: 'app-main', id: 'main' });
  private page: Page | null = null;
  private login: Login | null = null;

  constructor(root: HTMLElement) {
    replace(root, this.header.el, this.main);
    startRouter();
    route.subscribe(() => this.mount());
    session.subscribe((next, prev) => {
      this.header.render();
      // Signing in or out remounts; unmask toggles are handled by the pages themselves.
      if (!next || !prev || next.token !== prev.token) {
        resetProbes();
        this.mount();
      }
    });
    lang.subscribe(() => this.relabel());
    document.title = t('app.title');
    this.mount();
  }

  private pageFor(r: Route): Page {
    switch (r.name) {
      case 'ring':
        return new RingPage(r.id);
      case 'entity':
        return new EntityPage(r.type, r.key);
      case 'alerts':
        return new AlertsPage(r.query);
      case 'cases':
        return new CasesPage();
      default:
        return new RingsPage(r.query);
    }
  }

  private mount(): void {
    this.page?.destroy();
    this.page = null;
    if (!session.get()) {
      this.login = new Login();
      replace(this.main, this.login.el);
      return;
    }
    this.login = null;
    const current = route.get();
    this.page = this.pageFor(current);
    replace(this.main, this.page.el);
    this.header.setActive(current.name);
  }

  private relabel(): void {
    document.title = t('app.title');
    this.header.render();
    this.login?.render();
    this.page?.relabel();
  }
}

/** Last resort: an error nobody caught still tells the user something instead of leaving a blank page. */
export function crashScreen(root: HTMLElement, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  replace(
    root,
    h(
      'div',
      { class: 'error-card', role: 'alert' },
      h('h2', null, t('err.title')),
      h('p', null, t('app.crashed')),
      h('pre', null, message)
    )
  );
}
