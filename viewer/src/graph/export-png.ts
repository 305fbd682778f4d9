/**
 * ringsight/viewer/graph/export-png
 * =================================
 *
 * Saves the whole graph (framed as "fit" shows it) as a PNG: sigma's layers (edges, nodes, labels,
 * hover) composited on white, with a title band and the legend, as a
 * colleague would want it pasted into a case file.
 *
 * Sigma's WebGL layers do not preserve their drawing buffer, so the export
 * forces a synchronous render and copies the layers in the same task, before
 * the browser may clear them. For a high-resolution image (2× or 3×) sigma
 * renders once at that pixel ratio — it reads window.devicePixelRatio when it
 * resizes — so nodes and labels are drawn sharp, not upscaled; the screen's
 * ratio is put back straight after.
 */
import { LABEL_FONT, type RingSigma } from './renderer.js';
import { BACKGROUND, styleOf, type ShapeName } from './styles/palette.js';

const LAYERS = ['edges', 'edgeLabels', 'nodes', 'labels', 'hovers', 'hoverNodes'];

export interface ExportDecoration {
  title: string;
  subtitle?: string;
  legend: Array<{ kind: string; label: string }>;
}

/** Runs `draw` with sigma rendered at `ratio` pixels per CSS pixel, then restores the screen's ratio. */
function atPixelRatio<T>(renderer: RingSigma, ratio: number, draw: () => T): T {
  const own = Object.getOwnPropertyDescriptor(window, 'devicePixelRatio');
  if (ratio === window.devicePixelRatio) {
    renderer.refresh();
    return draw();
  }
  Object.defineProperty(window, 'devicePixelRatio', { value: ratio, configurable: true, writable: true });
  try {
    renderer.resize(true);
    renderer.refresh();
    return draw();
  } finally {
    if (own) Object.defineProperty(window, 'devicePixelRatio', own);
    else delete (window as { devicePixelRatio?: number }).devicePixelRatio;
    renderer.resize(true);
    renderer.refresh();
  }
}

export function renderPng(renderer: RingSigma, decoration: ExportDecoration, scale = 2): HTMLCanvasElement {
  const ratio = Math.max(window.devicePixelRatio || 1, scale);
  const camera = renderer.getCamera();
  const before = camera.getState();
  // The whole graph, as "fit" frames it, whatever the analyst zoomed to; the view comes back after.
  camera.setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  try {
    return atPixelRatio(renderer, ratio, () => compose(renderer, decoration, ratio));
  } finally {
    camera.setState(before);
    renderer.refresh();
  }
}

function compose(renderer: RingSigma, decoration: ExportDecoration, ratio: number): HTMLCanvasElement {
  const canvases = renderer.getCanvases();
  const { width, height } = renderer.getDimensions();
  const header = 56;
  const rows = legendRows(decoration.legend, width);
  const footer = 12 + 22 * rows.length;
  const out = document.createElement('canvas');
  out.width = Math.round(width * ratio);
  out.height = Math.round((height + header + footer) * ratio);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('canvas 2d context unavailable');
  ctx.scale(ratio, ratio);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height + header + footer);
  for (const id of LAYERS) {
    const layer = canvases[id];
    if (layer) ctx.drawImage(layer, 0, header, width, height);
  }
  ctx.fillStyle = '#212529';
  ctx.font = `600 18px ${LABEL_FONT}`;
  ctx.textBaseline = 'top';
  ctx.fillText(decoration.title, 16, 10);
  if (decoration.subtitle) {
    ctx.fillStyle = '#495057';
    ctx.font = `13px ${LABEL_FONT}`;
    ctx.fillText(decoration.subtitle, 16, 34);
  }
  ctx.font = `12px ${LABEL_FONT}`;
  rows.forEach((row, i) => {
    const y = header + height + 8 + 22 * i;
    for (const { item, x } of row) {
      drawShape(ctx, styleOf(item.kind).shape, x + 5, y + 7, 6, styleOf(item.kind).color);
      ctx.fillStyle = '#343a40';
      ctx.fillText(item.label, x + 14, y);
    }
  });
  return out;
}

type LegendItem = ExportDecoration['legend'][number];

/** The legend laid out in rows that fit the image's width (a narrow canvas wraps it). */
function legendRows(legend: readonly LegendItem[], width: number): Array<Array<{ item: LegendItem; x: number }>> {
  const ctx = document.createElement('canvas').getContext('2d');
  if (ctx) ctx.font = `12px ${LABEL_FONT}`;
  const rows: Array<Array<{ item: LegendItem; x: number }>> = [[]];
  let x = 16;
  for (const item of legend) {
    const w = 24 + (ctx ? ctx.measureText(item.label).width : 12 * item.label.length);
    if (x + w > width - 8 && rows[rows.length - 1]!.length > 0) {
      rows.push([]);
      x = 16;
    }
    rows[rows.length - 1]!.push({ item, x });
    x += w;
  }
  return rows;
}

function polygonPath(
  ctx: CanvasRenderingContext2D,
  cx: number,
  cy: number,
  r: number,
  points: number,
  rotation: number,
  inner = 0
): void {
  const n = inner ? points * 2 : points;
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const radius = inner && i % 2 === 1 ? inner : r;
    const a = rotation + (i * 2 * Math.PI) / n;
    if (i === 0) ctx.moveTo(cx + radius * Math.cos(a), cy + radius * Math.sin(a));
    else ctx.lineTo(cx + radius * Math.cos(a), cy + radius * Math.sin(a));
  }
  ctx.closePath();
}

/** The legend's key in the exported image, in the same shapes as the WebGL program draws. */
function drawShape(
  ctx: CanvasRenderingContext2D,
  shape: ShapeName,
  cx: number,
  cy: number,
  r: number,
  color: string
): void {
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  const up = -Math.PI / 2;
  switch (shape) {
    case 'square':
      ctx.beginPath();
      ctx.rect(cx - r * 0.8, cy - r * 0.8, r * 1.6, r * 1.6);
      break;
    case 'diamond':
      polygonPath(ctx, cx, cy, r, 4, 0);
      break;
    case 'hexagon':
      polygonPath(ctx, cx, cy, r, 6, Math.PI / 6);
      break;
    case 'triangle':
      polygonPath(ctx, cx, cy + r * 0.15, r, 3, up);
      break;
    case 'pentagon':
      polygonPath(ctx, cx, cy, r, 5, up);
      break;
    case 'octagon':
      polygonPath(ctx, cx, cy, r, 8, Math.PI / 8);
      break;
    case 'star':
      polygonPath(ctx, cx, cy, r, 5, up, r * 0.45);
      break;
    case 'cross':
      ctx.beginPath();
      ctx.rect(cx - r, cy - r * 0.35, 2 * r, r * 0.7);
      ctx.rect(cx - r * 0.35, cy - r, r * 0.7, 2 * r);
      break;
    case 'ring':
      ctx.beginPath();
      ctx.lineWidth = r * 0.55;
      ctx.arc(cx, cy, r * 0.72, 0, Math.PI * 2);
      ctx.stroke();
      return;
    default:
      ctx.beginPath();
      ctx.arc(cx, cy, r, 0, Math.PI * 2);
  }
  ctx.fill();
}

/** Renders and downloads; resolves with the file name. */
export async function downloadPng(
  renderer: RingSigma,
  decoration: ExportDecoration,
  fileName: string,
  scale = 2
): Promise<string> {
  const canvas = renderPng(renderer, decoration, scale);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('PNG encoding failed');
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
