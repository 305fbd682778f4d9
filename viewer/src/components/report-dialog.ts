/**
 * ringsight/viewer/components/report-dialog
 * =========================================
 *
 * "移交警方报告": asks for the operation name and the case reference (and the
 * report's language), generates the report for the ring, then lists the
 * reports the caller may read — the new one first and marked — each with its
 * files to download. Police must give a case reference (it is what lets the
 * report show identities); for every other role the report is masked and the
 * reference only names the case. The case reference is prefilled from the
 * one the session already uses.
 */
import { asFailure } from '../api/errors.js';
import { reportsApi, type ReportItem } from '../api/reports.js';
import { dateTime } from '../format.js';
import { lang, t } from '../i18n/index.js';
import { session } from '../state/session.js';
import { h, replace } from './dom.js';
import { failureMessage, toast, toastError } from './error-view.js';
import { field, openModal, say } from './modal.js';

export function reportList(items: readonly ReportItem[], fresh: string | null): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted' }, t('report.none'));
  return h(
    'ul',
    { class: 'report-list' },
    items.map((r) =>
      h(
        'li',
        { class: `report-item${r.id === fresh ? ' fresh' : ''}`, dataset: { report: r.id } },
        h(
          'div',
          { class: 'report-head' },
          h('strong', { class: 'report-name' }, r.name),
          ' ',
          h(
            'span',
            { class: `chip ${r.masked ? '' : 'unmasked'}` },
            r.masked ? t('report.masked') : t('report.unmasked')
          ),
          r.caseReference ? h('span', { class: 'chip' }, t('report.case', { ref: r.caseReference })) : null
        ),
        h(
          'div',
          { class: 'muted small' },
          t('report.meta', { by: r.by, date: dateTime(r.created), rings: r.rings }),
          ' · ',
          h('span', { class: 'mono', title: r.digest }, t('report.digest', { digest: r.digest.slice(0, 12) })),
          ' · ',
          h('span', { class: 'mono' }, r.id)
        ),
        h(
          'div',
          { class: 'report-files' },
          r.files.map((file) =>
            h(
              'a',
              {
                href: '#',
                class: 'download',
                dataset: { file },
                title: `${r.id}-${file}`,
                on: {
                  click: (e: MouseEvent) => {
                    e.preventDefault();
                    reportsApi
                      .download(r, file)
                      .then(() => toast(t('report.downloaded', { file: `${r.id}-${file}` })), toastError);
                  }
                }
              },
              `⬇ ${file}`
            )
          )
        )
      )
    )
  );
}

export function openReportDialog(ring: { id: string; name: string }): void {
  const modal = openModal(t('report.title'), 'report');
  const current = session.get();
  const police = current?.principal?.role === 'police';
  const name = h('input', { type: 'text', id: 'report-name', name: 'name', maxLength: 100 });
  name.value = t('report.ring', { name: ring.name });
  const caseRef = h('input', { type: 'text', id: 'report-case', name: 'caseReference', maxLength: 64 });
  caseRef.value = current?.caseReference ?? '';
  const language = h(
    'select',
    { id: 'report-lang', name: 'lang' },
    h('option', { value: 'zh' }, '中文'),
    h('option', { value: 'en' }, 'English')
  );
  language.value = lang.get();
  const message = h('p', { class: 'form-message', role: 'status' });
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', dataset: { action: 'create-report' } },
    t('report.submit')
  );
  const listing = h('section', { class: 'report-listing' });

  async function showList(fresh: string | null): Promise<void> {
    replace(listing, h('h3', null, t('report.list')), h('p', { class: 'muted' }, t('list.loading')));
    try {
      const items = await reportsApi.list();
      items.sort((a, b) => (a.id === fresh ? -1 : b.id === fresh ? 1 : 0));
      replace(listing, h('h3', null, t('report.list')), reportList(items, fresh));
    } catch (error) {
      replace(
        listing,
        h('h3', null, t('report.list')),
        h('p', { class: 'form-message error' }, failureMessage(asFailure(error)))
      );
    }
  }

  async function send(): Promise<void> {
    if (!name.value.trim()) return say(message, t('report.nameRequired'), 'error');
    if (police && !caseRef.value.trim()) return say(message, t('report.caseRequired'), 'error');
    submit.disabled = true;
    say(message, t('report.generating'));
    try {
      const created = await reportsApi.create({
        ringId: ring.id,
        name: name.value,
        caseReference: caseRef.value,
        lang: language.value === 'en' ? 'en' : 'zh'
      });
      say(message, t('report.created', { id: created.id }));
      await showList(created.id);
    } catch (error) {
      say(message, failureMessage(asFailure(error)), 'error');
    } finally {
      submit.disabled = false;
    }
  }

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
      field(t('report.operation'), name),
      field(t('report.caseRef'), caseRef, t('report.caseRefHint')),
      field(t('report.lang'), language),
      message,
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'button', on: { click: modal.close } }, t('dialog.close')),
        submit
      )
    ),
    listing
  );
  void showList(null);
}
