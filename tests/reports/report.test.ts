// End to end: reports generated from a generated batch, printed to PDF with one Chromium for the
// whole file, and checked through what a reader gets — pdftotext, parsed CSV, the files on disk.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ring } from '../../engine/model.js';
import { maskName, maskResidentId } from '../../engine/privacy/mask.js';
import {
  generateReport,
  PdfRenderer,
  reportFiles,
  verifyReportDir,
  writeReport,
  type GeneratedReport
} from '../../reports/index.js';
import { batchFixture, csvRecords, parseCsv, pdfText, personalData, type Fixture } from './fixture.js';

const NOW = new Date('2026-03-02T08:30:00Z');
const HOSTILE = '=HYPERLINK("http://x.test","点击")<script>alert(1)</script>';

describe('ring report from a generated batch', () => {
  let fx: Fixture;
  let renderer: PdfRenderer | null = null;
  let police: GeneratedReport;
  let analyst: GeneratedReport;
  let policeText: string;
  let analystText: string;
  let rings: Ring[];

  beforeAll(async () => {
    fx = await batchFixture();
    rings = fx.run.rings.filter((r) => r.score >= 60);
    // A hostile watchlist entry on a ring's organiser: shown, escaped, never run.
    const organiser = rings.find((r) => r.organisers.length > 0)!.organisers[0]!;
    fx.book.watchlist.push({
      entity: 'person',
      key: organiser,
      reason: HOSTILE,
      listedBy: '公安经侦',
      listedAt: '2025-01-02',
      expiresAt: null
    });
    renderer = await PdfRenderer.launch();
    police = await generateReport(
      {
        operation: { name: '赣南行动', caseReference: 'JX-2026-001', minScore: 60 },
        run: fx.run,
        book: fx.book,
        viewer: { actor: 'li.jing', role: 'police' },
        now: NOW
      },
      { pdf: renderer }
    );
    analyst = await generateReport(
      {
        operation: { name: 'Operation Gannan', caseReference: 'JX-2026-001', minScore: 60 },
        run: fx.run,
        book: fx.book,
        viewer: { actor: 'wang.li', role: 'analyst' },
        lang: 'en',
        now: NOW
      },
      { pdf: renderer }
    );
    policeText = pdfText(police.files.pdf!);
    analystText = pdfText(analyst.files.pdf!);
  }, 240_000);

  afterAll(async () => {
    await renderer?.close();
  });

  it('covers the rings the operation selects, in score order', () => {
    expect(rings.length).toBeGreaterThan(3);
    expect(police.model.rings.map((r) => r.id)).toEqual(rings.map((r) => r.id));
    expect(police.model.disclosure).toEqual({ masked: false, caseReference: 'JX-2026-001' });
    expect(analyst.model.disclosure.masked).toBe(true);
  });

  it("police PDF: every member's Chinese name and every claim id are in the text", () => {
    const { names } = personalData(fx.book, rings);
    expect(names.size).toBeGreaterThan(20);
    const text = policeText.replace(/\s+/g, '');
    const missingNames = [...names].filter((n) => !text.includes(n));
    expect(missingNames).toEqual([]);
    const missingClaims = rings.flatMap((r) => r.claims).filter((id) => !text.includes(id));
    expect(missingClaims).toEqual([]);
    // Unmasked for the police on a case: the organisers' full ID numbers are there.
    for (const r of rings) for (const o of r.organisers) expect(text).toContain(o);
    expect(policeText).toContain('团伙欺诈线索报告');
    expect(policeText).toContain('JX-2026-001');
  });

  it("CSV tables carry a BOM, parse, and their totals match the rings' amounts", () => {
    const csv = police.files.csv!;
    for (const text of Object.values(csv)) expect(text.startsWith('\uFEFF')).toBe(true);
    const ringRows = csvRecords(csv['rings.csv']);
    const claimRows = csvRecords(csv['claims.csv']);
    const memberRows = csvRecords(csv['members.csv']);
    const evidenceRows = csvRecords(csv['evidence.csv']);
    expect(ringRows.map((r) => r.ring_id)).toEqual(rings.map((r) => r.id));
    for (const ring of rings) {
      const row = ringRows.find((r) => r.ring_id === ring.id)!;
      const claims = claimRows.filter((c) => c.ring_id === ring.id);
      expect(claims.map((c) => c.claim_id).sort()).toEqual([...ring.claims].sort());
      const claimed = claims.reduce((s, c) => s + Number(c.claimed), 0);
      const paid = claims.reduce((s, c) => s + (c.paid === '' ? 0 : Number(c.paid)), 0);
      expect(claimed).toBeCloseTo(ring.amounts.claimed, 2);
      expect(paid).toBeCloseTo(ring.amounts.paid, 2);
      expect(Number(row.claimed)).toBeCloseTo(ring.amounts.claimed, 2);
      expect(Number(row.paid)).toBeCloseTo(ring.amounts.paid, 2);
      expect(Number(row.claims)).toBe(ring.claims.length);
      expect(memberRows.filter((m) => m.ring_id === ring.id)).toHaveLength(ring.members.length);
      expect(evidenceRows.filter((e) => e.ring_id === ring.id).map((e) => e.signal)).toEqual(
        ring.evidence.map((e) => e.signal)
      );
    }
    const total = claimRows.reduce((s, c) => s + Number(c.claimed), 0);
    expect(total).toBeCloseTo(police.model.summary.claimed, 1);
    // Long digit strings keep Excel from reading them as numbers; formula-like text is defused.
    const person = memberRows.find((m) => m.type === 'person')!;
    expect(person.identifier?.startsWith('\t')).toBe(true);
    const hostile = csvRecords(csv['watchlist.csv']).find((w) => w.reason?.includes('<script>'))!;
    expect(hostile.reason).toBe(`'${HOSTILE}`);
    expect(parseCsv(csv['rings.csv'])[0]).toContain('likely_organisers');
  });

  it('a non-police report holds no unmasked ID, phone, account or name in any file', () => {
    const { keys, names } = personalData(fx.book, rings);
    expect(keys.size).toBeGreaterThan(50);
    const files = [...reportFiles(analyst.files)].map(
      ([name, content]) =>
        [
          name,
          name.endsWith('.pdf')
            ? analystText
            : typeof content === 'string'
              ? content
              : Buffer.from(content).toString('utf8')
        ] as const
    );
    for (const [name, text] of files) {
      const flat = text.replace(/\s+/g, '');
      expect(
        [...keys].filter((k) => flat.includes(k)),
        name
      ).toEqual([]);
      expect(
        [...names].filter((n) => n.length >= 2 && flat.includes(n)),
        name
      ).toEqual([]);
    }
    const organiser = rings.find((r) => r.organisers.length > 0)!.organisers[0]!;
    expect(analystText).toContain(maskResidentId(organiser));
    const name = fx.book.entities.find((e) => e.type === 'person' && e.key === organiser)?.name;
    if (name) expect(analyst.files.html).toContain(maskName(name));
  });

  it('the digest is the SHA-256 of report.json and is printed in the HTML and on the PDF pages', () => {
    for (const report of [police, analyst]) {
      expect(createHash('sha256').update(report.files.json).digest('hex')).toBe(report.digest);
      expect(report.files.html).toContain(report.digest);
      const files = new Map(report.manifest.files.map((f) => [f.name, f.sha256]));
      for (const [name, content] of reportFiles(report.files)) {
        if (name === 'manifest.json') continue;
        expect(files.get(name), name).toBe(createHash('sha256').update(content).digest('hex'));
      }
    }
    expect(policeText).toContain(police.digest);
    expect(analystText).toContain(analyst.digest);
    // The footer is on every page.
    const pages = policeText.split('\f').filter((p) => p.trim() !== '');
    expect(pages.length).toBeGreaterThan(rings.length);
    for (const page of pages) expect(page).toContain(police.id);
  });

  it('the HTML is self-contained and inert: no scripts, no external requests, data escaped', () => {
    const html = police.files.html!;
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<svg class="ring-graph"');
    expect(html).toContain('<svg class="ring-timeline"');
  });

  it('English on request: headings, explanations and labels in English', () => {
    expect(analystText).toContain('Organised fraud ring report');
    expect(analystText).toContain('Evidence');
    expect(analyst.files.html).not.toContain('团伙欺诈线索报告');
    const texts = analyst.model.rings.flatMap((r) => r.evidence.map((e) => e.text));
    expect(texts.some((t) => /claims are linked into one group/.test(t))).toBe(true);
    expect(
      police.model.rings.flatMap((r) => r.evidence.map((e) => e.text)).some((t) => t.includes('起理赔通过共同的人员'))
    ).toBe(true);
  });

  it('writes the report whole, refuses to overwrite it, and detects tampering', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ringsight-report-out-')), 'r1');
    const written = writeReport(dir, police);
    expect(written.map((p) => p.slice(dir.length + 1)).sort()).toEqual([
      'claims.csv',
      'evidence.csv',
      'i2-entities.csv',
      'i2-links.csv',
      'manifest.json',
      'members.csv',
      'report.html',
      'report.json',
      'report.pdf',
      'rings.csv',
      'rings.graphml',
      'targets.csv',
      'watchlist.csv'
    ]);
    expect(verifyReportDir(dir)).toEqual({ ok: true, digest: police.digest, problems: [] });
    expect(() => writeReport(dir, analyst)).toThrow(/never overwritten/);
    writeFileSync(join(dir, 'claims.csv'), readFileSync(join(dir, 'claims.csv'), 'utf8').replace(/\d\.\d\d/, '9.99'));
    expect(verifyReportDir(dir).problems).toEqual(['claims.csv does not match its SHA-256 in the manifest']);
  });
});
