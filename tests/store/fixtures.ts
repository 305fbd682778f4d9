/**
 * Test fixtures for the store suites: one generated batch (validated the way
 * the CLI validates it), canonical forms of books for order-free comparison,
 * and the Neo4j the vitest global setup started (empty URI: none, skip).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { generate } from '../../datasets/generator/index.js';
import type { ClaimsBook } from '../../engine/model.js';
import type { ValidationResult } from '../../engine/validate/batch.js';
import { readBatch } from '../../ingest/read-batch.js';

export const CLAIMS = 2500;

export interface Fixture {
  dir: string;
  validation: ValidationResult;
  book: ClaimsBook;
  rows: number;
}

let fixture: Promise<Fixture> | null = null;

/** The batch every store test uses: generated once per test file (seed 7, with planted rings). */
export function batchFixture(): Promise<Fixture> {
  fixture ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringsight-store-'));
    await generate({ claims: CLAIMS, out: dir, seed: 7, claimsPerRing: 250 });
    const validation = await readBatch(dir, { allowPartial: false });
    if (!validation.ok) throw new Error(`fixture batch does not validate: ${validation.errors} errors`);
    const rows = Object.values(validation.files).reduce((sum, f) => sum + (f?.rows ?? 0), 0);
    return { dir, validation, book: validation.book, rows };
  })();
  return fixture;
}

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** The book with every list in a fixed order, so two stores' projections compare with toEqual. */
export function canonical(book: ClaimsBook): ClaimsBook {
  return {
    claims: [...book.claims].sort(byKey((c) => c.id)),
    links: [...book.links].sort(byKey((l) => `${l.claim}|${l.type}|${l.key}|${l.role}|${l.person ?? ''}`)),
    entities: [...book.entities].sort(byKey((e) => `${e.type}|${e.key}`)),
    watchlist: [...book.watchlist].sort(byKey((w) => `${w.entity}|${w.key}`))
  };
}

export interface Neo4jTarget {
  uri: string;
  user: string;
  password: string;
}

/** The test server from tests/setup/neo4j-global.ts; uri '' when there is none (local runs only). */
export function neo4jTarget(): Neo4jTarget {
  const uri = inject('NEO4J_URI') || process.env.NEO4J_URI || '';
  if (!uri && process.env.CI && process.env.CI !== 'false') {
    throw new Error('NEO4J_URI is not set under CI: is tests/setup/neo4j-global.ts registered as globalSetup?');
  }
  return {
    uri,
    user: inject('NEO4J_USER') || process.env.NEO4J_USER || 'neo4j',
    password: inject('NEO4J_PASSWORD') ?? process.env.NEO4J_PASSWORD ?? ''
  };
}
