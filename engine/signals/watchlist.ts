/**
 * ringsight/signals/watchlist
 * ===========================
 *
 * Hits on the shared blacklist insurers contribute: people, phones, vehicles,
 * accounts and providers of the ring already listed, with who listed them and
 * why. Expired entries no longer count. A hit on a core entity (on two or
 * more of the ring's claims) weighs fully; one on the periphery — a single
 * claim's witness or phone in a large cluster — weighs little, since a big
 * cluster picks up a listed stranger by chance.
 */
import type { WatchEntity } from '../model.js';
import { maskKey } from '../privacy/mask.js';
import { evidence, ref, type Signal } from './context.js';

export const watchlistHits: Signal = (ctx) => {
  const refs: string[] = [];
  const details: string[] = [];
  let points = 0;
  for (const e of [...ctx.entityClaims.keys()].sort((a, b) => a - b)) {
    const type = ctx.index.entityType[e]!;
    if (type === 'tow') continue;
    const entry = ctx.index.watch.get(e);
    if (!entry) continue;
    if (entry.expiresAt && ctx.params.asOf && entry.expiresAt < ctx.params.asOf) continue;
    refs.push(ref(ctx, e));
    points += ctx.entityClaims.get(e)!.size >= 2 ? 8 : 3;
    if (details.length < 4) {
      details.push(`${type} ${maskKey(type as WatchEntity, entry.key)}${entry.reason ? ` (${entry.reason}` : ' ('}` +
        `${entry.listedBy ? `, listed by ${entry.listedBy}` : ''}${entry.listedAt ? ` on ${entry.listedAt}` : ''})`);
    }
  }
  return evidence('watchlist_hit', refs.length, Math.min(20, points),
    `${refs.length} ring entities are on the shared watchlist: ${details.join('; ')}`, refs);
};
