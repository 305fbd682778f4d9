/**
 * ringsight/reports/slice
 * =======================
 *
 * The part of a claims book a report needs, taken in one pass over each of
 * the book's arrays: the selected rings' claims and their links, the names
 * and watchlist entries of their members, and how many claims in the whole
 * book each member has (what "this clinic has 40 claims, 20% of them the
 * ring's" is measured against). A million-claim projection costs one scan,
 * never a lookup per ring.
 */
import type { Claim, ClaimsBook, Link, Ring, WatchEntry } from '../engine/model.js';
import { ReportError } from './errors.js';

export interface BookSlice {
  claims: Map<string, Claim>;
  links: Map<string, Link[]>;
  names: Map<string, string>;
  watch: Map<string, WatchEntry>;
  /** Distinct claims per member ref across the whole book. */
  degree: Map<string, number>;
}

export function sliceBook(book: ClaimsBook, rings: readonly Ring[]): BookSlice {
  const wantedClaims = new Set<string>();
  // Keys first, types second: the common miss costs one Set lookup, no string building.
  const memberTypes = new Map<string, Set<string>>();
  for (const ring of rings) {
    for (const id of ring.claims) wantedClaims.add(id);
    for (const m of ring.members) {
      let types = memberTypes.get(m.key);
      if (!types) memberTypes.set(m.key, (types = new Set()));
      types.add(m.type);
    }
  }
  const isMember = (type: string, key: string): boolean => memberTypes.get(key)?.has(type) ?? false;

  const claims = new Map<string, Claim>();
  for (const c of book.claims) if (wantedClaims.has(c.id)) claims.set(c.id, c);
  const missing = [...wantedClaims].filter((id) => !claims.has(id));
  if (missing.length > 0) {
    throw new ReportError(
      'data_mismatch',
      `${missing.length} ring claims (e.g. ${missing.slice(0, 3).join(', ')}) are not in the claims data: ` +
        'the detection run and the data do not belong together',
      { missing: missing.length }
    );
  }

  const links = new Map<string, Link[]>();
  const seen = new Map<string, Set<string>>();
  for (const l of book.links) {
    if (wantedClaims.has(l.claim)) {
      let list = links.get(l.claim);
      if (!list) links.set(l.claim, (list = []));
      list.push(l);
    }
    if (!isMember(l.type, l.key)) continue;
    const ref = `${l.type}:${l.key}`;
    // An entity appears on a claim once per role; the claim counts once.
    let set = seen.get(ref);
    if (!set) seen.set(ref, (set = new Set()));
    set.add(l.claim);
  }
  const degree = new Map<string, number>();
  for (const [ref, set] of seen) degree.set(ref, set.size);

  const names = new Map<string, string>();
  for (const e of book.entities) {
    if (e.name && isMember(e.type, e.key)) {
      const ref = `${e.type}:${e.key}`;
      if (!names.has(ref)) names.set(ref, e.name);
    }
  }
  const watch = new Map<string, WatchEntry>();
  for (const w of book.watchlist) if (isMember(w.entity, w.key)) watch.set(`${w.entity}:${w.key}`, w);
  return { claims, links, names, watch, degree };
}
