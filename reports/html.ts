/**
 * ringsight/reports/html
 * ======================
 *
 * The report as one self-contained HTML document: inline CSS and SVG, no
 * script, no external request (a Content-Security-Policy forbids them, so
 * the file stays inert wherever it is opened). Cover page, summary, then one
 * section per ring (html-ring.ts). The same document is printed to PDF.
 */
import { amount, chinaTime, count, esc } from './format.js';
import { ringSectionHtml } from './html-ring.js';
import { targetsHtml } from './html-targets.js';
import { STYLE } from './html-style.js';
import { fill, strings, type Strings } from './i18n.js';
import type { ReportModel } from './model.js';
import { categoryLabel, prefectureLabel, regionWithCode, type ReportLang } from './vocab.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
/** Page margins (top, sides, bottom): room for the running header and footer. */
export const PAGE_MARGIN = '14mm 14mm 16mm';

const kv = (rows: Array<[string, string]>): string =>
  `<table class="kv">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;

function join(items: readonly string[], lang: ReportLang): string {
  return items.join(lang === 'zh' ? '、' : ', ');
}

const colon = (lang: ReportLang): string => (lang === 'zh' ? '：' : ': ');

function cover(m: ReportModel, digest: string, s: Strings): string {
  const { lang, operation: op, source } = m;
  const role = s[`role_${m.generatedBy.role}` as const];
  const by = `${esc(m.generatedBy.actor)} <span class="muted">(${esc(role)}${m.generatedBy.insurer ? ` · ${esc(m.generatedBy.insurer)}` : ''})</span>`;
  const period = op.period.from || op.period.to ? `${op.period.from ?? '…'} – ${op.period.to ?? '…'}` : s.all;
  const scope: Array<[string, string]> = op.onlyListed
    ? [[s.scope, esc(s.onlyListed)]]
    : [
        [
          s.regions,
          esc(
            op.regions.length
              ? join(
                  op.regions.map((r) => regionWithCode(r, lang)),
                  lang
                )
              : s.all
          )
        ],
        [s.period, esc(period)],
        [
          s.categories,
          esc(
            op.categories.length
              ? join(
                  op.categories.map((c) => categoryLabel(c, lang)),
                  lang
                )
              : s.all
          )
        ],
        [s.minScore, esc(op.minScoreFromRun ? fill(s.minScoreFromRun, { score: op.minScore }) : String(op.minScore))]
      ];
  if (op.rings.length) scope.push([s.listedRings, `<span class="mono wrap">${esc(op.rings.join(', '))}</span>`]);
  if (op.entities.length)
    scope.push([s.listedEntities, `<span class="mono wrap">${esc(op.entities.join(', '))}</span>`]);
  if (op.unmatchedEntities.length)
    scope.push([s.unmatched, `<span class="mono wrap">${esc(op.unmatchedEntities.join(', '))}</span>`]);
  const runParams =
    fill(s.runParamsText, {
      seed: source.seed,
      threshold: source.flagThreshold,
      rings: count(source.ringsInRun),
      claims: count(source.claimsInRun)
    }) + (source.asOf ? `, ${fill(s.asOf, { date: source.asOf })}` : '');
  const notice = m.disclosure.masked
    ? `<div class="notice">${esc(s.maskedNotice)}</div>`
    : `<div class="notice warn">${esc(fill(s.unmaskedNotice, { ref: m.disclosure.caseReference ?? '' }))}</div>`;
  return (
    '<section class="sheet cover">' +
    `<div class="band">${esc(s.confidential)}</div>` +
    `<h1>${esc(s.title)}</h1><div class="subtitle">${esc(s.subtitle)}</div>` +
    `<div class="opname">${esc(op.name)}</div>` +
    `<div class="caseref">${esc(s.caseReference)}${colon(lang)}<b>${esc(op.caseReference ?? s.none)}</b></div>` +
    kv([
      [s.reportId, `<span class="mono">${esc(m.id)}</span>`],
      [s.generatedBy, by],
      [s.generatedAt, esc(chinaTime(m.generatedAt))],
      [s.dataVersion, `<span class="wrap">${esc(source.dataVersion ?? s.notRecorded)}</span>`],
      [s.dataSource, `<span class="wrap">${esc(source.input || s.notRecorded)}</span>`],
      [s.detectionRun, `<span class="mono wrap">${esc(source.runId)}</span>`],
      [s.runTime, esc(`${chinaTime(source.runStartedAt)} – ${chinaTime(source.runFinishedAt)}`)],
      [s.runParams, esc(runParams)]
    ]) +
    `<h3>${esc(s.scope)}</h3>` +
    kv(scope) +
    notice +
    `<div class="notice">${esc(s.leadsNotice)}</div>` +
    `<h3>${esc(s.digest)}</h3><div class="digest">${esc(digest)}</div><p class="small muted">${esc(s.digestNote)}</p>` +
    '</section>'
  );
}

function summary(m: ReportModel, s: Strings): string {
  const { lang, summary: sum } = m;
  const tile = (value: string, key: string, money = false): string =>
    `<div class="tile"><div class="v${money ? ' money' : ''}">${value}</div><div class="k">${esc(key)}</div></div>`;
  const tiles = [
    tile(`${count(sum.rings)}`, `${s.rings} · ${fill(s.flaggedOf, { n: sum.flagged })}`),
    tile(count(sum.people), s.people),
    tile(count(sum.claims), s.claims),
    tile(`${sum.period.from}<br>${sum.period.to}`, s.period, true),
    tile(count(sum.insurers.length), `${s.insurers}${colon(lang)}${join(sum.insurers, lang)}`),
    tile(
      count(sum.prefectures.length),
      `${s.prefectures}${colon(lang)}${join(
        sum.prefectures.map((p) => prefectureLabel(p, lang)),
        lang
      )}`
    ),
    tile(esc(amount(sum.claimed, lang)), s.claimed, true),
    tile(esc(amount(sum.paid, lang)), s.paid, true)
  ];
  const categories = Object.entries(sum.categories)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${esc(categoryLabel(c, lang))} ${n}`)
    .join(lang === 'zh' ? '；' : '; ');
  const rows = m.rings.map(
    (r) =>
      `<tr><td>${r.no}</td><td class="mono nowrap"><a href="#${esc(r.id)}">${esc(r.id)}</a></td><td>${esc(categoryLabel(r.category, lang))}</td>` +
      `<td class="num">${r.score}${r.flagged ? '' : '*'}</td><td class="num">${r.claims.length}</td><td class="num">${r.people}</td>` +
      `<td>${esc(
        join(
          r.prefectures.map((p) => prefectureLabel(p, lang)),
          lang
        )
      )}</td>` +
      `<td class="num">${esc(amount(r.amounts.claimed, lang))}</td><td class="num">${esc(amount(r.amounts.paid, lang))}</td>` +
      `<td class="nowrap">${r.period.from}<br>${r.period.to}</td></tr>`
  );
  return (
    '<section class="sheet summary">' +
    `<h2>${esc(s.summary)}</h2><div class="tiles">${tiles.join('')}</div>` +
    `<p><span class="muted">${esc(s.byCategory)}${colon(lang)}</span>${categories}</p>` +
    `<h3>${esc(s.ringIndex)}</h3>` +
    `<table class="grid"><thead><tr><th>${esc(s.no)}</th><th>${esc(s.ring)}</th><th>${esc(s.category)}</th><th class="num">${esc(s.score)}</th>` +
    `<th class="num">${esc(s.claims)}</th><th class="num">${esc(s.people)}</th><th>${esc(s.prefectures)}</th>` +
    `<th class="num">${esc(s.claimed)}</th><th class="num">${esc(s.paid)}</th><th>${esc(s.period)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    (m.rings.some((r) => !r.flagged) ? `<p class="small muted">* ${esc(s.notFlagged)}</p>` : '') +
    '</section>'
  );
}

/** A CSS string literal: quotes, backslashes, line breaks and `<` (which could close the style element) escaped. */
function cssString(text: string): string {
  return `"${text.replace(/[\\"<>\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/**
 * Running header and footer as CSS page-margin boxes: the HTML carries them itself, so the server's PDF
 * and a copy printed from a browser both show the report id, digest and page numbers on every page.
 */
function pageCss(model: ReportModel, digest: string): string {
  const s = strings(model.lang);
  const op = model.operation;
  const box = "font-family: 'Noto Sans CJK SC', sans-serif; font-size: 6.5pt; color: #475569;";
  const [before, after] = s.pageOf.split('{page}');
  const [middle, end] = (after ?? '').split('{total}');
  return (
    `@page { margin: ${PAGE_MARGIN};` +
    ` @top-left { content: ${cssString(s.confidential)}; ${box} color: #b91c1c; }` +
    ` @top-right { content: ${cssString(`${op.name}${op.caseReference ? ` · ${op.caseReference}` : ''}`)}; ${box} }` +
    ` @bottom-left { content: ${cssString(fill(s.footer, { id: model.id, digest }))}; ${box} }` +
    ` @bottom-right { content: ${cssString(before ?? '')} counter(page) ${cssString(middle ?? '')} counter(pages) ${cssString(end ?? '')}; ${box} white-space: nowrap; } }`
  );
}

/** The whole report; `digest` is the model's content digest, printed on the cover and in every page footer. */
export function renderHtml(model: ReportModel, digest: string): string {
  const s = strings(model.lang);
  const title = `${s.title} · ${model.operation.name}${model.operation.caseReference ? ` · ${model.operation.caseReference}` : ''}`;
  return (
    '<!doctype html>' +
    `<html lang="${model.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="ringsight-report" content="${esc(model.id)}"><meta name="ringsight-digest" content="${esc(digest)}">` +
    `<title>${esc(title)}</title><style>${STYLE}${pageCss(model, digest)}</style></head><body>` +
    cover(model, digest, s) +
    summary(model, s) +
    targetsHtml(model, s) +
    model.rings.map((r) => ringSectionHtml(model, r)).join('\n') +
    `<footer class="sheet doc-footer screen-only">${esc(fill(s.footer, { id: model.id, digest }))} · ${esc(s.endOfReport)}</footer>` +
    '</body></html>\n'
  );
}
