/**
 * ringsight/engine/detect/common-signals
 * ======================================
 *
 * The candidate population as a null for each behavioural signal. A base rate
 * says how often an event happens; it cannot say that, in this book, clusters
 * of forty claims glued by a dealer's direct-billing account all sit at that
 * dealer, or that every fleet's claims go to its contracted garage. Such a
 * signal fires on nearly every honest candidate of that size, so it carries no
 * information there (Efron 2004: when most z-values are extreme, the
 * theoretical null is wrong and the empirical one must be used).
 *
 * For each candidate and each behavioural red flag it shows, the typical
 * strength of that signal is the median (`commonNullQuantile`) among the
 * `commonNullSize` candidates nearest in size that show no other behavioural
 * red flag (their other signals sum below the structural gate's start): the
 * honest structure of that size in this book. The signal then counts only
 * above that typical strength. Gangs carry several red flags and so mostly stay
 * out of the reference set; the median holds while gangs showing this one
 * flag alone are under half of their size class. A median of zero — the usual
 * case, honest clusters showing nothing — leaves every score as it was.
 *
 * Some candidates show a flag because of how they were drawn: a dealer's desk
 * phone entered on its customers' claims draws them into one candidate that
 * then sits wholly at the dealer. A signal names such a candidate's peer class
 * (signals/context `peerClass`), and it is judged among candidates drawn the
 * same way where the book holds enough of them to be a null (`commonNullClassSize`
 * references, the `commonNullSize` nearest in size where it has more). In a book full of such dealers the flag is ordinary among them
 * however rare it is among all candidates; in a book with two or three, the
 * class is too small to be a null and they are judged among all, as a shop's
 * staff phone on its owners' claims should be.
 */
import type { SignalName } from '../signals/index.js';
import { lowerBound } from '../util/sorted.js';
import type { ScoredCandidate } from './ring.js';

export interface CommonSignalParams {
  /** Candidates nearest in size each typical strength is taken over; 0 turns the step off. */
  commonNullSize: number;
  /** Other behavioural points below which a candidate belongs to the reference set (null: the structural gate's start). */
  commonNullOthers: number | null;
  /** Which quantile of the peers' strengths is "typical" (0.5: the median). */
  commonNullQuantile: number;
  /**
   * Largest share of candidates in the peers' size range already suspicious on other red flags
   * at which the peers still serve as a null; above it the size class is thick with gangs.
   */
  commonNullMaxSuspect: number;
  /** Judge a candidate among its peer class where the book holds enough of them (false: always among all). */
  commonNullByClass: boolean;
  /**
   * Reference candidates a peer class needs to be a null (at most `commonNullSize`, then the class's
   * references are all the peers). A book's few fleets make a class of twenty or thirty candidates:
   * judged among all instead, every fleet at its contracted garage would look like a ring.
   */
  commonNullClassSize: number;
}

/** What one candidate's red flags are judged above: signal → typical strength among its peers. */
export type Typical = Partial<Record<SignalName, number>>;

function strengthOf(s: ScoredCandidate | null, signal: SignalName): number {
  const e = s?.evidence.find((x) => x.signal === signal);
  return e && e.contribution > 0 ? (e.strength ?? 0) : 0;
}

/** Positive behavioural points other than `signal`'s (structural evidence has no strength set by a chance). */
function otherBehavioural(s: ScoredCandidate | null, signal: SignalName, behavioural: ReadonlySet<string>): number {
  if (!s) return 0;
  let sum = 0;
  for (const e of s.evidence)
    if (e.signal !== signal && e.contribution > 0 && behavioural.has(e.signal)) sum += e.contribution;
  return sum;
}

/** The q-quantile, linearly interpolated between order statistics. */
function quantile(values: number[], q: number): number {
  values.sort((a, b) => a - b);
  const at = q * (values.length - 1);
  const lo = Math.floor(at);
  return values[lo]! + (at - lo) * ((values[Math.min(lo + 1, values.length - 1)] ?? 0) - values[lo]!);
}

/** A null for one signal: its reference candidates sorted by log size, and the sizes of those suspect on other red flags. */
interface SignalNull {
  ref: number[];
  refSizes: number[];
  suspectSizes: number[];
}

function nullOf(
  members: readonly number[],
  sizes: readonly number[],
  scored: ReadonlyArray<ScoredCandidate | null>,
  signal: SignalName,
  behavioural: ReadonlySet<string>,
  others: number
): SignalNull {
  const ref: number[] = [];
  const suspectSizes: number[] = [];
  for (const i of members) {
    if (otherBehavioural(scored[i]!, signal, behavioural) < others) ref.push(i);
    else suspectSizes.push(Math.log(sizes[i]!));
  }
  // Sorted by size, ties by position: deterministic.
  ref.sort((a, b) => sizes[a]! - sizes[b]! || a - b);
  suspectSizes.sort((a, b) => a - b);
  return { ref, refSizes: ref.map((i) => Math.log(sizes[i]!)), suspectSizes };
}

/** The typical strength of `signal` among the k reference candidates nearest in size to a candidate of `size`, if the null holds there. */
function typicalAmong(
  nul: SignalNull,
  size: number,
  scored: ReadonlyArray<ScoredCandidate | null>,
  signal: SignalName,
  params: CommonSignalParams
): number {
  const { ref, refSizes, suspectSizes } = nul;
  // A peer class smaller than commonNullSize is taken whole.
  const k = Math.min(params.commonNullSize, ref.length);
  // The k reference candidates nearest in log size: grow a window around the first of size ≥ this one.
  const x = Math.log(size);
  const lo = lowerBound(refSizes, x);
  let left = lo - 1,
    right = lo;
  const peers: number[] = [];
  while (peers.length < k) {
    const takeRight = right < ref.length && (left < 0 || refSizes[right]! - x <= x - refSizes[left]!);
    const j = takeRight ? ref[right++]! : ref[left--]!;
    peers.push(strengthOf(scored[j]!, signal));
  }
  // Gangs evident from other red flags in the same size range say how many gangs showing only
  // this one may sit among the peers; where they are many, the peers are no null to judge by.
  const from = refSizes[left + 1]!,
    to = refSizes[right - 1]!;
  const suspects = lowerBound(suspectSizes, to, true) - lowerBound(suspectSizes, from, false);
  if (suspects > params.commonNullMaxSuspect * (suspects + k)) return 0;
  return quantile(peers, params.commonNullQuantile);
}

/**
 * Per candidate (by position), the typical strengths above which its red flags count,
 * or null where every typical strength is zero. `scored[i]` null: a candidate with no
 * behavioural evidence (it shows every signal at strength 0).
 *
 * A candidate whose signal names a peer class (signals/context `peerClass`: how the
 * candidate came to show it) is judged among the candidates of that class where the
 * book has enough of them to be a null, else among all.
 */
export function typicalStrengths(
  sizes: readonly number[],
  scored: ReadonlyArray<ScoredCandidate | null>,
  behavioural: ReadonlySet<string>,
  gateFrom: number,
  params: CommonSignalParams
): Array<Typical | null> {
  return judgeAmongPeers(sizes, scored, behavioural, gateFrom, params).typical;
}

export interface PeerJudgement {
  /** Per candidate: signal → typical strength among its peers (null: none above zero). */
  typical: Array<Typical | null>;
  /** Per candidate: signal → the peer class it was judged among, where not among all candidates. */
  among: Array<Partial<Record<SignalName, string>> | null>;
}

/** One candidate's judgement: signal → typical strength, and signal → the peer class it was judged among. */
export interface Judged {
  typical: Typical | null;
  among: Partial<Record<SignalName, string>> | null;
}

/**
 * The nulls of a candidate population, built once, as a judge of any candidate — one of the
 * population, or a part cut from one later (detect/refine), judged against the same peers.
 */
export type PeerJudge = (size: number, s: ScoredCandidate | null) => Judged;

export function peerJudge(
  sizes: readonly number[],
  population: ReadonlyArray<ScoredCandidate | null>,
  behavioural: ReadonlySet<string>,
  gateFrom: number,
  params: CommonSignalParams
): PeerJudge {
  // The peers as they stand now: the caller may replace its entries with their judged rescoring.
  const scored = population.slice();
  const k = params.commonNullSize;
  const nulls = new Map<SignalName, { all: SignalNull; byClass: Map<string, SignalNull> }>();
  if (k > 0) {
    const others = params.commonNullOthers ?? gateFrom;
    const signals = new Set<SignalName>();
    for (const s of scored)
      for (const e of s?.evidence ?? []) if (e.contribution > 0 && behavioural.has(e.signal)) signals.add(e.signal);
    const everyone = sizes.map((_, i) => i);
    for (const signal of [...signals].sort()) {
      const members = new Map<string, number[]>();
      for (let i = 0; i < sizes.length; i++) {
        const c = params.commonNullByClass ? scored[i]?.ctx.peerClass[signal] : undefined;
        if (c !== undefined) (members.get(c) ?? members.set(c, []).get(c)!).push(i);
      }
      const all = nullOf(everyone, sizes, scored, signal, behavioural, others);
      const byClass = new Map<string, SignalNull>();
      for (const [c, list] of members) {
        const nul = nullOf(list, sizes, scored, signal, behavioural, others);
        if (nul.ref.length >= Math.min(k, params.commonNullClassSize)) byClass.set(c, nul);
      }
      if (all.ref.length >= k || byClass.size > 0) nulls.set(signal, { all, byClass });
    }
  }
  return (size, s) => {
    const judged: Judged = { typical: null, among: null };
    for (const [signal, { all, byClass }] of nulls) {
      if (strengthOf(s, signal) <= 0) continue;
      const c = params.commonNullByClass ? s!.ctx.peerClass[signal] : undefined;
      const own = c !== undefined ? byClass.get(c) : undefined;
      const nul = own ?? all;
      if (!own && nul.ref.length < k) continue;
      const typical = typicalAmong(nul, size, scored, signal, params);
      if (typical <= 0) continue;
      (judged.typical ??= {})[signal] = typical;
      if (own) (judged.among ??= {})[signal] = c;
    }
    return judged;
  };
}

/** typicalStrengths, also saying which candidates were judged among a peer class. */
export function judgeAmongPeers(
  sizes: readonly number[],
  scored: ReadonlyArray<ScoredCandidate | null>,
  behavioural: ReadonlySet<string>,
  gateFrom: number,
  params: CommonSignalParams
): PeerJudgement {
  const judge = peerJudge(sizes, scored, behavioural, gateFrom, params);
  const typical: Array<Typical | null> = [];
  const among: Array<Partial<Record<SignalName, string>> | null> = [];
  for (let i = 0; i < sizes.length; i++) {
    const j = judge(sizes[i]!, scored[i] ?? null);
    typical.push(j.typical);
    among.push(j.among);
  }
  return { typical, among };
}
