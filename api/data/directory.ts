/**
 * ringsight/api/data/directory
 * ============================
 *
 * Names of entities (people, providers) for display and for the search box.
 * The store interface has no name lookup, so the directory is built once from
 * a projection — lazily, or from the projection a detection run already took
 * — and then kept current with each uploaded batch, never rebuilt per request.
 */
import type { ClaimsBook, EntityInfo } from '../../engine/model.js';
import type { RingStore } from '../../store/types.js';

export interface NamedEntity {
  type: string;
  key: string;
  name: string;
  lower: string;
}

export interface DirectoryData {
  names: Map<string, string>;
  named: NamedEntity[];
}

function build(entities: readonly EntityInfo[]): DirectoryData {
  const data: DirectoryData = { names: new Map(), named: [] };
  add(data, entities);
  return data;
}

function add(data: DirectoryData, entities: readonly EntityInfo[]): void {
  for (const e of entities) {
    const ref = `${e.type}:${e.key}`;
    // Like the stores: the first description of an entity wins.
    if (!e.name || data.names.has(ref)) continue;
    data.names.set(ref, e.name);
    data.named.push({ type: e.type, key: e.key, name: e.name, lower: e.name.toLowerCase() });
  }
}

export class EntityDirectory {
  private data: Promise<DirectoryData> | null = null;

  constructor(private readonly store: RingStore) {}

  get(): Promise<DirectoryData> {
    if (!this.data) {
      const loading = this.store.projection().then((book) => build(book.entities));
      loading.catch(() => {
        if (this.data === loading) this.data = null;
      });
      this.data = loading;
    }
    return this.data;
  }

  /** A full projection in hand (a detection run took one): the authoritative directory. */
  adopt(book: ClaimsBook): void {
    this.data = Promise.resolve(build(book.entities));
  }

  /** A batch was ingested: describe its new entities (only if the directory is built; else it will be). */
  addBook(book: ClaimsBook): void {
    if (this.data)
      this.data = this.data.then((d) => {
        add(d, book.entities);
        return d;
      });
  }

  /** Entities whose name contains `q`; people only when the caller may see names unmasked. */
  async search(q: string, options: { people: boolean; limit: number }): Promise<NamedEntity[]> {
    const needle = q.trim().toLowerCase();
    const out: NamedEntity[] = [];
    if (needle === '') return out;
    for (const e of (await this.get()).named) {
      if (e.type === 'person' && !options.people) continue;
      if (e.lower.includes(needle)) {
        out.push(e);
        if (out.length >= options.limit) break;
      }
    }
    return out;
  }
}
