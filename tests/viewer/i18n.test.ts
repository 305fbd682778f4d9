/**
 * The viewer's two dictionaries must stay complete: the same keys, no empty
 * labels, the same placeholders in both languages.
 */
import { describe, expect, it } from 'vitest';
import { en, zh } from '../../viewer/src/i18n/dict.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('viewer i18n dictionaries', () => {
  it('have identical key sets', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('have no empty labels', () => {
    for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(zh) as Array<keyof typeof zh>)
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
  });

  it('translate rather than copy: most Chinese labels contain Chinese characters', () => {
    const values = Object.values(zh);
    const chinese = values.filter((v) => /\p{Script=Han}/u.test(v)).length;
    expect(chinese / values.length).toBeGreaterThan(0.9);
  });
});
