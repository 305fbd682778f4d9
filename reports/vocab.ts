/**
 * ringsight/reports/vocab
 * =======================
 *
 * Display names for the domain's codes in Chinese and English: ring
 * categories, products, claim statuses, party/vehicle/provider roles, entity
 * types and Jiangxi's prefectures. Codes stay codes in the report model and
 * the CSV tables; only what a reader sees is translated.
 */
import { prefectureOf } from '../engine/model.js';

export type ReportLang = 'zh' | 'en';

type Labels = Record<string, { zh: string; en: string }>;

export const CATEGORY: Labels = {
  staged_collision: { zh: '制造交通事故（碰瓷）', en: 'Staged collisions' },
  injury_broker: { zh: '人伤黄牛', en: 'Injury-claim broker' },
  repair_shop: { zh: '修理厂虚增', en: 'Padding repair shop' },
  fake_death: { zh: '假死骗保', en: 'Fake death claims' },
  mixed: { zh: '混合型团伙', en: 'Mixed gang' }
};

export const PRODUCT: Labels = {
  auto: { zh: '车险', en: 'Motor' },
  injury: { zh: '意外伤害', en: 'Accident/injury' },
  death: { zh: '身故', en: 'Death' },
  health: { zh: '健康险', en: 'Health' },
  property: { zh: '财产险', en: 'Property' },
  other: { zh: '其他', en: 'Other' }
};

export const STATUS: Labels = {
  open: { zh: '未结案', en: 'Open' },
  paid: { zh: '已赔付', en: 'Paid' },
  rejected: { zh: '已拒赔', en: 'Rejected' },
  withdrawn: { zh: '已撤案', en: 'Withdrawn' }
};

/** Roles on links: party roles, vehicle sides, provider kinds. */
export const ROLE: Labels = {
  insured: { zh: '被保险人', en: 'insured' },
  claimant: { zh: '索赔人', en: 'claimant' },
  driver: { zh: '驾驶人', en: 'driver' },
  passenger: { zh: '乘客', en: 'passenger' },
  injured: { zh: '伤者', en: 'injured' },
  witness: { zh: '证人', en: 'witness' },
  beneficiary: { zh: '受益人', en: 'beneficiary' },
  deceased: { zh: '死者', en: 'deceased' },
  agent: { zh: '代理人', en: 'agent' },
  third_party: { zh: '三者车', en: 'third party' },
  hospital: { zh: '医院', en: 'hospital' },
  repair_shop: { zh: '修理厂', en: 'repair shop' },
  appraiser: { zh: '鉴定机构', en: 'appraiser' },
  lawyer: { zh: '律师', en: 'lawyer' },
  tow: { zh: '拖车', en: 'tow' }
};

/** Vehicle links reuse "insured" for the policy-holder's car, which reads differently from a person. */
const VEHICLE_ROLE: Labels = {
  insured: { zh: '本车', en: 'own vehicle' },
  third_party: { zh: '三者车', en: 'third-party vehicle' }
};

export const ENTITY: Labels = {
  claim: { zh: '理赔', en: 'Claim' },
  person: { zh: '人员', en: 'Person' },
  phone: { zh: '电话', en: 'Phone' },
  bank_account: { zh: '银行账户', en: 'Bank account' },
  vehicle: { zh: '车辆', en: 'Vehicle' },
  hospital: { zh: '医院', en: 'Hospital' },
  repair_shop: { zh: '修理厂', en: 'Repair shop' },
  appraiser: { zh: '鉴定机构', en: 'Appraiser' },
  lawyer: { zh: '律师事务所', en: 'Law firm' },
  tow: { zh: '拖车公司', en: 'Tow company' }
};

/** Next steps for a priority target (model.ts TARGET_ACTIONS): the requests an investigator files. */
export const ACTION: Labels = {
  identity_check: {
    zh: '核实身份（户籍、社保、出入境）',
    en: 'verify identity (household register, social insurance, travel)'
  },
  interview: { zh: '约谈询问', en: 'interview' },
  phone_records: { zh: '调取通话与开户记录', en: 'request call records and subscriber details' },
  bank_records: { zh: '调取银行流水与开户资料', en: 'request bank statements and account-opening records' },
  vehicle_records: {
    zh: '调取车辆登记、违章与出险记录',
    en: 'request vehicle registration, traffic and claims history'
  },
  provider_records: {
    zh: '调取机构台账、资质与结算记录',
    en: "request the provider's ledgers, licences and settlement records"
  }
};

export const PREFECTURE: Labels = {
  '360100': { zh: '南昌', en: 'Nanchang' },
  '360200': { zh: '景德镇', en: 'Jingdezhen' },
  '360300': { zh: '萍乡', en: 'Pingxiang' },
  '360400': { zh: '九江', en: 'Jiujiang' },
  '360500': { zh: '新余', en: 'Xinyu' },
  '360600': { zh: '鹰潭', en: 'Yingtan' },
  '360700': { zh: '赣州', en: 'Ganzhou' },
  '360800': { zh: '吉安', en: "Ji'an" },
  '360900': { zh: '宜春', en: 'Yichun' },
  '361000': { zh: '抚州', en: 'Fuzhou' },
  '361100': { zh: '上饶', en: 'Shangrao' }
};

function pick(labels: Labels, code: string, lang: ReportLang): string {
  return labels[code]?.[lang] ?? code;
}

export const categoryLabel = (code: string, lang: ReportLang): string => pick(CATEGORY, code, lang);
export const productLabel = (code: string, lang: ReportLang): string => pick(PRODUCT, code, lang);
export const statusLabel = (code: string | null, lang: ReportLang): string =>
  code === null ? '—' : pick(STATUS, code, lang);
export const entityLabel = (type: string, lang: ReportLang): string => pick(ENTITY, type, lang);
export const actionLabel = (code: string, lang: ReportLang): string => pick(ACTION, code, lang);

export function roleLabel(type: string, role: string, lang: ReportLang): string {
  return type === 'vehicle' ? pick(VEHICLE_ROLE, role, lang) : pick(ROLE, role, lang);
}

/** A prefecture's name from any code inside it; codes outside Jiangxi are shown as they are. */
export function prefectureLabel(code: string, lang: ReportLang): string {
  if (code === '360000') return lang === 'zh' ? '江西省全省' : 'all of Jiangxi';
  return PREFECTURE[prefectureOf(code)]?.[lang] ?? code;
}

/** "赣州 (360700)" for a scope line, where the code matters as much as the name. */
export function regionWithCode(code: string, lang: ReportLang): string {
  const name = prefectureLabel(code, lang);
  return name === code ? code : `${name} (${code})`;
}
