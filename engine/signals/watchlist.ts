/**
 * ringsight/engine/signals/watchlist
 * ==================================
 *
 * Hits on the shared blacklist insurers contribute: people, phones, vehicles,
 * accounts and providers of the ring already listed, with who listed them and
 * why. Expired entries no longer count.
 *
 * Judged against how much of the book is listed: a watchlist that names one
 * person in fifty makes a listed stranger in a big cluster a coincidence; in a
 * book where one in a thousand is listed, two listed core members are not.
 * Hits on the ring's core (entities on two or more of its claims) are judged on
 * their own, since a cluster's periphery collects listed strangers by chance.
 */
import type { WatchEntity } from '../model.js';
import { maskKey } from '../privacy/mask.js';
import { evidence, ref, strengthFrom, weighted, type Signal } from './context.js';
import { chanceText, log10PoissonTail } from './surprise.js';

export const watchlistHits: Signal = (ctx) => {
  const refs: string[] = [];
  const details: string[] = [];
  let expected = 0,
    expectedCore = 0,
    hitsCore = 0;
  const listed: number[] = [];
  for (const [e, claims] of ctx.entityClaims) {
    const type = ctx.index.entityType[e]!;
    if (type === 'tow') continue;
    const r = ctx.stats.rates.watched.get(type)?.rate ?? 0;
    expected += r;
    if (claims.size >= 2) expectedCore += r;
    if (ctx.index.watch.has(e)) listed.push(e);
  }
  if (listed.length === 0) return null;
  for (const e of listed.sort((a, b) => a - b)) {
    const type = ctx.index.entityType[e]!;
    const core = ctx.entityClaims.get(e)!.size >= 2;
    const entry = ctx.index.watch.get(e)!;
    if (entry.expiresAt && ctx.params.asOf && entry.expiresAt < ctx.params.asOf) continue;
    refs.push(ref(ctx, e));
    if (core) hitsCore++;
    if (details.length < 4) {
      details.push(
        `${type} ${maskKey(type as WatchEntity, entry.key)}${entry.reason ? ` (${entry.reason}` : ' ('}` +
          `${entry.listedBy ? `, listed by ${entry.listedBy}` : ''}${entry.listedAt ? ` on ${entry.listedAt}` : ''})`
      );
    }
  }
  if (refs.length === 0) return null;
  const chance = Math.min(log10PoissonTail(refs.length, expected), log10PoissonTail(hitsCore, expectedCore));
  const strength = strengthFrom(ctx, 'watchlist_hit', chance);
  // A listed member is shown even when this book lists so much that it scores nothing.
  return evidence(
    'watchlist_hit',
    refs.length,
    weighted(ctx, 'watchlist_hit', strength),
    `${refs.length} ring entities are on the shared watchlist (${hitsCore} on several claims): ${details.join('; ')}; ` +
      `from how much of this book is listed, ${expected.toFixed(2)} would be expected (${chanceText(chance)})` +
      (strength === 0 ? '; not unusual enough here to count' : ''),
    refs,
    strength,
    true
  );
};
