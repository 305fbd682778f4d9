import { describe, expect, it } from 'vitest';
import { grouped } from '../../engine/util/format.js';
import { StringTable, ownCopy } from '../../engine/util/string-table.js';

describe('util/format grouped', () => {
  it('writes exactly what toLocaleString("en-US") writes', () => {
    const xs = [0, -0, 7, 999, 1000, 12345, -1234567, 1e15, 1e17, 1e21, 2 ** 53, 0.5, 1234.56, -0.001, 0.0004];
    xs.push(1234.5678, 999.9995, 1e-7, NaN, Infinity, -Infinity);
    // Amounts rounded to cents and counts, as evidence writes them.
    for (let i = 1; i < 5000; i++) xs.push(Math.round((i * 7919.37) % 1e9) / [1, 10, 100][i % 3]!);
    for (const x of xs) expect(grouped(x), String(x)).toBe(x.toLocaleString('en-US'));
  });
});

describe('util/string-table StringTable', () => {
  it('numbers (tag, key) pairs in order of first sight across many grows', () => {
    const table = new StringTable();
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      expect(table.intern(`key-${i}`, 0)).toBe(2 * i);
      // The same key under another tag is another pair.
      expect(table.intern(`key-${i}`, 1)).toBe(2 * i + 1);
    }
    expect(table.size).toBe(2 * n);
    for (let i = 0; i < n; i += 997) {
      // A key built afresh (not the stored string object) is still found.
      const key = ownCopy(`key-${i}` + '');
      expect(table.find(key, 0)).toBe(2 * i);
      expect(table.find(key, 1)).toBe(2 * i + 1);
      expect(table.intern(key, 1)).toBe(2 * i + 1);
    }
    expect(table.find('key-0', 2)).toBe(-1);
    expect(table.find(`key-${n}`, 0)).toBe(-1);
    expect(table.keys[7]).toBe('key-3');
    expect(table.tags[7]).toBe(1);
  });

  it('ownCopy returns an equal string', () => {
    const long = 'x'.repeat(40) + 'y';
    expect(ownCopy(long.slice(5))).toBe(long.slice(5));
    expect(ownCopy('short')).toBe('short');
  });
});
