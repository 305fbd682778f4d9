/**
 * ringsight/reports/assemble
 * ==========================
 *
 * Builds the report model from an operation, a detection run and the claims
 * book the run was taken from: selects the rings, slices the book once,
 * orders members (likely organisers first) and claims (by date), explains
 * the evidence and applies the disclosure rules. Pure — the clock is passed
 * in — so the same request gives the same model, byte for byte.
 */
import { createHash } from 'node:crypto';
import type { Claim, ClaimsBook, Link, Ring, RingCategory } from '../engine/model.js';
import { prefectureOf } from '../engine/model.js';
import type { RunDocument } from '../engine/run.js';
import { ReportError } from './errors.js';
import { explainEvidence, type RingFacts } from './explain.js';
import { round2 } from './format.js';
import {
  REPORT_SCHEMA,
  type ReportClaim,
  type ReportClaimParty,
  type ReportMember,
  type ReportModel,
  type ReportRing,
  type ReportWatchHit
} from './model.js';
import {
  claimInScope,
  defineOperation,
  selectRings,
  type Operation,
  type OperationInput,
  type SelectionReason
} from './operation.js';
import { Disclosure, checkViewer, type Viewer } from './privacy.js';
import { sliceBook, type BookSlice } from './slice.js';
import { priorityTargets } from './targets.js';
import type { ReportLang } from './vocab.js';

export interface ReportRequest {
  operation: OperationInput;
  run: RunDocument;
  /** The projection the run was detected on (store.projection()): claims, links, entities, watchlist. */
  book: ClaimsBook;
  viewer: Viewer;
  lang?: ReportLang;
  /** The clock; defaults to now. */
  now?: Date;
  /** Overrides the run's `input.dataVersion` (e.g. a digest of the batch files). */
  dataVersion?: string | null;
  /** Refuse operations covering more rings than this (operation.ts DEFAULTS.maxRings: 200). */
  maxRings?: number;
}

export const DEFAULTS = { lang: 'zh' as ReportLang };

const TYPE_ORDER = [
  'person',
  'phone',
  'bank_account',
  'vehicle',
  'repair_shop',
  'hospital',
  'appraiser',
  'lawyer',
  'tow'
];

function checkRun(run: RunDocument): void {
  if (!run || typeof run !== 'object' || !run.run || typeof run.run.id !== 'string' || !Array.isArray(run.rings)) {
    throw new ReportError('bad_request', 'run must be a detection run document { run: { id, … }, rings: [...] }');
  }
}

export function reportId(runId: string, operation: unknown, actor: string, generatedAt: string): string {
  const hash = createHash('sha256')
    .update(`${runId}\n${JSON.stringify(operation)}\n${actor}\n${generatedAt}`)
    .digest('hex');
  return `RPT-${generatedAt.slice(0, 10).replace(/-/g, '')}-${generatedAt.slice(11, 19).replace(/:/g, '')}-${hash.slice(0, 8)}`;
}

export function assembleReport(request: ReportRequest): ReportModel {
  const lang = request.lang ?? DEFAULTS.lang;
  if (lang !== 'zh' && lang !== 'en') throw new ReportError('bad_request', 'lang must be zh or en');
  const viewer = checkViewer(request.viewer);
  const op = defineOperation(request.operation);
  checkRun(request.run);
  const { run, book } = request;
  const generatedAt = (request.now ?? new Date()).toISOString();
  const flagThreshold = run.run.params?.flagThreshold ?? 50;

  let byId: Map<string, Claim> | null = null;
  const claimOf = (id: string): Claim | undefined => (byId ??= new Map(book.claims.map((c) => [c.id, c]))).get(id);
  const selection = selectRings(
    op,
    run.rings,
    flagThreshold,
    claimOf,
    request.maxRings === undefined ? {} : { maxRings: request.maxRings }
  );
  const slice = sliceBook(
    book,
    selection.rings.map((s) => s.ring)
  );
  const disclosure = new Disclosure(viewer, op.caseReference, lang);
  const today = generatedAt.slice(0, 10);
  const shortGapDays = run.run.params?.shortGapDays ?? 60;

  const rings = selection.rings.map(({ ring, reasons }, i) =>
    ringSection(ring, i + 1, reasons, slice, disclosure, lang, shortGapDays, today, op)
  );

  const people = new Set<string>();
  const claimIds = new Set<string>();
  let claimed = 0;
  let paid = 0;
  const categories: Partial<Record<RingCategory, number>> = {};
  for (const { ring } of selection.rings) {
    for (const m of ring.members) if (m.type === 'person') people.add(m.key);
    for (const id of ring.claims) {
      if (claimIds.has(id)) continue;
      claimIds.add(id);
      const c = slice.claims.get(id)!;
      claimed += c.claimed;
      paid += c.paid ?? 0;
    }
    categories[ring.category] = (categories[ring.category] ?? 0) + 1;
  }
  const allClaims = [...claimIds].map((id) => slice.claims.get(id)!);
  const dates = allClaims.map((c) => c.accidentDate).sort();

  return {
    schema: REPORT_SCHEMA,
    id: reportId(run.run.id, op, viewer.actor, generatedAt),
    lang,
    generatedAt,
    generatedBy: { actor: viewer.actor, role: viewer.role, insurer: viewer.insurer },
    disclosure: { masked: disclosure.masked, caseReference: op.caseReference },
    operation: {
      name: op.name,
      caseReference: op.caseReference,
      regions: op.regions,
      period: op.period,
      categories: op.categories,
      minScore: op.minScore ?? flagThreshold,
      minScoreFromRun: op.minScore === null,
      rings: op.rings,
      entities: op.entities.map((e) => disclosure.ref(e)),
      onlyListed: op.onlyListed,
      unmatchedEntities: selection.unmatchedEntities.map((e) => disclosure.ref(e))
    },
    source: {
      runId: run.run.id,
      runStartedAt: run.run.startedAt,
      runFinishedAt: run.run.finishedAt,
      dataVersion: request.dataVersion ?? run.run.input?.dataVersion ?? null,
      input: sourceLabel(run.run.input?.source ?? ''),
      claimsInRun: run.run.input?.claims ?? book.claims.length,
      ringsInRun: run.rings.length,
      seed: run.run.params?.seed ?? 0,
      flagThreshold,
      asOf: run.run.params?.asOf ?? null
    },
    summary: {
      rings: rings.length,
      flagged: rings.filter((r) => r.flagged).length,
      people: people.size,
      claims: claimIds.size,
      insurers: [...new Set(allClaims.map((c) => disclosure.insurer(c.insurer)))].sort(),
      prefectures: [...new Set(allClaims.map((c) => prefectureOf(c.region)))].sort(),
      claimed: round2(claimed),
      paid: round2(paid),
      period: { from: dates[0]!, to: dates[dates.length - 1]! },
      categories
    },
    rings,
    targets: priorityTargets(rings)
  };
}

/**
 * Where the run's claims came from, as the cover may show it: the batch's own name, never a path on the
 * machine that ran it (a local path says nothing to the reader and tells outsiders how the host is laid out).
 */
export function sourceLabel(source: string): string {
  if (/^neo4j\b/i.test(source)) return 'Neo4j';
  const parts = source.split(/[\\/]+/).filter((p) => p !== '');
  return parts[parts.length - 1] ?? '';
}

function memberOrder(ring: Ring): Ring['members'] {
  const organiser = new Map(ring.organisers.map((key, i) => [key, i]));
  const rank = (m: Ring['members'][number]): number =>
    m.type === 'person' ? (organiser.get(m.key) ?? Infinity) : Infinity;
  return [...ring.members].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      b.centrality.betweenness - a.centrality.betweenness ||
      b.claims - a.claims ||
      TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

function ringSection(
  ring: Ring,
  no: number,
  reasons: SelectionReason[],
  slice: BookSlice,
  disclosure: Disclosure,
  lang: ReportLang,
  shortGapDays: number,
  today: string,
  op: Operation
): ReportRing {
  const claims = ring.claims
    .map((id) => slice.claims.get(id)!)
    .sort((a, b) =>
      a.accidentDate < b.accidentDate ? -1 : a.accidentDate > b.accidentDate ? 1 : a.id < b.id ? -1 : 1
    );
  const shownId = new Map(claims.map((c) => [c.id, disclosure.claimId(c.id, c.insurer)]));
  const claimsOf = new Map<string, string[]>();
  for (const c of claims) {
    for (const l of slice.links.get(c.id) ?? []) {
      const ref = `${l.type}:${l.key}`;
      let list = claimsOf.get(ref);
      if (!list) claimsOf.set(ref, (list = []));
      if (list[list.length - 1] !== shownId.get(c.id)) list.push(shownId.get(c.id)!);
    }
  }
  const organisers = new Set(ring.organisers);
  const ordered = memberOrder(ring);
  const texts = new Map<string, { no: string; text: string }>();
  const members: ReportMember[] = ordered.map((m, i) => {
    const ref = `${m.type}:${m.key}`;
    const memberNo = `M${i + 1}`;
    const label = disclosure.key(m.type, m.key);
    const name = disclosure.name(m.type, slice.names.get(ref) ?? null);
    texts.set(ref, { no: memberNo, text: `${memberNo} ${name ?? label}` });
    return {
      no: memberNo,
      type: m.type,
      label,
      name,
      roles: m.roles,
      claims: claimsOf.get(ref) ?? [],
      degree: m.centrality.degree,
      betweenness: m.centrality.betweenness,
      organiser: m.type === 'person' && organisers.has(m.key),
      watchlisted: slice.watch.has(ref)
    };
  });

  const facts: RingFacts = {
    ring,
    claims,
    links: slice.links,
    members: texts,
    degree: slice.degree,
    watch: slice.watch,
    shortGapDays,
    disclosure,
    lang
  };
  const watchlist: ReportWatchHit[] = [];
  ordered.forEach((m, i) => {
    const w = slice.watch.get(`${m.type}:${m.key}`);
    if (!w) return;
    const shown = members[i]!;
    watchlist.push({
      member: shown.no,
      type: m.type,
      label: shown.label,
      name: shown.name,
      reason: w.reason,
      listedBy: w.listedBy,
      listedAt: w.listedAt,
      expiresAt: w.expiresAt,
      expired: w.expiresAt !== null && w.expiresAt < today
    });
  });
  const memberNo = new Map(ordered.map((m, i) => [`${m.type}:${m.key}`, i]));
  const reportClaims: ReportClaim[] = claims.map((c) => {
    const parties = claimParties(slice.links.get(c.id) ?? [], memberNo, members);
    return {
      id: shownId.get(c.id)!,
      insurer: disclosure.insurer(c.insurer),
      accidentDate: c.accidentDate,
      reportDate: c.reportDate,
      policyStart: c.policyStart,
      region: c.region,
      prefecture: prefectureOf(c.region),
      product: c.product,
      claimed: c.claimed,
      paid: c.paid,
      status: c.status,
      inScope: claimInScope(op, c),
      parties,
      paidTo: [...new Set(parties.filter((p) => p.type === 'bank_account').map((p) => p.member))]
    };
  });
  return {
    no,
    id: ring.id,
    score: ring.score,
    flagged: ring.flagged,
    category: ring.category,
    reasons,
    period: ring.period,
    prefectures: ring.regions,
    insurers: [...new Set(ring.insurers.map((i) => disclosure.insurer(i)))],
    amounts: ring.amounts,
    people: ring.members.filter((m) => m.type === 'person').length,
    members,
    claims: reportClaims,
    evidence: ring.evidence.map((e) => ({
      signal: e.signal,
      value: e.value,
      contribution: e.contribution,
      ...explainEvidence(e, facts)
    })),
    watchlist
  };
}

/** The ring members on one claim with their roles there, in member order; a member with two roles is listed twice. */
function claimParties(
  links: readonly Link[],
  memberNo: ReadonlyMap<string, number>,
  members: readonly ReportMember[]
): ReportClaimParty[] {
  const seen = new Set<string>();
  const out: Array<{ at: number; party: ReportClaimParty }> = [];
  for (const l of links) {
    const at = memberNo.get(`${l.type}:${l.key}`);
    if (at === undefined) continue;
    const once = `${at}:${l.role}`;
    if (seen.has(once)) continue;
    seen.add(once);
    out.push({ at, party: { member: members[at]!.no, type: l.type, role: l.role } });
  }
  return out.sort((a, b) => a.at - b.at || (a.party.role < b.party.role ? -1 : 1)).map((p) => p.party);
}
