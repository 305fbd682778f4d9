/**
 * ringsight/viewer/panels/evidence-panel
 * ======================================
 *
 * "Why was this ring flagged": the score's signals, largest contribution
 * first, each a button that highlights the nodes and edges carrying it. The
 * engine writes its details in English; Chinese readers get a sentence built
 * from the signal's value, with the original one click away.
 */
import type { Evidence, RingDetail } from '../api/types.js';
import { h, replace } from '../components/dom.js';
import type { GraphView } from '../graph/graph-view.js';
import { label, lang, t, type MessageKey } from '../i18n/index.js';
import { num } from '../format.js';

export function signalSummary(e: Evidence): string {
  const key = `why.${e.signal}` as MessageKey;
  const text = t(key, { value: num(e.value, 2) });
  return text === key ? e.detail : text;
}

export class EvidencePanel {
  readonly el = h('section', { class: 'panel evidence', 'aria-labelledby': 'why-title' });

  constructor(
    private readonly ring: RingDetail,
    private readonly view: GraphView
  ) {
    this.render();
  }

  /** Highlights a signal from elsewhere (the node panel lists the signals a node carries). */
  toggle(e: Evidence): void {
    this.view.toggleHighlight(`signal:${e.signal}`, e.refs);
    this.render();
  }

  render(): void {
    const evidence = [...this.ring.evidence].sort((a, b) => b.contribution - a.contribution);
    const max = Math.max(1, ...evidence.map((e) => e.contribution));
    const active = this.view.state.highlight?.source;
    const items = evidence.map((e) => {
      const on = active === `signal:${e.signal}`;
      return h(
        'li',
        null,
        h(
          'button',
          {
            class: `signal${on ? ' active' : ''}`,
            'aria-pressed': String(on),
            dataset: { signal: e.signal },
            on: { click: () => this.toggle(e) }
          },
          h(
            'span',
            { class: 'signal-head' },
            h('span', { class: 'signal-name' }, label('signal', e.signal)),
            h('span', { class: 'signal-points' }, t('ring.contribution', { points: num(e.contribution, 1) }))
          ),
          h(
            'span',
            { class: 'bar' },
            h('span', { class: 'bar-fill', style: { width: `${(100 * e.contribution) / max}%` } })
          ),
          h('span', { class: 'signal-summary' }, lang.get() === 'en' ? e.detail : signalSummary(e))
        ),
        // The engine's own wording (with masked examples) for the signal being looked at.
        on && lang.get() !== 'en'
          ? h('p', { class: 'signal-original' }, h('span', { class: 'muted' }, t('why.original'), '：'), e.detail)
          : null
      );
    });
    replace(
      this.el,
      h('h2', { id: 'why-title' }, t('ring.why')),
      h('p', { class: 'hint' }, t('ring.whyHint')),
      evidence.length ? h('ol', { class: 'signals' }, items) : h('p', { class: 'empty' }, t('ring.noEvidence')),
      active
        ? h(
            'button',
            {
              class: 'link',
              on: {
                click: () => {
                  this.view.clearHighlight();
                  this.render();
                }
              }
            },
            t('ring.clearHighlight')
          )
        : null
    );
  }
}
