// What an investigator works from in a ring report (issue 17, points 9 and 10): who was who on each claim and
// where it was paid, the claims inside the operation marked, a priority-targets page with the records to
// request, no local path on the cover, and the rings as i2 entity/link tables and GraphML — masked where the
// report is masked.
import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ring } from '../../engine/model.js';
import { buildReport, type GeneratedReport } from '../../reports/index.js';
import { ORGANISER_COLOUR, TYPE_COLOURS } from '../../reports/type-colours.js';
import { HIGHLIGHT_RING, styleOf } from '../../viewer/src/graph/styles/palette.js';
import { batchFixture, csvRecords, personalData, type Fixture } from './fixture.js';

const NOW = new Date('2026-03-02T08:30:00Z');
const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('report: parties, targets, scope and link-analysis exports', () => {
  let fx: Fixture;
  let rings: Ring[];
  let police: GeneratedReport;
  let analyst: GeneratedReport;

  beforeAll(async () => {
    fx = await batchFixture();
    rings = fx.run.rings.filter((r) => r.score >= 60);
    police = buildReport({
      operation: { name: '赣南行动', caseReference: 'JX-2026-001', minScore: 60 },
      run: fx.run,
      book: fx.book,
      viewer: { actor: 'li.jing', role: 'police' },
      now: NOW
    });
    analyst = buildReport({
      operation: { name: 'Operation Gannan', minScore: 60 },
      run: fx.run,
      book: fx.book,
      viewer: { actor: 'wang.li', role: 'analyst' },
      lang: 'en',
      now: NOW
    });
  }, 120_000);

  it('lists per claim every ring member on it with the role it had, and the bank accounts it was paid to', () => {
    let paidClaims = 0;
    for (const ring of police.model.rings) {
      const source = rings.find((r) => r.id === ring.id)!;
      const memberNo = new Map(ring.members.map((m) => [`${m.type}:${m.label}`, m.no]));
      for (const claim of ring.claims) {
        const want = fx.book.links
          .filter((l) => l.claim === claim.id && source.members.some((m) => m.type === l.type && m.key === l.key))
          .map((l) => `${memberNo.get(`${l.type}:${l.key}`)}:${l.role}`);
        expect(claim.parties.map((p) => `${p.member}:${p.role}`).sort()).toEqual([...new Set(want)].sort());
        const accounts = claim.parties.filter((p) => p.type === 'bank_account').map((p) => p.member);
        expect(claim.paidTo).toEqual([...new Set(accounts)]);
        if (claim.paidTo.length > 0) paidClaims++;
      }
    }
    expect(paidClaims).toBeGreaterThan(0);
    const html = text(police.files.html!);
    expect(html).toContain('收款账户');
    const claims = csvRecords(police.files.csv!['claims.csv']);
    expect(claims.every((c) => c.parties !== '' && c.in_scope === 'true')).toBe(true);
    expect(claims.some((c) => /^M\d+/.test(c.paid_to ?? ''))).toBe(true);
  });

  it("puts every ring's likely organisers first among the priority targets, each with the records to request", () => {
    const { targets } = police.model;
    const organisers = police.model.rings.flatMap((r) =>
      r.members.filter((m) => m.organiser).map((m) => `${r.id}/${m.no}`)
    );
    expect(organisers.length).toBeGreaterThan(0);
    expect(targets.slice(0, organisers.length).map((t) => `${t.ring}/${t.member}`)).toEqual(organisers);
    expect(targets.map((t) => t.rank)).toEqual(targets.map((_, i) => i + 1));
    for (const t of targets) {
      expect(t.actions.length).toBeGreaterThan(0);
      if (t.type === 'bank_account') expect(t.actions).toEqual(['bank_records']);
      if (t.type === 'phone') expect(t.actions).toEqual(['phone_records']);
      if (!t.organiser) expect(t.claims).toBeGreaterThanOrEqual(2);
    }
    expect(targets.some((t) => t.type === 'bank_account' || t.type === 'phone')).toBe(true);
    expect(text(police.files.html!)).toContain('重点对象');
    expect(text(police.files.html!)).toContain('调取');
    expect(text(analyst.files.html!)).toContain('Priority targets');
    expect(csvRecords(police.files.csv!['targets.csv'])).toHaveLength(targets.length);
  });

  it('names the batch on the cover, never the local path it was read from', () => {
    const source = fx.run.run.input!.source;
    expect(source).toContain('/');
    expect(police.model.source.input).toBe(basename(source));
    expect(police.files.html!).not.toContain(source);
    expect(police.files.json).not.toContain(source);
  });

  it("marks the claims inside the operation's period when a ring reaches outside it", () => {
    const wide = police.model.rings.find((r) => r.period.from < r.period.to)!;
    const dates = wide.claims.map((c) => c.accidentDate).sort();
    const mid = dates[Math.floor(dates.length / 2)]!;
    const scoped = buildReport({
      operation: { name: '赣南行动', caseReference: 'JX-2026-001', rings: [wide.id], period: { from: mid } },
      run: fx.run,
      book: fx.book,
      viewer: { actor: 'li.jing', role: 'police' },
      now: NOW
    });
    const ring = scoped.model.rings.find((r) => r.id === wide.id)!;
    expect(ring.claims.map((c) => c.inScope)).toEqual(ring.claims.map((c) => c.accidentDate >= mid));
    expect(ring.claims.some((c) => !c.inScope)).toBe(true);
    expect(scoped.files.html!).toContain(`● ${mid}`);
  });

  it("exports the rings as i2 entity and link tables and GraphML that agree with the claims' parties", () => {
    const csv = police.files.csv!;
    const exchange = (police.files as { exchange?: Record<string, string> }).exchange!;
    const entities = csvRecords(exchange['i2-entities.csv']!);
    const links = csvRecords(exchange['i2-links.csv']!);
    const ids = new Set(entities.map((e) => e.entity_id));
    expect(ids.size).toBe(entities.length);
    expect(links.length).toBe(
      police.model.rings.reduce((s, r) => s + r.claims.reduce((n, c) => n + c.parties.length, 0), 0)
    );
    expect(links.every((l) => ids.has(l.entity1_id!) && ids.has(l.entity2_id!))).toBe(true);
    expect(new Set(entities.map((e) => e.i2_type))).toEqual(
      new Set(['Insurance Claim', 'Person', 'Telephone', 'Account', 'Vehicle', 'Organisation'])
    );
    expect(links.some((l) => l.link_label === '驾驶人' || l.link_label === '伤者')).toBe(true);
    const graphml = exchange['rings.graphml']!;
    expect(graphml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<graphml')).toBe(true);
    expect(graphml.match(/<node id=/g)).toHaveLength(entities.length);
    expect(graphml.match(/<edge id=/g)).toHaveLength(links.length);
    expect(Object.keys(csv)).not.toContain('rings.graphml');
  });

  it('keeps the link-analysis exports masked in a masked report: members by ring and number, no personal data', () => {
    const exchange = (analyst.files as { exchange?: Record<string, string> }).exchange!;
    const { keys, names } = personalData(fx.book, rings);
    const all = Object.values(exchange).join('\n');
    expect([...keys].filter((k) => k.length >= 6 && all.includes(k))).toEqual([]);
    expect([...names].filter((n) => all.includes(n))).toEqual([]);
    const people = csvRecords(exchange['i2-entities.csv']!).filter((e) => e.i2_type === 'Person');
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((e) => e.entity_id === `${e.ring_id}/${e.member_no}`)).toBe(true);
  });

  it("draws the ring pictures in the viewer's type colours, providers by their own type, with a legend entry each", () => {
    for (const [type, colour] of Object.entries(TYPE_COLOURS)) expect(styleOf(type).color).toBe(colour);
    expect(HIGHLIGHT_RING).toBe(ORGANISER_COLOUR);
    const html = police.files.html!;
    const drawn = new Set(
      police.model.rings.flatMap((r) => r.members.map((m) => (m.organiser ? 'organiser' : m.type)))
    );
    for (const type of drawn)
      expect(html, type).toContain(
        `fill="${type === 'organiser' ? ORGANISER_COLOUR : TYPE_COLOURS[type as keyof typeof TYPE_COLOURS]}"`
      );
    const providerTypes = [...drawn].filter((t) =>
      ['hospital', 'repair_shop', 'appraiser', 'lawyer', 'tow'].includes(t)
    );
    expect(providerTypes.length).toBeGreaterThan(1);
    const legends = html.match(/<div class="legend">.*?<\/div>/g)!.join('');
    for (const t of providerTypes) expect(legends).toContain(`fill="${TYPE_COLOURS[t as keyof typeof TYPE_COLOURS]}"`);
  });

  it('labels the phones and bank accounts several claims share in the ring pictures, by member number', () => {
    const html = police.files.html!;
    const svgText = [...html.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    const shared = police.model.rings.flatMap((r) =>
      r.members.filter((m) => (m.type === 'phone' || m.type === 'bank_account') && m.claims.length >= 2)
    );
    expect(shared.length).toBeGreaterThan(0);
    const labelled = shared.filter((m) => svgText.includes(`${m.no} ${m.label}`));
    expect(labelled.length).toBeGreaterThan(0);
    expect(labelled.some((m) => m.type === 'bank_account')).toBe(true);
  });
});
