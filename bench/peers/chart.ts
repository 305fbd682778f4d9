/**
 * ringsight/bench/peers/chart
 * ===========================
 *
 * A tiny hand-written SVG line chart (log-log axes, decade ticks, legend) for
 * the benchmark report — no plotting dependencies. `chart(panels)` lays one or
 * more panels side by side in a single SVG document.
 */

export interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  points: Array<[number, number]>;
}

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
}

export interface ChartOptions {
  panelWidth: number;
  panelHeight: number;
}

export const DEFAULTS: ChartOptions = { panelWidth: 460, panelHeight: 320 };

export const PALETTE = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#57606a', '#bf3989'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number): string => {
  if (v >= 1e6) return `${v / 1e6}M`;
  if (v >= 1e3) return `${v / 1e3}k`;
  return v >= 1 ? String(v) : String(Number(v.toPrecision(1)));
};
const r1 = (v: number): string => (Math.round(v * 10) / 10).toString();

function decades(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi === lo) hi = lo + 1;
  const out: number[] = [];
  for (let d = lo; d <= hi; d++) out.push(10 ** d);
  return out;
}

function panel(p: Panel, x0: number, w: number, h: number): string {
  const pts = p.series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (pts.length === 0)
    return `<text x="${x0 + w / 2}" y="${h / 2}" text-anchor="middle">${esc(p.title)}: no data</text>`;
  const xt = decades(Math.min(...pts.map((q) => q[0])), Math.max(...pts.map((q) => q[0])));
  const yt = decades(Math.min(...pts.map((q) => q[1])), Math.max(...pts.map((q) => q[1])));
  const legendRows = Math.ceil(p.series.length / 2);
  const left = x0 + 62,
    right = x0 + w - 16,
    top = 34,
    bottom = h - 60 - legendRows * 16;
  const lx = (v: number): number =>
    left + ((Math.log10(v) - Math.log10(xt[0]!)) / (Math.log10(xt.at(-1)!) - Math.log10(xt[0]!))) * (right - left);
  const ly = (v: number): number =>
    bottom - ((Math.log10(v) - Math.log10(yt[0]!)) / (Math.log10(yt.at(-1)!) - Math.log10(yt[0]!))) * (bottom - top);
  const out: string[] = [];
  out.push(`<text x="${x0 + w / 2}" y="20" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`);
  for (const v of xt) {
    out.push(`<line x1="${r1(lx(v))}" y1="${top}" x2="${r1(lx(v))}" y2="${bottom}" stroke="#d0d7de"/>`);
    out.push(`<text x="${r1(lx(v))}" y="${bottom + 16}" text-anchor="middle">${fmt(v)}</text>`);
  }
  for (const v of yt) {
    out.push(`<line x1="${left}" y1="${r1(ly(v))}" x2="${right}" y2="${r1(ly(v))}" stroke="#d0d7de"/>`);
    out.push(`<text x="${left - 6}" y="${r1(ly(v) + 4)}" text-anchor="end">${fmt(v)}</text>`);
  }
  out.push(
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#57606a"/>`
  );
  out.push(`<text x="${(left + right) / 2}" y="${bottom + 34}" text-anchor="middle">${esc(p.xLabel)}</text>`);
  out.push(
    `<text transform="translate(${x0 + 16} ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`
  );
  p.series.forEach((s, i) => {
    const good = s.points.filter(([x, y]) => x > 0 && y > 0).sort((a, b) => a[0] - b[0]);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (good.length > 1) {
      const d = good.map(([x, y], k) => `${k ? 'L' : 'M'}${r1(lx(x))} ${r1(ly(y))}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    }
    for (const [x, y] of good)
      out.push(
        `<circle cx="${r1(lx(x))}" cy="${r1(ly(y))}" r="3.5" fill="${s.color}"><title>${esc(s.name)}: ${y}</title></circle>`
      );
    const col = i % 2,
      row = Math.floor(i / 2);
    const lxp = x0 + 20 + col * (w / 2),
      lyp = bottom + 54 + row * 16;
    out.push(
      `<line x1="${lxp}" y1="${lyp - 4}" x2="${lxp + 18}" y2="${lyp - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`
    );
    out.push(`<text x="${lxp + 24}" y="${lyp}">${esc(s.name)}</text>`);
  });
  return out.join('\n');
}

export function chart(panels: Panel[], options: Partial<ChartOptions> = {}): string {
  const { panelWidth: w, panelHeight: h } = { ...DEFAULTS, ...options };
  const rows = Math.max(...panels.map((p) => Math.ceil(p.series.length / 2)), 1);
  const height = h + Math.max(0, rows - 2) * 16;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w * panels.length}" height="${height}" viewBox="0 0 ${w * panels.length} ${height}" ` +
      `font-family="Helvetica, Arial, sans-serif" font-size="12" fill="#24292f">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...panels.map((p, i) => panel(p, i * w, w, height)),
    '</svg>',
    ''
  ].join('\n');
}
