/**
 * ringsight/api/plugins/reports
 * =============================
 *
 * What the report routes share: the library of written reports
 * (`<dataDir>/reports`; none without a data directory, and then no report
 * routes) and one headless Chromium for the whole app — launched on the first
 * PDF asked for, not at start (most servers never print), and closed when the
 * app closes. A failed launch is not kept: the next PDF request tries again.
 */
import { join } from 'node:path';
import { PdfRenderer, ReportError, type PdfOptions } from '../../reports/index.js';
import { ReportLibrary } from '../data/report-library.js';
import { expose } from './expose.js';

export interface ReportsOptions extends Record<string, unknown> {
  dataDir: string | null;
  pdf: Partial<PdfOptions>;
}

export interface Reports {
  /** Null without a data directory: reports cannot be kept, so none are made. */
  library: ReportLibrary | null;
  /** The app's PDF renderer, launched on first use. */
  renderer(): Promise<PdfRenderer>;
}

export const reportsPlugin = expose<ReportsOptions>('ringsight-reports', async (app, opts) => {
  let launching: Promise<PdfRenderer> | null = null;
  let closed = false;
  const reports: Reports = {
    library: opts.dataDir === null ? null : new ReportLibrary(join(opts.dataDir, 'reports')),
    renderer() {
      if (closed) return Promise.reject(new ReportError('render_failed', 'the server is shutting down'));
      launching ??= PdfRenderer.launch(opts.pdf).catch((err: unknown) => {
        launching = null;
        if (err instanceof ReportError) throw err;
        throw new ReportError('render_failed', `Chromium did not start: ${(err as Error).message.split('\n')[0]}`);
      });
      return launching;
    }
  };
  app.decorate('reports', reports);
  app.addHook('onClose', async () => {
    closed = true;
    const pending = launching;
    launching = null;
    const renderer = await pending?.catch(() => null);
    await renderer?.close();
  });
});
