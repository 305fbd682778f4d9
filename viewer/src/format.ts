/**
 * ringsight/viewer/format
 * =======================
 *
 * Numbers, money and dates as the current language writes them. Amounts are
 * yuan; Chinese readers expect 万 for large sums, so zh uses it.
 */
import { lang } from './i18n/index.js';

export function money(yuan: number): string {
  if (!Number.isFinite(yuan)) return '—';
  if (lang.get() === 'zh') {
    if (Math.abs(yuan) >= 10_000) return `¥${(yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}万`;
    return `¥${Math.round(yuan).toLocaleString('zh-CN')}`;
  }
  return `¥${Math.round(yuan).toLocaleString('en-GB')}`;
}

export function num(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString(lang.get() === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits });
}

/** Dates stay ISO (YYYY-MM-DD): unambiguous in both languages and what the filters accept. */
export function day(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '—';
}

export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(iso.slice(0, 10) + 'T00:00:00Z') / 86_400_000);
}

export function isoOfDay(dayNo: number): string {
  return new Date(dayNo * 86_400_000).toISOString().slice(0, 10);
}
