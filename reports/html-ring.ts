/**
 * ringsight/reports/html-ring
 * ===========================
 *
 * One ring's section of the HTML report: heading and key facts, the graph
 * picture, the evidence explained, the timeline, and the member, claim and
 * watchlist tables. Every value comes from the report model, escaped.
 */
import { amount, count, esc, plainAmount } from './format.js';
import { fill, strings, type Strings } from './i18n.js';
import type { ReportModel, ReportRing } from './model.js';
import { PROVIDER_KINDS } from '../engine/model.js';
import { drawnMembers, nodeColour, ringGraphSvg } from './svg-graph.js';
import { PRODUCT_COLOURS, ringTimelineSvg } from './svg-timeline.js';
import {
  categoryLabel,
  entityLabel,
  prefectureLabel,
  productLabel,
  roleLabel,
  statusLabel,
  type ReportLang
} from './vocab.js';

const PROVIDERS: ReadonlySet<string> = new Set(PROVIDER_KINDS);
const icon = (shape: string): string => `<svg viewBox="0 0 10 10">${shape}</svg>`;
const dot = (colour: string): string => icon(`<circle cx="5" cy="5" r="4" fill="${colour}"/>`);

function graphLegend(ring: ReportRing, lang: ReportLang, s: Strings): string {
  const providers = [
    ...new Set(
      drawnMembers(ring)
        .map((m) => m.type)
        .filter((t) => PROVIDERS.has(t))
    )
  ].sort();
  const items: Array<[string, string]> = [
    [icon(`<rect x="1.5" y="1.5" width="7" height="7" fill="${nodeColour('claim')}"/>`), s.legendClaim],
    [dot(nodeColour('person')), s.legendPerson],
    [dot(nodeColour('organiser')), s.legendOrganiser],
    [dot(nodeColour('phone')), s.legendPhone],
    [dot(nodeColour('bank_account')), s.legendAccount],
    [icon(`<path d="M5 0.5L9.5 8.5L0.5 8.5Z" fill="${nodeColour('vehicle')}"/>`), s.legendVehicle],
    ...providers.map((t): [string, string] => [
      icon(`<path d="M5 0L10 5L5 10L0 5Z" fill="${nodeColour('provider', t)}"/>`),
      entityLabel(t, lang)
    ]),
    [icon('<circle cx="5" cy="5" r="3.6" fill="#fff" stroke="#111827" stroke-width="1.6"/>'), s.legendWatch]
  ];
  return `<div class="legend">${items.map(([i, t]) => `<span>${i}${esc(t)}</span>`).join('')}</div>`;
}

function timelineLegend(ring: ReportRing, lang: ReportLang): string {
  const products = [...new Set(ring.claims.map((c) => c.product))].sort();
  return `<div class="legend">${products.map((p) => `<span>${dot(PRODUCT_COLOURS[p] ?? PRODUCT_COLOURS.other!)}${esc(productLabel(p, lang))}</span>`).join('')}</div>`;
}

function facts(ring: ReportRing, lang: ReportLang, s: Strings): string {
  const row = (k: string, v: string): string => `<div><span class="k">${esc(k)}</span>${v}</div>`;
  return `<div class="facts">${[
    row(s.category, esc(categoryLabel(ring.category, lang))),
    row(s.score, `${ring.score} <span class="muted">(${esc(ring.flagged ? s.flagged : s.notFlagged)})</span>`),
    row(s.period, `<span class="nowrap">${ring.period.from} – ${ring.period.to}</span>`),
    row(s.claims, count(ring.claims.length)),
    row(s.members, `${count(ring.members.length)} <span class="muted">(${esc(s.people)} ${ring.people})</span>`),
    row(s.prefectures, esc(ring.prefectures.map((p) => prefectureLabel(p, lang)).join(lang === 'zh' ? '、' : ', '))),
    row(s.claimed, amount(ring.amounts.claimed, lang)),
    row(s.paid, amount(ring.amounts.paid, lang)),
    row(s.insurers, esc(ring.insurers.join(lang === 'zh' ? '、' : ', '))),
    row(s.why, esc(ring.reasons.map((r) => s[`why_${r}` as const]).join(lang === 'zh' ? '、' : ', ')))
  ].join('')}</div>`;
}

function evidence(ring: ReportRing, s: Strings): string {
  const items = ring.evidence.map(
    (e) =>
      `<li><span class="pts">+${e.contribution.toFixed(1)} ${esc(s.points)}</span><span class="t">${esc(e.title)}</span>` +
      `<div class="txt">${esc(e.text)}</div></li>`
  );
  return `<ol class="evidence">${items.join('')}</ol><p class="small muted">${esc(fill(s.evidenceTotal, { score: ring.score }))}</p>`;
}

/** Above this many members, single-claim identifiers and providers are summarised rather than listed. */
const LIST_ALL_UP_TO = 40;

function listedMembers(ring: ReportRing): ReportRing['members'] {
  if (ring.members.length <= LIST_ALL_UP_TO) return ring.members;
  return ring.members.filter((m) => m.type === 'person' || m.claims.length >= 2 || m.organiser || m.watchlisted);
}

function members(ring: ReportRing, lang: ReportLang, s: Strings): string {
  const listed = listedMembers(ring);
  const left = ring.members.filter((m) => !listed.includes(m));
  const kinds = new Map<string, number>();
  for (const m of left) kinds.set(m.type, (kinds.get(m.type) ?? 0) + 1);
  const note =
    left.length === 0
      ? ''
      : `<p class="small muted">${esc(
          fill(s.membersCompacted, {
            n: left.length,
            kinds: [...kinds].map(([t, n]) => `${entityLabel(t, lang)} ${n}`).join(lang === 'zh' ? '、' : ', ')
          })
        )}</p>`;
  const rows = listed.map((m) => {
    const notes = [m.organiser ? s.organiser : '', m.watchlisted ? s.watchlisted : '']
      .filter((n) => n !== '')
      .join(lang === 'zh' ? '、' : ', ');
    return (
      `<tr${m.organiser ? ' class="organiser"' : ''}><td>${m.no}</td><td class="nowrap">${esc(entityLabel(m.type, lang))}</td>` +
      `<td>${esc(m.name ?? '—')}</td><td class="mono nowrap">${esc(m.label)}</td>` +
      `<td>${esc(m.roles.map((r) => roleLabel(m.type, r, lang)).join(lang === 'zh' ? '、' : ', '))}</td>` +
      `<td class="num">${m.claims.length}</td><td class="num">${m.degree.toFixed(2)}</td><td class="num">${m.betweenness.toFixed(3)}</td>` +
      `<td>${esc(notes)}</td></tr>`
    );
  });
  const cols = [5, 7, 13, 19, 27, 5, 7, 8, 9].map((w) => `<col style="width:${w}%">`).join('');
  return (
    `<table class="grid${listed.length <= 12 ? ' keep' : ''}"><colgroup>${cols}</colgroup><thead><tr><th>${esc(s.no)}</th><th>${esc(s.type)}</th><th>${esc(s.name)}</th>` +
    `<th>${esc(s.identifier)}</th><th>${esc(s.roles)}</th><th class="num">${esc(s.claims)}</th><th class="num">${esc(s.degree)}</th>` +
    `<th class="num">${esc(s.betweenness)}</th><th>${esc(s.notes)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>${note}`
  );
}

function partiesLine(c: ReportRing['claims'][number], ring: ReportRing, lang: ReportLang, s: Strings): string {
  const sep = lang === 'zh' ? '；' : '; ';
  const who = c.parties
    .filter((p) => p.type !== 'bank_account')
    .map((p) => `${p.member} ${roleLabel(p.type, p.role, lang)}`);
  const shown = new Map(ring.members.map((m) => [m.no, m.name ?? m.label]));
  const paid = c.paidTo.map((no) => `${no} ${shown.get(no) ?? ''}`.trim());
  const text = [
    who.join(lang === 'zh' ? '、' : ', '),
    paid.length ? `${s.paidTo}${lang === 'zh' ? '：' : ': '}${paid.join(', ')}` : ''
  ]
    .filter((t) => t !== '')
    .join(sep);
  return text === '' ? '' : `<tr class="parties"><td></td><td colspan="7" class="small">${esc(text)}</td></tr>`;
}

function claims(ring: ReportRing, lang: ReportLang, s: Strings): string {
  const marked = ring.claims.some((c) => !c.inScope);
  const rows = ring.claims.map(
    (c) =>
      `<tr${c.inScope ? ' class="in-scope"' : ''}><td class="nowrap">${marked && c.inScope ? '● ' : ''}${c.accidentDate}</td><td class="mono nowrap">${esc(c.id)}</td><td class="nowrap">${esc(c.insurer)}</td>` +
      `<td class="nowrap">${esc(prefectureLabel(c.prefecture, lang))}</td><td class="nowrap">${esc(productLabel(c.product, lang))}</td>` +
      `<td class="num">${plainAmount(c.claimed)}</td><td class="num">${plainAmount(c.paid)}</td><td class="nowrap">${esc(statusLabel(c.status, lang))}</td></tr>` +
      partiesLine(c, ring, lang, s)
  );
  const total =
    `<tr class="total"><td colspan="5">${esc(s.total)} (${ring.claims.length})</td>` +
    `<td class="num">${plainAmount(ring.amounts.claimed)}</td><td class="num">${plainAmount(ring.amounts.paid)}</td><td></td></tr>`;
  return (
    `<table class="grid${ring.claims.length <= 12 ? ' keep' : ''}"><thead><tr><th>${esc(s.accidentDate)}</th><th>${esc(s.claim)}</th><th>${esc(s.insurer)}</th>` +
    `<th>${esc(s.prefecture)}</th><th>${esc(s.product)}</th><th class="num">${esc(s.claimed)}</th><th class="num">${esc(s.paid)}</th>` +
    `<th>${esc(s.status)}</th></tr></thead><tbody>${rows.join('')}${total}</tbody></table>` +
    `<p class="small muted">${esc(s.parties)}${marked ? ` · ${esc(s.inScopeNote)}` : ''}</p>`
  );
}

function watchlist(ring: ReportRing, lang: ReportLang, s: Strings): string {
  if (ring.watchlist.length === 0) return `<p class="muted">${esc(s.noWatch)}</p>`;
  const rows = ring.watchlist.map(
    (w) =>
      `<tr><td>${w.member}</td><td class="nowrap">${esc(entityLabel(w.type, lang))}</td><td>${esc(w.name ?? '—')}</td>` +
      `<td class="mono nowrap">${esc(w.label)}</td><td>${esc(w.reason ?? '—')}</td><td>${esc(w.listedBy ?? '—')}</td>` +
      `<td class="nowrap">${esc(w.listedAt ?? '—')}</td><td class="nowrap">${esc(w.expiresAt ?? '—')}${w.expired ? ` (${esc(s.expired)})` : ''}</td></tr>`
  );
  return (
    `<table class="grid keep"><thead><tr><th>${esc(s.no)}</th><th>${esc(s.type)}</th><th>${esc(s.name)}</th><th>${esc(s.identifier)}</th>` +
    `<th>${esc(s.reason)}</th><th>${esc(s.listedBy)}</th><th>${esc(s.listedAt)}</th><th>${esc(s.expires)}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

export function ringSectionHtml(model: ReportModel, ring: ReportRing): string {
  const { lang } = model;
  const s = strings(lang);
  const pruned = ring.members.length - drawnMembers(ring).length;
  const badges =
    `<span class="badge blue">${esc(categoryLabel(ring.category, lang))}</span>` +
    `<span class="badge ${ring.flagged ? 'red' : 'grey'}">${esc(s.score)} ${ring.score}</span>`;
  return (
    `<section class="sheet ring" id="${esc(ring.id)}">` +
    `<div class="ring-head"><h2>${esc(fill(s.ringTitle, { no: ring.no, total: model.rings.length }))} · <span class="mono">${esc(ring.id)}</span></h2><div>${badges}</div></div>` +
    facts(ring, lang, s) +
    `<h3>${esc(s.graph)}</h3><figure>${ringGraphSvg(ring)}${graphLegend(ring, lang, s)}<figcaption>${esc(s.graphNote)}${pruned > 0 ? ' ' + esc(fill(s.graphPruned, { n: pruned })) : ''}</figcaption></figure>` +
    `<h3>${esc(s.evidence)}</h3>${evidence(ring, s)}` +
    `<h3>${esc(s.timeline)}</h3><figure>${ringTimelineSvg(ring)}${timelineLegend(ring, lang)}<figcaption>${esc(s.timelineNote)}</figcaption></figure>` +
    `<h3>${esc(s.memberTable)}</h3>${members(ring, lang, s)}` +
    `<h3>${esc(s.claimTable)} <span class="small muted">(${esc(s.amountsIn)})</span></h3>${claims(ring, lang, s)}` +
    `<h3>${esc(s.watchTable)}</h3>${watchlist(ring, lang, s)}` +
    '</section>'
  );
}
