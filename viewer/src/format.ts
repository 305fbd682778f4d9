/**
 * ringsight/viewer/format
 * =======================
 *
 * Numbers, money and dates as the current language writes them. Amounts are
 * yuan; Chinese readers expect 万 for large sums, so zh uses it; dates read
 * 2024年3月5日 in Chinese.
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

/**
 * A calendar date as the language writes it: 2024年3月5日 / 5 Mar 2024. The
 * filters' date inputs keep ISO values; this is for reading.
 */
export function day(value: string | null | undefined): string {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  if (!m) return value ? value : '—';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (lang.get() === 'zh') return `${y}年${mo}月${d}日`;
  return new Date(Date.UTC(y, mo - 1, d)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC'
  });
}

/** A moment (an ISO timestamp) in the reader's time zone: 2026年12月5日 07:30 / 5 Dec 2026, 07:30. */
export function dateTime(iso: string | null | undefined): string {
  const at = iso ? new Date(iso) : null;
  if (!at || Number.isNaN(at.getTime())) return '—';
  const pad = (n: number): string => String(n).padStart(2, '0');
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  if (lang.get() === 'zh') return `${at.getFullYear()}年${at.getMonth() + 1}月${at.getDate()}日 ${time}`;
  return `${at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}, ${time}`;
}

export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(iso.slice(0, 10) + 'T00:00:00Z') / 86_400_000);
}

export function isoOfDay(dayNo: number): string {
  return new Date(dayNo * 86_400_000).toISOString().slice(0, 10);
}
