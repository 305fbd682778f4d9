/**
 * ringsight/viewer/components/login
 * =================================
 *
 * Sign-in with a bearer token. The token is checked against the API before
 * it is kept: a wrong token gets a message here instead of a broken list.
 * A 403 still signs in — the token is valid, the role just cannot list rings
 * (an auditor), and the list then says so.
 */
import { api } from '../api/client.js';
import { ApiFailure, asFailure } from '../api/errors.js';
import { t } from '../i18n/index.js';
import { session, signOutReason } from '../state/session.js';
import { h, replace } from './dom.js';
import { failureMessage } from './error-view.js';

export class Login {
  readonly el = h('main', { class: 'login' });
  private error: string | null = null;
  private busy = false;
  private draft = '';

  constructor() {
    // Sent here by a 401 mid-session: say why, once.
    if (signOutReason.get() === 'expired') this.error = t('err.unauthorized');
    signOutReason.set(null);
    this.render();
  }

  private async submit(token: string): Promise<void> {
    this.draft = token;
    if (!token) {
      this.error = t('login.empty');
      return this.render();
    }
    this.busy = true;
    this.error = null;
    this.render();
    try {
      try {
        await api.rings({ pageSize: 1 }, undefined, token);
      } catch (error) {
        if (!(error instanceof ApiFailure && error.kind === 'forbidden')) throw error;
      }
      const principal = await api.whoami(token).catch(() => null);
      session.set({ token, principal, unmask: false, caseReference: '' });
    } catch (error) {
      this.error = failureMessage(asFailure(error));
      this.busy = false;
      this.render();
    }
  }

  render(): void {
    const input = h('textarea', {
      id: 'token',
      name: 'token',
      rows: 2,
      placeholder: t('login.placeholder'),
      autocomplete: 'off',
      spellcheck: false
    });
    input.value = this.draft;
    const form = h(
      'form',
      { class: 'login-card' },
      h('h1', null, t('login.title')),
      h('label', { for: 'token' }, t('login.token')),
      input,
      this.error ? h('p', { class: 'error-message', role: 'alert' }, this.error) : null,
      h(
        'button',
        { type: 'submit', class: 'primary', disabled: this.busy },
        this.busy ? t('login.checking') : t('login.submit')
      ),
      h('p', { class: 'hint' }, t('login.hint'))
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit(input.value.trim());
    });
    replace(this.el, form);
  }
}
