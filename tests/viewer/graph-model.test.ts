/**
 * The viewer's graph logic without a browser: building a ring graph from API
 * payloads, what a signal highlights, visibility under type and date filters,
 * collapsing and expanding groups, routes and search answers.
 */
import { describe, expect, it } from 'vitest';
import { normaliseSearch } from '../../viewer/src/api/client.js';
import { collapse, expand, organisationMembers } from '../../viewer/src/graph/interactions/collapse.js';
import { highlightFor, ViewState } from '../../viewer/src/graph/interactions/view-state.js';
import { buildRingGraph, dayBounds } from '../../viewer/src/graph/model.js';
import { href, parseRoute } from '../../viewer/src/state/route.js';
import type { GraphPayload } from '../../viewer/src/api/types.js';

const payload: GraphPayload = {
  nodes: [
    { id: 'claim:C1', type: 'claim', label: 'C1', attributes: { date: '2024-01-10' } },
    { id: 'claim:C2', type: 'claim', label: 'C2', attributes: { date: '2024-06-10' } },
    { id: 'claim:C3', type: 'claim', label: 'C3', attributes: { date: '2024-09-10' } },
    { id: 'person:~h1', type: 'person', label: '张*', attributes: { key: '360102********123X', masked: true } },
    { id: 'phone:~h2', type: 'phone', label: '138****5678', attributes: { masked: true } },
    { id: 'hospital:H1', type: 'hospital', label: '某医院' },
    { id: 'person:~h3', type: 'person', label: '李*' }
  ],
  edges: [
    { id: 'claim:C1|person:~h1', source: 'claim:C1', target: 'person:~h1', role: 'driver,injured' },
    { id: 'claim:C2|person:~h1', source: 'claim:C2', target: 'person:~h1', role: 'witness' },
    { id: 'claim:C1|phone:~h2', source: 'claim:C1', target: 'phone:~h2', role: 'driver' },
    { id: 'claim:C2|phone:~h2', source: 'claim:C2', target: 'phone:~h2', role: 'claimant' },
    { id: 'claim:C2|hospital:H1', source: 'claim:C2', target: 'hospital:H1', role: 'hospital' },
    { id: 'claim:C3|hospital:H1', source: 'claim:C3', target: 'hospital:H1', role: 'hospital' },
    { id: 'claim:C3|person:~h3', source: 'claim:C3', target: 'person:~h3', role: 'injured' }
  ]
};

describe('viewer graph model', () => {
  it('builds the graph with kinds, masked flags, claim days and split roles', () => {
    const g = buildRingGraph(payload, null);
    expect(g.order).toBe(7);
    expect(g.size).toBe(7);
    expect(g.getNodeAttribute('person:~h1', 'kind')).toBe('person');
    expect(g.getNodeAttribute('person:~h1', 'masked')).toBe(true);
    expect(g.getEdgeAttribute('claim:C1|person:~h1', 'roles')).toEqual(['driver', 'injured']);
    expect(dayBounds(g)).toEqual([Date.parse('2024-01-10') / 86_400_000, Date.parse('2024-09-10') / 86_400_000]);
    // Busier nodes are drawn bigger.
    expect(g.getNodeAttribute('person:~h1', 'size')).toBeGreaterThan(g.getNodeAttribute('person:~h3', 'size'));
  });

  it('highlights a signal through its refs and the claims that carry them', () => {
    const g = buildRingGraph(payload, null);
    const hl = highlightFor(g, 'signal:shared_phone', ['phone:~h2']);
    expect([...hl.nodes].sort()).toEqual(['claim:C1', 'claim:C2', 'phone:~h2']);
    expect(hl.edges.size).toBe(2);
    // Without refs, a ring-wide signal highlights the ring's claims.
    expect(highlightFor(g, 'signal:ring_size', []).nodes.size).toBe(3);
  });

  it('hides switched-off types, claims outside the date window, and parties left without a claim', () => {
    const g = buildRingGraph(payload, null);
    const state = new ViewState(g);
    state.hiddenTypes.add('phone');
    state.recompute();
    expect(state.isHidden('phone:~h2')).toBe(true);
    expect(state.isHidden('person:~h1')).toBe(false);
    state.hiddenTypes.clear();
    const sept = Date.parse('2024-09-01') / 86_400_000;
    state.timeRange = [sept, sept + 30];
    state.recompute();
    expect(state.isHidden('claim:C1')).toBe(true);
    expect(state.isHidden('claim:C3')).toBe(false);
    expect(state.isHidden('person:~h1')).toBe(true);
    expect(state.isHidden('hospital:H1')).toBe(false);
  });

  it('collapses an organisation with its claims and exclusive parties, and restores it', () => {
    const g = buildRingGraph(payload, null);
    const members = organisationMembers(g, 'hospital:H1');
    expect(members.sort()).toEqual(['claim:C2', 'claim:C3', 'hospital:H1', 'person:~h3']);
    const group = collapse(g, 'org:H1', '某医院', members)!;
    expect(g.hasNode(group.id)).toBe(true);
    expect(g.getNodeAttribute('claim:C2', 'groupedIn')).toBe(group.id);
    // The group is tied to what its members touched outside it.
    expect(g.neighbors(group.id).sort()).toEqual(['person:~h1', 'phone:~h2']);
    expect(expand(g, group.id)).toBe(true);
    expect(g.hasNode(group.id)).toBe(false);
    expect(g.getNodeAttribute('claim:C2', 'groupedIn')).toBeNull();
    expect(g.order).toBe(7);
  });
});

describe('viewer routes and search answers', () => {
  it('round-trips routes through the hash', () => {
    expect(parseRoute('#/ring/R%201')).toEqual({ name: 'ring', id: 'R 1' });
    expect(parseRoute('#/entity/person/~abc')).toEqual({ name: 'entity', type: 'person', key: '~abc' });
    const list = parseRoute('#/rings?minScore=60&sort=claimed');
    expect(list.name).toBe('rings');
    expect(href(list)).toBe('#/rings?minScore=60&sort=claimed');
  });

  it('reads the API search answer into entities and rings', () => {
    const out = normaliseSearch({
      items: [
        { kind: 'ring', id: 'R1', type: 'ring', label: 'R1', detail: null, rings: 1 },
        { kind: 'entity', id: 'vehicle:赣A12345', type: 'vehicle', label: '赣A12345', detail: null, rings: 2 },
        { kind: 'entity', id: 'person:~h', type: 'person', label: '张*', detail: '3601********123X', rings: 0 }
      ]
    });
    expect(out.rings).toEqual([{ id: 'R1' }]);
    expect(out.entities.map((e) => [e.type, e.key, e.rings])).toEqual([
      ['vehicle', '赣A12345', 2],
      ['person', '~h', 0]
    ]);
  });
});
