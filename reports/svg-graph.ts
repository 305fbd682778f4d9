/**
 * ringsight/reports/svg-graph
 * ===========================
 *
 * A ring's graph as a static SVG: claims as small squares, members as
 * shapes coloured by type as in the viewer (likely organisers red and larger,
 * watchlisted entities with a dark outline), one line per member–claim link.
 * Labels name the most central people, every organiser and the phones and
 * bank accounts shared by several claims (with their member numbers), placed greedily
 * so they never overlap — a dense ring keeps a legible picture rather than
 * a label on every node. Drawn from the report model only, so it shows
 * exactly the display labels the report may show.
 */
import { PROVIDER_KINDS } from '../engine/model.js';
import { esc } from './format.js';
import { layoutGraph, type LayoutOptions } from './layout.js';
import { ORGANISER_COLOUR, TYPE_COLOURS } from './type-colours.js';
import type { ReportRing } from './model.js';

export interface GraphSvgOptions {
  /** Above this many nodes, members on a single claim (leaves that link nothing) are left out. */
  pruneAbove: number;
  width: number;
  /** Null: by the number of nodes drawn, so a three-claim ring does not take half a page. */
  height: number | null;
  margin: number;
  fontSize: number;
  /** At most this many labels on people and watchlisted members; organisers are always among them. */
  maxLabels: number;
  /** At most this many labels on phones and bank accounts shared by two or more claims (the records to request). */
  maxIdentifierLabels: number;
  layout: Partial<LayoutOptions>;
}

export const DEFAULTS: GraphSvgOptions = {
  pruneAbove: 120,
  width: 680,
  height: null,
  margin: 18,
  fontSize: 9,
  maxLabels: 14,
  maxIdentifierLabels: 8,
  layout: {}
};

/** Fill per drawn kind: the viewer's type colours (type-colours.ts); providers by their own type. */
export function nodeColour(kind: string, type: string = kind): string {
  if (kind === 'organiser') return ORGANISER_COLOUR;
  return TYPE_COLOURS[type as keyof typeof TYPE_COLOURS] ?? TYPE_COLOURS.claim;
}

const PROVIDERS: ReadonlySet<string> = new Set(PROVIDER_KINDS);

interface Node {
  id: string;
  kind: string;
  type: string;
  r: number;
  label: string | null;
  priority: number;
  watch: boolean;
}

function colourOf(n: Node): string {
  return nodeColour(n.kind, n.type);
}

/** Rough text width: CJK glyphs are square, Latin ones a bit over half as wide. */
function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\uffff]/.test(ch) ? size : size * 0.6;
  return w;
}

function shape(n: Node, x: number, y: number): string {
  const fill = colourOf(n);
  const stroke = n.watch ? ' stroke="#111827" stroke-width="1.6"' : ' stroke="#fff" stroke-width="0.6"';
  const f = (v: number): string => v.toFixed(1);
  if (n.kind === 'claim')
    return `<rect x="${f(x - n.r)}" y="${f(y - n.r)}" width="${f(2 * n.r)}" height="${f(2 * n.r)}" fill="${fill}"${stroke}/>`;
  if (n.kind === 'provider') {
    const r = n.r * 1.25;
    return `<path d="M${f(x)} ${f(y - r)}L${f(x + r)} ${f(y)}L${f(x)} ${f(y + r)}L${f(x - r)} ${f(y)}Z" fill="${fill}"${stroke}/>`;
  }
  if (n.kind === 'vehicle') {
    const r = n.r * 1.2;
    return `<path d="M${f(x)} ${f(y - r)}L${f(x + r)} ${f(y + r * 0.8)}L${f(x - r)} ${f(y + r * 0.8)}Z" fill="${fill}"${stroke}/>`;
  }
  return `<circle cx="${f(x)}" cy="${f(y)}" r="${f(n.r)}" fill="${fill}"${stroke}/>`;
}

/** The members drawn: all of them, or — in a big ring — those linking claims, organisers and watchlisted ones. */
export function drawnMembers(ring: ReportRing, pruneAbove = DEFAULTS.pruneAbove): ReportRing['members'] {
  if (ring.claims.length + ring.members.length <= pruneAbove) return ring.members;
  return ring.members.filter((m) => m.claims.length >= 2 || m.organiser || m.watchlisted);
}

export function ringGraphSvg(ring: ReportRing, options: Partial<GraphSvgOptions> = {}): string {
  const o = { ...DEFAULTS, ...options };
  const nodes = new Map<string, Node>();
  for (const c of ring.claims)
    nodes.set(`c:${c.id}`, {
      id: `c:${c.id}`,
      kind: 'claim',
      type: 'claim',
      r: 2.6,
      label: null,
      priority: -1,
      watch: false
    });
  const edges: Array<[string, string]> = [];
  let labelled = 0;
  let identifiers = 0;
  const drawn = drawnMembers(ring, o.pruneAbove);
  const small = ring.claims.length + drawn.length <= 24;
  const height = o.height ?? (small ? 260 : ring.claims.length + drawn.length <= 70 ? 330 : 400);
  drawn.forEach((m, i) => {
    const kind = m.organiser ? 'organiser' : PROVIDERS.has(m.type) ? 'provider' : m.type;
    const base = m.type === 'person' ? 3.2 : 2.4;
    const r = Math.min(m.organiser ? 11 : 8, base + 1.1 * Math.sqrt(m.claims.length) + (m.organiser ? 2 : 0));
    // Members come organisers first, then by betweenness: the first few people are the ones worth naming.
    const wantsLabel =
      m.organiser ||
      (m.type === 'person' && (m.claims.length >= 2 || small) && labelled < o.maxLabels) ||
      (m.watchlisted && labelled < o.maxLabels);
    if (wantsLabel) labelled++;
    const sharedIdentifier =
      !wantsLabel &&
      (m.type === 'phone' || m.type === 'bank_account') &&
      m.claims.length >= 2 &&
      identifiers < o.maxIdentifierLabels;
    if (sharedIdentifier) identifiers++;
    const text = m.type === 'person' ? (m.name ?? m.label) : PROVIDERS.has(m.type) ? (m.name ?? m.label) : m.label;
    nodes.set(`m:${m.no}`, {
      id: `m:${m.no}`,
      kind,
      type: m.type,
      r,
      watch: m.watchlisted,
      label: wantsLabel || sharedIdentifier ? `${m.no} ${text}` : null,
      priority: m.organiser ? 1000 - i : wantsLabel ? 500 - i : sharedIdentifier ? 250 - i : -1
    });
    for (const c of m.claims) edges.push([`m:${m.no}`, `c:${c}`]);
  });

  const positions = layoutGraph(
    { nodes: new Map([...nodes].map(([id, n]) => [id, n.r])), edges, seed: ring.id },
    o.layout
  );
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const { x, y } of positions.values()) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const innerW = o.width - 2 * o.margin;
  const innerH = height - 2 * o.margin;
  const scale = Math.min(innerW / Math.max(1e-9, maxX - minX), innerH / Math.max(1e-9, maxY - minY));
  const offX = o.margin + (innerW - (maxX - minX) * scale) / 2;
  const offY = o.margin + (innerH - (maxY - minY) * scale) / 2;
  const at = (id: string): { x: number; y: number } => {
    const p = positions.get(id) ?? { x: (minX + maxX) / 2, y: (minY + maxY) / 2 };
    return Number.isFinite(scale)
      ? { x: offX + (p.x - minX) * scale, y: offY + (p.y - minY) * scale }
      : { x: o.width / 2, y: height / 2 };
  };

  const plain: string[] = [];
  const strong: string[] = [];
  for (const [a, b] of edges) {
    const p = at(a);
    const q = at(b);
    (nodes.get(a)!.kind === 'organiser' ? strong : plain).push(
      `M${p.x.toFixed(1)} ${p.y.toFixed(1)}L${q.x.toFixed(1)} ${q.y.toFixed(1)}`
    );
  }
  // Draw small nodes first so the named ones stay on top.
  const order = [...nodes.values()].sort((a, b) => a.priority - b.priority || a.r - b.r);
  const shapes = order.map((n) => {
    const p = at(n.id);
    return shape(n, p.x, p.y);
  });
  const labels = placeLabels(
    [...nodes.values()].filter((n) => n.label !== null).sort((a, b) => b.priority - a.priority),
    at,
    { ...o, height }
  );

  return (
    `<svg class="ring-graph" viewBox="0 0 ${o.width} ${height}" role="img" aria-label="${esc(ring.id)}">` +
    `<path d="${plain.join('')}" stroke="#cbd5e1" stroke-width="0.6" fill="none"/>` +
    `<path d="${strong.join('')}" stroke="#fca5a5" stroke-width="0.9" fill="none"/>` +
    shapes.join('') +
    labels +
    '</svg>'
  );
}

function placeLabels(
  nodes: Node[],
  at: (id: string) => { x: number; y: number },
  o: GraphSvgOptions & { height: number }
): string {
  const taken: Array<[number, number, number, number]> = [];
  const overlaps = (b: [number, number, number, number]): boolean =>
    taken.some((t) => b[0] < t[2] && b[2] > t[0] && b[1] < t[3] && b[3] > t[1]);
  const out: string[] = [];
  for (const n of nodes) {
    const p = at(n.id);
    const w = textWidth(n.label!, o.fontSize);
    const h = o.fontSize * 1.2;
    // Right of the node, then left, above, below: the first spot that is free and inside the picture.
    const spots: Array<[number, number, 'start' | 'end' | 'middle']> = [
      [p.x + n.r + 2, p.y + o.fontSize * 0.35, 'start'],
      [p.x - n.r - 2, p.y + o.fontSize * 0.35, 'end'],
      [p.x, p.y - n.r - 3, 'middle'],
      [p.x, p.y + n.r + o.fontSize, 'middle']
    ];
    for (const [x, y, anchor] of spots) {
      const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
      const box: [number, number, number, number] = [left - 1, y - o.fontSize, left + w + 1, y - o.fontSize + h];
      if (box[0] < 0 || box[2] > o.width || box[1] < 0 || box[3] > o.height || overlaps(box)) continue;
      taken.push(box);
      const weight = n.kind === 'organiser' ? ' font-weight="700" fill="#991b1b"' : ' fill="#111827"';
      // A pale box rather than a stroked halo: stroked text prints as outlines and bloats the PDF.
      out.push(
        `<rect x="${box[0].toFixed(1)}" y="${box[1].toFixed(1)}" width="${(box[2] - box[0]).toFixed(1)}" height="${h.toFixed(1)}" rx="1.5" fill="#fff" fill-opacity="0.82"/>` +
          `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" font-size="${o.fontSize}"${weight}>${esc(n.label)}</text>`
      );
      break;
    }
  }
  return out.join('');
}
