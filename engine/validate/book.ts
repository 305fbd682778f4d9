/**
 * ringsight/engine/validate/book
 * ==============================
 *
 * Assembles the claims book's links, entities and watchlist from the detail
 * rows batch.ts has judged valid. Built for a million claims: one key string
 * per entity shared by all its links (the hash every later lookup needs is
 * computed once), no `type:key` string per row, and nothing allocated for an
 * entity already described.
 */
import type { Claim, ClaimsBook, EntityInfo, EntityType, Link, WatchEntry } from '../model.js';
import { StringTable, ownCopy } from '../util/string-table.js';
import type { BatchFile } from './schema.js';
import { partyRow, providerRow, vehicleRow, watchRow, type RowContext } from './rows.js';

export class BookParts {
  private readonly links: Link[] = [];
  /** Per type, key → info: no `type:key` string built per row. */
  private readonly entities = new StringTable();
  private readonly entityInfo: EntityInfo[] = [];
  /** Entity type → its tag in `entities`, in order of first appearance. */
  private readonly entityTags = new Map<string, number>();
  private readonly watchlist = new Map<string, WatchEntry>();

  /** Links a parties, vehicles or providers row to `claim` (the stored claim's own id string); false when the row is invalid. */
  detail(file: BatchFile, ctx: RowContext, claim: string): boolean {
    if (file === 'parties.csv') {
      const p = partyRow(ctx);
      if (!p) return false;
      // One string per named person, shared by all its links: less memory, and the hash that
      // every later map lookup needs is computed once.
      const person =
        p.person && p.name ? this.describe('person', p.person, p.name, null) : p.person && ownCopy(p.person);
      if (person) this.links.push({ claim, type: 'person', key: person, role: p.role, person });
      if (p.phone) this.links.push({ claim, type: 'phone', key: p.phone, role: p.role, person });
      if (p.bankAccount)
        this.links.push({ claim, type: 'bank_account', key: ownCopy(p.bankAccount), role: p.role, person });
      return true;
    }
    if (file === 'vehicles.csv') {
      const v = vehicleRow(ctx);
      if (v) this.links.push({ claim, type: 'vehicle', key: ownCopy(v.key), role: v.role, person: null });
      return v !== null;
    }
    const pr = providerRow(ctx);
    if (!pr) return false;
    this.links.push({
      claim,
      type: pr.kind,
      key: this.describe(pr.kind, pr.key, pr.name, pr.region),
      role: pr.kind,
      person: null
    });
    return true;
  }

  /** First description wins; nothing is allocated for an entity already described. Returns the entity's one key string. */
  private describe(type: EntityType, key: string, name: string | null, region: string | null): string {
    let tag = this.entityTags.get(type);
    if (tag === undefined) this.entityTags.set(type, (tag = this.entityTags.size));
    const e = this.entities.intern(key, tag);
    if (e < this.entityInfo.length) return this.entityInfo[e]!.key;
    // The table and every link keep one copy of the key of their own, not a view onto the chunk.
    const own = ownCopy(key);
    this.entities.keys[e] = own;
    this.entityInfo.push({ type, key: own, name: name && ownCopy(name), region });
    return own;
  }

  /** Takes a watchlist.csv row; false when it is invalid. */
  watch(ctx: RowContext): boolean {
    const w = watchRow(ctx);
    if (!w) return false;
    this.watchlist.set(`${w.entity}:${w.key}`, w);
    return true;
  }

  /** Entities grouped by type in order of the types' first appearance, each type in order of first sight. */
  private entitiesByType(): EntityInfo[] {
    const groups: EntityInfo[][] = [...this.entityTags.values()].map(() => []);
    const tags = this.entities.tags;
    for (let e = 0; e < this.entityInfo.length; e++) groups[tags[e]!]!.push(this.entityInfo[e]!);
    // concat copies each group in one block; Array#flat visits the million entries one by one.
    return ([] as EntityInfo[]).concat(...groups);
  }

  /** The book of everything taken, without the claims in `rejected` and their links. */
  book(claims: readonly Claim[], rejected: ReadonlySet<string>): ClaimsBook {
    const keep = (id: string): boolean => !rejected.has(id);
    return {
      claims: rejected.size === 0 ? claims.slice() : claims.filter((c) => keep(c.id)),
      links: rejected.size === 0 ? this.links : this.links.filter((l) => keep(l.claim)),
      entities: this.entitiesByType(),
      watchlist: [...this.watchlist.values()]
    };
  }
}
