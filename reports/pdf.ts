/**
 * ringsight/reports/pdf
 * =====================
 *
 * Prints report HTML to PDF with headless Chromium (playwright-core), with
 * Noto Sans CJK SC for the Chinese text. One renderer holds one browser and
 * can print many reports (the API, a test file); every print gets a fresh
 * context with all network requests refused, so a report can never reach
 * out even if its data carried a URL.
 *
 * Chromium embeds the CFF-flavoured Noto CJK fonts as Type 3 glyphs with a
 * ToUnicode map: the Chinese text is searchable and extractable (pdftotext),
 * at the price of a larger file than TrueType fonts would give.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ReportError } from './errors.js';

export interface PdfOptions {
  executablePath: string;
  args: string[];
  /** Per print: past this, the print fails rather than hang a request. */
  timeoutMs: number;
}

export const DEFAULTS: PdfOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ],
  timeoutMs: 120_000
};

export class PdfRenderer {
  private constructor(
    private browser: Browser | null,
    private readonly options: PdfOptions
  ) {}

  static async launch(options: Partial<PdfOptions> = {}): Promise<PdfRenderer> {
    const o = { ...DEFAULTS, ...options };
    if (!existsSync(o.executablePath)) {
      throw new ReportError(
        'render_failed',
        `Chromium is not at ${o.executablePath}: install it (apt-get install -y chromium fonts-noto-cjk) or pass executablePath`
      );
    }
    const browser = await chromium.launch({
      executablePath: o.executablePath,
      args: o.args,
      headless: true,
      timeout: o.timeoutMs
    });
    return new PdfRenderer(browser, o);
  }

  /** Prints a document that sets its own page size, margins and running header/footer in CSS (@page). */
  async render(html: string): Promise<Buffer> {
    if (!this.browser) throw new ReportError('render_failed', 'the PDF renderer is closed');
    const context = await this.browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      await context.route('**/*', (route) => route.abort('blockedbyclient'));
      const page = await context.newPage();
      page.setDefaultTimeout(this.options.timeoutMs);
      await page.setContent(html, { waitUntil: 'load', timeout: this.options.timeoutMs });
      // Fonts load lazily; printing before they are ready would fall back to boxes.
      await page.evaluate(() => document.fonts.ready.then(() => undefined)).catch(() => undefined);
      // Not tagged: the structure tree doubles print time and size for long tables.
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, outline: true });
    } catch (err) {
      if (err instanceof ReportError) throw err;
      throw new ReportError('render_failed', `printing the PDF failed: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    await browser?.close().catch(() => undefined);
  }
}

/** Prints one document with a browser of its own (launched and closed around it). */
export async function renderPdf(html: string, options: Partial<PdfOptions> = {}): Promise<Buffer> {
  const renderer = await PdfRenderer.launch(options);
  try {
    return await renderer.render(html);
  } finally {
    await renderer.close();
  }
}
