/**
 * ringsight/reports/format
 * ========================
 *
 * Small text helpers shared by the writers: HTML/XML escaping, amounts,
 * counts, timestamps in China Standard Time, and lists cut to a readable
 * length. Amounts are always shown exact to the fen — investigators
 * reconcile them against insurers' books.
 */
import type { ReportLang } from './vocab.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and SVG, attributes included. */
export function esc(value: string | number | boolean | null | undefined): string {
  return (value === null || value === undefined ? '' : String(value)).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export function amount(value: number | null, lang: ReportLang): string {
  if (value === null) return '—';
  const text = value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return lang === 'zh' ? `¥${text}` : `CNY ${text}`;
}

/** Amount without currency, for table cells under a currency heading. */
export function plainAmount(value: number | null): string {
  return value === null ? '—' : value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "2026-03-01 14:05 (UTC+8)": reports are read in China whatever the server's zone. */
export function chinaTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} (UTC+8)`;
}

/** Joins at most `max` items and says how many were left out. */
export function listOf(items: readonly string[], lang: ReportLang, max = 5): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  if (lang === 'zh') return shown.join('、') + (rest > 0 ? ` 等 ${rest + shown.length} 项` : '');
  return shown.join(', ') + (rest > 0 ? ` and ${rest} more` : '');
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
