/**
 * ringsight/viewer/panels/time-slider
 * ===================================
 *
 * Two range handles over the claims' accident dates. Moving them hides the
 * claims outside the window (and the parties left with no visible claim), so
 * an analyst can watch a ring grow month by month.
 */
import { h, replace } from '../components/dom.js';
import { day, isoOfDay } from '../format.js';
import type { GraphView } from '../graph/graph-view.js';
import { dayBounds } from '../graph/model.js';
import { t } from '../i18n/index.js';

export class TimeSlider {
  readonly el = h('section', { class: 'panel time-slider' });
  private bounds: [number, number] | null = null;
  private from = 0;
  private to = 0;
  private frame = 0;

  constructor(private readonly view: GraphView) {
    this.reset();
  }

  /** Re-reads the date bounds (after an expansion brought in older or newer claims). */
  reset(): void {
    const bounds = dayBounds(this.view.graph);
    const was = this.bounds;
    this.bounds = bounds;
    if (bounds && (!was || (this.from === was[0] && this.to === was[1]))) {
      this.from = bounds[0];
      this.to = bounds[1];
    }
    this.render();
  }

  /** Shows a window already applied to the view (a reload that kept the graph). */
  show(range: [number, number] | null): void {
    const b = this.bounds;
    if (!b) return;
    [this.from, this.to] = range ?? b;
    this.render();
  }

  private apply(): void {
    cancelAnimationFrame(this.frame);
    // Dragging fires input events faster than frames: apply at most once per frame.
    this.frame = requestAnimationFrame(() => {
      const b = this.bounds;
      this.view.setTimeRange(b && (this.from > b[0] || this.to < b[1]) ? [this.from, this.to] : null);
    });
  }

  render(): void {
    const b = this.bounds;
    if (!b || b[0] === b[1]) {
      replace(this.el);
      this.el.hidden = true;
      return;
    }
    this.el.hidden = false;
    const text = h(
      'p',
      { class: 'range-text', 'aria-live': 'polite' },
      t('graph.timeRange', { from: day(isoOfDay(this.from)), to: day(isoOfDay(this.to)) })
    );
    const slider = (which: 'from' | 'to'): HTMLInputElement => {
      const input = h('input', {
        type: 'range',
        min: b[0],
        max: b[1],
        step: 1,
        class: `range-${which}`,
        'aria-label': `${t('graph.timeFilter')} ${which}`
      });
      input.value = String(which === 'from' ? this.from : this.to);
      input.addEventListener('input', () => {
        const v = Number(input.value);
        if (which === 'from') this.from = Math.min(v, this.to);
        else this.to = Math.max(v, this.from);
        input.value = String(which === 'from' ? this.from : this.to);
        text.textContent = t('graph.timeRange', { from: day(isoOfDay(this.from)), to: day(isoOfDay(this.to)) });
        this.apply();
      });
      return input;
    };
    replace(
      this.el,
      h('span', { class: 'time-title' }, t('graph.timeFilter')),
      h('span', { class: 'range-end' }, day(isoOfDay(b[0]))),
      h('div', { class: 'dual-range' }, slider('from'), slider('to')),
      h('span', { class: 'range-end' }, day(isoOfDay(b[1]))),
      text
    );
  }
}
