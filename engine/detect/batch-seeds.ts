/**
 * ringsight/engine/detect/batch-seeds
 * ===================================
 *
 * Rings drawn by a batch account: a bank account given for more than three
 * people, nearly all of its claims at one repair shop, its whole use a batch
 * of the shop's years (signals/shared, `bunched`). A dealer's desk account
 * serves customers for as long as the shop trades; a crew's account collects
 * for one batch of "customers" in a few weeks. The identity graph ties such a
 * batch to whatever its people are on elsewhere — a haulier whose car was
 * borrowed, a driver's own years of claims, the shop's desk phone — and the
 * candidate it lands in has little to show for it. The batch's claims outside
 * flagged rings form a candidate of their own, judged like every other, and
 * kept only when flagged; the claims it takes leave their candidates, which
 * are scored again.
 *
 * Accounts only: a phone on a shop's claims is often a clerk's, and lasts as
 * long as the clerk — on the blind book's seeds 1–2 two honest shop phones
 * were bunched, and both drew a false flag when phones seeded (12-07); no
 * honest account was.
 */
import { refOf, type ClaimsIndex } from '../graph/claims-index.js';
import { shopTies } from '../graph/shop-ties.js';
import { maskBankAccount } from '../privacy/mask.js';
import { bunched, SHARED_HOLDERS, TIED_SHARE, type UseSpan } from '../signals/shared.js';
import { claimOwners } from './claim-owners.js';
import { withSizeNote, type ScoredCandidate } from './ring.js';

/** Fewest claims outside flagged rings a batch draws a ring from (as for a provider pair, ./pair-seeds). */
const SEED_MIN = 4;
/** Claims of flagged rings a batch may sit on and still seed: from this many it is that ring's. */
const SEED_IN_RING = 3;

export interface Batch {
  /** The account (entity index). */
  id: number;
  /** The shop its claims go to, and how long each was in use. */
  shop: number;
  use: UseSpan;
  shopUse: UseSpan;
  holders: number;
  claims: number[];
}

/** Accounts whose use is a batch at one shop (more than three holders): their claims in claim order. */
export function batchIdentifiers(index: ClaimsIndex, spans: ReadonlyMap<number, UseSpan>): Batch[] {
  // Every shop trades within the shops' widest span, and a narrower span only makes a use more
  // bunched: an account not bunched against that widest span is no batch at any shop.
  const widest: UseSpan = { first: Infinity, last: -Infinity, days: 0 };
  for (const [e, span] of spans)
    if (index.entityType[e] === 'repair_shop') {
      widest.first = Math.min(widest.first, span.first);
      widest.last = Math.max(widest.last, span.last);
    }
  if (widest.first > widest.last) return [];
  const maybe = new Uint8Array(index.entities);
  for (const [e, span] of spans) if (index.entityType[e] === 'bank_account' && bunched(span, widest)) maybe[e] = 1;
  const out: Batch[] = [];
  for (const [e, tie] of shopTies(index, maybe)) {
    if (tie.holders.size <= SHARED_HOLDERS) continue;
    for (const [shop, n] of tie.atShop) {
      if (n < TIED_SHARE * index.degree[e]!) continue;
      const use = spans.get(e)!,
        shopUse = spans.get(shop)!;
      if (bunched(use, shopUse)) out.push({ id: e, shop, use, shopUse, holders: tie.holders.size, claims: tie.claims });
    }
  }
  return out.sort((a, b) => a.claims[0]! - b.claims[0]! || a.id - b.id);
}

/** New flagged rings from batch identifiers, appended to `claims` and `scored` in place; returns how many. */
export function seedFromBatches(
  index: ClaimsIndex,
  batches: readonly Batch[],
  claims: number[][],
  scored: Array<ScoredCandidate | null>,
  params: { flagThreshold: number; minClaims: number },
  score: (claims: number[]) => ScoredCandidate
): number {
  if (batches.length === 0) return 0;
  const { of: owner, flagged, move } = claimOwners(claims, scored, params, score);
  let drawn = 0;
  for (const batch of batches) {
    const free = batch.claims.filter((c) => !flagged(owner(c)));
    if (free.length < SEED_MIN || batch.claims.length - free.length >= SEED_IN_RING) continue;
    const s = score(free);
    if (s.score < params.flagThreshold) continue;
    drawn++;
    move(free, withBatchNote(index, s, batch));
  }
  return drawn;
}

/** Says on the ring's size evidence which account drew it, and how short its use was against the shop's. */
function withBatchNote(index: ClaimsIndex, s: ScoredCandidate, batch: Batch): ScoredCandidate {
  const shop = index.info.get(refOf(index, batch.shop))?.name ?? index.entityKey[batch.shop]!;
  const days = (u: UseSpan): string => (u.last - u.first + 1).toLocaleString('en-US');
  const note =
    `; drawn by bank account ${maskBankAccount(index.entityKey[batch.id]!)}, paid for ${batch.holders} people ` +
    `at repair shop ${shop} within ${days(batch.use)} days of the shop's ${days(batch.shopUse)}`;
  return withSizeNote(s, note);
}
