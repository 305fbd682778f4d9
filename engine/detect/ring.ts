/**
 * ringsight/detect/ring
 * =====================
 *
 * Turns one candidate (a connected set of claims) into a scored ring: runs
 * every signal, sums their contributions into a 0-100 score, names the
 * category, and — only for rings worth reporting — lists the members with
 * their roles and in-ring centrality.
 */
import type { ClaimsIndex } from '../graph/claims-index.js';
import { isIdentity } from '../graph/community-graph.js';
import type { Evidence, Ring, RingMember } from '../model.js';
import { prefectureOf } from '../model.js';
import { SIGNALS, buildRingContext, type BookStats, type RingContext, type ScoringParams } from '../signals/index.js';
import { round } from '../signals/context.js';
import { fnv1a } from '../util/random.js';
import { categorise } from './category.js';
import { ringCentrality } from './centrality.js';

export interface RingParams extends ScoringParams {
  /** Behavioural points at which structural signals start to count, and at which they count fully. */
  structuralGate: [from: number, full: number];
  /**
   * Rings larger than this many claims need proportionally more red flags:
   * behavioural contributions are scaled by √(dilutionAbove / claims). Counts of
   * shared identifiers and watchlist hits grow with a cluster's size by chance
   * alone — an honest agent's two hundred customers hold a few.
   */
  dilutionAbove: number;
  flagThreshold: number;
  reportMinScore: number;
  /** A provider on more claims than this is a member only if at least 10% of its claims are the ring's. */
  providerHubDegree: number;
}

export interface ScoredCandidate { ctx: RingContext; evidence: Evidence[]; score: number }

export function scoreCandidate(index: ClaimsIndex, claimIdx: number[], params: RingParams, stats: BookStats): ScoredCandidate {
  const ctx = buildRingContext(index, claimIdx, params, stats);
  const behavioural: Evidence[] = [];
  const structural: Evidence[] = [];
  const n = claimIdx.length;
  const dilution = n > params.dilutionAbove ? Math.sqrt(params.dilutionAbove / n) : 1;
  for (const [, kind, signal] of SIGNALS) {
    const e = signal(ctx);
    if (!e) continue;
    if (kind === 'structural') structural.push(e);
    else if (dilution < 1 && e.contribution > 0) {
      behavioural.push({
        ...e,
        contribution: round(e.contribution * dilution, 1),
        detail: `${e.detail} (counted at ${Math.round(dilution * 100)}%: a ${n}-claim cluster holds more such coincidences)`
      });
    } else behavioural.push(e);
  }
  const b = behavioural.reduce((s, e) => s + e.contribution, 0);
  const [from, full] = params.structuralGate;
  const gate = Math.max(0, Math.min(1, (b - from) / (full - from)));
  const evidence = [...behavioural];
  for (const e of structural) {
    if (gate <= 0) continue;
    if (gate >= 1) { evidence.push(e); continue; }
    evidence.push({
      ...e,
      contribution: round(e.contribution * gate, 1),
      detail: `${e.detail} (counted at ${Math.round(gate * 100)}%: structural facts weigh in proportion to the behavioural red flags)`
    });
  }
  const score = round(Math.max(0, Math.min(100, evidence.reduce((s, e) => s + e.contribution, 0))), 1);
  return { ctx, evidence, score };
}

export function ringId(claimIds: readonly string[]): string {
  const text = claimIds.join('\n');
  return `R${fnv1a(text)}${fnv1a(text, 0x9e3779b9)}`;
}

function isMember(ctx: RingContext, e: number, hubs: ReadonlySet<number>, params: RingParams): boolean {
  if (hubs.has(e)) return false;
  const type = ctx.index.entityType[e]!;
  if (isIdentity(type)) return true;
  const degree = ctx.index.degree[e]!;
  return degree <= params.providerHubDegree || ctx.entityClaims.get(e)!.size / degree >= 0.1;
}

export function assembleRing(scored: ScoredCandidate, hubs: ReadonlySet<number>, params: RingParams): Ring {
  const { ctx, evidence, score } = scored;
  const { index } = ctx;
  const claimIds = ctx.claims.map((c) => c.id);
  const memberIdx = [...ctx.entityClaims.keys()].filter((e) => isMember(ctx, e, hubs, params)).sort((a, b) => a - b);
  const position = new Map<number, number>();
  ctx.claimIdx.forEach((c, i) => position.set(c, i));
  const centrality = ringCentrality({
    claims: claimIds.length,
    entities: memberIdx.map((e) => [...ctx.entityClaims.get(e)!].map((c) => position.get(c)!).sort((a, b) => a - b))
  });
  const members: RingMember[] = memberIdx.map((e, k) => {
    const roles = new Set<string>();
    for (const c of ctx.entityClaims.get(e)!) {
      for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) if (index.linkEntity[i] === e) roles.add(index.linkRole[i]!);
    }
    return {
      type: index.entityType[e]!,
      key: index.entityKey[e]!,
      roles: [...roles].sort(),
      claims: ctx.entityClaims.get(e)!.size,
      centrality: centrality[k]!
    };
  });
  const organisers = members
    .filter((m) => m.type === 'person' && m.claims >= 2 && m.centrality.betweenness > 0)
    .sort((a, b) => b.centrality.betweenness - a.centrality.betweenness || b.claims - a.claims || (a.key < b.key ? -1 : 1))
    .slice(0, 3)
    .map((m) => m.key);
  const concentratedOn = evidence.find((e) => e.signal === 'intermediary_concentration')?.refs ?? [];
  const dates = ctx.claims.map((c) => c.accidentDate).sort();
  return {
    id: ringId(claimIds),
    score,
    flagged: score >= params.flagThreshold,
    category: categorise(ctx.claims, evidence, concentratedOn),
    claims: claimIds,
    members,
    organisers,
    regions: [...new Set(ctx.claims.map((c) => prefectureOf(c.region)))].sort(),
    insurers: [...new Set(ctx.claims.map((c) => c.insurer))].sort(),
    period: { from: dates[0]!, to: dates[dates.length - 1]! },
    amounts: {
      claimed: round(ctx.claims.reduce((s, c) => s + c.claimed, 0), 2),
      paid: round(ctx.claims.reduce((s, c) => s + (c.paid ?? 0), 0), 2)
    },
    evidence: [...evidence].sort((a, b) => b.contribution - a.contribution || (a.signal < b.signal ? -1 : 1))
  };
}
