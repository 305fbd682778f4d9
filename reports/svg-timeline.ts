/**
 * ringsight/reports/svg-timeline
 * ==============================
 *
 * A ring's claims over time as a static SVG: one lane per insurer (how a gang
 * spreads its claims so no insurer sees the pattern), one dot per claim by
 * accident date, sized by the amount claimed and coloured by product; rejected
 * and withdrawn claims are hollow, open ones pale. Dots that would cover one
 * another are stacked within their lane.
 */
import { esc } from './format.js';
import type { ReportRing } from './model.js';

export interface TimelineOptions {
  width: number;
  laneHeight: number;
  labelWidth: number;
  fontSize: number;
}

export const DEFAULTS: TimelineOptions = { width: 680, laneHeight: 30, labelWidth: 92, fontSize: 9 };

export const PRODUCT_COLOURS: Record<string, string> = {
  auto: '#2563eb',
  injury: '#dc2626',
  death: '#111827',
  health: '#16a34a',
  property: '#ca8a04',
  other: '#64748b'
};

const DAY = 86_400_000;

function monthTicks(from: number, to: number): Array<{ t: number; label: string }> {
  const start = new Date(from);
  const months =
    (new Date(to).getUTCFullYear() - start.getUTCFullYear()) * 12 +
    new Date(to).getUTCMonth() -
    start.getUTCMonth() +
    1;
  const step = [1, 2, 3, 6, 12, 24].find((s) => months / s <= 9) ?? 36;
  const ticks: Array<{ t: number; label: string }> = [];
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  // Align to the step so labels read 01/04/07/10 rather than arbitrary months.
  m = Math.ceil(m / step) * step;
  for (;;) {
    while (m >= 12) {
      m -= 12;
      y++;
    }
    const t = Date.UTC(y, m, 1);
    if (t > to) break;
    if (t >= from) ticks.push({ t, label: `${y}-${String(m + 1).padStart(2, '0')}` });
    m += step;
  }
  return ticks;
}

export function ringTimelineSvg(ring: ReportRing, options: Partial<TimelineOptions> = {}): string {
  const o = { ...DEFAULTS, ...options };
  const lanes = [...new Set(ring.claims.map((c) => c.insurer))].sort();
  const top = 6;
  const axis = 22;
  const height = top + lanes.length * o.laneHeight + axis;
  const first = Date.parse(ring.period.from);
  const last = Date.parse(ring.period.to);
  // A ring within a few days still gets a readable axis: pad to at least two months.
  const pad = Math.max(15 * DAY, (last - first) * 0.04);
  const from = first - pad;
  const to = last + pad;
  const left = o.labelWidth;
  const right = o.width - 10;
  const x = (t: number): number => left + ((t - from) / (to - from)) * (right - left);
  const maxClaimed = Math.max(1, ...ring.claims.map((c) => c.claimed));
  const radius = (v: number): number => 2.5 + 5 * Math.sqrt(v / maxClaimed);

  const out: string[] = [];
  lanes.forEach((lane, i) => {
    const y = top + i * o.laneHeight;
    if (i % 2 === 0)
      out.push(`<rect x="${left}" y="${y}" width="${right - left}" height="${o.laneHeight}" fill="#f8fafc"/>`);
    out.push(
      `<text x="${left - 6}" y="${(y + o.laneHeight / 2 + o.fontSize * 0.35).toFixed(1)}" text-anchor="end" font-size="${o.fontSize}" fill="#334155">${esc(lane)}</text>`
    );
  });
  const axisY = top + lanes.length * o.laneHeight;
  out.push(`<line x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" stroke="#64748b" stroke-width="0.8"/>`);
  for (const tick of monthTicks(from, to)) {
    const tx = x(tick.t).toFixed(1);
    out.push(`<line x1="${tx}" y1="${top}" x2="${tx}" y2="${axisY + 3}" stroke="#e2e8f0" stroke-width="0.6"/>`);
    out.push(
      `<text x="${tx}" y="${axisY + 13}" text-anchor="middle" font-size="${o.fontSize - 0.5}" fill="#475569">${tick.label}</text>`
    );
  }

  const byLane = new Map<string, Array<{ cx: number; r: number; c: ReportRing['claims'][number] }>>();
  for (const c of ring.claims) {
    let list = byLane.get(c.insurer);
    if (!list) byLane.set(c.insurer, (list = []));
    list.push({ cx: x(Date.parse(c.accidentDate)), r: radius(c.claimed), c });
  }
  const offsets = [0, -1, 1, -2, 2];
  for (const [lane, dots] of byLane) {
    const mid = top + lanes.indexOf(lane) * o.laneHeight + o.laneHeight / 2;
    const rows: number[][] = offsets.map(() => []);
    dots.sort((a, b) => a.cx - b.cx);
    for (const d of dots) {
      // The first sub-row where this dot clears its left neighbour; the last one if all are busy.
      let row = rows.findIndex((r) => r.length === 0 || d.cx - r[r.length - 1]! >= 2 * d.r);
      if (row < 0) row = rows.length - 1;
      rows[row]!.push(d.cx);
      const cy = mid + offsets[row]! * (o.laneHeight / 5.5);
      const colour = PRODUCT_COLOURS[d.c.product] ?? PRODUCT_COLOURS.other!;
      const hollow = d.c.status === 'rejected' || d.c.status === 'withdrawn';
      const fill = hollow ? '#fff' : colour;
      const opacity = d.c.status === 'open' ? ' fill-opacity="0.45"' : ' fill-opacity="0.85"';
      out.push(
        `<circle cx="${d.cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${d.r.toFixed(1)}" fill="${fill}"${opacity} stroke="${colour}" stroke-width="${hollow ? 1.2 : 0.5}"/>`
      );
    }
  }
  return `<svg class="ring-timeline" viewBox="0 0 ${o.width} ${height}" role="img">${out.join('')}</svg>`;
}
