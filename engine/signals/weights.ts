/**
 * ringsight/engine/signals/weights
 * ================================
 *
 * The full weight, in score points, of each signal: a signal at strength 1
 * adds its weight, at 0.5 half of it. Negative weights are exculpatory signals
 * (a fleet, an agent's ordinary book). These are the defaults a calibrated
 * model (`ringsight calibrate`, engine/calibrate) replaces.
 *
 * Behavioural strengths are chances judged against the book's own base rates
 * (signals/surprise), so the same weight means the same thing in every book.
 */
export const DEFAULT_WEIGHTS: Readonly<Record<string, number>> = {
  role_switching: 30,
  hired_driver: 25,
  repeat_victim: 25,
  repeat_struck_vehicle: 35,
  shared_phone: 20,
  shared_bank_account: 30,
  intermediary_concentration: 30,
  repeat_death: 35,
  stacked_policies: 25,
  watchlist_hit: 20,
  short_policy_gap: 15,
  claim_burst: 25,
  high_amounts: 20,
  corroboration: 50,
  fleet_policyholder: -20,
  agent_practice: -15,
  recurring_vehicle: 10,
  cross_region: 12,
  cross_insurer: 12,
  claimed_amount: 8,
  ring_size: 15
};
