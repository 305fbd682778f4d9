/**
 * ringsight/api/routes/rings
 * ==========================
 *
 * Rings of the latest run (or `?runId=`): the filtered, sorted, paged list;
 * one ring in full (members masked per the caller's view, organisers,
 * evidence, the current facts of its claims); and its graph for the viewer.
 * Lists come from the run's RingIndex, built once per run — no request walks
 * the claims book. An insurer sees only rings holding at least one of its
 * own claims; any other ring is "not found" to it. `q` naming a resident ID,
 * phone or account is an exact lookup (plugins/lookups.ts): counted per token,
 * audited, and for an insurer matched only against its own claims' parties. Rings of a monitored run
 * carry their status (new, growing, …), and in full their history.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Ring } from '../../engine/model.js';
import { RING_CATEGORIES } from '../../engine/model.js';
import type { HistoryPoint, MonitoredRing } from '../../engine/monitor/types.js';
import type { RingIndex } from '../data/ring-index.js';
import { SORT_KEYS } from '../data/ring-index.js';
import { ownRefs, ringDetail, ringGraph, type RingMaterial } from '../data/ring-view.js';
import { notFound } from '../errors.js';
import { principalOf } from '../plugins/auth.js';
import { linkedToOwn } from '../data/scope.js';
import { auditReveal } from '../plugins/audit.js';
import { auditLookup, personalKeysOf, takeLookup } from '../plugins/lookups.js';
import { Presenter } from '../policy/present.js';
import { ACCESS, type Principal } from '../policy/roles.js';
import { resolveView, type View } from '../policy/view.js';
import {
  Amounts,
  AUTH_ERRORS,
  CaseReferenceHeader,
  errors,
  GraphEdge,
  GraphNode,
  Nullable,
  Period,
  RingListItem,
  StringEnum,
  Unmask,
  ViewInfo
} from '../schemas.js';

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const ListQuery = Type.Object({
  region: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'GB/T 2260 codes, comma-separated: a province (360000), prefecture (360100) or district (its prefecture)'
    })
  ),
  insurer: Type.Optional(Type.String({ maxLength: 200, description: 'comma-separated' })),
  category: Type.Optional(
    Type.String({ maxLength: 200, description: `comma-separated: ${RING_CATEGORIES.join(', ')}` })
  ),
  minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  flagged: Type.Optional(Type.Boolean()),
  status: Type.Optional(
    Type.String({
      maxLength: 200,
      description: 'comma-separated monitoring statuses; rings without one count as "new"'
    })
  ),
  from: Type.Optional(DateString),
  to: Type.Optional(DateString),
  q: Type.Optional(
    Type.String({
      maxLength: 100,
      description: 'ring id, insurer, region, category — or exactly a member key or claim id'
    })
  ),
  sort: Type.Optional(StringEnum(SORT_KEYS, { default: 'score' })),
  order: Type.Optional(StringEnum(['desc', 'asc'] as const, { default: 'desc' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  runId: Type.Optional(Type.String({ maxLength: 200 }))
});
export const RingList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  runId: Nullable(Type.String()),
  items: Type.Array(RingListItem)
});

const RingParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
const RingQuery = Type.Object({ runId: Type.Optional(Type.String({ maxLength: 200 })), unmask: Unmask });

export const Member = Type.Object({
  id: Type.String(),
  type: Type.String(),
  key: Type.String(),
  name: Nullable(Type.String()),
  masked: Type.Boolean(),
  roles: Type.Array(Type.String()),
  claims: Type.Integer(),
  centrality: Type.Object({ degree: Type.Number(), betweenness: Type.Number() }),
  organiser: Type.Boolean(),
  watchlisted: Type.Boolean()
});
export const ClaimFacts = Type.Object({
  id: Type.String({ description: "claim id; another insurer's claim (insurer callers) is an opaque handle" }),
  nodeId: Type.String(),
  own: Nullable(Type.Boolean()),
  date: Type.String(),
  reportDate: Nullable(Type.String()),
  insurer: Nullable(Type.String()),
  region: Type.String(),
  prefecture: Type.String(),
  product: Type.String(),
  claimed: Type.Number(),
  paid: Nullable(Type.Number()),
  status: Nullable(Type.String())
});
export const Evidence = Type.Object({
  signal: Type.String(),
  value: Type.Number(),
  contribution: Type.Number(),
  detail: Type.String(),
  refs: Type.Array(Type.String(), { description: 'graph node ids of what carries the signal' })
});
const HistoryEntry = Type.Object({
  run: Type.String(),
  asOf: Nullable(Type.String()),
  at: Type.String(),
  claims: Type.Integer(),
  members: Type.Integer(),
  score: Type.Number(),
  flagged: Type.Boolean()
});
const FirstSeen = Type.Object({ run: Type.String(), asOf: Nullable(Type.String()) });
export const RingDetail = Type.Object({
  runId: Type.String(),
  id: Type.String(),
  score: Type.Number(),
  flagged: Type.Boolean(),
  category: Type.String(),
  status: Type.String(),
  history: Type.Optional(
    Type.Array(HistoryEntry, { description: "monitored runs: the ring's size and score per run, oldest first" })
  ),
  firstSeen: Type.Optional(FirstSeen),
  period: Period,
  amounts: Amounts,
  regions: Type.Array(Type.String()),
  insurers: Type.Array(Type.String()),
  claims: Type.Array(Type.String()),
  members: Type.Array(Member),
  organisers: Type.Array(Type.String({ description: 'member node ids' })),
  evidence: Type.Array(Evidence),
  claimDetails: Type.Array(ClaimFacts),
  view: ViewInfo
});
export const RingGraph = Type.Object({
  runId: Type.String(),
  ringId: Type.String(),
  nodes: Type.Array(GraphNode),
  edges: Type.Array(GraphEdge),
  view: ViewInfo
});

/** What monitoring adds to a ring (absent on a plain run): counts and run ids only. */
function tracking(ring: Ring): { history?: HistoryPoint[]; firstSeen?: MonitoredRing['firstSeen'] } {
  const m = ring as Ring & Partial<Pick<MonitoredRing, 'history' | 'firstSeen'>>;
  return { ...(m.history ? { history: m.history } : {}), ...(m.firstSeen ? { firstSeen: m.firstSeen } : {}) };
}

export const ringRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function indexFor(runId: string | undefined): Promise<RingIndex | null> {
    if (!runId) return app.catalog.latest();
    const index = await app.catalog.get(runId);
    if (!index) throw notFound(`no run ${runId}`);
    return index;
  }

  async function findRing(
    id: string,
    runId: string | undefined,
    principal: Principal
  ): Promise<{ index: RingIndex; ring: Ring }> {
    const index = await indexFor(runId);
    const ring = index?.ring(id) ?? null;
    // Out of an insurer's scope reads as absent: it learns nothing about other insurers' rings.
    if (!index || !ring || (principal.role === 'insurer' && !ring.insurers.includes(principal.insurer!)))
      throw notFound(`no ring ${id}`);
    return { index, ring };
  }

  async function material(
    index: RingIndex,
    ring: Ring,
    view: View,
    needLinks: boolean
  ): Promise<{ m: RingMaterial; p: Presenter }> {
    const [claims, links, directory] = await Promise.all([
      app.store.claims(ring.claims),
      needLinks || view.reveal === 'own' ? index.ringLinks(ring, app.store) : Promise.resolve([]),
      app.directory.get()
    ]);
    const p = new Presenter({
      view,
      handles: app.handles,
      claimInsurers: new Map(claims.map((c) => [c.id, c.insurer])),
      ownEntities: view.reveal === 'own' ? ownRefs(links, claims, view.principal.insurer) : undefined
    });
    return { m: { ring, claims, links, names: directory.names }, p };
  }

  const viewOf = (request: FastifyRequest, unmask: boolean | undefined): View =>
    resolveView(principalOf(request), unmask, request.headers['x-case-reference']);

  app.get(
    '/rings',
    {
      config: { roles: ACCESS.readRings },
      schema: {
        tags: ['rings'],
        summary: 'rings of the latest run (or runId), filtered, sorted and paged',
        querystring: ListQuery,
        response: { 200: RingList, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request) => {
      const principal = principalOf(request);
      const q = request.query;
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 50;
      const insurer = principal.role === 'insurer' ? principal.insurer : null;
      // `q` naming a resident ID, phone or account exactly is an exact lookup: counted, audited, scoped.
      const personal = q.q ? personalKeysOf(q.q) : [];
      if (personal.length > 0) await takeLookup(request, 'rings', personal);
      let personalRefs: Set<string> | null = null;
      if (insurer && personal.length > 0) {
        personalRefs = new Set();
        for (const k of personal)
          if (await linkedToOwn(app.store, k.type, k.key, insurer)) personalRefs.add(`${k.type}:${k.key}`);
      }
      const index = await indexFor(q.runId);
      const { total, items } = index
        ? index.list({ ...q, sort: q.sort ?? 'score', order: q.order ?? 'desc', page, pageSize }, insurer, personalRefs)
        : { total: 0, items: [] };
      if (personal.length > 0) {
        const hit =
          index !== null &&
          personal.some(
            (k) =>
              (personalRefs === null || personalRefs.has(`${k.type}:${k.key}`)) &&
              index.ringsOf(`${k.type}:${k.key}`).some((r) => insurer === null || r.insurers.includes(insurer))
          );
        await auditLookup(request, 'rings', personal, hit, insurer ? 'own' : 'all');
      }
      // The list never unmasks: the organiser reads as it does among a ring's members in a masked view.
      const directory = items.length > 0 ? await app.directory.get() : null;
      const p = new Presenter({ view: viewOf(request, false), handles: app.handles });
      const withOrganiser = items.map((item) => {
        const key = index?.ring(item.id)?.organisers[0];
        if (key === undefined || !directory) return { ...item, organiser: null };
        const e = p.entity('person', key, directory.names.get(`person:${key}`) ?? null);
        return { ...item, organiser: e.name ?? e.key };
      });
      return { total, page, pageSize, runId: index?.runId ?? null, items: withOrganiser };
    }
  );

  app.get(
    '/rings/:id',
    {
      config: { roles: ACCESS.readRings },
      schema: {
        tags: ['rings'],
        summary: 'one ring in full: members, organisers, evidence, claim facts',
        params: RingParams,
        querystring: RingQuery,
        headers: CaseReferenceHeader,
        response: { 200: RingDetail, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request) => {
      const view = viewOf(request, request.query.unmask);
      const { index, ring } = await findRing(request.params.id, request.query.runId, view.principal);
      const { m, p } = await material(index, ring, view, false);
      const detail = ringDetail(m, p);
      await auditReveal(request, `ring:${ring.id}`, p.revealed, view.caseReference);
      return {
        runId: index.runId,
        ...detail,
        ...tracking(ring),
        view: { reveal: view.reveal, caseReference: view.caseReference }
      };
    }
  );

  app.get(
    '/rings/:id/graph',
    {
      config: { roles: ACCESS.readRings },
      schema: {
        tags: ['rings'],
        summary: 'the ring as a graph (claims and members) for sigma/graphology',
        params: RingParams,
        querystring: RingQuery,
        headers: CaseReferenceHeader,
        response: { 200: RingGraph, ...errors(...AUTH_ERRORS, 404) }
      }
    },
    async (request) => {
      const view = viewOf(request, request.query.unmask);
      const { index, ring } = await findRing(request.params.id, request.query.runId, view.principal);
      const { m, p } = await material(index, ring, view, true);
      const graph = ringGraph(m, p);
      await auditReveal(request, `ring:${ring.id}:graph`, p.revealed, view.caseReference);
      return {
        runId: index.runId,
        ringId: ring.id,
        ...graph,
        view: { reveal: view.reveal, caseReference: view.caseReference }
      };
    }
  );
};
