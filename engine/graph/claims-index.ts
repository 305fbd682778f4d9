/**
 * ringsight/graph/claims-index
 * ============================
 *
 * An integer-indexed view of a claims book: claims and entities numbered in
 * sorted key order (so the result does not depend on the order a store hands
 * records out), links grouped by claim, and each entity's degree counted in
 * distinct claims. Everything downstream works on these indices rather than
 * on string keys, which is what keeps a million-claim book fast.
 */
import type { Claim, ClaimsBook, EntityInfo, EntityType, WatchEntry } from '../model.js';
import { entityRef } from '../model.js';

export interface ClaimsIndex {
  claims: Claim[];
  claimIndex: Map<string, number>;
  /** Entity refs (`type:key`), types and keys by entity index. */
  entityRef: string[];
  entityType: EntityType[];
  entityKey: string[];
  entityIndex: Map<string, number>;
  /** Distinct claims per entity. */
  degree: Int32Array;
  /** CSR by claim: links of claim c are linkStart[c] .. linkStart[c+1]-1. */
  linkStart: Int32Array;
  linkEntity: Int32Array;
  linkRole: string[];
  /** Entity index of the person a phone/account link belongs to, -1 when unknown. */
  linkPerson: Int32Array;
  info: Map<string, EntityInfo>;
  watch: Map<string, WatchEntry>;
}

export function indexBook(book: ClaimsBook): ClaimsIndex {
  const claims = [...book.claims].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const claimIndex = new Map<string, number>();
  claims.forEach((c, i) => claimIndex.set(c.id, i));

  const refSet = new Set<string>();
  for (const l of book.links) refSet.add(entityRef(l.type, l.key));
  const refs = [...refSet].sort();
  const entityIndex = new Map<string, number>();
  const entityType: EntityType[] = new Array(refs.length);
  const entityKey: string[] = new Array(refs.length);
  refs.forEach((ref, i) => {
    entityIndex.set(ref, i);
    const colon = ref.indexOf(':');
    entityType[i] = ref.slice(0, colon) as EntityType;
    entityKey[i] = ref.slice(colon + 1);
  });

  // Counting sort of links by claim, then each claim's few links by (entity, role, person):
  // deterministic per-claim order without sorting millions of objects.
  const n = book.links.length;
  const linkClaim = new Int32Array(n);
  const linkStart = new Int32Array(claims.length + 1);
  for (let i = 0; i < n; i++) {
    const c = claimIndex.get(book.links[i]!.claim) ?? -1;
    linkClaim[i] = c;
    if (c >= 0) linkStart[c + 1]++;
  }
  for (let c = 0; c < claims.length; c++) linkStart[c + 1]! += linkStart[c]!;
  const total = linkStart[claims.length]!;
  const order = new Int32Array(total);
  const fill = linkStart.slice(0, claims.length);
  for (let i = 0; i < n; i++) {
    const c = linkClaim[i]!;
    if (c >= 0) order[fill[c]!++] = i;
  }
  const linkEntity = new Int32Array(total);
  const linkPerson = new Int32Array(total);
  const linkRole: string[] = new Array(total);
  const slot: Array<{ e: number; role: string; p: number }> = [];
  for (let c = 0; c < claims.length; c++) {
    slot.length = 0;
    for (let j = linkStart[c]!; j < linkStart[c + 1]!; j++) {
      const l = book.links[order[j]!]!;
      slot.push({
        e: entityIndex.get(entityRef(l.type, l.key))!,
        role: l.role,
        p: l.person ? entityIndex.get(entityRef('person', l.person)) ?? -1 : -1
      });
    }
    slot.sort((a, b) => a.e - b.e || (a.role < b.role ? -1 : a.role > b.role ? 1 : 0) || a.p - b.p);
    for (let k = 0; k < slot.length; k++) {
      const j = linkStart[c]! + k;
      linkEntity[j] = slot[k]!.e;
      linkRole[j] = slot[k]!.role;
      linkPerson[j] = slot[k]!.p;
    }
  }

  const degree = new Int32Array(refs.length);
  const lastClaim = new Int32Array(refs.length).fill(-1);
  for (let c = 0; c < claims.length; c++) {
    for (let i = linkStart[c]!; i < linkStart[c + 1]!; i++) {
      const e = linkEntity[i]!;
      if (lastClaim[e] !== c) { lastClaim[e] = c; degree[e]++; }
    }
  }

  const info = new Map<string, EntityInfo>();
  for (const e of book.entities) info.set(entityRef(e.type, e.key), e);
  const watch = new Map<string, WatchEntry>();
  for (const w of book.watchlist) watch.set(`${w.entity}:${w.key}`, w);

  return {
    claims, claimIndex, entityRef: refs, entityType, entityKey, entityIndex, degree,
    linkStart, linkEntity, linkRole, linkPerson, info, watch
  };
}

/** Distinct entity indices of a claim, in ascending order. */
export function claimEntities(index: ClaimsIndex, c: number): number[] {
  const out: number[] = [];
  for (let i = index.linkStart[c]!; i < index.linkStart[c + 1]!; i++) {
    const e = index.linkEntity[i]!;
    if (out[out.length - 1] !== e) out.push(e);
  }
  return out;
}
