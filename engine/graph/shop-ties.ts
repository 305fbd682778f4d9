/**
 * ringsight/engine/graph/shop-ties
 * ================================
 *
 * How phones and accounts sit at repair shops: for each identifier asked
 * about, the people it is given for and its claims at a shop, per shop. Both
 * a dealer's desk (./desk-identities) and a crew's batch account
 * (../detect/batch-seeds) are identifiers tied to one shop; what tells them
 * apart is how long they served it.
 */
import type { ClaimsIndex } from './claims-index.js';

export interface ShopTie {
  /** People the identifier is given for on its claims at a shop (agents' rows and rows without a person aside). */
  holders: Set<number>;
  /** Its claims at a repair shop, ascending. */
  claims: number[];
  /** Those claims per shop (entity index). */
  atShop: Map<number, number>;
}

/** The shop ties of every identifier marked 1 in `asked`, in order of first claim. */
export function shopTies(index: ClaimsIndex, asked: Uint8Array): Map<number, ShopTie> {
  const ties = new Map<number, ShopTie>();
  if (!asked.includes(1)) return ties;
  for (let c = 0; c < index.claims.length; c++) {
    let any = false;
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]! && !any; i++) any = asked[index.linkEntity[i]!] === 1;
    if (!any) continue;
    let shop = -1;
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++)
      if (index.entityType[index.linkEntity[i]!] === 'repair_shop') shop = index.linkEntity[i]!;
    if (shop < 0) continue;
    for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
      const e = index.linkEntity[i]!;
      if (!asked[e] || index.linkRole[i] === 'agent' || index.linkPerson[i]! < 0) continue;
      let tie = ties.get(e);
      if (!tie) ties.set(e, (tie = { holders: new Set(), claims: [], atShop: new Map() }));
      tie.holders.add(index.linkPerson[i]!);
      if (tie.claims[tie.claims.length - 1] === c) continue;
      tie.claims.push(c);
      tie.atShop.set(shop, (tie.atShop.get(shop) ?? 0) + 1);
    }
  }
  return ties;
}
