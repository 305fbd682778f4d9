/**
 * ringsight/viewer/components/review-dialogs
 * ==========================================
 *
 * The two alert reviews that end an alert: dismiss (a reason chosen from the
 * list plus free text, required for "other") and confirm as fraud (an
 * optional note). Both are dispositions the scoring model is calibrated
 * from, and the dialogs say so. Each resolves with the updated alert, or
 * null when the analyst cancels.
 */
import { alertsApi, dismissText, DISMISS_REASONS, type AlertItem, type DismissReason } from '../api/alerts.js';
import { failureMessage } from './error-view.js';
import { asFailure } from '../api/errors.js';
import { label, t } from '../i18n/index.js';
import { h } from './dom.js';
import { field, openModal, say } from './modal.js';

function actions(submit: HTMLButtonElement, cancel: () => void): HTMLElement {
  return h(
    'div',
    { class: 'form-actions' },
    h('button', { type: 'button', dataset: { action: 'cancel' }, on: { click: cancel } }, t('dialog.cancel')),
    submit
  );
}

export function dismissDialog(alert: AlertItem): Promise<AlertItem | null> {
  return new Promise((resolve) => {
    let result: AlertItem | null = null;
    const modal = openModal(t('dismiss.title', { id: alert.id }), 'dismiss', () => resolve(result));
    const reason = h(
      'select',
      { name: 'reason', id: 'dismiss-reason' },
      DISMISS_REASONS.map((code) => h('option', { value: code }, label('dismiss', code)))
    );
    const text = h('textarea', {
      name: 'text',
      id: 'dismiss-text',
      rows: 3,
      maxLength: 900,
      placeholder: t('dismiss.placeholder')
    });
    const message = h('p', { class: 'form-message', role: 'status' });
    const submit = h(
      'button',
      { type: 'submit', class: 'danger', dataset: { action: 'submit-dismiss' } },
      t('dismiss.submit')
    );
    const form = h(
      'form',
      {
        class: 'form',
        on: {
          submit: (e: SubmitEvent) => {
            e.preventDefault();
            void send();
          }
        }
      },
      h('p', { class: 'hint' }, t('dismiss.hint')),
      field(t('dismiss.reason'), reason),
      field(t('dismiss.text'), text),
      message,
      actions(submit, modal.close)
    );
    modal.body.append(form);
    async function send(): Promise<void> {
      const code = reason.value as DismissReason;
      if (code === 'other' && !text.value.trim()) return say(message, t('dismiss.needText'), 'error');
      submit.disabled = true;
      try {
        result = (await alertsApi.dismiss(alert.id, dismissText(code, text.value))).alert;
        modal.close();
      } catch (error) {
        submit.disabled = false;
        say(message, failureMessage(asFailure(error)), 'error');
      }
    }
  });
}

export function confirmDialog(alert: AlertItem): Promise<AlertItem | null> {
  return new Promise((resolve) => {
    let result: AlertItem | null = null;
    const modal = openModal(t('confirm.title', { id: alert.id }), 'confirm', () => resolve(result));
    const note = h('textarea', { name: 'note', id: 'confirm-note', rows: 3, maxLength: 900 });
    const message = h('p', { class: 'form-message', role: 'status' });
    const submit = h(
      'button',
      { type: 'submit', class: 'primary', dataset: { action: 'submit-confirm' } },
      t('confirm.submit')
    );
    modal.body.append(
      h(
        'form',
        {
          class: 'form',
          on: {
            submit: (e: SubmitEvent) => {
              e.preventDefault();
              void send();
            }
          }
        },
        h('p', { class: 'hint' }, t('confirm.hint')),
        field(t('confirm.note'), note),
        message,
        actions(submit, modal.close)
      )
    );
    async function send(): Promise<void> {
      submit.disabled = true;
      try {
        result = (await alertsApi.confirm(alert.id, note.value)).alert;
        modal.close();
      } catch (error) {
        submit.disabled = false;
        say(message, failureMessage(asFailure(error)), 'error');
      }
    }
  });
}
