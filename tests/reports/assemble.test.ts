// The report model and its writers without a browser: disclosure rules, ordering, explanations,
// determinism — everything a report shows is decided here.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ring } from '../../engine/model.js';
import { buildReport, ReportError, reportAuditInput } from '../../reports/index.js';
import { mustMask } from '../../reports/privacy.js';
import { ringGraphSvg } from '../../reports/svg-graph.js';
import { batchFixture, personalData, type Fixture } from './fixture.js';

const NOW = new Date('2026-03-02T08:30:00Z');

describe('report model', () => {
  let fx: Fixture;
  let rings: Ring[];
  beforeAll(async () => {
    fx = await batchFixture();
    rings = fx.run.rings.filter((r) => r.score >= 60);
  }, 120_000);

  const build = (
    viewer: Parameters<typeof buildReport>[0]['viewer'],
    extra: Partial<Parameters<typeof buildReport>[0]> = {}
  ) =>
    buildReport({
      operation: { name: '赣南行动', caseReference: 'JX-2026-001', minScore: 60 },
      run: fx.run,
      book: fx.book,
      viewer,
      now: NOW,
      ...extra
    });

  it('identities are unmasked only for the police with a case reference', () => {
    expect(mustMask('police', 'JX-2026-001')).toBe(false);
    expect(mustMask('police', null)).toBe(true);
    for (const role of ['analyst', 'insurer', 'admin'] as const) expect(mustMask(role, 'JX-2026-001')).toBe(true);
    const noCase = buildReport({
      operation: { name: '赣南行动', minScore: 60 },
      run: fx.run,
      book: fx.book,
      viewer: { actor: 'li', role: 'police' },
      now: NOW
    });
    expect(noCase.model.disclosure.masked).toBe(true);
    const { keys } = personalData(fx.book, rings);
    expect([...keys].filter((k) => noCase.files.json.includes(k))).toEqual([]);
  });

  it('is deterministic: the same request and clock give the same digest and files', () => {
    const a = build({ actor: 'li', role: 'police' });
    const b = build({ actor: 'li', role: 'police' });
    expect(a.digest).toBe(b.digest);
    expect(a.files.html).toBe(b.files.html);
    expect(a.files.csv).toEqual(b.files.csv);
    expect(a.id).toMatch(/^RPT-20260302-083000-[0-9a-f]{8}$/);
    expect(build({ actor: 'zhao', role: 'police' }).digest).not.toBe(a.digest);
  });

  it('orders members likely organisers first and numbers them M1…', () => {
    const report = build({ actor: 'li', role: 'police' });
    for (const [i, r] of report.model.rings.entries()) {
      const ring = rings[i]!;
      expect(r.members.map((m) => m.no)).toEqual(ring.members.map((_, j) => `M${j + 1}`));
      const organisers = r.members.filter((m) => m.organiser).map((m) => m.label);
      expect(organisers).toEqual(ring.organisers);
      expect(r.members.slice(0, organisers.length).every((m) => m.organiser)).toBe(true);
      expect(r.claims.map((c) => c.accidentDate)).toEqual([...r.claims.map((c) => c.accidentDate)].sort());
    }
  });

  it('explains every signal in Chinese and English, naming members by number', () => {
    const zh = build({ actor: 'li', role: 'analyst' }).model;
    const en = build({ actor: 'li', role: 'analyst' }, { lang: 'en' }).model;
    const signals = new Set(zh.rings.flatMap((r) => r.evidence.map((e) => e.signal)));
    expect(signals.size).toBeGreaterThanOrEqual(6);
    for (const [i, r] of zh.rings.entries()) {
      const members = new Set(r.members.map((m) => m.no));
      for (const [j, e] of r.evidence.entries()) {
        expect(e.text, e.signal).toMatch(/[\u4e00-\u9fff]{4}/);
        expect(e.title).not.toBe(e.signal);
        expect(en.rings[i]!.evidence[j]!.text).toMatch(
          /\b(claims?|people|insurers|vehicles|phone|accounts|watchlist|prefectures|intermediary)\b/
        );
        expect(en.rings[i]!.evidence[j]!.text).not.toMatch(/起理赔|轮换担任|名单：/);
        for (const s of e.subjects) expect(members.has(s)).toBe(true);
      }
    }
    const switching = zh.rings.flatMap((r) => r.evidence).find((e) => e.signal === 'role_switching');
    expect(switching?.text).toMatch(/M\d+ .+（.*(驾驶人|伤者|证人|乘客)/);
  });

  it('sums the summary over the selected rings', () => {
    const { summary } = build({ actor: 'li', role: 'analyst' }).model;
    expect(summary.rings).toBe(rings.length);
    expect(summary.claims).toBe(rings.reduce((s, r) => s + r.claims.length, 0));
    expect(summary.claimed).toBeCloseTo(
      rings.reduce((s, r) => s + r.amounts.claimed, 0),
      1
    );
    expect(summary.paid).toBeCloseTo(
      rings.reduce((s, r) => s + r.amounts.paid, 0),
      1
    );
    const people = new Set(rings.flatMap((r) => r.members.filter((m) => m.type === 'person').map((m) => m.key)));
    expect(summary.people).toBe(people.size);
    expect(summary.prefectures).toEqual([...new Set(rings.flatMap((r) => r.regions))].sort());
  });

  it("an insurer sees its own claims, and other insurers' claims only under a neutral label", () => {
    const report = build({ actor: 'picc.claims', role: 'insurer', insurer: 'PICC' });
    const claims = report.model.rings.flatMap((r) => r.claims);
    expect(claims.some((c) => c.insurer === 'PICC')).toBe(true);
    expect(claims.some((c) => c.insurer === '其他保险公司')).toBe(true);
    for (const c of claims) expect(c.insurer === 'PICC' || /^他司理赔-\d{3}$/.test(c.id)).toBe(true);
    const foreign = rings.flatMap((r) => r.claims).filter((id) => !id.startsWith('RDAA'));
    const text = report.files.json + report.files.html + Object.values(report.files.csv!).join('');
    expect(foreign.filter((id) => text.includes(id))).toEqual([]);
    expect(() => build({ actor: 'x', role: 'insurer' })).toThrow(ReportError);
  });

  it('the audit entry names who, what and which rings — with listed entities masked even for the police', () => {
    const suspect = rings[0]!.organisers[0]!;
    const report = build(
      { actor: 'li', role: 'police' },
      { operation: { name: '赣南行动', caseReference: 'JX-2026-001', minScore: 60, entities: [`person:${suspect}`] } }
    );
    expect(report.model.operation.entities).toEqual([`person:${suspect}`]);
    const entry = reportAuditInput(report);
    expect(entry).toMatchObject({
      actor: 'li',
      role: 'police',
      action: 'export.report',
      target: `report:${report.id}`,
      caseReference: 'JX-2026-001'
    });
    expect(entry.details.rings).toEqual(rings.map((r) => r.id));
    expect(entry.details.digest).toBe(report.digest);
    expect(JSON.stringify(entry)).not.toContain(suspect);
  });

  it('escapes an operation name everywhere it lands, the CSS page header included', () => {
    const name = '"; } body { display: none } </style><script>alert(1)</script>';
    const report = build({ actor: 'li', role: 'analyst' }, { operation: { name, minScore: 60 } });
    expect(report.files.html).not.toMatch(/<script/i);
    // In the @page header the quote is escaped, so the rest stays inside the CSS string.
    expect(report.files.html).toContain('content: "\\22 ; } body { display: none } \\3c /style\\3e ');
    expect(report.files.html).toContain('&lt;/style&gt;&lt;script&gt;');
    expect(report.files.html!.match(/<\/style>/g)).toHaveLength(1);
  });

  it('draws each ring as an SVG with every organiser labelled', () => {
    const report = build({ actor: 'li', role: 'police' });
    for (const r of report.model.rings) {
      const svg = ringGraphSvg(r);
      expect(svg.startsWith('<svg class="ring-graph"')).toBe(true);
      expect(svg).not.toContain('NaN');
      for (const m of r.members.filter((x) => x.organiser)) expect(svg).toContain(`${m.no} ${m.name ?? m.label}`);
    }
  });
});
