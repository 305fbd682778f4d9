/**
 * ringsight/viewer/panels/node-details
 * ====================================
 *
 * What the node panel says a node is: its head (kind, organiser and member
 * badges, masked mark, label, close button) and its attributes as the API
 * sent them, formatted for the reader's language. Values are shown as they
 * came — already masked for the user's role; the viewer never unmasks.
 */
import { h } from '../components/dom.js';
import { shapeIcon } from '../components/shape-icon.js';
import { day, money, num } from '../format.js';
import type { NodeAttrs } from '../graph/model.js';
import { joinList, label, regionLabel, t } from '../i18n/index.js';

const HIDDEN_ATTRS = new Set(['masked', 'id', 'type', 'key', 'label', 'members', 'roles']);

/** One attribute value as the reader sees it: regions, codes and roles by name, money and dates formatted. */
export function formatAttribute(name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return joinList(value.map((v) => formatAttribute(name, v)));
  if (typeof value === 'boolean') return value ? t('panel.yes') : t('panel.no');
  if (typeof value === 'object') return JSON.stringify(value);
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'bigint'
        ? String(value)
        : JSON.stringify(value);
  if (name === 'region' || name === 'regions' || name === 'prefecture') return regionLabel(text);
  if (name === 'product') return label('product', text);
  if (name === 'status') return label('claimStatus', text);
  if (name === 'roles' || name === 'role') return label('role', text);
  if ((name === 'claimed' || name === 'paid') && typeof value === 'number') return money(value);
  if (/date|start/i.test(name)) return day(text);
  return text;
}

/** The panel's head: the node's kind and badges, its label, and the close button. */
export function nodeHead(a: NodeAttrs, close: () => void): HTMLElement {
  return h(
    'header',
    { class: 'node-head' },
    shapeIcon(a.kind, 18),
    h(
      'div',
      null,
      h(
        'div',
        { class: 'node-type' },
        label('type', a.kind),
        a.organiser
          ? h('span', { class: 'badge organiser', title: t('graph.organiser') }, `★ ${t('graph.organiser')}`)
          : null,
        a.memberNo ? h('span', { class: 'badge member-no' }, a.memberNo) : null,
        a.masked ? h('span', { class: 'badge masked', title: t('graph.masked') }, t('graph.masked')) : null
      ),
      h('div', { class: 'node-title' }, a.label ?? a.key)
    ),
    h(
      'button',
      {
        class: 'icon close',
        'aria-label': t('panel.close'),
        title: t('panel.close'),
        on: { click: close }
      },
      '×'
    )
  );
}

/** A group's member count, or a node's key, attributes and centrality. */
export function nodeFacts(a: NodeAttrs): HTMLElement {
  // Centrality has its own row when the ring sent it; the raw figures would repeat it.
  const attrs = Object.entries(a.attributes).filter(
    ([k]) => !HIDDEN_ATTRS.has(k) && !(a.centrality && (k === 'degree' || k === 'betweenness'))
  );
  const shownKey = typeof a.attributes.key === 'string' ? a.attributes.key : a.key;
  return a.kind === 'group'
    ? h('p', null, t('panel.groupMembers', { count: Number(a.attributes.members ?? 0) }))
    : h(
        'dl',
        { class: 'attrs' },
        h('dt', null, t('panel.key')),
        h('dd', { class: 'mono' }, shownKey),
        attrs.flatMap(([k, v]) => [h('dt', null, label('attr', k)), h('dd', null, formatAttribute(k, v))]),
        a.centrality
          ? [
              h('dt', null, t('panel.centrality')),
              h('dd', null, `${num(a.centrality.degree, 3)} / ${num(a.centrality.betweenness, 3)}`)
            ]
          : null
      );
}
