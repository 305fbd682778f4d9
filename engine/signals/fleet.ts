/**
 * ringsight/engine/signals/fleet
 * ==============================
 *
 * Fleet policyholder — exculpatory, so its weight is negative: most of the
 * ring's claims sit under one policyholder (the insured party's ID, phone or
 * account) who insures several vehicles, as a taxi company, a logistics firm
 * or a car-rental business does. Such fleets file many claims, with rotating
 * drivers, across every prefecture their vehicles drive through — everything
 * a gang looks like on the surface — yet the insurer sees the whole pattern
 * under one policy.
 *
 * It stays silent when payouts for people of different home districts land in
 * one account: a fleet is paid into its own account, not its drivers' victims'.
 * A gang that registers its cars to one member must not be excused as a fleet.
 */
import { sharedIdentifiers } from './shared.js';
import { evidence, ref, weighted, type RingContext, type Signal } from './context.js';

const MIN_VEHICLES = 3;
const MIN_SHARE = 0.4;

interface Fleet {
  share: number;
  ref: string;
  vehicles: number;
}
const fleets = new WeakMap<RingContext, Fleet | null>();

/** The policyholder insuring several vehicles under whom the largest share (≥ 40%) of the ring's claims sit, if any. */
export function fleetOf(ctx: RingContext): Fleet | null {
  // Read by two signals and on every rescoring; it depends on the ring alone.
  if (fleets.has(ctx)) return fleets.get(ctx)!;
  const fleet = findFleet(ctx);
  fleets.set(ctx, fleet);
  return fleet;
}

function findFleet(ctx: RingContext): Fleet | null {
  const n = ctx.claims.length;
  if (n < 4) return null;
  let best: Fleet | null = null;
  for (const [e, claims] of ctx.entityClaims) {
    const type = ctx.index.entityType[e]!;
    if (type !== 'person' && type !== 'phone' && type !== 'bank_account') continue;
    if (claims.size / n < MIN_SHARE) continue;
    const vehicles = new Set<number>();
    let asInsured = 0;
    for (const c of claims) {
      let insured = false;
      const start = ctx.index.linkStart[c]!,
        end = ctx.index.linkStart[c + 1]!;
      for (let i = start; i < end; i++)
        if (ctx.index.linkEntity[i] === e && ctx.index.linkRole[i] === 'insured') insured = true;
      if (!insured) continue;
      asInsured++;
      for (let i = start; i < end; i++) {
        const v = ctx.index.linkEntity[i]!;
        if (ctx.index.entityType[v] === 'vehicle' && ctx.index.linkRole[i] === 'insured') vehicles.add(v);
      }
    }
    const share = asInsured / n;
    if (vehicles.size >= MIN_VEHICLES && share >= MIN_SHARE && share > (best?.share ?? 0))
      best = { share, ref: ref(ctx, e), vehicles: vehicles.size };
  }
  return best;
}

export const fleetPolicyholder: Signal = (ctx) => {
  const fleet = fleetOf(ctx);
  if (!fleet || sharedIdentifiers(ctx, 'bank_account').shared.length > 0) return null;
  return evidence(
    'fleet_policyholder',
    fleet.share,
    weighted(ctx, 'fleet_policyholder', fleet.share),
    `${Math.round(fleet.share * 100)}% of the claims are under one policyholder insuring ${fleet.vehicles} vehicles (a fleet), which lowers the score`,
    [fleet.ref],
    fleet.share
  );
};
