/**
 * ringsight/api/data/scope
 * ========================
 *
 * What an insurer caller may reach beyond its own claims. The rule is the
 * rings rule (routes/rings.ts): a ring is in scope when it holds at least one
 * of the insurer's claims, and then its claims are in scope too (as masked
 * facts under handles). Neighbourhoods (routes/entities.ts) are cut to claims
 * in scope and the entities linked to them; exact identity lookups are
 * answered only for identities linked to the insurer's *own* claims.
 */
import type { EntityType } from '../../engine/model.js';
import type { RingStore } from '../../store/types.js';
import type { RingIndex } from './ring-index.js';

const ringClaimCache = new WeakMap<RingIndex, Map<string, ReadonlySet<string>>>();

/** Claims of the rings (of this run) that hold at least one of the insurer's claims. */
export function ringClaimsInScope(index: RingIndex | null, insurer: string): ReadonlySet<string> {
  if (!index) return new Set();
  let perInsurer = ringClaimCache.get(index);
  if (!perInsurer) ringClaimCache.set(index, (perInsurer = new Map()));
  let claims = perInsurer.get(insurer);
  if (!claims) {
    const set = new Set<string>();
    for (const r of index.rings) if (r.insurers.includes(insurer)) for (const c of r.claims) set.add(c);
    perInsurer.set(insurer, (claims = set));
  }
  return claims;
}

/** The claims an entity (or claim) is directly linked to: itself for a claim. */
export async function linkedClaims(store: RingStore, type: EntityType | 'claim', key: string): Promise<string[]> {
  if (type === 'claim') return [key];
  const hood = await store.neighbourhood(type, key, 1, 5000);
  return hood ? hood.nodes.filter((n) => n.type === 'claim').map((n) => n.key) : [];
}

/** Whether the entity is linked to at least one claim of this insurer. */
export async function linkedToOwn(
  store: RingStore,
  type: EntityType | 'claim',
  key: string,
  insurer: string
): Promise<boolean> {
  const ids = await linkedClaims(store, type, key);
  if (ids.length === 0) return false;
  return (await store.claims(ids)).some((c) => c.insurer === insurer);
}
