/**
 * ringsight/viewer/pages/cases-page
 * =================================
 *
 * Case folders: every investigation with its reference and the rings linked
 * to it, newest change first. The association opens a folder (name and an
 * optional case reference) and links or unlinks rings of the latest run;
 * police read the folders. Rings are shown by their readable name and id,
 * from the ring list (up to 500, by score), which also feeds the ring picker.
 */
import { api } from '../api/client.js';
import { casesApi, type CaseFolder } from '../api/cases.js';
import { ApiFailure } from '../api/errors.js';
import type { RingListItem } from '../api/types.js';
import { h, replace } from '../components/dom.js';
import { errorView, toast, toastError } from '../components/error-view.js';
import { field, say } from '../components/modal.js';
import { dateTime } from '../format.js';
import { t } from '../i18n/index.js';
import { ringName } from '../ring-name.js';
import { session } from '../state/session.js';
import type { Page } from './page.js';

const WRITERS = ['admin', 'analyst'];

export class CasesPage implements Page {
  readonly el = h('div', { class: 'page cases-page' });
  private folders: CaseFolder[] | null = null;
  private rings = new Map<string, RingListItem>();
  private error: unknown = null;
  private noStore = false;
  private readonly controller = new AbortController();
  private readonly form = h('form', {
    class: 'case-form filters',
    on: {
      submit: (e: SubmitEvent) => {
        e.preventDefault();
        void this.create();
      }
    }
  });
  private readonly nameInput = h('input', { type: 'text', id: 'case-name', name: 'name', maxLength: 200 });
  private readonly refInput = h('input', { type: 'text', id: 'case-reference', name: 'reference', maxLength: 100 });
  private readonly message = h('p', { class: 'form-message', role: 'status' });

  constructor() {
    this.render();
    void this.load();
  }

  private get mayWrite(): boolean {
    const role = session.get()?.principal?.role;
    return role === undefined || WRITERS.includes(role);
  }

  private async load(): Promise<void> {
    const signal = this.controller.signal;
    try {
      const [folders, rings] = await Promise.all([
        casesApi.list(signal),
        api.rings({ sort: 'score', order: 'desc', pageSize: 500 }, signal).catch(() => null)
      ]);
      if (signal.aborted) return;
      this.folders = folders;
      this.rings = new Map((rings?.items ?? []).map((r) => [r.id, r]));
      this.error = null;
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiFailure && error.code === 'no_case_store') this.noStore = true;
      else this.error = error;
    }
    this.render();
  }

  private async create(): Promise<void> {
    if (!this.nameInput.value.trim()) return say(this.message, t('cases.nameRequired'), 'error');
    try {
      const folder = await casesApi.create(this.nameInput.value, this.refInput.value);
      this.folders = [folder, ...(this.folders ?? []).filter((f) => f.id !== folder.id)];
      this.nameInput.value = '';
      this.refInput.value = '';
      say(this.message, '');
      toast(t('cases.created', { name: folder.name }));
      this.render();
    } catch (error) {
      toastError(error);
    }
  }

  private async change(folder: CaseFolder, ringId: string, op: 'link' | 'unlink'): Promise<void> {
    try {
      const updated = op === 'link' ? await casesApi.link(folder.id, ringId) : await casesApi.unlink(folder.id, ringId);
      this.folders = (this.folders ?? []).map((f) => (f.id === updated.id ? updated : f));
      toast(t(op === 'link' ? 'cases.linked' : 'cases.unlinked', { ring: ringId, name: updated.name }));
      this.render();
    } catch (error) {
      toastError(error);
    }
  }

  private ringLabel(id: string): HTMLElement {
    const ring = this.rings.get(id);
    return h(
      'a',
      { href: `#/ring/${encodeURIComponent(id)}`, class: 'ring-link' },
      ring ? h('span', { class: 'ring-name' }, ringName(ring, ring.organiser), ' ') : null,
      h('span', { class: 'mono' }, id)
    );
  }

  private folder(f: CaseFolder): HTMLElement {
    const picker = h(
      'select',
      { class: 'ring-picker', 'aria-label': t('cases.pickRing') },
      h('option', { value: '' }, t('cases.pickRing')),
      [...this.rings.values()]
        .filter((r) => !f.rings.includes(r.id))
        .map((r) => h('option', { value: r.id }, `${ringName(r, r.organiser)} · ${r.id} · ${Math.round(r.score)}`))
    );
    return h(
      'article',
      { class: 'case-folder', dataset: { case: f.id } },
      h(
        'header',
        { class: 'case-head' },
        h(
          'h2',
          null,
          h('span', { class: 'case-name' }, f.name),
          f.reference ? h('span', { class: 'chip case-ref' }, f.reference) : null
        ),
        h(
          'span',
          { class: 'muted small' },
          t('cases.meta', { name: f.createdBy ?? '—', date: dateTime(f.createdAt) }),
          ' · ',
          t('cases.updated', { date: dateTime(f.updatedAt) }),
          ' · ',
          h('span', { class: 'mono' }, f.id)
        )
      ),
      h('h3', null, t('cases.rings', { n: f.rings.length })),
      f.rings.length === 0
        ? h('p', { class: 'muted small' }, t('cases.noRings'))
        : h(
            'ul',
            { class: 'case-rings' },
            f.rings.map((id) =>
              h(
                'li',
                { dataset: { ring: id } },
                this.ringLabel(id),
                this.mayWrite
                  ? h(
                      'button',
                      {
                        class: 'link',
                        dataset: { action: 'unlink' },
                        on: { click: () => void this.change(f, id, 'unlink') }
                      },
                      t('cases.unlink')
                    )
                  : null
              )
            )
          ),
      this.mayWrite
        ? h(
            'div',
            { class: 'case-link' },
            picker,
            h(
              'button',
              {
                dataset: { action: 'link' },
                on: {
                  click: () => {
                    if (picker.value) void this.change(f, picker.value, 'link');
                  }
                }
              },
              t('cases.link')
            )
          )
        : null
    );
  }

  private render(): void {
    let body: Node;
    if (this.noStore) body = h('p', { class: 'empty' }, t('cases.noStore'));
    else if (this.error) body = errorView(this.error, () => void this.load());
    else if (!this.folders) body = h('p', { class: 'loading' }, t('list.loading'));
    else if (this.folders.length === 0) body = h('p', { class: 'empty' }, t('cases.empty'));
    else
      body = h(
        'div',
        { class: 'case-list' },
        this.folders.map((f) => this.folder(f))
      );
    this.nameInput.placeholder = t('cases.name');
    replace(
      this.form,
      h('h2', { class: 'form-title' }, t('cases.new')),
      field(t('cases.name'), this.nameInput),
      field(t('cases.reference'), this.refInput),
      h('button', { type: 'submit', class: 'primary', dataset: { action: 'create-case' } }, t('cases.create')),
      this.message
    );
    replace(
      this.el,
      h(
        'div',
        { class: 'list-head' },
        h('h1', null, t('cases.title')),
        !this.mayWrite ? h('span', { class: 'muted' }, t('cases.readOnly')) : null
      ),
      this.mayWrite && !this.noStore ? this.form : null,
      body
    );
  }

  relabel(): void {
    this.render();
  }

  destroy(): void {
    this.controller.abort();
  }
}
