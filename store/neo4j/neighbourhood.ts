/**
 * ringsight/store/neo4j/neighbourhood
 * ===================================
 *
 * The bounded neighbourhood of a claim or an entity, breadth first, hop by
 * hop: one query per hop and entity type for the frontier, at most `limit`
 * nodes, `more` when something was cut — the same walk as the embedded
 * store. Each frontier node returns at most limit + 1 distinct neighbours:
 * a node with more than that could never fit anyway, so a hub with 100,000
 * claims costs no more than a small one.
 */
import type { EntityType } from '../../engine/model.js';
import { entityRef } from '../../engine/model.js';
import type { Neighbourhood, NeighbourNode } from '../types.js';
import { int, type Db } from './db.js';
import { ALL_LINK_RELS, ENTITY_LABEL, ENTITY_TYPES, LINK_REL, entityTypeOfRel } from './model.js';

export const DEFAULTS = {
  /** Hard ceilings, whatever a caller asks for. */
  maxHops: 6,
  maxLimit: 5_000
};

export class NeighbourhoodError extends Error {
  constructor(message: string) {
    super(`ringsight/neo4j-neighbourhood: ${message}`);
  }
}

type NodeId = string;
interface Hop {
  neighbours: Map<NodeId, Array<[NodeId, string]>>;
  truncated: Set<NodeId>;
}

export async function neighbourhood(
  db: Db,
  type: EntityType | 'claim',
  key: string,
  hops: number,
  limit: number,
  options: Partial<typeof DEFAULTS> = {}
): Promise<Neighbourhood | null> {
  const o = { ...DEFAULTS, ...options };
  if (type !== 'claim' && !ENTITY_TYPES.includes(type)) throw new NeighbourhoodError(`unknown entity type "${type}"`);
  hops = Math.max(0, Math.min(Math.floor(hops), o.maxHops));
  limit = Math.max(1, Math.min(Math.floor(limit), o.maxLimit));
  const [found] =
    type === 'claim'
      ? await db.query('neighbourhood-claim', { key })
      : await db.query('neighbourhood-entity', { key }, { label: ENTITY_LABEL[type], rel: LINK_REL[type] });
  if (!found?.found) return null;

  const start = type === 'claim' ? `claim:${key}` : entityRef(type, key);
  const nodes = new Set<NodeId>();
  const edges: Neighbourhood['edges'] = [];
  const edgeSeen = new Set<string>();
  let more = false;
  const addNode = (id: NodeId): boolean => {
    if (nodes.has(id)) return true;
    if (nodes.size >= limit) {
      more = true;
      return false;
    }
    nodes.add(id);
    return true;
  };
  addNode(start);
  let frontier = [start];
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const { neighbours, truncated } = await expand(db, frontier, limit + 1);
    const next: NodeId[] = [];
    for (const id of frontier) {
      if (truncated.has(id)) more = true;
      for (const [other, role] of neighbours.get(id) ?? []) {
        const known = nodes.has(other);
        if (!addNode(other)) continue;
        const [a, b] = id.startsWith('claim:') ? [id, other] : [other, id];
        const edgeKey = `${a}|${b}|${role}`;
        if (!edgeSeen.has(edgeKey)) {
          edgeSeen.add(edgeKey);
          edges.push({ source: a, target: b, role });
        }
        if (!known) next.push(other);
      }
    }
    frontier = next;
  }
  return { nodes: await describe(db, [...nodes]), edges, more };
}

function split(id: NodeId): [EntityType | 'claim', string] {
  const colon = id.indexOf(':');
  return [id.slice(0, colon) as EntityType | 'claim', id.slice(colon + 1)];
}

function byType(ids: readonly NodeId[]): Map<EntityType | 'claim', string[]> {
  const out = new Map<EntityType | 'claim', string[]>();
  for (const id of ids) {
    const [type, key] = split(id);
    let keys = out.get(type);
    if (!keys) out.set(type, (keys = []));
    keys.push(key);
  }
  return out;
}

/** One hop out of the frontier: its neighbours (with roles), and which frontier nodes had more than `cap`. */
async function expand(db: Db, frontier: readonly NodeId[], cap: number): Promise<Hop> {
  const hop: Hop = { neighbours: new Map(), truncated: new Set() };
  const push = (from: NodeId, to: NodeId, roles: string[]): void => {
    let list = hop.neighbours.get(from);
    if (!list) hop.neighbours.set(from, (list = []));
    for (const role of [...roles].sort()) list.push([to, role]);
  };
  for (const [type, keys] of byType(frontier)) {
    const rows =
      type === 'claim'
        ? await db.query('neighbours-of-claims', { ids: keys, cap: int(cap) }, { links: ALL_LINK_RELS })
        : await db.query(
            'neighbours-of-entities',
            { keys, cap: int(cap) },
            { label: ENTITY_LABEL[type], rel: LINK_REL[type] }
          );
    const counts = new Map<NodeId, number>();
    for (const r of rows) {
      const from = type === 'claim' ? `claim:${r.id as string}` : entityRef(type, r.key as string);
      const to =
        type === 'claim' ? entityRef(entityTypeOfRel(r.rel as string), r.key as string) : `claim:${r.claim as string}`;
      push(from, to, r.roles as string[]);
      counts.set(from, (counts.get(from) ?? 0) + 1);
    }
    for (const [from, n] of counts) if (n >= cap) hop.truncated.add(from);
  }
  return hop;
}

/** Label and degree of each node, in the order given. */
async function describe(db: Db, ids: readonly NodeId[]): Promise<NeighbourNode[]> {
  const details = new Map<NodeId, { label: string | null; degree: number }>();
  for (const [type, keys] of byType(ids)) {
    if (type === 'claim') {
      for (const r of await db.query('claim-degrees', { ids: keys }, { links: ALL_LINK_RELS })) {
        details.set(`claim:${r.id as string}`, { label: r.id as string, degree: r.degree as number });
      }
    } else {
      for (const r of await db.query('entity-degrees', { keys }, { label: ENTITY_LABEL[type], rel: LINK_REL[type] })) {
        details.set(entityRef(type, r.key as string), {
          label: (r.name as string | null) ?? null,
          degree: r.degree as number
        });
      }
    }
  }
  return ids.map((id) => {
    const [type, key] = split(id);
    const d = details.get(id) ?? { label: type === 'claim' ? key : null, degree: 0 };
    return { id, type, key, label: d.label, degree: d.degree };
  });
}
