/**
 * ringsight/viewer/i18n
 * =====================
 *
 * The current language and message lookup. Chinese is the default because
 * the analysts work in Chinese; the choice is remembered per browser.
 * Enumerated values from the API (types, signals, roles, regions) go through
 * `label()`, which falls back to the raw value so an unknown code still shows.
 */
import { DICTIONARIES, type Lang, type MessageKey } from './dict.js';
import { Store } from '../state/store.js';
import { signalLabel } from '../../../reports/signal-labels.js';

export type { Lang, MessageKey } from './dict.js';

const STORAGE_KEY = 'ringsight.lang';

function initialLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // Storage can be disabled (private mode, sandboxed frames): fall back to the default.
  }
  return 'zh';
}

export const lang = new Store<Lang>(initialLang());

lang.subscribe((value) => {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, value);
  } catch {
    // Not remembering the choice is harmless.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = value === 'zh' ? 'zh-CN' : 'en';
});

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text: string = DICTIONARIES[lang.get()][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type LabelKind =
  | 'type'
  | 'category'
  | 'status'
  | 'signal'
  | 'role'
  | 'userRole'
  | 'product'
  | 'claimStatus'
  | 'attr'
  | 'alertState'
  | 'alertKind'
  | 'dismiss';

/** A translated enumeration value, or the value itself when the dictionaries do not know it. */
export function label(kind: LabelKind, value: string): string {
  // Signal names come from the table the police report uses too, so the two never disagree.
  if (kind === 'signal') return signalLabel(value, lang.get());
  const key = `${kind}.${value}`;
  const dict = DICTIONARIES[lang.get()] as Record<string, string>;
  return dict[key] ?? value;
}

/** Prefecture name of a GB/T 2260 code (district codes resolve to their prefecture). */
export function regionLabel(code: string): string {
  const dict = DICTIONARIES[lang.get()] as Record<string, string>;
  if (!/^\d{6}$/.test(code)) return code;
  const prefecture = dict[`region.${code.slice(0, 4)}00`];
  if (!prefecture) return code;
  return code.endsWith('00') ? prefecture : `${prefecture} ${code}`;
}

export const PREFECTURES = [
  '360100',
  '360200',
  '360300',
  '360400',
  '360500',
  '360600',
  '360700',
  '360800',
  '360900',
  '361000',
  '361100'
] as const;

/** A list as the language writes it: 南昌、九江 / Nanchang, Jiujiang. */
export function joinList(items: readonly string[]): string {
  return items.join(listSeparator());
}

export function listSeparator(): string {
  return lang.get() === 'zh' ? '、' : ', ';
}

export function toggleLang(): void {
  lang.set(lang.get() === 'zh' ? 'en' : 'zh');
}
