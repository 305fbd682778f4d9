/**
 * ringsight/reports/signal-labels
 * ===============================
 *
 * The one zh/en name of every signal, shared by the police report and the
 * viewer. Keyed by the engine's typed signal name: a signal added to
 * engine/signals without a label here fails the type check. Pure data with a
 * type-only import, so the viewer bundle takes it without the engine.
 */
import type { SignalName } from '../engine/signals/index.js';

export interface SignalLabel {
  zh: string;
  en: string;
}

export const SIGNAL_LABELS: Readonly<Record<SignalName, SignalLabel>> = {
  role_switching: { zh: '角色互换', en: 'Role switching' },
  hired_driver: { zh: '驾驶他人车辆出险', en: "Driving other policyholders' cars" },
  repeat_victim: { zh: '多次在他人事故中受伤', en: "Hurt in several of others' accidents" },
  shared_phone: { zh: '共用电话号码', en: 'Shared phone numbers' },
  shared_bank_account: { zh: '共用收款账户', en: 'Shared bank accounts' },
  intermediary_concentration: { zh: '集中于同一中介', en: 'Concentration on one intermediary' },
  repeat_death: { zh: '同一人多次身故理赔', en: 'Repeat death claims' },
  stacked_policies: { zh: '短期集中投保', en: 'Policies bought together' },
  watchlist_hit: { zh: '命中行业共享名单', en: 'Watchlist hits' },
  short_policy_gap: { zh: '投保后短期出险', en: 'Accidents soon after the policy starts' },
  repeat_struck_vehicle: { zh: '同一车辆反复被撞', en: 'Cars struck again and again' },
  claim_burst: { zh: '短期集中出险', en: 'Claims bunched in a few months' },
  high_amounts: { zh: '高额理赔集中', en: 'Claims in the top tenth of amounts' },
  corroboration: { zh: '多项可疑迹象相互印证', en: 'Red flags corroborating each other' },
  fleet_policyholder: { zh: '车队投保（降低评分）', en: 'Fleet policyholder (lowers the score)' },
  agent_practice: { zh: '代理人正常业务（降低评分）', en: "An agent's ordinary book (lowers the score)" },
  recurring_vehicle: { zh: '车辆反复出险', en: 'Recurring vehicles' },
  cross_region: { zh: '跨地市作案', en: 'Across prefectures' },
  cross_insurer: { zh: '跨保险公司索赔', en: 'Across insurers' },
  claimed_amount: { zh: '索赔金额偏高', en: 'High claimed amounts' },
  ring_size: { zh: '团伙规模', en: 'Ring size' }
};

/** The label in one language; a name the table does not know (an older run document) shows as itself. */
export function signalLabel(signal: string, lang: 'zh' | 'en'): string {
  return (SIGNAL_LABELS as Readonly<Record<string, SignalLabel>>)[signal]?.[lang] ?? signal;
}
