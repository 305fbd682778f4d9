/**
 * ringsight/viewer/graph/export-svg
 * =================================
 *
 * Saves the whole graph as an SVG drawn from the graph's positions (not the
 * screen): every visible node in its type's shape and colour, its edges and
 * its label as the canvas shows it (masked per role), a title band and the
 * legend — a vector figure that stays sharp in a case file at any size.
 */
import type { RingGraph } from './model.js';
import type { ExportDecoration } from './export-png.js';
import { BACKGROUND, EDGE_COLOR, styleOf, type ShapeName } from './styles/palette.js';

const WIDTH = 1600;
const PAD = 40;
const HEADER = 56;
const FOOTER = 40;
const FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n2 = (v: number): string => (Math.round(v * 100) / 100).toString();

function polygon(cx: number, cy: number, r: number, points: number, rotation: number, inner = 0): string {
  const n = inner ? points * 2 : points;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const radius = inner && i % 2 === 1 ? inner : r;
    const a = rotation + (i * 2 * Math.PI) / n;
    out.push(`${n2(cx + radius * Math.cos(a))},${n2(cy + radius * Math.sin(a))}`);
  }
  return out.join(' ');
}

/** One SVG element in the node's shape; `attrs` (data-node, class) go on that element. */
export function svgShape(shape: ShapeName, cx: number, cy: number, r: number, color: string, attrs = ''): string {
  const up = -Math.PI / 2;
  const poly = (pts: string): string => `<polygon${attrs} points="${pts}" fill="${color}"/>`;
  switch (shape) {
    case 'square':
      return `<rect${attrs} x="${n2(cx - r * 0.8)}" y="${n2(cy - r * 0.8)}" width="${n2(r * 1.6)}" height="${n2(r * 1.6)}" fill="${color}"/>`;
    case 'diamond':
      return poly(polygon(cx, cy, r, 4, 0));
    case 'hexagon':
      return poly(polygon(cx, cy, r, 6, Math.PI / 6));
    case 'triangle':
      return poly(polygon(cx, cy + r * 0.15, r, 3, up));
    case 'pentagon':
      return poly(polygon(cx, cy, r, 5, up));
    case 'octagon':
      return poly(polygon(cx, cy, r, 8, Math.PI / 8));
    case 'star':
      return poly(polygon(cx, cy, r, 5, up, r * 0.45));
    case 'cross': {
      const a = r * 0.35;
      const d = `M${n2(cx - r)} ${n2(cy - a)}h${n2(2 * r)}v${n2(2 * a)}h${n2(-2 * r)}z M${n2(cx - a)} ${n2(cy - r)}h${n2(2 * a)}v${n2(2 * r)}h${n2(-2 * a)}z`;
      return `<path${attrs} d="${d}" fill="${color}"/>`;
    }
    case 'ring':
      return `<circle${attrs} cx="${n2(cx)}" cy="${n2(cy)}" r="${n2(r * 0.72)}" fill="none" stroke="${color}" stroke-width="${n2(r * 0.55)}"/>`;
    default:
      return `<circle${attrs} cx="${n2(cx)}" cy="${n2(cy)}" r="${n2(r)}" fill="${color}"/>`;
  }
}

/** The SVG text of the graph's visible part; `hidden` is the view's filter (types, time window, groups). */
export function renderSvg(graph: RingGraph, hidden: (node: string) => boolean, decoration: ExportDecoration): string {
  const nodes = graph.filterNodes((n) => !hidden(n));
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (const n of nodes) {
    const a = graph.getNodeAttributes(n);
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y);
    maxY = Math.max(maxY, a.y);
  }
  if (nodes.length === 0) minX = maxX = minY = maxY = 0;
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const inner = WIDTH - 2 * PAD;
  const scale = inner / Math.max(spanX, spanY);
  const plotH = Math.max(200, spanY * scale + 2 * PAD);
  const height = HEADER + plotH + FOOTER;
  // Graph y grows upwards (as sigma draws it); SVG y grows downwards.
  const px = (x: number): number => PAD + (x - minX) * scale + (inner - spanX * scale) / 2;
  const py = (y: number): number => HEADER + PAD + (maxY - y) * scale;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${n2(height)}" viewBox="0 0 ${WIDTH} ${n2(height)}" font-family='${FONT}'>`,
    `<rect width="100%" height="100%" fill="${BACKGROUND}"/>`,
    `<text x="16" y="28" font-size="18" font-weight="600" fill="#212529">${esc(decoration.title)}</text>`
  ];
  if (decoration.subtitle)
    out.push(`<text x="16" y="48" font-size="13" fill="#495057">${esc(decoration.subtitle)}</text>`);
  out.push('<g class="edges">');
  const shown = new Set(nodes);
  graph.forEachEdge((_e, a, s, t) => {
    if (!shown.has(s) || !shown.has(t)) return;
    const sa = graph.getNodeAttributes(s);
    const ta = graph.getNodeAttributes(t);
    out.push(
      `<line x1="${n2(px(sa.x))}" y1="${n2(py(sa.y))}" x2="${n2(px(ta.x))}" y2="${n2(py(ta.y))}" stroke="${a.color || EDGE_COLOR}" stroke-width="${n2(Math.max(1, a.size || 1))}"/>`
    );
  });
  out.push('</g><g class="nodes">');
  for (const n of nodes) {
    const a = graph.getNodeAttributes(n);
    const style = styleOf(a.kind);
    out.push(svgShape(style.shape, px(a.x), py(a.y), a.size, a.color || style.color, ` data-node="${esc(n)}"`));
  }
  out.push('</g><g class="labels" font-size="12" fill="#343a40">');
  for (const n of nodes) {
    const a = graph.getNodeAttributes(n);
    if (a.label) out.push(`<text x="${n2(px(a.x) + a.size + 3)}" y="${n2(py(a.y) + 4)}">${esc(a.label)}</text>`);
  }
  out.push('</g><g class="legend" font-size="12" fill="#343a40">');
  let x = 16;
  const y = HEADER + plotH + 20;
  for (const item of decoration.legend) {
    const style = styleOf(item.kind);
    out.push(
      svgShape(style.shape, x + 5, y, 6, style.color),
      `<text x="${x + 14}" y="${y + 4}">${esc(item.label)}</text>`
    );
    // CJK labels run about one em per character; Latin about half.
    x += 28 + [...item.label].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 12 : 7), 0);
  }
  out.push('</g></svg>');
  return out.join('\n');
}

/** Renders and downloads; resolves with the file name. */
export function downloadSvg(
  graph: RingGraph,
  hidden: (node: string) => boolean,
  decoration: ExportDecoration,
  fileName: string
): string {
  const blob = new Blob([renderSvg(graph, hidden, decoration)], { type: 'image/svg+xml' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}
