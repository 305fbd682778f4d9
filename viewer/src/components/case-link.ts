/**
 * ringsight/viewer/components/case-link
 * =====================================
 *
 * On a ring's header: the case folders the ring is in (each a link to the
 * folders page) and, for the association, a picker to add it to another
 * folder. Nothing shows for a role that may not read folders or a server
 * that keeps none.
 */
import { casesApi, type CaseFolder } from '../api/cases.js';
import { t } from '../i18n/index.js';
import { session } from '../state/session.js';
import { h, replace } from './dom.js';
import { toast, toastError } from './error-view.js';

const READERS = ['admin', 'analyst', 'police'];
const WRITERS = ['admin', 'analyst'];

export class CaseLink {
  readonly el = h('span', { class: 'case-link-bar' });
  private folders: CaseFolder[] | null = null;

  constructor(private readonly ringId: string) {
    const role = session.get()?.principal?.role;
    if (role !== undefined && !READERS.includes(role)) return;
    casesApi.list().then(
      (folders) => {
        this.folders = folders;
        this.render();
      },
      () => {
        this.folders = null;
      }
    );
  }

  render(): void {
    const folders = this.folders;
    if (!folders) return replace(this.el);
    const role = session.get()?.principal?.role;
    const mayWrite = role === undefined || WRITERS.includes(role);
    const holding = folders.filter((f) => f.rings.includes(this.ringId));
    const others = folders.filter((f) => !f.rings.includes(this.ringId));
    const picker = h(
      'select',
      { class: 'case-picker', 'aria-label': t('cases.addTo') },
      h('option', { value: '' }, t('cases.addTo')),
      others.map((f) => h('option', { value: f.id }, f.reference ? `${f.name} · ${f.reference}` : f.name))
    );
    picker.addEventListener('change', () => void this.add(picker.value));
    replace(
      this.el,
      holding.map((f) =>
        h('a', { class: 'chip case-chip', href: '#/cases', dataset: { case: f.id }, title: t('nav.cases') }, f.name)
      ),
      mayWrite && others.length ? picker : null
    );
  }

  private async add(caseId: string): Promise<void> {
    if (!caseId) return;
    try {
      const updated = await casesApi.link(caseId, this.ringId);
      this.folders = (this.folders ?? []).map((f) => (f.id === updated.id ? updated : f));
      toast(t('cases.linked', { ring: this.ringId, name: updated.name }));
    } catch (error) {
      toastError(error);
    }
    this.render();
  }
}
