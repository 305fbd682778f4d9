/**
 * ringsight/reports/html-targets
 * ==============================
 *
 * The priority-targets page of the HTML report: who to look at first across
 * the report's rings, and the records to request for each (targets.ts
 * decides; this only lays it out, escaped).
 */
import { esc } from './format.js';
import type { Strings } from './i18n.js';
import type { ReportModel } from './model.js';
import { actionLabel, entityLabel } from './vocab.js';

export function targetsHtml(m: ReportModel, s: Strings): string {
  const { lang } = m;
  const sep = lang === 'zh' ? '；' : '; ';
  const rows = m.targets.map(
    (t) =>
      `<tr${t.organiser ? ' class="organiser"' : ''}><td class="num">${t.rank}</td>` +
      `<td class="nowrap"><a href="#${esc(t.ring)}">${t.ringNo}</a> · ${esc(t.member)}</td>` +
      `<td class="nowrap">${esc(entityLabel(t.type, lang))}</td><td>${esc(t.name ?? '—')}</td><td class="mono nowrap">${esc(t.label)}</td>` +
      `<td class="num">${t.claims}</td>` +
      `<td>${esc([t.organiser ? s.organiser : '', t.watchlisted ? s.watchlisted : ''].filter((n) => n !== '').join(lang === 'zh' ? '、' : ', '))}</td>` +
      `<td>${esc(t.actions.map((a) => actionLabel(a, lang)).join(sep))}</td></tr>`
  );
  const table =
    rows.length === 0
      ? `<p class="muted">${esc(s.noTargets)}</p>`
      : `<table class="grid"><thead><tr><th class="num">${esc(s.rank)}</th><th>${esc(s.ring)} · ${esc(s.no)}</th><th>${esc(s.type)}</th>` +
        `<th>${esc(s.name)}</th><th>${esc(s.identifier)}</th><th class="num">${esc(s.claims)}</th><th>${esc(s.notes)}</th>` +
        `<th>${esc(s.nextSteps)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section class="sheet targets"><h2>${esc(s.targets)}</h2><p class="small muted">${esc(s.targetsNote)}</p>${table}</section>`;
}
