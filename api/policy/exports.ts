/**
 * ringsight/api/policy/exports
 * ============================
 *
 * What the claims data handed to a report generator may carry, per caller.
 * The watchlist read policy of the API (routes/entities.ts: the entry itself
 * only for ACCESS.watchlist roles) applies to exports too: for anyone else a
 * report shows that a member is listed, never why or by whom. And free text
 * (watchlist reasons) is scrubbed of identity numbers unless the report
 * discloses identities anyway (police on a case).
 */
import type { ClaimsBook, WatchEntry } from '../../engine/model.js';
import { scrubFreeText } from '../../engine/privacy/scrub.js';
import { ACCESS, type Principal } from './roles.js';

const WITHHELD = { zh: '（列入原因仅限协会查阅）', en: '(reason restricted to the association)' } as const;

export function mayReadWatchEntries(p: Principal): boolean {
  return (ACCESS.watchlist as readonly string[]).includes(p.role);
}

/** Watchlist entries as a report for this caller may show them. `today`: YYYY-MM-DD. */
export function watchlistForExport(
  entries: readonly WatchEntry[],
  p: Principal,
  masked: boolean,
  lang: 'zh' | 'en',
  today: string
): WatchEntry[] {
  if (mayReadWatchEntries(p))
    return entries.map((w) => ({ ...w, reason: w.reason === null || !masked ? w.reason : scrubFreeText(w.reason) }));
  // No reason, lister or dates: only that the entity is listed (and only while the entry is in force).
  return entries
    .filter((w) => w.expiresAt === null || w.expiresAt >= today)
    .map((w) => ({
      entity: w.entity,
      key: w.key,
      reason: WITHHELD[lang],
      listedBy: null,
      listedAt: null,
      expiresAt: null
    }));
}

/** The book a report is generated from, with its watchlist cut to the caller's policy. */
export function bookForExport(
  book: ClaimsBook,
  p: Principal,
  masked: boolean,
  lang: 'zh' | 'en',
  today = new Date().toISOString().slice(0, 10)
): ClaimsBook {
  return { ...book, watchlist: watchlistForExport(book.watchlist, p, masked, lang, today) };
}
