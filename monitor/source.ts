/**
 * ringsight/monitor/source
 * ========================
 *
 * The data side of a monitoring run: loading a batch directory into the
 * store (validated, all or nothing) and the data version — a digest of the
 * book a run detected on, so a run can tell it would repeat the last one.
 */
import { readBatch } from '../ingest/read-batch.js';
import type { ValidationResult } from '../engine/validate/batch.js';
import type { ClaimsBook } from '../engine/model.js';
import type { RunInput } from '../engine/run.js';
import { fnv1a } from '../engine/util/random.js';
import type { RingStore } from '../store/types.js';

export class WatchInputError extends Error {
  constructor(
    readonly input: string,
    readonly validation: ValidationResult
  ) {
    super(`ringsight/monitor: ${input} has ${validation.errors} errors; nothing was loaded`);
  }
}

export interface LoadedBatch {
  input: string;
  claims: number;
  added: number;
  updated: number;
  validation: ValidationResult;
}

export async function loadBatch(
  store: RingStore,
  input: string,
  options: { allowPartial: boolean; loadedAt: Date; onBytes?: (file: string, bytes: number, size: number) => void }
): Promise<LoadedBatch> {
  const validation = await readBatch(input, {
    allowPartial: options.allowPartial,
    ...(options.onBytes ? { onBytes: options.onBytes } : {})
  });
  if (!validation.ok) throw new WatchInputError(input, validation);
  const summary = await store.ingest(validation.book, { batchId: input, loadedAt: options.loadedAt.toISOString() });
  return { input, claims: validation.book.claims.length, added: summary.added, updated: summary.updated, validation };
}

/**
 * Order-independent digest of everything detection reads (claims, links,
 * entities, watchlist): a sum of per-item hashes, because stores return
 * items in different orders and sorting millions of links costs more than
 * hashing them.
 */
export function dataVersion(book: ClaimsBook): string {
  let a = 0;
  let b = 0;
  const add = (text: string): void => {
    a = (a + parseInt(fnv1a(text), 16)) >>> 0;
    b = (b + parseInt(fnv1a(text, 0x9e3779b9), 16)) >>> 0;
  };
  for (const c of book.claims) add('c' + JSON.stringify(c));
  for (const l of book.links) add(`l${l.claim}|${l.type}|${l.key}|${l.role}|${l.person ?? ''}`);
  for (const e of book.entities) add(`e${e.type}|${e.key}|${e.region ?? ''}`);
  for (const w of book.watchlist) add('w' + JSON.stringify(w));
  const hex = (n: number): string => n.toString(16).padStart(8, '0');
  return `d1-${book.claims.length}-${hex(a)}${hex(b)}`;
}

/** The run's input summary, from the validated batch when one was loaded, else from the projection. */
export function runInput(book: ClaimsBook, source: string, loaded: LoadedBatch | null, version: string): RunInput {
  const count = (file: keyof ValidationResult['files']): number => loaded?.validation.files[file]?.accepted ?? 0;
  const links = (pred: (type: string) => boolean): number => book.links.reduce((n, l) => n + (pred(l.type) ? 1 : 0), 0);
  return {
    source,
    claims: book.claims.length,
    parties: loaded ? count('parties.csv') : links((t) => t === 'person'),
    vehicles: loaded ? count('vehicles.csv') : links((t) => t === 'vehicle'),
    providers: loaded
      ? count('providers.csv')
      : links((t) => !['person', 'phone', 'bank_account', 'vehicle'].includes(t)),
    watchlist: book.watchlist.length,
    rejectedClaims: loaded?.validation.rejectedClaims.length ?? 0,
    warnings: loaded?.validation.warnings ?? 0,
    dataVersion: version
  };
}
