/**
 * ringsight/viewer/panels/node-sections
 * =====================================
 *
 * The lists the node panel shows about a node's surroundings: a claim's
 * parties with the role each played ("who was who"), a party's claims, the
 * ring's signals that involve it, and the rings the store says it is in.
 * Each entry that names a node selects it; long lists are cut, with a count of
 * the rest.
 */
import type { Evidence } from '../api/types.js';
import { h } from '../components/dom.js';
import { shapeIcon } from '../components/shape-icon.js';
import { day, money, num } from '../format.js';
import { partiesOf, roleColour } from '../graph/annotate.js';
import type { RingGraph } from '../graph/model.js';
import { joinList, label, t } from '../i18n/index.js';

const LIST_LIMIT = 40;

const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** A party's claims, or a claim's parties, each with its roles and facts; at most LIST_LIMIT rows. */
export function neighbourList(
  graph: RingGraph,
  node: string,
  kind: string,
  select: (node: string) => void
): HTMLElement {
  const rows: HTMLElement[] = [];
  let total = 0;
  graph.forEachEdge(node, (_e, attrs, s, t2) => {
    const other = s === node ? t2 : s;
    const b = graph.getNodeAttributes(other);
    // A claim lists its parties; a party lists its claims.
    if ((kind === 'claim') === (b.kind === 'claim')) return;
    total++;
    if (rows.length >= LIST_LIMIT) return;
    const facts =
      b.kind === 'claim'
        ? [
            day(textOf(b.attributes.accidentDate ?? b.attributes.date)),
            typeof b.attributes.claimed === 'number' ? money(b.attributes.claimed) : ''
          ]
        : [label('type', b.kind)];
    rows.push(
      h(
        'li',
        null,
        h(
          'button',
          { class: 'link node-link', dataset: { node: other }, on: { click: () => select(other) } },
          shapeIcon(b.kind, 11),
          ' ',
          b.label ?? b.key
        ),
        h(
          'span',
          { class: 'muted' },
          ' ',
          [...attrs.roles.map((r) => label('role', r)), ...facts].filter(Boolean).join(' · ')
        )
      )
    );
  });
  if (total > rows.length) rows.push(h('li', { class: 'muted' }, `+${total - rows.length}`));
  return rows.length ? h('ul', { class: 'plain-list' }, rows) : h('p', { class: 'muted' }, t('panel.none'));
}

/** A claim's card: each party with the role it played, the paid account, providers. */
export function whoWasWho(graph: RingGraph, node: string, select: (node: string) => void): HTMLElement {
  const parties = partiesOf(graph, node);
  if (!parties.length) return h('p', { class: 'muted' }, t('panel.none'));
  return h(
    'table',
    { class: 'who-was-who' },
    h(
      'tbody',
      null,
      parties.map((p) =>
        h(
          'tr',
          { dataset: { node: p.node } },
          h(
            'th',
            { scope: 'row' },
            p.kind === 'bank_account'
              ? label('role', 'payee')
              : joinList(p.roles.map((r) => label('role', r))) || label('type', p.kind)
          ),
          h(
            'td',
            null,
            h('span', { class: 'role-swatch', style: { background: roleColour(p.roles, p.kind) } }),
            h(
              'button',
              { class: 'link node-link', dataset: { node: p.node }, on: { click: () => select(p.node) } },
              shapeIcon(p.kind, 11),
              ' ',
              p.label
            ),
            p.memberNo && !p.label.includes(p.memberNo) ? h('span', { class: 'muted' }, ` ${p.memberNo}`) : null
          )
        )
      )
    )
  );
}

/** The ring's signals that involve the node, each a button that highlights it. */
export function evidenceList(evidence: readonly Evidence[], toggle: (e: Evidence) => void): HTMLElement {
  return evidence.length
    ? h(
        'ul',
        { class: 'plain-list' },
        evidence.map((e) =>
          h(
            'li',
            null,
            h(
              'button',
              {
                class: 'link',
                dataset: { signal: e.signal },
                on: { click: () => toggle(e) }
              },
              label('signal', e.signal)
            ),
            h('span', { class: 'muted' }, ' ', t('ring.contribution', { points: num(e.contribution, 1) }))
          )
        )
      )
    : h('p', { class: 'muted' }, t('panel.noEvidence'));
}

/** The rings the node is in, as the last expansion from the store reported them. */
export function ringList(rings: ReadonlyArray<{ id: string; score?: number }>): HTMLElement {
  return rings.length
    ? h(
        'ul',
        { class: 'plain-list' },
        rings.map((r) =>
          h(
            'li',
            null,
            h('a', { href: `#/ring/${encodeURIComponent(r.id)}` }, r.id),
            r.score !== undefined
              ? h('span', { class: 'muted' }, ` ${t('ring.score', { score: Math.round(r.score) })}`)
              : null
          )
        )
      )
    : h('p', { class: 'muted' }, t('entity.noRings'));
}
