/**
 * ringsight/store/neo4j/projection
 * ================================
 *
 * Streams the analysis graph out of Neo4j into the engine's ClaimsBook:
 * claims with their links, described entities and the watchlist. Pages are
 * key-ordered (`WHERE id > $after ORDER BY id LIMIT $page`, served by the
 * unique index: no SKIP, no sort), each page read in its own transaction and
 * appended straight to the book, so the driver never holds more than a few
 * pages and the whole result is never held twice.
 */
import type { Claim, ClaimsBook, EntityInfo, EntityType, Link, WatchEntry } from '../../engine/model.js';
import type { Record as Neo4jRecord } from 'neo4j-driver';
import { int, type Db, type Row } from './db.js';
import { ALL_LINK_RELS, DESCRIBED_TYPES, ENTITY_LABEL, entityTypeOfRel } from './model.js';

export interface ProjectionProgress {
  claims: number;
  links: number;
  entities: number;
}

export const DEFAULTS = {
  /** Only claims reported on or before this date (YYYY-MM-DD), as bookAsOf does. */
  asOf: null as string | null,
  /** Claims per page (each with its links, ~7 on average). */
  pageSize: 10_000,
  /** Records per round trip within a page. */
  fetchSize: 10_000,
  /** Entities per page. */
  entityPageSize: 50_000,
  onPage: null as ((progress: ProjectionProgress) => void) | null
};

export type ProjectionOptions = typeof DEFAULTS;

export class ProjectionError extends Error {
  constructor(message: string) {
    super(`ringsight/neo4j-projection: ${message}`);
  }
}

export function claimFromRow(r: Row): Claim {
  return {
    id: r.id as string,
    insurer: r.insurer as string,
    policyNo: (r.policyNo as string | null) ?? null,
    product: r.product as Claim['product'],
    region: r.region as string,
    accidentDate: r.accidentDate as string,
    reportDate: (r.reportDate as string | null) ?? null,
    policyStart: (r.policyStart as string | null) ?? null,
    claimed: r.claimed as number,
    paid: (r.paid as number | null) ?? null,
    status: (r.status as Claim['status']) ?? null
  };
}

type ClaimList = [
  string,
  string,
  string | null,
  Claim['product'],
  string,
  string,
  string | null,
  string | null,
  number,
  number | null,
  Claim['status'] | null,
  Array<[string, string, string, string | null]>
];

/**
 * Claims with their links, page after page. The next page is asked for as soon as a page arrives
 * (its last key is all it needs), so the server reads page k + 1 while the client turns page k
 * into the book.
 */
async function claimPages(db: Db, book: ClaimsBook, o: ProjectionOptions): Promise<void> {
  const statement = db.cypher.statement('projection-claims', { links: ALL_LINK_RELS });
  const typeOf = new Map<string, EntityType>();
  // Values with few distinct strings (insurers, products, regions, dates, statuses, roles) are kept
  // once each rather than once per claim or link: at 1M claims that is ~10M fewer live strings
  // for the garbage collector to copy and mark.
  const seen = new Map<string, string>();
  const shared = <T extends string | null>(value: T): T => {
    if (value === null) return value;
    const known = seen.get(value);
    if (known !== undefined) return known as T;
    seen.set(value, value);
    return value;
  };
  const page = (after: string): Promise<Neo4jRecord[]> =>
    db.read(async (tx) => (await tx.run(statement, { after, asOf: o.asOf, page: int(o.pageSize) })).records, {
      fetchSize: o.fetchSize
    });
  for (let pending: Promise<Neo4jRecord[]> | null = page(''); pending !== null;) {
    const records: Neo4jRecord[] = await pending;
    pending = records.length === o.pageSize ? page((records[records.length - 1]!.get(0) as ClaimList)[0]) : null;
    for (const record of records) {
      const [
        id,
        insurer,
        policyNo,
        product,
        region,
        accidentDate,
        reportDate,
        policyStart,
        claimed,
        paid,
        status,
        links
      ] = record.get(0) as ClaimList;
      book.claims.push({
        id,
        insurer: shared(insurer),
        policyNo,
        product: shared(product),
        region: shared(region),
        accidentDate: shared(accidentDate),
        reportDate: shared(reportDate),
        policyStart: shared(policyStart),
        claimed,
        paid,
        status: shared(status)
      });
      for (const [rel, key, role, person] of links) {
        let type = typeOf.get(rel);
        if (type === undefined) typeOf.set(rel, (type = entityTypeOfRel(rel)));
        book.links.push({ claim: id, type, key, role: shared(role), person } satisfies Link);
      }
    }
    o.onPage?.({ claims: book.claims.length, links: book.links.length, entities: 0 });
  }
}

export async function projectBook(db: Db, options: Partial<ProjectionOptions> = {}): Promise<ClaimsBook> {
  const o = { ...DEFAULTS, ...options };
  if (o.asOf !== null && !/^\d{4}-\d{2}-\d{2}$/.test(o.asOf))
    throw new ProjectionError(`asOf must be YYYY-MM-DD, got "${o.asOf}"`);
  const book: ClaimsBook = { claims: [], links: [], entities: [], watchlist: [] };
  await claimPages(db, book, o);

  for (const type of DESCRIBED_TYPES) {
    const fill = { label: ENTITY_LABEL[type] };
    const entityPage = (after: string): Promise<Row[]> =>
      db.query('projection-entities', { after, page: int(o.entityPageSize) }, fill);
    for (let pending: ReturnType<typeof entityPage> | null = entityPage(''); pending !== null;) {
      const rows: Row[] = await pending;
      pending = rows.length === o.entityPageSize ? entityPage(rows[rows.length - 1]!.key as string) : null;
      for (const r of rows) {
        book.entities.push({
          type,
          key: r.key as string,
          name: (r.name as string | null) ?? null,
          region: (r.region as string | null) ?? null
        } satisfies EntityInfo);
      }
    }
    o.onPage?.({ claims: book.claims.length, links: book.links.length, entities: book.entities.length });
  }

  book.watchlist = await listWatch(db);
  return book;
}

export async function listWatch(db: Db): Promise<WatchEntry[]> {
  return (await db.query('watch-list')).map((r) => ({
    entity: r.entity as WatchEntry['entity'],
    key: r.key as string,
    reason: (r.reason as string | null) ?? null,
    listedBy: (r.listedBy as string | null) ?? null,
    listedAt: (r.listedAt as string | null) ?? null,
    expiresAt: (r.expiresAt as string | null) ?? null
  }));
}
