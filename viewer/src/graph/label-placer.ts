/**
 * ringsight/viewer/graph/label-placer
 * ===================================
 *
 * Node labels that never overlap. Sigma's label grid thins labels per cell,
 * but labels it must show (organisers, highlighted carriers) are drawn
 * whatever lies beneath them. This drawer remembers the boxes drawn in the
 * current frame and moves a colliding label one line down or up, next to its
 * node; a label with no free slot is left out. The boxes are kept for the
 * tests (tests/viewer/layout.test.ts).
 */
import type { Attributes } from 'graphology-types';
import type { NodeLabelDrawingFunction } from 'sigma/rendering';

export interface LabelBox {
  node: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: LabelBox, b: LabelBox): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export class LabelPlacer {
  /** The label boxes of the last frame, in viewport pixels. */
  boxes: LabelBox[] = [];

  reset(): void {
    this.boxes = [];
  }

  readonly draw: NodeLabelDrawingFunction<Attributes, Attributes, Attributes> = (context, data, settings) => {
    if (!data.label) return;
    const size = settings.labelSize;
    context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
    const w = context.measureText(data.label).width;
    const x = data.x + data.size + 3;
    const line = size + 2;
    for (const shift of [0, line, -line, 2 * line, -2 * line]) {
      const box = { node: data.key, x, y: data.y - size / 2 + shift, w, h: size };
      if (this.boxes.some((b) => overlaps(b, box))) continue;
      this.boxes.push(box);
      context.fillStyle = settings.labelColor.attribute
        ? String(data[settings.labelColor.attribute] ?? settings.labelColor.color ?? '#000')
        : (settings.labelColor.color ?? '#000');
      context.fillText(data.label, x, data.y + size / 3 + shift);
      return;
    }
  };
}
