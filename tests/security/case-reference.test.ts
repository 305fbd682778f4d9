// Issue 16 item 5: X-Case-Reference is normalised (percent-decoding, NFKC, invisible characters
// removed) and then checked against the documented format; blanks, near-blanks, short values and
// repeated headers are refused. Both stores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../api/app.js';
import { CASE_REFERENCE_FORMAT, normaliseCaseReference } from '../../api/policy/view.js';
import { as, loadAndDetect, makeApp } from '../api/helpers.js';

describe('security: X-Case-Reference', () => {
  let app: App;
  let ring: string;
  const ask = (headers: Record<string, string | string[]>) =>
    app.inject({
      url: `/api/rings/${ring}?unmask=true`,
      headers: { ...as('police'), ...headers } as Record<string, string>
    });

  beforeAll(async () => {
    app = await makeApp();
    await loadAndDetect(app);
    ring = (await app.inject({ url: '/api/rings', headers: as('analyst') })).json().items[0].id;
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses blanks, zero-width padding, short values and control characters', async () => {
    for (const bad of [
      ' ',
      '\u200b\u200b\u200b\u200b\u200b\u200b',
      'JX\u200b1',
      'abc',
      '%E2%80%8B%E2%80%8B%E2%80%8Babc',
      'JX-2026%0A001',
      '<script>',
      'JX-2026-001;DROP',
      'x'.repeat(65),
      '%ZZ'
    ]) {
      const res = await ask({ 'x-case-reference': bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('bad_case_reference');
    }
  });

  it('refuses two headers instead of joining them', async () => {
    const res = await ask({ 'x-case-reference': ['JX-2026-001', 'JX-2026-002'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_case_reference');
  });

  it('accepts the documented format after normalising, and audits the normalised value', async () => {
    const res = await ask({ 'x-case-reference': encodeURIComponent('ＪＸ－２０２６－００１\u200b') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().view.caseReference).toBe('JX-2026-001');
    const chinese = await ask({ 'x-case-reference': encodeURIComponent('赣公刑立字〔2024〕123号') });
    expect(chinese.statusCode).toBe(200);
    expect(app.audit.query({ action: 'pii.view', limit: 10, offset: 0 }).items[0]!.caseReference).toBe(
      '赣公刑立字〔2024〕123号'
    );
  });

  it('the format itself', () => {
    expect(CASE_REFERENCE_FORMAT.test('JX-2026-001')).toBe(true);
    expect(CASE_REFERENCE_FORMAT.test('-JX2026')).toBe(false);
    expect(normaliseCaseReference(' JX  2026  001 ')).toBe('JX 2026 001');
    expect(() => normaliseCaseReference('JX\u00ad\u00ad')).toThrow();
  });
});
