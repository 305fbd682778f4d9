/**
 * ringsight/engine/graph/claims-index
 * ===================================
 *
 * An integer-indexed view of a claims book: claims and entities numbered in
 * a canonical order (so the result does not depend on the order a store hands
 * records out), links grouped by claim, and each entity's degree counted in
 * distinct claims. Everything downstream works on these indices rather than
 * on string keys, which is what keeps a million-claim book fast.
 */
import type { Claim, ClaimsBook, EntityInfo, EntityType, Link, WatchEntry } from '../model.js';
import { entityRef } from '../model.js';
import { StringTable } from '../util/string-table.js';

export interface ClaimsIndex {
  claims: Claim[];
  claimIndex: Map<string, number>;
  /** Number of entities; their types and keys by entity index (refs are built on demand: see refOf). */
  entities: number;
  entityType: EntityType[];
  entityKey: string[];
  /** Distinct claims per entity. */
  degree: Int32Array;
  /** CSR by claim: links of claim c are linkStart[c] .. linkStart[c+1]-1. */
  linkStart: Int32Array;
  linkEntity: Int32Array;
  linkRole: string[];
  /** Entity index of the person a phone/account link belongs to, -1 when unknown. */
  linkPerson: Int32Array;
  /** Names and regions of providers by ref (people's names are not needed to detect). */
  info: Map<string, EntityInfo>;
  /** Watchlist entries by the entity index they name (entries naming no entity of the book are left out). */
  watch: Map<number, WatchEntry>;
}

function compareLinks(a: Link, b: Link): number {
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.role !== b.role) return a.role < b.role ? -1 : 1;
  const pa = a.person ?? '',
    pb = b.person ?? '';
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

/**
 * Stable sort of one claim's few links: an insertion sort, which for a handful of items costs far
 * less than Array.prototype.sort's setup and comparator calls. Any stable sort gives the same order.
 */
function sortLinks(slot: Link[]): void {
  if (slot.length > 32) {
    slot.sort(compareLinks);
    return;
  }
  for (let i = 1; i < slot.length; i++) {
    const l = slot[i]!;
    let j = i - 1;
    while (j >= 0 && compareLinks(slot[j]!, l) > 0) {
      slot[j + 1] = slot[j]!;
      j--;
    }
    slot[j + 1] = l;
  }
}

/**
 * Entities are numbered in order of first appearance over claims sorted by id,
 * each claim's links sorted by (type, key, role, person): a canonical order
 * reached without sorting millions of entity keys.
 */
export function indexBook(book: ClaimsBook): ClaimsIndex {
  // The built-in sort of plain strings (UTF-16 code-unit order, as `<` compares) is several
  // times faster than a comparator over claim objects. Claim ids are unique in a book.
  const ids = book.claims.map((c) => c.id).sort();
  const claimIndex = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) claimIndex.set(ids[i]!, i);
  const claims: Claim[] = new Array(ids.length);
  // Sorted position of each claim of the book, so the links' runs below mostly need no lookup.
  const rankOf = new Int32Array(book.claims.length);
  for (let p = 0; p < book.claims.length; p++) {
    const r = claimIndex.get(book.claims[p]!.id)!;
    rankOf[p] = r;
    claims[r] = book.claims[p]!;
  }

  // Counting sort of links by claim.
  const n = book.links.length;
  const linkClaim = new Int32Array(n);
  const linkStart = new Int32Array(claims.length + 1);
  // Links come in runs of one claim, mostly in the book's claim order: the next few claims are
  // compared before the map is asked (a million-entry map misses the CPU caches).
  let runClaim: string | null = null;
  let c = -1;
  let next = 0;
  for (let i = 0; i < n; i++) {
    const claim = book.links[i]!.claim;
    if (claim !== runClaim) {
      runClaim = claim;
      const last = Math.min(next + 4, book.claims.length);
      let q = next;
      while (q < last && book.claims[q]!.id !== claim) q++;
      if (q < last) {
        c = rankOf[q]!;
        next = q + 1;
      } else c = claimIndex.get(claim) ?? -1;
    }
    linkClaim[i] = c;
    if (c >= 0) linkStart[c + 1]!++;
  }
  for (let c = 0; c < claims.length; c++) linkStart[c + 1]! += linkStart[c]!;
  const total = linkStart[claims.length]!;
  const order = new Int32Array(total);
  const fill = linkStart.slice(0, claims.length);
  for (let i = 0; i < n; i++) {
    const c = linkClaim[i]!;
    if (c >= 0) order[fill[c]!++] = i;
  }

  // Entities numbered by one table over (type, key): ids are the canonical entity indices.
  // About one entity per two links (0.53 in the bench books): sized for a little more, so the
  // biggest table of the run is not doubled and rehashed once it is nearly full.
  const table = new StringTable(Math.ceil(n * 0.6));
  const entityType: EntityType[] = [];
  const typeTag = new Map<string, number>();
  // A claim's links are sorted by type: the last type's tag is usually the one needed.
  let lastType: string | null = null;
  let lastTag = 0;
  const tagOf = (type: string): number => {
    if (type !== lastType) {
      let tag = typeTag.get(type);
      if (tag === undefined) typeTag.set(type, (tag = typeTag.size));
      lastType = type;
      lastTag = tag;
    }
    return lastTag;
  };
  const lookup = (type: EntityType, key: string, create: boolean): number => {
    if (!create) return table.find(key, tagOf(type));
    const e = table.intern(key, tagOf(type));
    if (e === entityType.length) entityType.push(type);
    return e;
  };

  const linkEntity = new Int32Array(total);
  const linkPerson = new Int32Array(total);
  const linkRole: string[] = new Array(total);
  // Owners not among their own claim's people are resolved once every entity is numbered.
  const deferred: number[] = [];
  const deferredPerson: string[] = [];
  const slot: Link[] = [];
  for (let c = 0; c < claims.length; c++) {
    slot.length = 0;
    for (let j = linkStart[c]!; j < linkStart[c + 1]!; j++) slot.push(book.links[order[j]!]!);
    sortLinks(slot);
    const first = linkStart[c]!;
    for (let k = 0; k < slot.length; k++) {
      const l = slot[k]!;
      linkEntity[first + k] = lookup(l.type, l.key, true);
      linkRole[first + k] = l.role;
    }
    // A phone's or account's owner is almost always a party of the same claim: found
    // among its few person links without a lookup in the book-wide map.
    for (let k = 0; k < slot.length; k++) {
      const p = slot[k]!.person;
      let owner = -1;
      if (p) {
        for (let m = 0; m < slot.length; m++) {
          if (slot[m]!.type === 'person' && slot[m]!.key === p) {
            owner = linkEntity[first + m]!;
            break;
          }
        }
        if (owner < 0) {
          deferred.push(first + k);
          deferredPerson.push(p);
        }
      }
      linkPerson[first + k] = owner;
    }
  }
  for (let k = 0; k < deferred.length; k++) linkPerson[deferred[k]!] = lookup('person', deferredPerson[k]!, false);
  const count = table.size;
  const entityKey = table.keys;
  const degree = new Int32Array(count);
  const lastClaim = new Int32Array(count).fill(-1);
  for (let c = 0; c < claims.length; c++) {
    for (let i = linkStart[c]!; i < linkStart[c + 1]!; i++) {
      const e = linkEntity[i]!;
      if (lastClaim[e] !== c) {
        lastClaim[e] = c;
        degree[e]!++;
      }
    }
  }

  const info = new Map<string, EntityInfo>();
  for (const e of book.entities) if (e.type !== 'person') info.set(entityRef(e.type, e.key), e);
  const watch = new Map<number, WatchEntry>();
  for (const w of book.watchlist) {
    const e = lookup(w.entity, w.key, false);
    if (e >= 0) watch.set(e, w);
  }

  return {
    claims,
    claimIndex,
    entities: count,
    entityType,
    entityKey,
    degree,
    linkStart,
    linkEntity,
    linkRole,
    linkPerson,
    info,
    watch
  };
}

/** The `type:key` ref of an entity, as graph nodes and evidence name it. */
export function refOf(index: ClaimsIndex, e: number): string {
  return entityRef(index.entityType[e]!, index.entityKey[e]!);
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
