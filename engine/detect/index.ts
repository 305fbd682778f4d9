/**
 * ringsight/engine/detect
 * =======================
 *
 * The engine: a claims book and parameters in, scored rings out. Pure — no
 * files, no network, no clock except for stage timings — so the embedded
 * store, Neo4j, the API and the CLI all run exactly the same detection.
 *
 * Stages: index → community graph → communities (seeded Louvain or Leiden + connectivity
 * refinement) → scoring → rings (members, centrality, category).
 */
import type { ClaimsBook, IdentityType, Ring } from '../model.js';
import { indexBook, type ClaimsIndex } from '../graph/claims-index.js';
import { buildCommunityGraph } from '../graph/community-graph.js';
import { deskIdentities, type DeskParams } from '../graph/desk-identities.js';
import type { BookStats } from '../signals/index.js';
import { computeBaseRates, type BaseRateParams } from '../signals/base-rates.js';
import { bookCalendar } from '../signals/burst.js';
import { useSpans } from '../signals/shared.js';
import { DEFAULT_WEIGHTS } from '../signals/weights.js';
import { detectCommunities, type Candidate, type CommunityAlgorithm } from './communities.js';
import type { LeidenQuality } from './leiden.js';
import { assembleRing, type RingParams } from './ring.js';
import { scoreWithTrimmedNull, type TrimParams } from './trimmed-null.js';

export interface DetectParams extends RingParams, BaseRateParams, TrimParams, DeskParams {
  /** The calibrated model whose weights score this run (`detect --model`); null for the built-in weights. */
  model: { id: string; version: number } | null;
  seed: number;
  /** Community step: seeded Louvain, or Leiden (connected communities by construction; see detect/leiden.ts). */
  community: CommunityAlgorithm;
  /** Leiden's quality function: modularity (at the scaled `resolution`, like Louvain) or CPM (at `cpmResolution`). */
  quality: LeidenQuality;
  /**
   * Leiden CPM's resolution γ: a density threshold on the normalised link
   * weights (linkWeight ÷ log2(1 + entity degree)). A community holds together
   * only while its internal link weight per pair of its nodes exceeds γ; two
   * groups merge only when the weight between them exceeds γ × |A| × |B|. CPM
   * has no resolution limit, so γ is not scaled with the book.
   */
  cpmResolution: number;
  /**
   * Most Leiden iterations (0: until an iteration changes nothing). Until stable by default: the partition
   * is then node-optimal, and runs with other seeds — or the Spark engine's per-component runs — land on
   * nearly the same one (seed-to-seed ARI 0.95–0.997 against 0.93–0.96 after two iterations).
   */
  leidenIterations: number;
  /**
   * Modularity's resolution. 2, not the textbook 1: on claims books whose honest structure is
   * dense (dealers, fleets, households sharing contacts), 1 merges gangs with 50–200 honest claims
   * around them. Measured on the blind book (seeds 1–2): ring recall 73.5% → 82.0% median, with
   * the tuning, held-out and classic groups unchanged (README "Detection quality").
   */
  resolution: number;
  /**
   * Modularity's resolution limit (Fortunato & Barthélemy 2007): in a graph of
   * total edge weight W, Louvain merges two communities once the edges between
   * them exceed about resolution × d_a × d_b / 2W — so the bigger the book, the
   * bigger the merged "rings", gangs glued to each other and to honest claims.
   * Above this total weight the resolution grows in proportion to W, which keeps
   * the merge threshold where it is at this size (about a 100k-claim book):
   * a million-claim book is cut as finely as a hundred-thousand-claim one.
   */
  resolutionReference: number;
  minClaims: number;
  /** Linked components of at most this many claims are candidates whole; larger ones go through Louvain. */
  splitAbove: number;
  hubDegree: Record<IdentityType, number>;
  linkWeight: Record<IdentityType, number>;
}

export const DEFAULTS: DetectParams = {
  seed: 42,
  community: 'louvain',
  quality: 'modularity',
  cpmResolution: 0.001,
  leidenIterations: 0,
  resolution: 2.5,
  resolutionReference: 15_000,
  minClaims: 2,
  splitAbove: 40,
  hubDegree: { person: 80, phone: 80, bank_account: 80, vehicle: 40 },
  linkWeight: { person: 1, phone: 1, bank_account: 1.2, vehicle: 0.8 },
  providerHubDegree: 150,
  structuralGate: [15, 40],
  structuralKinds: 2,
  flagThreshold: 50,
  reportMinScore: 20,
  shortGapDays: 60,
  baseRateComponent: 6,
  trimAbove: 25,
  trimPasses: 3,
  commonNullSize: 40,
  commonNullOthers: null,
  commonNullQuantile: 0.5,
  commonNullMaxSuspect: 0.3,
  commonNullByClass: true,
  commonNullClassSize: 20,
  refineFrom: 12,
  refinePromise: 50,
  refineRestBelow: 15,
  refineMinClaims: 5,
  refineSeasonShare: 0.6,
  refineSeasonGain: 30,
  sliceFrom: 15,
  sliceGapDays: 90,
  sliceMinClaims: 5,
  deskMinClaims: 20,
  deskSpanShare: 0.85,
  deskFrom: 12,
  growEvidence: 5,
  evidenceScale: [2, 6],
  corroborationScale: [4, 8],
  poolHolders: 1,
  weights: { ...DEFAULT_WEIGHTS },
  model: null,
  asOf: null
};

export type DetectStage = 'index' | 'graph' | 'communities' | 'scoring' | 'centrality';

/** Candidates found outside this process over the same claims index (the Spark engine: cli/commands/detect-spark.ts). */
export interface ExternalCommunities {
  /** Every candidate, whole components first, then community parts, each group by least claim (the order detectCommunities gives). */
  candidates: Candidate[];
  communities: number;
  modularity: number;
  splits: number;
  /** The resolution the community step ran with. */
  resolution: number;
}

export interface DetectHooks {
  onStage?: (stage: DetectStage, ms: number, info: Record<string, number>) => void;
  /** Replaces the in-process community step; scoring and everything after it stay the same. */
  communityStep?: (index: ClaimsIndex, params: DetectParams) => ExternalCommunities;
}

export interface DetectStats {
  claims: number;
  entities: number;
  hubs: number;
  graphNodes: number;
  graphEdges: number;
  communities: number;
  /** The resolution Louvain ran with (see DetectParams.resolutionReference). */
  resolution: number;
  modularity: number;
  splits: number;
  candidates: number;
  /** Flagged candidates reported without the honest claims they carried (detect/refine). */
  refined: number;
  /** Flagged rings grown along the provider pairs their claims go through (detect/grow). */
  grown: number;
  /**
   * Flagged rings drawn by a provider pair (split off another gang's ring, or where no flagged ring held
   * its claims: detect/pair-seeds) or by a batch account at one shop (detect/batch-seeds).
   */
  seeded: number;
  rings: number;
  flagged: number;
}

export interface DetectResult {
  params: DetectParams;
  rings: Ring[];
  stats: DetectStats;
  timings: Partial<Record<DetectStage, number>>;
}

export function mergeParams(params: Partial<DetectParams> = {}): DetectParams {
  return {
    ...DEFAULTS,
    ...params,
    hubDegree: { ...DEFAULTS.hubDegree, ...params.hubDegree },
    linkWeight: { ...DEFAULTS.linkWeight, ...params.linkWeight },
    weights: { ...DEFAULTS.weights, ...params.weights }
  };
}

export function effectiveResolution(
  params: Pick<DetectParams, 'resolution' | 'resolutionReference'>,
  weight: number
): number {
  return params.resolution * Math.max(1, weight / params.resolutionReference);
}

/** Claims reported on or before `asOf` (the accident date stands in for a missing report date). */
export function bookAsOf(book: ClaimsBook, asOf: string | null): ClaimsBook {
  if (!asOf) return book;
  const claims = book.claims.filter((c) => (c.reportDate ?? c.accidentDate) <= asOf);
  const kept = new Set(claims.map((c) => c.id));
  return { ...book, claims, links: book.links.filter((l) => kept.has(l.claim)) };
}

/** What each candidate is judged against: the book's amounts, calendar, identifier spans and base rates. */
export function bookStats(
  book: ClaimsBook,
  index: ReturnType<typeof indexBook>,
  componentClaims: Int32Array,
  params: DetectParams,
  spans: ReturnType<typeof useSpans>
): BookStats {
  const byProduct = new Map<string, number[]>();
  for (const c of book.claims) {
    let list = byProduct.get(c.product);
    if (!list) byProduct.set(c.product, (list = []));
    list.push(c.claimed);
  }
  const medianClaimed = new Map<string, number>();
  const highClaimed = new Map<string, { above: number; rate: number }>();
  const claimedSorted = new Map<string, Float64Array>();
  for (const [product, amounts] of byProduct) {
    const sorted = Float64Array.from(amounts).sort();
    claimedSorted.set(product, sorted);
    medianClaimed.set(product, sorted[sorted.length >> 1]!);
    // The top decile's floor, and the share strictly above it (ties at the floor make it under 10%).
    const above = sorted[Math.floor(sorted.length * 0.9)]!;
    let over = 0;
    for (let i = sorted.length - 1; i >= 0 && sorted[i]! > above; i--) over++;
    highClaimed.set(product, { above, rate: (over + 5) / (sorted.length + 50) });
  }
  return {
    medianClaimed,
    highClaimed,
    claimedSorted,
    claimedRank: new Float64Array(index.claims.length).fill(NaN),
    calendar: bookCalendar(index),
    spans,
    rates: computeBaseRates(index, componentClaims, params)
  };
}

export function detectRings(
  input: ClaimsBook,
  options: Partial<DetectParams> = {},
  hooks: DetectHooks = {}
): DetectResult {
  const params = mergeParams(options);
  const timings: Partial<Record<DetectStage, number>> = {};
  let t = performance.now();
  const stage = (name: DetectStage, info: Record<string, number>): void => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    hooks.onStage?.(name, timings[name]!, info);
    t = now;
  };

  const book = bookAsOf(input, params.asOf);
  const index = indexBook(book);
  stage('index', { claims: index.claims.length, entities: index.entities });

  const spans = useSpans(index);
  const desk = deskIdentities(index, spans, params);
  const cg = buildCommunityGraph(index, params);
  const stats = bookStats(book, index, cg.componentClaims, params, spans);
  stage('graph', { nodes: cg.graph.order, edges: cg.graph.size, hubs: cg.hubs.length });

  const external = hooks.communityStep?.(index, params);
  const resolution = external ? external.resolution : effectiveResolution(params, cg.weight);
  const communities = external ?? detectCommunities(cg, { ...params, resolution });
  const candidates = external ? external.candidates : [...cg.small, ...communities.candidates];
  stage('communities', {
    components: cg.small.length,
    communities: communities.communities,
    candidates: candidates.length
  });

  const { scored, refined, grown, seeded } = scoreWithTrimmedNull(
    index,
    candidates,
    params,
    stats,
    Math.min(params.reportMinScore, params.flagThreshold),
    desk
  );
  stage('scoring', { candidates: candidates.length, reported: scored.length, refined, grown, seeded });

  const hubs = new Set(cg.hubs);
  const rings = scored
    .map((s) => assembleRing(s, hubs, params))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  stage('centrality', { rings: rings.length });

  return {
    params,
    rings,
    timings,
    stats: {
      claims: index.claims.length,
      entities: index.entities,
      hubs: cg.hubs.length,
      graphNodes: cg.graph.order,
      graphEdges: cg.graph.size,
      communities: communities.communities,
      resolution: Math.round(resolution * 1e4) / 1e4,
      modularity: Math.round(communities.modularity * 1e6) / 1e6,
      splits: communities.splits,
      candidates: candidates.length,
      refined,
      grown,
      seeded,
      rings: rings.length,
      flagged: rings.filter((r) => r.flagged).length
    }
  };
}
