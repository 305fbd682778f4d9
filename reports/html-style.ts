/**
 * ringsight/reports/html-style
 * ============================
 *
 * The report's stylesheet, inlined into every HTML file (no external
 * requests). Written for print first — A4, Noto Sans CJK SC, tables that
 * repeat their header and never split a row across pages, figures kept
 * whole — and readable on screen as a stack of sheets.
 */

export const FONT_STACK =
  "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

export const STYLE = `
:root { --ink: #0f172a; --muted: #475569; --line: #cbd5e1; --soft: #f1f5f9; --accent: #1e3a8a; --red: #b91c1c; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: ${FONT_STACK}; color: var(--ink); font-size: 9.5pt; line-height: 1.5; }
@page { size: A4; }
@media screen {
  body { background: #e2e8f0; }
  .sheet { background: #fff; max-width: 210mm; margin: 10px auto; padding: 14mm 14mm 16mm; box-shadow: 0 1px 4px rgba(15, 23, 42, .25); }
}
@media print { .screen-only { display: none; } }
h1 { font-size: 22pt; margin: 0 0 2mm; color: var(--accent); letter-spacing: .02em; }
h2 { font-size: 14pt; margin: 0 0 3mm; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: 1mm; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; color: var(--accent); break-after: avoid; page-break-after: avoid; }
p { margin: 1.5mm 0; }
a { color: inherit; text-decoration: none; }
.sheet + .sheet { break-before: page; page-break-before: always; }
.muted { color: var(--muted); }
.small { font-size: 8pt; }
.nowrap { white-space: nowrap; }
.wrap { overflow-wrap: anywhere; word-break: break-all; }
.mono { font-family: 'DejaVu Sans Mono', 'Noto Sans Mono CJK SC', monospace; font-size: 0.92em; letter-spacing: -0.01em; }
.band { color: var(--red); font-weight: 700; border: 1.5px solid var(--red); display: inline-block; padding: 1mm 3mm; margin-bottom: 8mm; }
.cover .subtitle { font-size: 11pt; color: var(--muted); margin-bottom: 10mm; }
.cover .opname { font-size: 18pt; font-weight: 700; margin: 0 0 1mm; }
.cover .caseref { font-size: 12pt; margin-bottom: 8mm; }
table.kv { width: 100%; border-collapse: collapse; margin-bottom: 5mm; font-size: 9pt; }
table.kv th { width: 34mm; text-align: left; vertical-align: top; color: var(--muted); font-weight: 400; padding: 1.2mm 2mm 1.2mm 0; }
table.kv td { padding: 1.2mm 0; vertical-align: top; border-bottom: 1px solid #e2e8f0; }
table.kv tr { break-inside: avoid; }
.notice { border-left: 3px solid var(--accent); background: var(--soft); padding: 2mm 3mm; margin: 3mm 0; break-inside: avoid; }
.notice.warn { border-left-color: var(--red); background: #fef2f2; }
.digest { font-family: 'DejaVu Sans Mono', monospace; font-size: 8.5pt; overflow-wrap: anywhere; word-break: break-all; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2.5mm; margin: 3mm 0 5mm; }
.tile { border: 1px solid var(--line); border-radius: 1.5mm; padding: 2mm 3mm; break-inside: avoid; }
.tile .v { font-size: 15pt; font-weight: 700; color: var(--accent); line-height: 1.25; overflow-wrap: anywhere; }
.tile .v.money { font-size: 11.5pt; }
.tile .k { font-size: 8pt; color: var(--muted); }
table.grid { width: 100%; border-collapse: collapse; font-size: 7.6pt; line-height: 1.3; }
table.grid thead { display: table-header-group; }
table.grid th { background: var(--soft); text-align: left; font-weight: 700; padding: 0.9mm 1.2mm; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.grid td { padding: 0.55mm 1.2mm; border-bottom: 0.5px solid #e2e8f0; vertical-align: top; }
table.grid tr { break-inside: avoid; page-break-inside: avoid; }
/* A table never starts with its header and a row or two at the foot of a page, nor ends with one orphan row. */
table.grid thead, table.grid tbody tr:nth-child(-n+3), table.grid tbody tr:nth-last-child(2) { break-after: avoid; page-break-after: avoid; }
table.grid td.num, table.grid th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.grid tr.total td { font-weight: 700; border-top: 1.5px solid var(--ink); border-bottom: none; }
table.grid tr.organiser td { background: #fef2f2; }
table.grid tr.parties td { border-bottom: 0.5px solid #cbd5e1; color: #334155; padding-top: 0; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.ring-head { display: flex; justify-content: space-between; align-items: baseline; gap: 4mm; border-bottom: 2px solid var(--accent); margin-bottom: 3mm; }
.ring-head h2 { border-bottom: none; margin: 0; padding-bottom: 1mm; }
.badge { display: inline-block; border-radius: 1mm; padding: 0 1.6mm; font-size: 8pt; font-weight: 700; border: 1px solid currentColor; margin-left: 1mm; white-space: nowrap; }
.badge.red { color: var(--red); }
.badge.blue { color: var(--accent); }
.badge.grey { color: var(--muted); }
.facts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1mm 4mm; margin: 2mm 0 1mm; font-size: 8.5pt; }
.facts div { break-inside: avoid; }
.facts .k { color: var(--muted); margin-right: 1.5mm; }
figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid #e2e8f0; border-radius: 1.5mm; }
figcaption { font-size: 7.5pt; color: var(--muted); margin-top: 1mm; }
.legend { display: flex; flex-wrap: wrap; gap: 1mm 4mm; font-size: 7.5pt; color: var(--muted); margin-top: 1mm; }
.legend svg { width: 9px; height: 9px; vertical-align: -1px; margin-right: 1mm; border: none; display: inline; }
svg text { font-family: ${FONT_STACK}; }
ol.evidence { list-style: none; padding: 0; margin: 0; }
ol.evidence li { border: 1px solid var(--line); border-left: 3px solid var(--accent); border-radius: 1mm; padding: 1.5mm 3mm; margin-bottom: 2mm; break-inside: avoid; page-break-inside: avoid; }
ol.evidence .t { font-weight: 700; }
ol.evidence .pts { float: right; font-weight: 700; color: var(--accent); }
ol.evidence .txt { font-size: 8.5pt; margin-top: .5mm; }
.doc-footer { margin-top: 8mm; padding-top: 2mm; border-top: 1px solid var(--line); font-size: 7.5pt; color: var(--muted); }
`;
