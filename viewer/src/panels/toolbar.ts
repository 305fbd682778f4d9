/**
 * ringsight/viewer/panels/toolbar
 * ===============================
 *
 * Above the canvas: layout state, fit, collapse/expand the ring, export PNG
 * (2×) and SVG,
 * hand the ring to a police report (components/report-dialog.ts), the identity switch, and the visible
 * counts. The report button is disabled with a tooltip saying why when the
 * server has no reports yet or the role may not create one.
 */
import { reportsStatus, type ReportsStatus } from '../api/client.js';
import { h, replace } from '../components/dom.js';
import { toast, toastError } from '../components/error-view.js';
import { openReportDialog } from '../components/report-dialog.js';
import type { ExportDecoration } from '../graph/export-png.js';
import type { GraphView } from '../graph/graph-view.js';
import { GROUP_PREFIX } from '../graph/interactions/collapse.js';
import { ENTITY_TYPES } from '../graph/styles/palette.js';
import { label, t } from '../i18n/index.js';
import { patchSession, session } from '../state/session.js';

/** Exported PNGs have this many pixels per CSS pixel (sharp when printed or zoomed). */
const EXPORT_SCALE = 2;

export interface ToolbarOptions {
  /** Set on the ring page: enables collapse-ring and the police report. */
  ringId?: string;
  ringNodes?: () => string[];
  /** The ring's readable name (the report dialog's default operation name). */
  ringName?: () => string;
  title: () => string;
  subtitle?: () => string;
  fileName: string;
}

export class Toolbar {
  readonly el = h('div', { class: 'toolbar', role: 'toolbar' });
  private reports: ReportsStatus | 'checking' = 'checking';

  constructor(
    private readonly view: GraphView,
    private readonly options: ToolbarOptions
  ) {
    this.render();
    if (options.ringId) {
      void reportsStatus().then((status) => {
        this.reports = status;
        this.render();
      });
    }
  }

  /** Title, subtitle and the legend of the types on the canvas: what both exports draw into the image. */
  private decoration(): ExportDecoration {
    const kinds = new Set<string>();
    this.view.graph.forEachNode((n, a) => {
      if (!this.view.state.isHidden(n)) kinds.add(a.kind);
    });
    const legend = [...ENTITY_TYPES, 'group']
      .filter((k) => kinds.has(k))
      .map((kind) => ({ kind, label: label('type', kind) }));
    return { title: this.options.title(), subtitle: this.options.subtitle?.(), legend };
  }

  private async exportPng(): Promise<void> {
    try {
      const file = await this.view.exportPng(this.decoration(), this.options.fileName, EXPORT_SCALE);
      toast(t('graph.exported', { file }));
    } catch (error) {
      toastError(error);
    }
  }

  private exportSvg(): void {
    try {
      const file = this.view.exportSvg(this.decoration(), this.options.fileName.replace(/\.png$/, '') + '.svg');
      toast(t('graph.exported', { file }));
    } catch (error) {
      toastError(error);
    }
  }

  private report(): void {
    if (!this.options.ringId) return;
    openReportDialog({ id: this.options.ringId, name: this.options.ringName?.() ?? this.options.ringId });
  }

  /** The collapsed ring's node id (read from the graph: a reload that keeps the graph keeps it collapsed). */
  private get ringGroup(): string | null {
    const id = `${GROUP_PREFIX}ring:${this.options.ringId ?? ''}`;
    return this.options.ringId && this.view.graph.hasNode(id) ? id : null;
  }

  private toggleRing(): void {
    const group = this.ringGroup;
    if (group) this.view.expandGroup(group);
    else if (this.options.ringId && this.options.ringNodes) {
      this.view.collapseNodes(
        `ring:${this.options.ringId}`,
        t('ring.title', { id: this.options.ringId }),
        this.options.ringNodes()
      );
    }
    this.render();
  }

  render(): void {
    const running = this.view.layoutState === 'running';
    const counts = this.view.counts();
    const current = session.get();
    const reportTitle =
      this.reports === 'unavailable'
        ? t('graph.reportUnavailable')
        : this.reports === 'forbidden'
          ? t('graph.reportForbidden')
          : t('graph.report');
    const unmask = h('input', { type: 'checkbox', id: 'unmask' });
    unmask.checked = current?.unmask ?? false;
    unmask.addEventListener('change', () => patchSession({ unmask: unmask.checked }));
    const caseRef = h('input', {
      type: 'text',
      id: 'case-ref',
      size: 14,
      placeholder: t('graph.caseRef'),
      'aria-label': t('graph.caseRef')
    });
    caseRef.value = current?.caseReference ?? '';
    caseRef.addEventListener('change', () => patchSession({ caseReference: caseRef.value }));
    // Police need a case reference before identities are shown; without /api/me the
    // role is unknown, so the field is offered rather than locking police out.
    const mayNeedCase = !current?.principal || current.principal.role === 'police';
    replace(
      this.el,
      h(
        'span',
        { class: `layout-state ${this.view.layoutState}`, dataset: { layout: this.view.layoutState } },
        running ? t('graph.layoutRunning') : t('graph.layoutSettled')
      ),
      h(
        'button',
        {
          dataset: { action: 'layout' },
          on: {
            click: () => {
              if (running) this.view.layout.stop();
              else this.view.relayout();
            }
          }
        },
        running ? t('graph.stopLayout') : t('graph.relayout')
      ),
      h('button', { dataset: { action: 'fit' }, on: { click: () => this.view.fit() } }, t('graph.fit')),
      this.options.ringId
        ? h(
            'button',
            { dataset: { action: 'collapse-ring' }, on: { click: () => this.toggleRing() } },
            this.ringGroup ? t('graph.expandRing') : t('graph.collapseRing')
          )
        : null,
      h(
        'button',
        {
          dataset: { action: 'export' },
          title: t('graph.exportPngHi', { ratio: EXPORT_SCALE }),
          on: { click: () => void this.exportPng() }
        },
        t('graph.exportPng')
      ),
      h('button', { dataset: { action: 'export-svg' }, on: { click: () => this.exportSvg() } }, t('graph.exportSvg')),
      this.options.ringId
        ? h(
            'span',
            { class: 'tooltip-wrap', title: reportTitle },
            h(
              'button',
              {
                dataset: { action: 'report' },
                disabled: this.reports !== 'available',
                'aria-label': reportTitle,
                on: { click: () => this.report() }
              },
              t('graph.report')
            )
          )
        : null,
      h('span', { class: 'spacer' }),
      h('label', { class: 'unmask' }, unmask, ' ', t('graph.unmask')),
      mayNeedCase ? caseRef : null,
      h('span', { class: 'counts muted' }, t('graph.counts', { nodes: counts.nodes, edges: counts.edges }))
    );
  }
}
