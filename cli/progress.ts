/**
 * ringsight/cli/progress
 * ======================
 *
 * Progress on stderr: one line per stage with counts and time, and a
 * redrawn bar while a file is read — only when stderr is a terminal, so logs
 * and CI output stay clean. Never prints personal data.
 */

export interface Progress {
  stage(name: string, detail: string, ms?: number): void;
  bar(label: string, done: number, total: number): void;
  done(): void;
}

export function createProgress(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const out = options.stream ?? process.stderr;
  const tty = out.isTTY === true;
  let barShown = false;
  let lastDraw = 0;
  const clearBar = (): void => {
    if (barShown) {
      out.write('\r\x1b[2K');
      barShown = false;
    }
  };
  return {
    stage(name, detail, ms) {
      if (options.quiet) return;
      clearBar();
      out.write(`[${name}] ${detail}${ms === undefined ? '' : ` (${formatMs(ms)})`}\n`);
    },
    bar(label, done, total) {
      if (options.quiet || !tty) return;
      const now = Date.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const width = 30;
      const share = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(share * width);
      out.write(`\r\x1b[2K${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}%`);
      barShown = true;
    },
    done() {
      clearBar();
    }
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
