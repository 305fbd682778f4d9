/**
 * ringsight/reports/exchange
 * ==========================
 *
 * The rings' graphs for link-analysis tools: an entity table and a link
 * table laid out for i2 Analyst's Notebook's tabular import (one row per
 * entity; one row per member–claim link carrying both ends' identity, type
 * and label, the role as the link type and the accident date), and the same
 * graph as GraphML (yEd, Gephi, Cytoscape). Built from the report model, so
 * they hold exactly what the report may show: masked reports identify a
 * member by ring and member number, never by a masked label that could
 * collide; unmasked ones by type and key, so one entity in two rings is one
 * node.
 */
import { table } from './csv.js';
import type { ReportMember, ReportModel, ReportRing } from './model.js';
import { entityLabel, roleLabel } from './vocab.js';

export const EXCHANGE_FILES = ['i2-entities.csv', 'i2-links.csv', 'rings.graphml'] as const;
export type ExchangeFile = (typeof EXCHANGE_FILES)[number];

/** i2's own entity type names, so an import maps to its standard icons. */
const I2_TYPE: Record<string, string> = {
  claim: 'Insurance Claim',
  person: 'Person',
  phone: 'Telephone',
  bank_account: 'Account',
  vehicle: 'Vehicle',
  hospital: 'Organisation',
  repair_shop: 'Organisation',
  appraiser: 'Organisation',
  lawyer: 'Organisation',
  tow: 'Organisation'
};

interface Entity {
  id: string;
  type: string;
  label: string;
  name: string | null;
  ring: string;
  member: string | null;
  organiser: boolean;
  watchlisted: boolean;
}
interface Edge {
  from: Entity;
  to: Entity;
  role: string;
  date: string;
  ring: string;
}

function memberId(m: ReportModel, ring: ReportRing, member: ReportMember): string {
  return m.disclosure.masked ? `${ring.id}/${member.no}` : `${member.type}:${member.label}`;
}

function graph(m: ReportModel): { entities: Entity[]; edges: Edge[] } {
  const entities = new Map<string, Entity>();
  const edges: Edge[] = [];
  const add = (e: Entity): Entity => {
    const had = entities.get(e.id);
    if (had) return had;
    entities.set(e.id, e);
    return e;
  };
  for (const ring of m.rings) {
    const byNo = new Map(
      ring.members.map((x) => [
        x.no,
        add({
          id: memberId(m, ring, x),
          type: x.type,
          label: x.label,
          name: x.name,
          ring: ring.id,
          member: x.no,
          organiser: x.organiser,
          watchlisted: x.watchlisted
        })
      ])
    );
    for (const c of ring.claims) {
      const claim = add({
        id: `claim:${c.id}`,
        type: 'claim',
        label: c.id,
        name: null,
        ring: ring.id,
        member: null,
        organiser: false,
        watchlisted: false
      });
      for (const p of c.parties) {
        const from = byNo.get(p.member);
        if (from) edges.push({ from, to: claim, role: p.role, date: c.accidentDate, ring: ring.id });
      }
    }
  }
  return { entities: [...entities.values()], edges };
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function graphml(m: ReportModel, entities: readonly Entity[], edges: readonly Edge[]): string {
  const keys: Array<[string, string, string]> = [
    ['type', 'node', 'string'],
    ['label', 'node', 'string'],
    ['name', 'node', 'string'],
    ['ring', 'node', 'string'],
    ['member', 'node', 'string'],
    ['organiser', 'node', 'boolean'],
    ['watchlisted', 'node', 'boolean'],
    ['role', 'edge', 'string'],
    ['role_label', 'edge', 'string'],
    ['date', 'edge', 'string'],
    ['ring', 'edge', 'string']
  ];
  const data = (k: string, v: string | boolean | null): string =>
    v === null ? '' : `<data key="${k}">${xml(String(v))}</data>`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...keys.map(
      ([name, on, type]) => `  <key id="${on[0]}_${name}" for="${on}" attr.name="${name}" attr.type="${type}"/>`
    ),
    `  <graph id="${xml(m.id)}" edgedefault="undirected">`,
    ...entities.map(
      (e) =>
        `    <node id="${xml(e.id)}">${data('n_type', e.type)}${data('n_label', e.label)}${data('n_name', e.name)}` +
        `${data('n_ring', e.ring)}${data('n_member', e.member)}${data('n_organiser', e.organiser)}${data('n_watchlisted', e.watchlisted)}</node>`
    ),
    ...edges.map(
      (e, i) =>
        `    <edge id="l${i + 1}" source="${xml(e.from.id)}" target="${xml(e.to.id)}">${data('e_role', e.role)}` +
        `${data('e_role_label', roleLabel(e.from.type, e.role, m.lang))}${data('e_date', e.date)}${data('e_ring', e.ring)}</edge>`
    ),
    '  </graph>',
    '</graphml>'
  ];
  return lines.join('\n') + '\n';
}

export function renderExchange(m: ReportModel): Record<ExchangeFile, string> {
  const { entities, edges } = graph(m);
  const label = (e: Entity): string => (e.name ? `${e.name} (${e.label})` : e.label);
  return {
    'i2-entities.csv': table(
      [
        'entity_id',
        'entity_type',
        'i2_type',
        'label',
        'name',
        'identifier',
        'ring_id',
        'member_no',
        'likely_organiser',
        'watchlisted'
      ],
      entities.map((e) => [
        e.id,
        entityLabel(e.type, m.lang),
        I2_TYPE[e.type] ?? 'Entity',
        label(e),
        e.name,
        e.label,
        e.ring,
        e.member,
        e.organiser,
        e.watchlisted
      ])
    ),
    'i2-links.csv': table(
      [
        'entity1_id',
        'entity1_type',
        'entity1_label',
        'entity2_id',
        'entity2_type',
        'entity2_label',
        'link_type',
        'link_label',
        'link_date',
        'ring_id'
      ],
      edges.map((e) => [
        e.from.id,
        I2_TYPE[e.from.type] ?? 'Entity',
        label(e.from),
        e.to.id,
        I2_TYPE[e.to.type] ?? 'Entity',
        label(e.to),
        e.role,
        roleLabel(e.from.type, e.role, m.lang),
        e.date,
        e.ring
      ])
    ),
    'rings.graphml': graphml(m, entities, edges)
  };
}
