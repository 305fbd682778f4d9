/**
 * ringsight/viewer/components/modal
 * =================================
 *
 * A dialog over the page: a title, a body the caller fills, closed by its
 * close button, a click on the backdrop or Esc. Focus moves into the dialog
 * when it opens and back to where it was when it closes.
 */
import { t } from '../i18n/index.js';
import { onEscape } from '../state/escape.js';
import { h, replace, type Children } from './dom.js';

export interface Modal {
  readonly el: HTMLElement;
  readonly body: HTMLElement;
  setTitle(text: string): void;
  close(): void;
}

export function openModal(title: string, name: string, onClose?: () => void): Modal {
  const before = document.activeElement as HTMLElement | null;
  const heading = h('h2', { id: `dialog-${name}-title` }, title);
  const body = h('div', { class: 'modal-body' });
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    release();
    backdrop.remove();
    before?.focus?.();
    onClose?.();
  };
  const dialog = h(
    'div',
    {
      class: `modal modal-${name}`,
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': `dialog-${name}-title`,
      dataset: { dialog: name }
    },
    h(
      'div',
      { class: 'modal-head' },
      heading,
      h(
        'button',
        {
          class: 'modal-x',
          'aria-label': t('dialog.close'),
          title: t('dialog.close'),
          dataset: { action: 'close-dialog' },
          on: { click: close }
        },
        '×'
      )
    ),
    body
  );
  const backdrop = h(
    'div',
    {
      class: 'modal-backdrop',
      on: {
        mousedown: (e: MouseEvent) => {
          if (e.target === backdrop) close();
        }
      }
    },
    dialog
  );
  const release = onEscape(close);
  document.body.appendChild(backdrop);
  queueMicrotask(() =>
    (dialog.querySelector('input, select, textarea, button:not(.modal-x)') as HTMLElement | null)?.focus()
  );
  return {
    el: dialog,
    body,
    setTitle: (text) => {
      heading.textContent = text;
    },
    close
  };
}

/** A labelled form field. */
export function field(text: string, control: HTMLElement, hint?: Children): HTMLElement {
  return h(
    'label',
    { class: 'form-field' },
    h('span', { class: 'form-label' }, text),
    control,
    hint ? h('span', { class: 'hint' }, hint) : null
  );
}

/** Replaces a form's message line. */
export function say(line: HTMLElement, text: string, kind: 'info' | 'error' = 'info'): void {
  line.className = `form-message ${kind}`;
  replace(line, text);
}
