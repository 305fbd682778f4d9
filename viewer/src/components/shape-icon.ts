/**
 * ringsight/viewer/components/shape-icon
 * ======================================
 *
 * Small SVG versions of the node shapes, for the legend and panels, so the
 * key in the sidebar matches what the WebGL program draws.
 */
import { styleOf, type ShapeName } from '../graph/styles/palette.js';

const SVG = 'http://www.w3.org/2000/svg';

function polygon(points: number, radius: number, rotation: number): string {
  const out: string[] = [];
  for (let i = 0; i < points; i++) {
    const a = rotation + (i * 2 * Math.PI) / points;
    out.push(`${(8 + radius * Math.cos(a)).toFixed(2)},${(8 + radius * Math.sin(a)).toFixed(2)}`);
  }
  return out.join(' ');
}

function star(): string {
  const out: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? 7.5 : 3.4;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    out.push(`${(8 + r * Math.cos(a)).toFixed(2)},${(8 + r * Math.sin(a)).toFixed(2)}`);
  }
  return out.join(' ');
}

function shapeElement(shape: ShapeName, color: string): SVGElement[] {
  const el = (tag: string, attrs: Record<string, string>): SVGElement => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const fill = { fill: color };
  switch (shape) {
    case 'square':
      return [el('rect', { x: '1.5', y: '1.5', width: '13', height: '13', rx: '2', ...fill })];
    case 'diamond':
      return [el('polygon', { points: '8,0.5 15.5,8 8,15.5 0.5,8', ...fill })];
    case 'hexagon':
      return [el('polygon', { points: polygon(6, 7.5, Math.PI / 6), ...fill })];
    case 'triangle':
      return [el('polygon', { points: polygon(3, 8, -Math.PI / 2), ...fill })];
    case 'cross':
      return [el('path', { d: 'M5.5 1h5v4.5H15v5h-4.5V15h-5v-4.5H1v-5h4.5z', ...fill })];
    case 'pentagon':
      return [el('polygon', { points: polygon(5, 7.5, -Math.PI / 2), ...fill })];
    case 'ring':
      return [el('circle', { cx: '8', cy: '8', r: '5.5', fill: 'none', stroke: color, 'stroke-width': '4' })];
    case 'star':
      return [el('polygon', { points: star(), ...fill })];
    case 'octagon':
      return [el('polygon', { points: polygon(8, 7.5, Math.PI / 8), ...fill })];
    case 'target':
      return [
        el('circle', { cx: '8', cy: '8', r: '7.5', ...fill }),
        el('circle', { cx: '8', cy: '8', r: '3.6', fill: 'none', stroke: '#fff', 'stroke-width': '1.6' })
      ];
    default:
      return [el('circle', { cx: '8', cy: '8', r: '7.5', ...fill })];
  }
}

export function shapeIcon(kind: string, size = 14): SVGSVGElement {
  const style = styleOf(kind);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('shape-icon');
  for (const child of shapeElement(style.shape, style.color)) svg.appendChild(child);
  return svg;
}
