/**
 * ringsight/viewer/graph/styles/palette
 * =====================================
 *
 * How each entity type looks: a colour and a shape (drawn by the shape node
 * program). Colours are told apart by hue and lightness so that the legend
 * still reads in print and for the common red–green deficiency; shapes carry
 * the type on their own for everyone else. The colours are shared with the
 * report pictures (reports/type-colours.ts).
 */

import { ORGANISER_COLOUR, TYPE_COLOURS } from '../../../../reports/type-colours.js';

export const ENTITY_TYPES = [
  'claim',
  'person',
  'phone',
  'vehicle',
  'bank_account',
  'hospital',
  'repair_shop',
  'appraiser',
  'lawyer',
  'tow'
] as const;
export type EntityKind = (typeof ENTITY_TYPES)[number] | 'group';

/** Shape codes understood by the fragment shader (shape-program.ts). */
export const SHAPES = {
  circle: 0,
  square: 1,
  diamond: 2,
  hexagon: 3,
  triangle: 4,
  cross: 5,
  pentagon: 6,
  ring: 7,
  star: 8,
  octagon: 9,
  target: 10
} as const;
export type ShapeName = keyof typeof SHAPES;

export interface KindStyle {
  color: string;
  shape: ShapeName;
  baseSize: number;
}

export const STYLES: Record<EntityKind, KindStyle> = {
  claim: { color: TYPE_COLOURS.claim, shape: 'square', baseSize: 4 },
  person: { color: TYPE_COLOURS.person, shape: 'circle', baseSize: 6 },
  phone: { color: TYPE_COLOURS.phone, shape: 'diamond', baseSize: 5 },
  vehicle: { color: TYPE_COLOURS.vehicle, shape: 'hexagon', baseSize: 5 },
  bank_account: { color: TYPE_COLOURS.bank_account, shape: 'triangle', baseSize: 5 },
  hospital: { color: TYPE_COLOURS.hospital, shape: 'cross', baseSize: 6 },
  repair_shop: { color: TYPE_COLOURS.repair_shop, shape: 'pentagon', baseSize: 6 },
  appraiser: { color: TYPE_COLOURS.appraiser, shape: 'ring', baseSize: 6 },
  lawyer: { color: TYPE_COLOURS.lawyer, shape: 'star', baseSize: 6 },
  tow: { color: TYPE_COLOURS.tow, shape: 'octagon', baseSize: 5 },
  group: { color: '#212529', shape: 'target', baseSize: 10 }
};

export function styleOf(kind: string): KindStyle {
  return STYLES[kind as EntityKind] ?? { color: '#868e96', shape: 'circle', baseSize: 4 };
}

export const DIM_NODE = '#dde1e6';
export const DIM_EDGE = '#eef0f3';
export const EDGE_COLOR = '#b8c0cc';
export const HIGHLIGHT_EDGE = '#f03e3e';
export const HIGHLIGHT_RING = ORGANISER_COLOUR;
export const BACKGROUND = '#ffffff';

/** Node size from centrality: organisers and brokers stand out, leaves stay small. */
export function sizeFor(kind: string, degreeCentrality: number, betweenness: number): number {
  const base = styleOf(kind).baseSize;
  const c = Math.max(0, Math.min(1, Math.max(degreeCentrality, betweenness * 1.5)));
  return base + 14 * Math.sqrt(c);
}
