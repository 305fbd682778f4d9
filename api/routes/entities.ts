/**
 * ringsight/api/routes/entities
 * =============================
 *
 * `GET /api/entities/:type/:key`: one entity (or claim), its bounded
 * neighbourhood as a graph, and the rings of the current run that hold it.
 * The key is normalised like a batch key (so "+86 138-0013-8000" finds
 * 13800138000), or is an opaque handle from a masked response.
 * `GET /api/search?q=`: the search box — ring ids, exact identifiers (ID
 * number, phone, plate, bank account, organisation code, claim id) and names.
 * Person names are searched only for callers who may see them unmasked:
 * a masked caller must already hold an identifier.
 *
 * A raw resident ID, phone or account in either route is an exact lookup
 * (plugins/lookups.ts): counted per token, audited hit or miss, and for an
 * insurer answered only when the identity is linked to one of its own claims
 * (else it reads as absent). An insurer's neighbourhood holds only claims in
 * its scope (its own, and those of rings holding one of its claims) and what
 * links to them (data/scope.ts), like its ring list.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Claim, EntityType, Ring } from '../../engine/model.js';
import type { Neighbourhood } from '../../store/types.js';
import { IDENTITY_TYPES, PROVIDER_KINDS, WATCH_ENTITIES } from '../../engine/model.js';
import { maskKey } from '../../engine/privacy/mask.js';
import { scrubFreeText } from '../../engine/privacy/scrub.js';
import { normaliseEntityKey } from '../../engine/validate/rows.js';
import { claimNode, entityNode, mergeEdges, type GraphNode } from '../data/ring-view.js';
import { badRequest, notFound } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { linkedClaims, linkedToOwn, ringClaimsInScope } from '../data/scope.js';
import { auditReveal } from '../plugins/audit.js';
import { auditLookup, personalKeysOf, takeLookup } from '../plugins/lookups.js';
import { Handles } from '../policy/handles.js';
import { isPersonalType, Presenter } from '../policy/present.js';
import { ACCESS, type Principal } from '../policy/roles.js';
import { resolveView, type View } from '../policy/view.js';
import {
  AUTH_ERRORS,
  CaseReferenceHeader,
  ENTITY_TYPES,
  errors,
  GraphEdge,
  GraphNode as GraphNodeSchema,
  Nullable,
  RingRef,
  StringEnum,
  Unmask,
  ViewInfo,
  type ApiEntityType
} from '../schemas.js';

const EntityParams = Type.Object({
  type: StringEnum(ENTITY_TYPES),
  key: Type.String({ minLength: 1, maxLength: 200 })
});
const EntityQuery = Type.Object({
  hops: Type.Optional(Type.Integer({ minimum: 0, maximum: 3, default: 2 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
  unmask: Unmask
});
const Watch = Type.Object(
  {
    listed: Type.Boolean(),
    reason: Type.Optional(Nullable(Type.String())),
    listedBy: Type.Optional(Nullable(Type.String())),
    listedAt: Type.Optional(Nullable(Type.String())),
    expiresAt: Type.Optional(Nullable(Type.String()))
  },
  { description: 'whether the entity is on the watchlist; the entry itself only for watchlist roles' }
);
export const EntityResult = Type.Object({
  entity: Type.Object({
    id: Type.String(),
    type: Type.String(),
    key: Type.String(),
    name: Nullable(Type.String()),
    masked: Type.Boolean(),
    degree: Type.Integer(),
    watch: Watch,
    claim: Type.Optional(Type.Record(Type.String(), Type.Unknown()))
  }),
  neighbourhood: Type.Object({
    nodes: Type.Array(GraphNodeSchema),
    edges: Type.Array(GraphEdge),
    more: Type.Boolean()
  }),
  rings: Type.Array(RingRef),
  runId: Nullable(Type.String()),
  view: ViewInfo
});
const SearchQuery = Type.Object({
  q: Type.String({ minLength: 2, maxLength: 100 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  unmask: Unmask
});
export const SearchItem = Type.Object({
  kind: StringEnum(['ring', 'entity', 'claim'] as const),
  id: Type.String({ description: 'ring id, or graph node id (`type:key`, `type:~handle`, `claim:ID`)' }),
  type: Type.String(),
  label: Type.String(),
  detail: Nullable(Type.String()),
  rings: Type.Integer()
});

const SEARCH_TYPES: readonly EntityType[] = [...IDENTITY_TYPES, ...PROVIDER_KINDS];

export const entityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const viewOf = (request: FastifyRequest, unmask: boolean | undefined): View =>
    resolveView(principalOf(request), unmask, request.headers['x-case-reference']);
  const inScope = (ring: Ring, principal: Principal): boolean =>
    principal.role !== 'insurer' || ring.insurers.includes(principal.insurer!);

  /** The stored key a URL key names; 404 for a handle that does not open, 400 for a key that does not normalise. */
  async function resolveKey(type: ApiEntityType, raw: string, principal: Principal): Promise<string> {
    if (Handles.isHandle(raw)) {
      const key = app.handles.forPrincipal(principal.name).open(type, raw);
      if (key === null) throw notFound(`no such ${type}`);
      return key;
    }
    if (type === 'claim') {
      const id = raw.trim();
      // An insurer reaches another insurer's claim only through the handle a ring gave it.
      if (principal.role === 'insurer') {
        const [claim] = await app.store.claims([id]);
        if (!claim || claim.insurer !== principal.insurer) throw notFound('no such claim');
      }
      return id;
    }
    const n = normaliseEntityKey(type, raw);
    if (!n.ok) throw badRequest('bad_key', `${type} key "${maskKey(type, raw.trim())}" ${n.reason}`);
    return n.value;
  }

  app.get(
    '/entities/:type/:key',
    {
      config: { roles: ACCESS.readEntities },
      schema: {
        tags: ['entities'],
        summary: 'an entity or claim, its neighbourhood and its rings',
        params: EntityParams,
        querystring: EntityQuery,
        headers: CaseReferenceHeader,
        response: { 200: EntityResult, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request) => {
      const view = viewOf(request, request.query.unmask);
      const { type } = request.params;
      const insurer = view.principal.role === 'insurer' ? view.principal.insurer : null;
      const exact = isPersonalType(type) && !Handles.isHandle(request.params.key);
      const key = await resolveKey(type, request.params.key, view.principal);
      if (exact) await takeLookup(request, 'entity', [{ type, key }]);
      const index = await app.catalog.latest();
      let hood = await app.store.neighbourhood(type, key, request.query.hops ?? 2, request.query.limit ?? 200);
      let scopeClaims: ReadonlySet<string> | null = null;
      if (hood && insurer) {
        // Raw identities: only the insurer's own parties. Handles and other keys: anything its scope reaches.
        scopeClaims = ringClaimsInScope(index, insurer);
        const inScope = exact
          ? await linkedToOwn(app.store, type, key, insurer)
          : (await linkedToOwn(app.store, type, key, insurer)) ||
            (await linkedClaims(app.store, type, key)).some((c) => scopeClaims!.has(c));
        if (!inScope) hood = null;
      }
      if (exact)
        await auditLookup(
          request,
          'entity',
          [{ type, key }],
          hood !== null,
          insurer ? 'own' : 'all',
          view.caseReference
        );
      if (!hood) throw notFound(`no such ${type}`);
      const claimIds = hood.nodes.filter((n) => n.type === 'claim').map((n) => n.key);
      const claims = new Map((await app.store.claims(claimIds)).map((c): [string, Claim] => [c.id, c]));
      if (insurer && scopeClaims)
        hood = cutToScope(hood, `${type}:${key}`, (id) => claims.get(id)?.insurer === insurer || scopeClaims!.has(id));
      const own = new Set(
        [...claims.values()].filter((c) => c.insurer === view.principal.insurer).map((c) => `claim:${c.id}`)
      );
      const ownEntities = new Set<string>();
      for (const e of hood.edges) {
        if (own.has(e.source)) ownEntities.add(e.target);
        if (own.has(e.target)) ownEntities.add(e.source);
      }
      const p = new Presenter({
        view,
        handles: app.handles,
        ownEntities,
        claimInsurers: new Map([...claims.values()].map((c) => [c.id, c.insurer]))
      });
      const nodes: GraphNode[] = hood.nodes.map((n) =>
        n.type === 'claim'
          ? claimNode(n.key, claims.get(n.key), p, n.degree)
          : entityNode(n.type, n.key, n.label, p, 3 + 1.5 * Math.sqrt(n.degree), { degree: n.degree })
      );
      const edges = mergeEdges(
        hood.edges.map((e) => ({ source: p.ref(e.source), target: p.ref(e.target), role: e.role }))
      );
      const rootRef = `${type}:${key}`;
      const root = hood.nodes.find((n) => n.id === rootRef);
      const shown = p.entity(type, key, type === 'claim' ? null : (root?.label ?? null));
      const entry = (WATCH_ENTITIES as readonly string[]).includes(type)
        ? ((await app.store.listWatch()).find((w) => w.entity === type && w.key === key) ?? null)
        : null;
      const mayReadWatch = (ACCESS.watchlist as readonly string[]).includes(view.principal.role);
      const watch =
        entry && mayReadWatch
          ? {
              listed: true,
              reason: entry.reason === null || view.reveal === 'all' ? entry.reason : scrubFreeText(entry.reason),
              listedBy: entry.listedBy,
              listedAt: entry.listedAt,
              expiresAt: entry.expiresAt
            }
          : { listed: entry !== null };
      const claimFacts = type === 'claim' ? nodes.find((n) => n.id === shown.id)?.attributes : undefined;
      const rings = (index?.ringsOf(rootRef) ?? [])
        .filter((r) => inScope(r, view.principal))
        .map((r) => ({ id: r.id, score: r.score, flagged: r.flagged, category: r.category }));
      await auditReveal(
        request,
        `entity:${type}:${type === 'claim' ? shown.key : maskKey(type, key)}`,
        p.revealed,
        view.caseReference
      );
      return {
        entity: { ...shown, degree: root?.degree ?? 0, watch, ...(claimFacts ? { claim: claimFacts } : {}) },
        neighbourhood: { nodes, edges, more: hood.more },
        rings,
        runId: index?.runId ?? null,
        view: { reveal: view.reveal, caseReference: view.caseReference }
      };
    }
  );

  app.get(
    '/search',
    {
      config: { roles: ACCESS.readEntities },
      schema: {
        tags: ['entities'],
        summary: 'search box: rings, identifiers, claims and names',
        querystring: SearchQuery,
        headers: CaseReferenceHeader,
        response: { 200: Type.Object({ items: Type.Array(SearchItem), view: ViewInfo }), ...errors(...AUTH_ERRORS) }
      }
    },
    async (request) => {
      const view = viewOf(request, request.query.unmask);
      const q = request.query.q.trim();
      const limit = request.query.limit ?? 20;
      const insurer = view.principal.role === 'insurer' ? view.principal.insurer : null;
      const personal = personalKeysOf(q);
      if (personal.length > 0) await takeLookup(request, 'search', personal);
      const index = await app.catalog.latest();
      const ringsOf = (ref: string): number =>
        (index?.ringsOf(ref) ?? []).filter((r) => inScope(r, view.principal)).length;
      const found = new Map<
        string,
        { kind: 'ring' | 'entity' | 'claim'; type: string; key: string; name: string | null }
      >();

      if (index && q.length >= 3) {
        const lower = q.toLowerCase();
        for (const r of index.rings) {
          if (found.size >= limit) break;
          if (r.id.toLowerCase().startsWith(lower) && inScope(r, view.principal))
            found.set(`ring:${r.id}`, { kind: 'ring', type: 'ring', key: r.id, name: null });
        }
      }
      const [claim] = await app.store.claims([q]);
      if (claim && (view.principal.role !== 'insurer' || claim.insurer === view.principal.insurer)) {
        found.set(`claim:${claim.id}`, { kind: 'claim', type: 'claim', key: claim.id, name: null });
      }
      // Exact identifiers: normalise q as each type would be, and ask the store whether that entity exists.
      const exact = await Promise.all(
        SEARCH_TYPES.map(async (type) => {
          const n = normaliseEntityKey(type, q);
          if (!n.ok) return null;
          const hood = await app.store.neighbourhood(type, n.value, 0, 1);
          if (!hood) return null;
          // An insurer finds a person, phone or account by its number only among its own claims' parties.
          if (insurer && isPersonalType(type) && !(await linkedToOwn(app.store, type, n.value, insurer))) return null;
          return { type, key: n.value, name: hood.nodes[0]?.label ?? null };
        })
      );
      for (const e of exact) if (e) found.set(`${e.type}:${e.key}`, { kind: 'entity', ...e });
      if (personal.length > 0) {
        const hit = exact.some((e) => e !== null && isPersonalType(e.type));
        await auditLookup(request, 'search', personal, hit, insurer ? 'own' : 'all', view.caseReference);
      }
      for (const e of await app.directory.search(q, { people: view.reveal === 'all', limit })) {
        found.set(`${e.type}:${e.key}`, { kind: 'entity', type: e.type, key: e.key, name: e.name });
      }

      const p = new Presenter({
        view,
        handles: app.handles,
        claimInsurers: claim ? new Map([[claim.id, claim.insurer]]) : new Map()
      });
      const items = [...found.entries()].slice(0, limit).map(([ref, f]) => {
        if (f.kind === 'ring') return { kind: f.kind, id: f.key, type: 'ring', label: f.key, detail: null, rings: 1 };
        if (f.kind === 'claim')
          return {
            kind: f.kind,
            id: p.claimNodeId(f.key),
            type: 'claim',
            label: f.key,
            detail: claim ? `${claim.product} ${claim.accidentDate}` : null,
            rings: ringsOf(ref)
          };
        const e = p.entity(f.type, f.key, f.name);
        return {
          kind: f.kind,
          id: e.id,
          type: f.type,
          label: e.name ?? e.key,
          detail: e.name ? e.key : null,
          rings: ringsOf(ref)
        };
      });
      await auditReveal(request, 'search', p.revealed, view.caseReference);
      return { items, view: { reveal: view.reveal, caseReference: view.caseReference } };
    }
  );
};

/**
 * A neighbourhood cut to the claims `allowed` says yes to: every link runs between a claim and an
 * entity, so keep the links of allowed claims, and of the nodes only what they still connect to the root.
 */
function cutToScope(hood: Neighbourhood, root: string, allowed: (claimId: string) => boolean): Neighbourhood {
  const claimOf = (id: string): string | null => (id.startsWith('claim:') ? id.slice('claim:'.length) : null);
  const edges = hood.edges.filter((e) => {
    const c = claimOf(e.source) ?? claimOf(e.target);
    return c === null || allowed(c);
  });
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    (adj.get(e.source) ?? adj.set(e.source, []).get(e.source)!).push(e.target);
    (adj.get(e.target) ?? adj.set(e.target, []).get(e.target)!).push(e.source);
  }
  const reach = new Set<string>([root]);
  const queue = [root];
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    for (const next of adj.get(at) ?? [])
      if (!reach.has(next)) {
        reach.add(next);
        queue.push(next);
      }
  }
  return {
    ...hood,
    nodes: hood.nodes.filter((n) => reach.has(n.id)),
    edges: edges.filter((e) => reach.has(e.source) && reach.has(e.target))
  };
}
