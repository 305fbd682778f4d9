/**
 * ringsight/signals
 * =================
 *
 * The named signals a ring score is built from, in report order. Each returns
 * its evidence (value, contribution, plain-words detail, what carries it) or
 * null when it does not fire. The score is the capped sum of contributions.
 */
import type { Signal } from './context.js';
import { roleSwitching } from './roles.js';
import { recurringVehicles, sharedBankAccounts, sharedPhones } from './shared.js';
import { intermediaryConcentration } from './concentration.js';
import { crossInsurer, crossRegion, ringSize } from './spread.js';
import { shortPolicyGap } from './timing.js';
import { repeatDeath } from './death.js';
import { watchlistHits } from './watchlist.js';
import { claimedAmounts } from './amounts.js';

export const SIGNALS: ReadonlyArray<[name: string, signal: Signal]> = [
  ['role_switching', roleSwitching],
  ['shared_phone', sharedPhones],
  ['shared_bank_account', sharedBankAccounts],
  ['recurring_vehicle', recurringVehicles],
  ['intermediary_concentration', intermediaryConcentration],
  ['repeat_death', repeatDeath],
  ['watchlist_hit', watchlistHits],
  ['cross_region', crossRegion],
  ['cross_insurer', crossInsurer],
  ['short_policy_gap', shortPolicyGap],
  ['claimed_amount', claimedAmounts],
  ['ring_size', ringSize]
];

export { buildRingContext, type BookStats, type RingContext, type ScoringParams, type Signal } from './context.js';
