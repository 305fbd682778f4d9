/**
 * ringsight/engine/signals
 * ========================
 *
 * The named signals a ring score is built from, in report order. Each returns
 * its evidence (value, contribution, plain-words detail, what carries it) or
 * null when it does not fire.
 *
 * Two kinds. Behavioural signals are red flags in themselves (role switching,
 * identifiers shared by unrelated people, repeat deaths, exclusive
 * intermediaries, watchlist hits, short policy gaps, amounts in the book's top tenth; the fleet and agent-practice
 * signals count against). Structural signals — size, spread over prefectures and insurers,
 * recurring vehicles, amounts — describe every busy agent's customers, every
 * fleet and every extended family as much as a gang, so they count only in
 * proportion to the behavioural evidence (see detect/ring.ts).
 */
import type { Signal } from './context.js';
import { roleSwitching } from './roles.js';
import { hiredDriver } from './drivers.js';
import { repeatStruckVehicle, repeatVictim } from './victims.js';
import { recurringVehicles, sharedBankAccounts, sharedPhones } from './shared.js';
import { intermediaryConcentration } from './concentration.js';
import { crossInsurer, crossRegion, ringSize } from './spread.js';
import { shortPolicyGap } from './timing.js';
import { claimBurst } from './burst.js';
import { repeatDeath } from './death.js';
import { stackedPolicySignal } from './stacking.js';
import { watchlistHits } from './watchlist.js';
import { claimedAmounts, highAmounts } from './amounts.js';
import { fleetPolicyholder } from './fleet.js';
import { agentPractice } from './agent.js';

export type SignalKind = 'behavioural' | 'structural';

export const SIGNALS = [
  ['role_switching', 'behavioural', roleSwitching],
  ['hired_driver', 'behavioural', hiredDriver],
  ['repeat_victim', 'behavioural', repeatVictim],
  ['repeat_struck_vehicle', 'behavioural', repeatStruckVehicle],
  ['shared_phone', 'behavioural', sharedPhones],
  ['shared_bank_account', 'behavioural', sharedBankAccounts],
  ['intermediary_concentration', 'behavioural', intermediaryConcentration],
  ['repeat_death', 'behavioural', repeatDeath],
  ['stacked_policies', 'behavioural', stackedPolicySignal],
  ['watchlist_hit', 'behavioural', watchlistHits],
  ['short_policy_gap', 'behavioural', shortPolicyGap],
  ['claim_burst', 'behavioural', claimBurst],
  ['high_amounts', 'behavioural', highAmounts],
  ['fleet_policyholder', 'behavioural', fleetPolicyholder],
  ['agent_practice', 'behavioural', agentPractice],
  ['recurring_vehicle', 'structural', recurringVehicles],
  ['cross_region', 'structural', crossRegion],
  ['cross_insurer', 'structural', crossInsurer],
  ['claimed_amount', 'structural', claimedAmounts],
  ['ring_size', 'structural', ringSize]
] as const satisfies ReadonlyArray<readonly [name: string, kind: SignalKind, signal: Signal]>;

/** The name of a signal the engine scores: what evidence, weights and label tables are keyed by. */
export type SignalName = (typeof SIGNALS)[number][0] | (typeof DERIVED_SIGNALS)[number];

/** Signals read from the others' evidence rather than from the ring (detect/ring.ts): the red flags together. */
export const DERIVED_SIGNALS = ['corroboration'] as const;

export { buildRingContext, type BookStats, type RingContext, type ScoringParams, type Signal } from './context.js';
