/**
 * ringsight/engine/signals/concentration
 * ======================================
 *
 * Concentration on one provider: many of the ring's claims going through the
 * same repair shop, appraiser, clinic, lawyer or tow firm — the injury
 * broker's (人伤黄牛) and the padding repair shop's fingerprint.
 *
 * Judged against where the ring's claims happened: each claim's chance of going
 * to the provider is the provider's share of the other claims of the same
 * district (or prefecture, where the district is small or not given), the
 * ring's own claims left out so a captive clinic cannot make itself look
 * ordinary. The county's only clinic seeing a family's claims is expected; a
 * clinic that also serves honest patients but gets a ring's claims from three
 * prefectures is not, however many honest patients it has.
 *
 * Agents are not judged here: the candidate was found through the people on it,
 * so an agent on all its claims is how it was drawn, not evidence.
 */
import { PROVIDER_KINDS, type EntityType } from '../model.js';
import { providerClaimsIn } from './base-rates.js';
import { evidence, ref, weighted, type RingContext, type Signal } from './context.js';
import { MAX_STRENGTH, chanceText, log10PoissonTail, strengthOf } from './surprise.js';

const INTERMEDIARIES: readonly EntityType[] = PROVIDER_KINDS;
const MIN_CLAIMS = 3;
/** A district with fewer other claims than this is judged at prefecture level. */
const MIN_REGION_CLAIMS = 30;
/** Strength from which a provider is named as carrying the signal. */
const REF_STRENGTH = 0.34;

/** The ring's claims per region number (districts also counted under their prefecture), once per ring. */
const ringRegions = new WeakMap<RingContext, Map<number, number>>();

function claimsByRegion(ctx: RingContext): Map<number, number> {
  let counts = ringRegions.get(ctx);
  if (counts) return counts;
  counts = new Map();
  const { claimRegion, regionPrefecture } = ctx.stats.rates;
  for (const c of ctx.claimIdx) {
    const r = claimRegion[c]!,
      p = regionPrefecture[r]!;
    counts.set(r, (counts.get(r) ?? 0) + 1);
    if (p !== r) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  ringRegions.set(ctx, counts);
  return counts;
}

/** Claims the provider would be expected to see among the ring's claims, from local shares without the ring. */
export function expectedAt(ctx: RingContext, e: number): number {
  const { regionClaims, providerRegionClaims, claimRegion, regionPrefecture } = ctx.stats.rates;
  const ringIn = claimsByRegion(ctx);
  const claimsAtE = ctx.entityClaims.get(e)!;
  const ringAt = new Map<number, number>();
  for (const c of claimsAtE) {
    const r = claimRegion[c]!,
      p = regionPrefecture[r]!;
    ringAt.set(r, (ringAt.get(r) ?? 0) + 1);
    if (p !== r) ringAt.set(p, (ringAt.get(p) ?? 0) + 1);
  }
  // A region made only of the ring's claims says nothing: the provider's share of the whole book stands in.
  const bookShare =
    (ctx.index.degree[e]! - claimsAtE.size) / Math.max(1, ctx.index.claims.length - ctx.claimIdx.length);
  let lambda = 0;
  for (const c of ctx.claimIdx) {
    const own = claimRegion[c]!,
      prefecture = regionPrefecture[own]!;
    let key = own;
    if (own === prefecture || regionClaims[own]! - ringIn.get(own)! < MIN_REGION_CLAIMS) key = prefecture;
    const others = regionClaims[key]! - ringIn.get(key)!;
    const othersAt = providerClaimsIn(providerRegionClaims, e, key) - (ringAt.get(key) ?? 0);
    lambda += others > 0 ? othersAt / others : bookShare;
  }
  return lambda;
}

export const intermediaryConcentration: Signal = (ctx) => {
  const n = ctx.claims.length;
  const found: Array<{ e: number; k: number; lambda: number; chance: number }> = [];
  for (const [e, claims] of ctx.entityClaims) {
    // Most providers of a candidate see one or two of its claims.
    if (claims.size < MIN_CLAIMS || !INTERMEDIARIES.includes(ctx.index.entityType[e]!)) continue;
    const lambda = expectedAt(ctx, e);
    found.push({ e, k: claims.size, lambda, chance: log10PoissonTail(claims.size, Math.max(lambda, 1e-3)) });
  }
  if (found.length === 0) return null;
  found.sort((a, b) => a.chance - b.chance || a.e - b.e);
  // Several providers were looked at: the best chance is corrected for how many (Bonferroni).
  const tested = Math.log10(found.length);
  const strengths = found.map((f) => strengthOf(Math.min(0, f.chance + tested), ctx.params.evidenceScale));
  // A second concentrated provider (the broker's clinic *and* appraiser) adds half its strength.
  const strength = Math.min(MAX_STRENGTH, strengths[0]! + 0.5 * (strengths[1] ?? 0));
  if (strength <= 0) return null;
  const best = found[0]!;
  const type = ctx.index.entityType[best.e]!;
  const label = `${type.replace('_', ' ')} ${ctx.index.info.get(ref(ctx, best.e))?.name ?? ctx.index.entityKey[best.e]}`;
  // What carries the signal: the providers at least half as strong as the best (and strong in themselves),
  // so a gang's own workshop is named and the clinic its members also happened to use is not.
  const refs = found
    .filter((_, i) => strengths[i]! >= Math.max(REF_STRENGTH, 0.5 * strengths[0]!))
    .map((f) => ref(ctx, f.e))
    .sort();
  return evidence(
    'intermediary_concentration',
    strength,
    weighted(ctx, 'intermediary_concentration', strength),
    `${best.k} of ${n} claims (${Math.round((best.k / n) * 100)}%) go through ${label}, which has ${ctx.index.degree[best.e]} claims in the whole book; ` +
      `from its share of other claims where these happened, ${best.lambda.toFixed(1)} would be expected (${chanceText(best.chance)})`,
    refs,
    strength
  );
};
