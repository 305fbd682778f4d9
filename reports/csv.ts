/**
 * ringsight/reports/csv
 * =====================
 *
 * The evidence tables for investigators' own tools: rings.csv, members.csv,
 * claims.csv, evidence.csv, watchlist.csv and targets.csv. UTF-8 with a byte-order mark
 * and CRLF line ends, so Excel opens the Chinese correctly; stable English
 * snake_case headers for import, codes next to their translated labels.
 * Text cells that a spreadsheet would run as a formula (= + - @) are
 * prefixed with an apostrophe — names and reasons come from outside data —
 * and long digit strings (ID numbers, bank accounts, organisation codes)
 * with a tab, which keeps Excel from turning them into 3.60102E+17.
 */
import type { ReportModel } from './model.js';
import {
  actionLabel,
  categoryLabel,
  entityLabel,
  prefectureLabel,
  productLabel,
  roleLabel,
  statusLabel
} from './vocab.js';

export const CSV_FILES = [
  'rings.csv',
  'members.csv',
  'claims.csv',
  'evidence.csv',
  'watchlist.csv',
  'targets.csv'
] as const;
export type CsvFile = (typeof CSV_FILES)[number];

const BOM = '\uFEFF';
export type Cell = string | number | boolean | null;

function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = /^\d{12,}[\dXx]?$/.test(value) ? `\t${value}` : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const money = (v: number | null): string | null => (v === null ? null : v.toFixed(2));

export function table(header: readonly string[], rows: Cell[][]): string {
  const lines = [header.join(','), ...rows.map((r) => r.map(cell).join(','))];
  return BOM + lines.join('\r\n') + '\r\n';
}

export function renderCsv(m: ReportModel): Record<CsvFile, string> {
  const { lang } = m;
  const list = (items: readonly string[]): string => items.join(';');
  const id = m.id;
  return {
    'rings.csv': table(
      [
        'report_id',
        'ring_no',
        'ring_id',
        'category',
        'category_label',
        'score',
        'flagged',
        'claims',
        'members',
        'people',
        'prefectures',
        'prefecture_names',
        'insurers',
        'period_from',
        'period_to',
        'claimed',
        'paid',
        'likely_organisers',
        'included_because'
      ],
      m.rings.map((r) => [
        id,
        r.no,
        r.id,
        r.category,
        categoryLabel(r.category, lang),
        r.score,
        r.flagged,
        r.claims.length,
        r.members.length,
        r.people,
        list(r.prefectures),
        list(r.prefectures.map((p) => prefectureLabel(p, lang))),
        list(r.insurers),
        r.period.from,
        r.period.to,
        money(r.amounts.claimed),
        money(r.amounts.paid),
        list(r.members.filter((x) => x.organiser).map((x) => `${x.no} ${x.name ?? x.label}`)),
        list(r.reasons)
      ])
    ),
    'members.csv': table(
      [
        'report_id',
        'ring_id',
        'member_no',
        'type',
        'type_label',
        'name',
        'identifier',
        'roles',
        'role_labels',
        'claims',
        'claim_ids',
        'degree',
        'betweenness',
        'likely_organiser',
        'watchlisted'
      ],
      m.rings.flatMap((r) =>
        r.members.map((x) => [
          id,
          r.id,
          x.no,
          x.type,
          entityLabel(x.type, lang),
          x.name,
          x.label,
          list(x.roles),
          list(x.roles.map((role) => roleLabel(x.type, role, lang))),
          x.claims.length,
          list(x.claims),
          x.degree,
          x.betweenness,
          x.organiser,
          x.watchlisted
        ])
      )
    ),
    'claims.csv': table(
      [
        'report_id',
        'ring_id',
        'claim_id',
        'accident_date',
        'report_date',
        'policy_start',
        'insurer',
        'region_code',
        'prefecture_code',
        'prefecture',
        'product',
        'product_label',
        'claimed',
        'paid',
        'status',
        'status_label',
        'in_scope',
        'parties',
        'paid_to'
      ],
      m.rings.flatMap((r) =>
        r.claims.map((c) => [
          id,
          r.id,
          c.id,
          c.accidentDate,
          c.reportDate,
          c.policyStart,
          c.insurer,
          c.region,
          c.prefecture,
          prefectureLabel(c.prefecture, lang),
          c.product,
          productLabel(c.product, lang),
          money(c.claimed),
          money(c.paid),
          c.status,
          c.status === null ? null : statusLabel(c.status, lang),
          c.inScope,
          list(c.parties.map((p) => `${p.member}:${p.role}`)),
          list(c.paidTo)
        ])
      )
    ),
    'evidence.csv': table(
      ['report_id', 'ring_id', 'signal', 'title', 'value', 'points', 'members', 'explanation'],
      m.rings.flatMap((r) =>
        r.evidence.map((e) => [id, r.id, e.signal, e.title, e.value, e.contribution, list(e.subjects), e.text])
      )
    ),
    'watchlist.csv': table(
      [
        'report_id',
        'ring_id',
        'member_no',
        'type',
        'name',
        'identifier',
        'reason',
        'listed_by',
        'listed_at',
        'expires_at',
        'expired'
      ],
      m.rings.flatMap((r) =>
        r.watchlist.map((w) => [
          id,
          r.id,
          w.member,
          w.type,
          w.name,
          w.label,
          w.reason,
          w.listedBy,
          w.listedAt,
          w.expiresAt,
          w.expired
        ])
      )
    ),
    'targets.csv': table(
      [
        'report_id',
        'rank',
        'ring_id',
        'member_no',
        'type',
        'type_label',
        'name',
        'identifier',
        'likely_organiser',
        'watchlisted',
        'claims',
        'betweenness',
        'actions',
        'action_labels'
      ],
      m.targets.map((t) => [
        id,
        t.rank,
        t.ring,
        t.member,
        t.type,
        entityLabel(t.type, lang),
        t.name,
        t.label,
        t.organiser,
        t.watchlisted,
        t.claims,
        t.betweenness,
        list(t.actions),
        list(t.actions.map((a) => actionLabel(a, lang)))
      ])
    )
  };
}
