/**
 * ringsight/engine/detect/ring
 * ============================
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
import { SIGNALS, buildRingContext, type BookStats, type RingContext } from '../signals/index.js';
import { corroboration, redFlagKinds, type CorroborationParams } from '../signals/corroboration.js';
import { round } from '../signals/context.js';
import { ACCIDENT_ROLES as ACCIDENT_ROLE_LIST } from '../signals/base-rates.js';
import { fnv1a } from '../util/random.js';
import { categorise } from './category.js';
import { ringCentrality } from './centrality.js';

export interface RingParams extends CorroborationParams {
  /** Behavioural points at which structural signals start to count, and at which they count fully. */
  structuralGate: [from: number, full: number];
  /**
   * Fewest kinds of behavioural red flag (each of `KIND_POINTS` or more; a shared phone and account
   * one kind) beside which structural facts count at all; a corroboration counts as enough (it
   * needs three). 0 or 1: structure counts beside a single red flag, as the gate alone says.
   */
  structuralKinds: number;
  flagThreshold: number;
  reportMinScore: number;
  /** A provider on more claims than this is a member only if at least 10% of its claims are the ring's. */
  providerHubDegree: number;
}

const BEHAVIOURAL_NAMES: readonly string[] = SIGNALS.filter(([, kind]) => kind === 'behavioural').map(([n]) => n);
const BEHAVIOURAL: ReadonlySet<string> = new Set(BEHAVIOURAL_NAMES);

export interface ScoredCandidate {
  ctx: RingContext;
  evidence: Evidence[];
  score: number;
  /**
   * The score were structure counted beside a single red flag (`structuralKinds` aside): what a
   * candidate promises before its parts are looked at. A gang glued to forty honest claims shows
   * one red flag diluted among them; refinement (./refine) looks inside a candidate whose promise
   * reaches the flag, and keeps a part only where the part flags on its own score.
   */
  promise: number;
}

/**
 * A candidate scored against the book's rates. `drawnBy` names the red flags the way the claims
 * were drawn explains (a time slice's burst, a desk part's shop), each with why: they are shown
 * and not counted, and rescoring the context keeps them so.
 */
export function scoreCandidate(
  index: ClaimsIndex,
  claimIdx: number[],
  params: RingParams,
  stats: BookStats,
  drawnBy?: Partial<Record<string, string>>
): ScoredCandidate {
  const ctx = buildRingContext(index, claimIdx, params, stats);
  if (drawnBy) ctx.drawnBy = drawnBy;
  return scoreContext(ctx, params);
}

/** Runs every signal on a built context (again, after its base rates changed: see detect/trimmed-null). */
export function scoreContext(ctx: RingContext, params: RingParams): ScoredCandidate {
  ctx.tally = {};
  ctx.ratesUsed = 0;
  ctx.peerClass = {};
  ctx.shortOfFloor = new Map();
  const behavioural: Evidence[] = [];
  const structural: Evidence[] = [];
  // A large cluster collecting coincidences needs no discount here: every behavioural
  // signal is judged against what its size leads one to expect in this book.
  for (const [name, kind, signal] of SIGNALS) {
    const e = signal(ctx);
    if (!e) continue;
    const drawn = kind === 'behavioural' && e.contribution > 0 ? ctx.drawnBy?.[name] : undefined;
    if (drawn) {
      behavioural.push({ ...e, contribution: 0, detail: `${e.detail} (not counted: ${drawn})` });
      continue;
    }
    const typical = kind === 'behavioural' && e.contribution > 0 ? (ctx.typical?.[name] ?? 0) : 0;
    (kind === 'structural' ? structural : behavioural).push(
      typical > 0 ? aboveTypical(e, typical, ctx.typicalAmong?.[name]) : e
    );
  }
  // Chances short of the floor, but not those the way the candidate was drawn explains.
  const drawn = ctx.drawnBy;
  const short = drawn ? new Map([...ctx.shortOfFloor].filter(([name]) => !drawn[name])) : ctx.shortOfFloor;
  const together = corroboration(behavioural, BEHAVIOURAL_NAMES, params, { short, claims: ctx.claims.length });
  if (together) behavioural.push(together);
  const b = behavioural.reduce((s, e) => s + e.contribution, 0);
  const [from, full] = params.structuralGate;
  const gate = Math.max(0, Math.min(1, (b - from) / (full - from)));
  // Size, spread and amounts describe every busy honest cluster as well as a gang: beside one red
  // flag alone (a family at its garage, a dealer's account) they are no second opinion.
  const lone = !together && redFlagKinds(behavioural, BEHAVIOURAL) < params.structuralKinds;
  const alone = gate > 0 && lone;
  const evidence = lone ? countedOnce(behavioural) : [...behavioural];
  let gated = 0;
  for (const e of structural) {
    gated += e.contribution * gate;
    if (alone) {
      if (e.contribution > 0)
        evidence.push({
          ...e,
          contribution: 0,
          detail: `${e.detail} (not counted: structural facts count beside ${params.structuralKinds} kinds of red flag or more, and this candidate shows fewer)`
        });
      continue;
    }
    if (gate <= 0) continue;
    if (gate >= 1) {
      evidence.push(e);
      continue;
    }
    evidence.push({
      ...e,
      contribution: round(e.contribution * gate, 1),
      detail: `${e.detail} (counted at ${Math.round(gate * 100)}%: structural facts weigh in proportion to the behavioural red flags)`
    });
  }
  const clamp = (x: number): number => round(Math.max(0, Math.min(100, x)), 1);
  const score = clamp(evidence.reduce((s, e) => s + e.contribution, 0));
  return { ctx, evidence, score, promise: alone ? clamp(b + gated) : score };
}

/**
 * A shared phone and a shared account given for the same people are one kind of red flag (a family
 * shares both): standing alone, the kind counts once, at the stronger of the two.
 */
function countedOnce(behavioural: readonly Evidence[]): Evidence[] {
  const phone = behavioural.find((e) => e.signal === 'shared_phone' && e.contribution > 0);
  const account = behavioural.find((e) => e.signal === 'shared_bank_account' && e.contribution > 0);
  if (!phone || !account) return [...behavioural];
  const weaker = phone.contribution < account.contribution ? phone : account;
  const other = weaker === phone ? 'shared account' : 'shared phone';
  return behavioural.map((e) =>
    e === weaker
      ? {
          ...e,
          contribution: 0,
          detail: `${e.detail} (not counted: one kind of red flag with the ${other}, which counts once where no other kind stands beside it)`
        }
      : e
  );
}

/** The candidate with a note on how it was drawn added to its `ring_size` evidence (grow, pair-seeds, batch-seeds). */
export function withSizeNote(s: ScoredCandidate, note: string): ScoredCandidate {
  const evidence = s.evidence.map((e) => (e.signal === 'ring_size' ? { ...e, detail: e.detail + note } : e));
  return { ...s, evidence };
}

/** A red flag counted only above the strength honest candidates of the same size show in this book. */
function aboveTypical(
  e: Evidence,
  typical: number,
  among = 'candidates of this size without other red flags'
): Evidence {
  const strength = e.strength ?? 0;
  const share = strength > 0 ? Math.max(0, strength - typical) / strength : 0;
  return {
    ...e,
    contribution: round(e.contribution * share, 1),
    detail: `${e.detail} (counted above strength ${round(typical, 2)}, what ${among} typically show in this book: ${Math.round(share * 100)}%)`
  };
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

/**
 * Who runs the ring, best first (at most three): people ranked by
 * 0.5 × in-ring betweenness (who connects the claims) + 0.3 × the share of the
 * ring's claims paid into an account they hold (who gets the money) + 0.2 × role
 * (agent on several claims: 1; switching accident roles: 0.5). A person reported
 * deceased on any of the ring's claims is never named: the dead do not organise,
 * their beneficiaries might. An organiser may sit on a single claim when the
 * payouts of others flow to them.
 */
function rankOrganisers(ctx: RingContext, memberIdx: number[], members: RingMember[]): string[] {
  const { index } = ctx;
  const n = ctx.claimIdx.length;
  const paidTo = new Map<number, Set<number>>();
  for (const c of ctx.claimIdx) {
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
      const e = index.linkEntity[i]!;
      if (index.entityType[e] !== 'bank_account') continue;
      // Every person an account is given for receives what is paid into it on the ring's claims.
      const holders = ctx.holders.get(e);
      if (!holders) continue;
      for (const p of holders) {
        let set = paidTo.get(p);
        if (!set) paidTo.set(p, (set = new Set()));
        for (const k of ctx.entityClaims.get(e)!) set.add(k);
      }
    }
  }
  const ranked: Array<{ key: string; score: number; claims: number }> = [];
  memberIdx.forEach((e, k) => {
    const m = members[k]!;
    if (m.type !== 'person') return;
    const roles = ctx.personRoles.get(e);
    if (roles?.has('deceased')) return;
    const pay = (paidTo.get(e)?.size ?? 0) / n;
    // Paid for more claims than their own: the money of others reaches them.
    const paidForOthers = (paidTo.get(e)?.size ?? 0) > m.claims;
    if (m.claims < 2 && !paidForOthers) return;
    const accident = ACCIDENT_ROLE_LIST.filter((r) => roles?.has(r)).length;
    const role = (roles?.get('agent')?.size ?? 0) >= 2 ? 1 : accident >= 2 ? 0.5 : 0;
    const score = 0.5 * m.centrality.betweenness + 0.3 * pay + 0.2 * role;
    if (score > 0) ranked.push({ key: m.key, score, claims: m.claims });
  });
  return ranked
    .sort((a, b) => b.score - a.score || b.claims - a.claims || (a.key < b.key ? -1 : 1))
    .slice(0, 3)
    .map((r) => r.key);
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
      for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++)
        if (index.linkEntity[i] === e) roles.add(index.linkRole[i]!);
    }
    return {
      type: index.entityType[e]!,
      key: index.entityKey[e]!,
      roles: [...roles].sort(),
      claims: ctx.entityClaims.get(e)!.size,
      centrality: centrality[k]!
    };
  });
  const organisers = rankOrganisers(ctx, memberIdx, members);
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
      claimed: round(
        ctx.claims.reduce((s, c) => s + c.claimed, 0),
        2
      ),
      paid: round(
        ctx.claims.reduce((s, c) => s + (c.paid ?? 0), 0),
        2
      )
    },
    evidence: [...evidence].sort((a, b) => b.contribution - a.contribution || (a.signal < b.signal ? -1 : 1))
  };
}
