/**
 * ringsight/viewer/panels/legend
 * ==============================
 *
 * The legend doubles as the type filter: each entry shows a type's shape,
 * colour and count, and clicking it hides or shows that type. Counts follow
 * the time slider: what lies outside the date window is not counted. It
 * collapses to its title (a toggle button) to free the canvas on small
 * screens; the choice is kept while navigating and across reloads.
 */
import { h, replace } from '../components/dom.js';
import { shapeIcon } from '../components/shape-icon.js';
import { PAYEE_COLOUR, ROLE_COLOURS } from '../graph/annotate.js';
import type { GraphView } from '../graph/graph-view.js';
import { ENTITY_TYPES } from '../graph/styles/palette.js';
import { label, t } from '../i18n/index.js';

const COLLAPSED_KEY = 'ringsight.legend.collapsed';
let collapsedFallback = false;

function readCollapsed(): boolean {
  try {
    return localStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return collapsedFallback;
  }
}

function writeCollapsed(value: boolean): void {
  collapsedFallback = value;
  try {
    localStorage.setItem(COLLAPSED_KEY, value ? '1' : '0');
  } catch {
    // Storage may be blocked: the module variable keeps it for this page's life.
  }
}

export class LegendPanel {
  readonly el = h('section', { class: 'panel legend', 'aria-labelledby': 'legend-title' });

  constructor(private readonly view: GraphView) {
    this.render();
  }

  render(): void {
    const counts = new Map<string, number>();
    this.view.graph.forEachNode((n, a) => {
      if (!counts.has(a.kind)) counts.set(a.kind, 0);
      if (this.view.state.inWindow(n)) counts.set(a.kind, counts.get(a.kind)! + 1);
    });
    const kinds = [...ENTITY_TYPES, 'group'].filter((k) => counts.has(k));
    for (const k of counts.keys()) if (!kinds.includes(k as never)) kinds.push(k as never);
    const hidden = this.view.state.hiddenTypes;
    const collapsed = readCollapsed();
    this.el.classList.toggle('collapsed', collapsed);
    const toggle = h('button', {
      class: 'legend-toggle',
      'aria-expanded': String(!collapsed),
      title: collapsed ? t('graph.legendShow') : t('graph.legendHide'),
      'aria-label': collapsed ? t('graph.legendShow') : t('graph.legendHide'),
      on: {
        click: () => {
          writeCollapsed(!collapsed);
          this.render();
        }
      }
    });
    const title = h('h2', { id: 'legend-title' }, toggle, t('graph.legend'));
    if (collapsed) {
      replace(this.el, title);
      return;
    }
    replace(
      this.el,
      title,
      h('p', { class: 'hint' }, t('graph.typesHint')),
      h(
        'ul',
        { class: 'legend-list' },
        kinds.map((kind) => {
          const on = !hidden.has(kind);
          return h(
            'li',
            null,
            h(
              'button',
              {
                class: `legend-item${on ? '' : ' off'}`,
                'aria-pressed': String(on),
                dataset: { kind },
                on: {
                  click: () => {
                    this.view.setTypeVisible(kind, !on);
                    this.render();
                  }
                }
              },
              shapeIcon(kind),
              h('span', { class: 'legend-label' }, label('type', kind)),
              h('span', { class: 'count' }, String(counts.get(kind) ?? 0))
            )
          );
        })
      ),
      h('p', { class: 'hint' }, t('graph.roleKey'), ' · ★ ', t('graph.organiser')),
      h(
        'ul',
        { class: 'role-key' },
        [...ROLE_COLOURS.filter(([r]) => r !== 'beneficiary'), ['payee', PAYEE_COLOUR] as const].map(([role, colour]) =>
          h(
            'li',
            { dataset: { role } },
            h('span', { class: 'role-swatch', style: { background: colour } }),
            label('role', role)
          )
        )
      )
    );
  }
}
