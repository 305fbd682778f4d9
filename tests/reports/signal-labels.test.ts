/**
 * The one signal label table (reports/signal-labels.ts) the police report and
 * the viewer share: every signal the engine scores has a Chinese and an
 * English name, the names are distinct, and the report titles use it.
 */
import { describe, expect, it } from 'vitest';
import { DERIVED_SIGNALS, SIGNALS } from '../../engine/signals/index.js';
import { signalTitle } from '../../reports/explain.js';
import { SIGNAL_LABELS, signalLabel } from '../../reports/signal-labels.js';

describe('signal labels', () => {
  it('name every engine signal in both languages, distinctly', () => {
    const names = [...SIGNALS.map(([name]) => name), ...DERIVED_SIGNALS];
    expect(Object.keys(SIGNAL_LABELS).sort()).toEqual([...names].sort());
    for (const name of names) {
      expect(SIGNAL_LABELS[name].zh, name).toMatch(/\p{Script=Han}/u);
      expect(SIGNAL_LABELS[name].en.trim(), name).not.toBe('');
    }
    for (const lang of ['zh', 'en'] as const)
      expect(new Set(names.map((n) => SIGNAL_LABELS[n][lang])).size).toBe(names.length);
  });

  it('are what the report titles say, and an unknown name shows as itself', () => {
    for (const name of [...SIGNALS.map(([n]) => n), ...DERIVED_SIGNALS])
      for (const lang of ['zh', 'en'] as const) expect(signalTitle(name, lang)).toBe(SIGNAL_LABELS[name][lang]);
    expect(signalTitle('role_switching', 'zh')).toBe('角色互换');
    expect(signalLabel('from_an_older_run', 'zh')).toBe('from_an_older_run');
  });
});
