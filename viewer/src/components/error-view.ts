/**
 * ringsight/viewer/components/error-view
 * ======================================
 *
 * What the user sees when something fails: a sentence saying what happened
 * and what to do (sign in again, ask for access, retry), never a blank area.
 * The server's own message is shown underneath for whoever has to fix it.
 */
import { asFailure, type ApiFailure } from '../api/errors.js';
import { t } from '../i18n/index.js';
import { signOut } from '../state/session.js';
import { h } from './dom.js';

export function failureMessage(failure: ApiFailure): string {
  if (failure.code === 'case_reference_required') return t('err.caseReference');
  switch (failure.kind) {
    case 'unauthorized':
      return t('err.unauthorized');
    case 'forbidden':
      return t('err.forbidden');
    case 'notFound':
      return t('err.notFound');
    case 'badRequest':
      return t('err.badRequest', { message: failure.message });
    case 'server':
      return t('err.server', { status: failure.status });
    case 'network':
      return t('err.network');
    default:
      return t('err.unknown', { message: failure.message });
  }
}

export function errorView(error: unknown, retry?: () => void): HTMLElement {
  const failure = asFailure(error);
  const showServerText =
    failure.kind !== 'network' && failure.kind !== 'badRequest' && failure.kind !== 'unknown' && failure.message;
  return h(
    'div',
    { class: 'error-card', role: 'alert', dataset: { kind: failure.kind, status: String(failure.status) } },
    h('h2', null, t('err.title')),
    h('p', { class: 'error-message' }, failureMessage(failure)),
    showServerText ? h('p', { class: 'error-detail' }, t('err.details', { message: failure.message })) : null,
    h(
      'div',
      { class: 'error-actions' },
      failure.kind === 'unauthorized'
        ? h('button', { class: 'primary', on: { click: () => signOut('expired') } }, t('err.signInAgain'))
        : null,
      // Retrying cannot change a role: offer another token instead.
      failure.kind === 'forbidden' ? h('button', { on: { click: () => signOut() } }, t('err.switchToken')) : null,
      retry && failure.kind !== 'unauthorized' && failure.kind !== 'forbidden'
        ? h('button', { class: 'primary', on: { click: retry } }, t('err.retry'))
        : null
    )
  );
}

let toastHost: HTMLElement | null = null;

/**
 * A short message in the corner that goes away by itself (export done, expand
 * failed, …). A `key` names it: a new toast with the same key replaces the old
 * one, and dismissToast(key) takes it away early (once what it asked for is done).
 */
export function toast(text: string, kind: 'info' | 'error' = 'info', ms = 4000, key?: string): void {
  if (!toastHost) {
    toastHost = h('div', { class: 'toasts', 'aria-live': 'polite' });
    document.body.appendChild(toastHost);
  }
  if (key) dismissToast(key);
  const item = h(
    'div',
    {
      class: `toast toast-${kind}`,
      role: kind === 'error' ? 'alert' : 'status',
      dataset: key ? { toast: key } : undefined
    },
    text
  );
  toastHost.appendChild(item);
  setTimeout(() => item.remove(), ms);
}

export function dismissToast(key: string): void {
  toastHost?.querySelectorAll(`[data-toast="${CSS.escape(key)}"]`).forEach((el) => el.remove());
}

export function toastError(error: unknown): void {
  toast(failureMessage(asFailure(error)), 'error', 6000);
}
