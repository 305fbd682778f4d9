/**
 * ringsight/reports/explain
 * =========================
 *
 * Evidence signals in plain words, in Chinese and English. The engine's
 * `detail` strings are short English notes for analysts; an investigator
 * needs to know what was found, about whom, and why it matters. Each text is
 * written from the signal's name and value and recomputed from the ring's
 * own claims and links, naming members by their report number and display
 * label, so it never shows more than the report may. A signal this module
 * does not know falls back to the engine's (already masked) detail.
 */
import type { Claim, Evidence, Link, Ring, WatchEntry } from '../engine/model.js';
import { amount, listOf, percent } from './format.js';
import type { Disclosure } from './privacy.js';
import { entityLabel, prefectureLabel, roleLabel, type ReportLang } from './vocab.js';
import { signalLabel } from './signal-labels.js';
import type { SignalName } from '../engine/signals/index.js';

export interface RingFacts {
  ring: Ring;
  claims: Claim[];
  links: Map<string, Link[]>;
  /** Member ref → report number and short display text ("M3 张*"). */
  members: Map<string, { no: string; text: string }>;
  degree: Map<string, number>;
  watch: Map<string, WatchEntry>;
  shortGapDays: number;
  disclosure: Disclosure;
  lang: ReportLang;
}

export interface Explained {
  title: string;
  text: string;
  subjects: string[];
}

const ACCIDENT_ROLES = ['driver', 'injured', 'passenger', 'witness'];

type Writer = (e: Evidence, f: RingFacts, refs: string[]) => string;

function linksOf(f: RingFacts, ref: string): Array<{ claim: Claim; link: Link }> {
  const colon = ref.indexOf(':');
  const type = ref.slice(0, colon);
  const key = ref.slice(colon + 1);
  const out: Array<{ claim: Claim; link: Link }> = [];
  for (const claim of f.claims)
    for (const link of f.links.get(claim.id) ?? [])
      if (link.type === type && link.key === key) out.push({ claim, link });
  return out;
}

const who = (f: RingFacts, ref: string): string => f.members.get(ref)?.text ?? f.disclosure.ref(ref);

const roleSwitching: Writer = (e, f, refs) => {
  let witnesses = 0;
  const items = refs.map((ref) => {
    const roles = [...new Set(linksOf(f, ref).map((x) => x.link.role))].filter((r) => ACCIDENT_ROLES.includes(r));
    if (roles.includes('witness')) witnesses++;
    const names = ACCIDENT_ROLES.filter((r) => roles.includes(r))
      .map((r) => roleLabel('person', r, f.lang))
      .join('/');
    return f.lang === 'zh' ? `${who(f, ref)}（${names}）` : `${who(f, ref)} (${names})`;
  });
  return f.lang === 'zh'
    ? `${e.value} 人在不同理赔中轮换担任驾驶人、伤者、乘客或证人${witnesses > 0 ? `（其中 ${witnesses} 人还当过证人）` : ''}：${listOf(items, 'zh')}。` +
        '同一批人在多起“事故”中互换身份，是人为制造交通事故（碰瓷）的典型特征；正常家庭成员可能这次开车、下次乘车，却很少反复为家人的事故作证。'
    : `${e.value} ${e.value === 1 ? 'person takes' : 'people take'} turns as driver, injured, passenger or witness across claims${witnesses > 0 ? ` (${witnesses} of them also as witness)` : ''}: ${listOf(items, 'en')}. ` +
        'The same people swapping parts across several "accidents" is the signature of staged collisions; an honest family member may drive once and ride once, but rarely witnesses the family\'s accidents.';
};

const hiredDriver: Writer = (e, f, refs) => {
  const items = refs.map((ref) => {
    const driven = linksOf(f, ref).filter((x) => x.link.role === 'driver');
    const owners = new Set<string>();
    for (const { claim } of driven)
      for (const l of f.links.get(claim.id) ?? [])
        if (l.role === 'insured' && l.type === 'person' && `person:${l.key}` !== ref) owners.add(l.key);
    return f.lang === 'zh'
      ? `${who(f, ref)}（${driven.length} 起，驾驶 ${owners.size} 位投保人的车辆）`
      : `${who(f, ref)} (${driven.length} claims, driving ${owners.size} policyholders' cars)`;
  });
  return f.lang === 'zh'
    ? `${e.value} 人在多起理赔中驾驶不同投保人的车辆出险：${listOf(items, 'zh')}。同一驾驶人反复开别人的车出事故，是职业碰瓷团伙或修理厂“代驾出险”的特征；正常人多开自己或家人的车，车队司机只开本公司的车。`
    : `${e.value} ${e.value === 1 ? 'person was' : 'people were'} at the wheel of several different policyholders' cars across claims: ${listOf(items, 'en')}. One driver repeatedly crashing other people's cars marks a staging crew or a shop driving its customers' cars into claims; honest people drive their own or their family's car, and a fleet's drivers drive the company's.`;
};

const VICTIM_ROLE_NAMES: ReadonlySet<string> = new Set(['injured', 'claimant', 'passenger']);

const repeatVictim: Writer = (e, f, refs) => {
  const items = refs.map((ref) => {
    const hurt = linksOf(f, ref).filter((x) => VICTIM_ROLE_NAMES.has(x.link.role) && x.claim.product !== 'death');
    const dates = new Set(hurt.map(({ claim }) => claim.accidentDate));
    return f.lang === 'zh'
      ? `${who(f, ref)}（${hurt.length} 起理赔，${dates.size} 个事故日期）`
      : `${who(f, ref)} (${hurt.length} claims on ${dates.size} accident dates)`;
  });
  return f.lang === 'zh'
    ? `${e.value} 人在多起互不相关的事故中作为伤者、乘客或第三者索赔人出现：${listOf(items, 'zh')}。同一人一再在别人的事故中“受伤”，是人为制造事故团伙安排固定“伤者”的特征；正常人很少多次在他人车辆事故中受伤。`
    : `${e.value} ${e.value === 1 ? 'person was' : 'people were'} hurt, or claimed as a third party, in several separate accidents: ${listOf(items, 'en')}. The same person injured again and again in other people's accidents marks a staging crew's regular "victims"; honest people are seldom hurt twice by other people's cars.`;
};

const repeatStruck: Writer = (e, f, refs) => {
  const items = refs.map((ref) => {
    const struck = linksOf(f, ref).filter((x) => x.link.role === 'third_party');
    const dates = new Set(struck.map(({ claim }) => claim.accidentDate));
    return f.lang === 'zh'
      ? `${who(f, ref)}（${struck.length} 起理赔，${dates.size} 个事故日期）`
      : `${who(f, ref)} (${struck.length} claims on ${dates.size} accident dates)`;
  });
  return f.lang === 'zh'
    ? `${e.value} 辆车在数周内多次作为三者车被不同投保人的车辆撞击：${listOf(items, 'zh')}。同一辆车反复“被撞”，是碰瓷团伙用固定车辆制造事故的特征；正常车辆很少在一个月内两次被他人撞。`
    : `${e.value} ${e.value === 1 ? 'car was' : 'cars were'} struck as the third party by other policyholders' cars in separate accidents weeks apart: ${listOf(items, 'en')}. The same car hit again and again marks a staging crew's car; an honest car is seldom struck twice in a month.`;
};

function holdersText(f: RingFacts, ref: string): { text: string; people: number } {
  const people = [
    ...new Set(
      linksOf(f, ref)
        .map((x) => x.link.person)
        .filter((p): p is string => p !== null)
    )
  ];
  const names = people.map((p) => who(f, `person:${p}`));
  const list = listOf(names, f.lang, 4);
  return {
    people: people.length,
    text:
      f.lang === 'zh'
        ? `${who(f, ref)}（${people.length} 人：${list}）`
        : `${who(f, ref)} (${people.length} people: ${list})`
  };
}

const sharedIdentifier =
  (kind: 'phone' | 'bank_account'): Writer =>
  (e, f, refs) => {
    const held = refs.map((ref) => holdersText(f, ref));
    const widest = Math.max(0, ...held.map((h) => h.people));
    const list = listOf(
      held.map((h) => h.text),
      f.lang,
      4
    );
    if (kind === 'phone') {
      return f.lang === 'zh'
        ? `${e.value} 个电话号码登记在不同当事人名下，单个号码最多对应 ${widest} 人：${list}。多名当事人留同一个联系电话，通常说明这些案件由同一人统一报案、统一跟进。`
        : `${e.value} phone numbers are given for different people, up to ${widest} on one: ${list}. Several parties sharing one contact number usually means one person files and follows up all their claims.`;
    }
    return f.lang === 'zh'
      ? `${e.value} 个银行账户被登记为不同当事人的收款账户，单个账户最多对应 ${widest} 人：${list}。多人的赔款流入同一账户，说明资金由同一人控制。`
      : `${e.value} bank accounts receive payouts for different people, up to ${widest} on one: ${list}. Several people's payouts flowing into one account means one person controls the money.`;
  };

const recurringVehicle: Writer = (e, f, refs) => {
  let bothSides = 0;
  const items = refs.map((ref) => {
    const found = linksOf(f, ref);
    const claims = new Set(found.map((x) => x.claim.id)).size;
    if (new Set(found.map((x) => x.link.role)).size > 1) bothSides++;
    return f.lang === 'zh' ? `${who(f, ref)}（${claims} 起）` : `${who(f, ref)} (${claims} claims)`;
  });
  return f.lang === 'zh'
    ? `${e.value} 辆车在多起理赔中反复出现${bothSides > 0 ? `，其中 ${bothSides} 辆在不同事故中既当过本车又当过三者车` : ''}：${listOf(items, 'zh')}。同一辆车频繁出险，甚至在不同事故中分处双方，说明事故很可能是事先安排的。`
    : `${e.value} vehicles recur across claims${bothSides > 0 ? `, ${bothSides} of them on both sides of different accidents` : ''}: ${listOf(items, 'en')}. The same car crashing again and again — sometimes as the other party — points to arranged accidents.`;
};

const concentration: Writer = (e, f, refs) => {
  const n = f.claims.length;
  const items = refs.map((ref) => {
    const type = ref.slice(0, ref.indexOf(':'));
    const found = linksOf(f, ref).filter((x) => type !== 'person' || x.link.role === 'agent');
    const k = new Set(found.map((x) => x.claim.id)).size;
    const total = f.degree.get(ref) ?? k;
    const kind = type === 'person' ? roleLabel('person', 'agent', f.lang) : entityLabel(type, f.lang);
    return f.lang === 'zh'
      ? `${who(f, ref)}（${kind}）：本团伙 ${k} 起理赔（占 ${percent(k / n)}）经由该${type === 'person' ? '代理人' : '机构'}，其在全部数据中共有 ${total} 起理赔，${percent(k / total)} 属于本团伙`
      : `${who(f, ref)} (${kind.toLowerCase()}): ${k} of the ring's ${n} claims (${percent(k / n)}) go through it; it has ${total} claims in the whole data, ${percent(k / total)} of them this ring's`;
  });
  if (items.length === 0) {
    return f.lang === 'zh'
      ? `部分理赔集中经由同一中介机构或代理人，但集中程度不高（强度 ${e.value}）。`
      : `Some claims go through the same intermediary, but the concentration is weak (strength ${e.value}).`;
  }
  return f.lang === 'zh'
    ? `${listOf(items, 'zh', 3)}。大量理赔集中经由同一家修理厂、医院、鉴定机构、律所或同一代理人，而这些机构的业务又主要来自本团伙，是人伤黄牛和修理厂虚增的典型特征；大型医院虽然也接诊团伙伤者，但其绝大多数业务与团伙无关，不会计入此项。`
    : `${listOf(items, 'en', 3)}. Many claims going through one workshop, clinic, appraiser, law firm or agent whose business is mostly this ring's is the fingerprint of injury-claim brokers and padding repair shops; a big hospital that treats ring members among thousands of honest patients does not count here.`;
};

const stackedPolicies: Writer = (e, f, refs) => {
  const items = refs.map((ref) => {
    const deaths = linksOf(f, ref).filter((x) => x.link.role === 'deceased');
    const starts = [...new Set(deaths.map((x) => x.claim.policyStart).filter((d): d is string => d !== null))].sort();
    const insurers = new Set(deaths.map((x) => x.claim.insurer)).size;
    const span = starts.length > 0 ? `${starts[0]} – ${starts[starts.length - 1]}` : '';
    return f.lang === 'zh'
      ? `${who(f, ref)}（${insurers} 家保险公司，保单起期 ${span}）`
      : `${who(f, ref)} (${insurers} insurers, policies starting ${span})`;
  });
  return f.lang === 'zh'
    ? `${e.value} 名死者生前在数周内向多家保险公司集中投保，随后在各保单下申请身故理赔：${listOf(items, 'zh')}。短期内多家公司高额投保后即出险，是虚构死亡骗保的典型特征；正常人的保单通常在多年间陆续购买。`
    : `${e.value} deceased ${e.value === 1 ? 'person was' : 'people were'} insured with several insurers within weeks, then claimed dead under each policy: ${listOf(items, 'en')}. Cover bought at several insurers at once shortly before a death marks invented deaths; an honest person's policies come over the years.`;
};

const repeatDeath: Writer = (_e, f, refs) => {
  const dead: string[] = [];
  const payees: string[] = [];
  for (const ref of refs) {
    const deaths = linksOf(f, ref).filter((x) => x.link.role === 'deceased');
    if (deaths.length > 0) {
      const claims = new Set(deaths.map((x) => x.claim.id)).size;
      const insurers = new Set(deaths.map((x) => x.claim.insurer)).size;
      const dates = new Set(deaths.map((x) => x.claim.accidentDate)).size;
      dead.push(
        f.lang === 'zh'
          ? `${who(f, ref)}（${claims} 起理赔，${insurers} 家保险公司，${dates} 个死亡日期）`
          : `${who(f, ref)} (${claims} claims at ${insurers} insurers, ${dates} death date${dates > 1 ? 's' : ''})`
      );
    } else {
      const claims = new Set(linksOf(f, ref).map((x) => x.claim.id)).size;
      payees.push(
        f.lang === 'zh'
          ? `${who(f, ref)}（${claims} 起死亡理赔的受益人）`
          : `${who(f, ref)} (beneficiary on ${claims} death claims)`
      );
    }
  }
  const parts: string[] = [];
  if (dead.length > 0) {
    parts.push(
      f.lang === 'zh'
        ? `${dead.length} 人在多起理赔中被申报为死者：${listOf(dead, 'zh')}。同一人不可能多次身故：不同日期的重复死亡是虚构死亡；同一死亡在多家保险公司索赔则需与本数据中多保单身故的常见程度比较。`
        : `${dead.length} ${dead.length === 1 ? 'person is' : 'people are'} reported deceased on more than one claim: ${listOf(dead, 'en')}. Nobody dies twice: deaths on different dates are invented; one death claimed at several insurers is weighed against how common several policies are in this book.`
    );
  }
  if (payees.length > 0) {
    parts.push(
      f.lang === 'zh'
        ? `${payees.length} 人作为受益人领取多名不同死者的赔款：${listOf(payees, 'zh')}。一人为多名无亲属关系者的死亡领取赔款，是假死骗保团伙收款人的特征。`
        : `${payees.length} ${payees.length === 1 ? 'person collects' : 'people collect'} on the deaths of several different people: ${listOf(payees, 'en')}. One payee collecting on the deaths of several people is the mark of a fake-death gang's collector.`
    );
  }
  return parts.join(f.lang === 'zh' ? '' : ' ');
};

const watchlist: Writer = (e, f, refs) => {
  const items = refs.map((ref) => {
    const w = f.watch.get(ref);
    const reason = w?.reason ?? (f.lang === 'zh' ? '未注明原因' : 'no reason given');
    const by = w?.listedBy ? (f.lang === 'zh' ? `；列入方：${w.listedBy}` : `; listed by ${w.listedBy}`) : '';
    const at = w?.listedAt ? (f.lang === 'zh' ? `，${w.listedAt}` : ` on ${w.listedAt}`) : '';
    return f.lang === 'zh' ? `${who(f, ref)}（${reason}${by}${at}）` : `${who(f, ref)} (${reason}${by}${at})`;
  });
  return f.lang === 'zh'
    ? `${e.value} 个团伙关联对象已列入行业共享名单：${listOf(items, 'zh', 4)}。列入名单只是线索而非定案依据，但与团伙的其他特征相互印证。`
    : `${e.value} ring entities are on the shared industry watchlist: ${listOf(items, 'en', 4)}. Being listed is a lead, not proof, but it corroborates the ring's other signals.`;
};

const crossRegion: Writer = (e, f) => {
  const names = f.ring.regions.map((r) => prefectureLabel(r, f.lang));
  return f.lang === 'zh'
    ? `理赔分布在 ${e.value} 个地市：${names.join('、')}。跨地市作案使每个地区的理赔核查人员和公安机关都只能看到一部分案件。`
    : `Claims are spread over ${e.value} prefectures: ${names.join(', ')}. Spreading across prefectures keeps each local claims desk and police unit from seeing the whole pattern.`;
};

const crossInsurer: Writer = (e, f) => {
  const names = [...new Set(f.ring.insurers.map((i) => f.disclosure.insurer(i)))];
  return f.lang === 'zh'
    ? `向 ${e.value} 家保险公司索赔：${names.join('、')}。分散投保、分散报案，使任何一家保险公司都难以单独发现规律——这正是跨公司数据共享要解决的问题。`
    : `Claims were filed with ${e.value} insurers: ${names.join(', ')}. Spreading claims across insurers means no single insurer sees the pattern — which is what pooling the data is for.`;
};

const shortGap: Writer = (e, f) => {
  const ids = new Set(e.refs.filter((r) => r.startsWith('claim:')).map((r) => r.slice(6)));
  const dated = f.claims.filter((c) => c.policyStart !== null).length;
  const shown = f.claims.filter((c) => ids.has(c.id)).map((c) => f.disclosure.claimId(c.id, c.insurer));
  return f.lang === 'zh'
    ? `${e.value} 起理赔（共 ${dated} 起有保单起保日期）发生在保单生效后 ${f.shortGapDays} 天以内：${listOf(shown, 'zh', 6)}。个别新客户短期出险属正常，但团伙多数理赔都是“刚投保就出险”，提示带病投保或先出险后投保。`
    : `${e.value} of the ${dated} claims with a policy start date happened within ${f.shortGapDays} days of it: ${listOf(shown, 'en', 6)}. One new customer with an early claim is common; most of a ring's claims coming right after the policy starts suggests insuring a loss that had already happened.`;
};

const claimBurst: Writer = (e, f) => {
  const ids = new Set(e.refs.filter((r) => r.startsWith('claim:')).map((r) => r.slice(6)));
  const inBurst = f.claims.filter((c) => ids.has(c.id));
  const dates = inBurst.map((c) => c.accidentDate).sort();
  const span = dates.length > 0 ? `${dates[0]} – ${dates[dates.length - 1]}` : '';
  const shown = inBurst.map((c) => f.disclosure.claimId(c.id, c.insurer));
  return f.lang === 'zh'
    ? `团伙 ${e.value} 个不同的出险日期集中在 ${span} 这一短时期内：${listOf(shown, 'zh', 6)}。正常客户的理赔散布在整个数据期内；短期内集中出险，提示团伙在一段时间内集中制造事故或理赔后收手。`
    : `${e.value} of the ring's separate accident dates fall within ${span}: ${listOf(shown, 'en', 6)}. Honest customers' claims fall across the book's years; a burst of claims in a few months suggests a gang staging its losses over one stretch and then stopping.`;
};

const claimedAmount: Writer = (e, f) =>
  f.lang === 'zh'
    ? `团伙共索赔 ${amount(f.ring.amounts.claimed, 'zh')}，是同等数量、同类险种理赔按中位数计算金额的 ${e.value} 倍。`
    : `The ring claimed ${amount(f.ring.amounts.claimed, 'en')} in total, ${e.value}× what the same number of median claims of the same products would come to.`;

const highAmounts: Writer = (e, f) => {
  const ids = new Set(e.refs.filter((r) => r.startsWith('claim:')).map((r) => r.slice(6)));
  const shown = f.claims.filter((c) => ids.has(c.id)).map((c) => f.disclosure.claimId(c.id, c.insurer));
  return f.lang === 'zh'
    ? `${e.value} 起理赔的索赔金额位于本数据集同险种理赔的前 10%：${listOf(shown, 'zh', 6)}。诚实客户中大约十起才有一起如此高额；团伙多数理赔都是高额，提示夸大损失、虚构伤情或伤残等级。`
    : `${e.value} claims are in the top tenth of this book's claimed amounts for their product: ${listOf(shown, 'en', 6)}. About one honest claim in ten is that high; most of a ring's claims being that high suggests inflated losses, invented injuries or bought disability grades.`;
};

const corroboration: Writer = (e, f) =>
  f.lang === 'zh'
    ? `${e.value} 类相互独立的可疑迹象同时出现在该团伙中，每一类单独看都不足以定论；若它们彼此无关，同时出现的概率极低，因此合并计分，比逐项相加多计 ${e.contribution} 分。各项见本节其他条目。`
    : `${e.value} independent kinds of red flag appear together in this ring, none conclusive on its own; were they unrelated, all of them at once would be very rare, so together they count ${e.contribution} points more than one by one. Each is listed in its own entry.`;

const ringSize: Writer = (e, f) =>
  f.lang === 'zh'
    ? `${e.value} 起理赔通过共同的人员、电话、银行账户或车辆相互关联，构成一个整体。规模越大，越不可能是巧合。`
    : `${e.value} claims are linked into one group by shared people, phones, bank accounts or vehicles. The larger the group, the less likely it is a coincidence.`;

// The exculpatory signals: what lowers the score, in the reader's language (the engine's detail is English).
const fleetPolicyholder: Writer = (e, f) =>
  f.lang === 'zh'
    ? `${Math.round(e.value * 100)}% 的理赔在同一投保人名下，该投保人为多辆车投保（车队）。车队车辆出险频繁属正常经营，因此降低评分。`
    : `${Math.round(e.value * 100)}% of the claims are under one policyholder insuring several vehicles (a fleet). A fleet's vehicles claim often in the ordinary course of business, so this lowers the score.`;

const agentPractice: Writer = (e, f) =>
  f.lang === 'zh'
    ? `${Math.round(e.value * 100)}% 的理赔经同一代理人办理，且当事人之间无其他关联、赔款未汇入同一账户——这是代理人正常的客户群，因此降低评分。`
    : `${Math.round(e.value * 100)}% of the claims went through one agent, with no other ties between the people and no payouts pooled in one account — an agent's ordinary book of customers, so this lowers the score.`;

const WRITERS: Record<SignalName, Writer> = {
  fleet_policyholder: fleetPolicyholder,
  agent_practice: agentPractice,
  role_switching: roleSwitching,
  hired_driver: hiredDriver,
  repeat_victim: repeatVictim,
  repeat_struck_vehicle: repeatStruck,
  shared_phone: sharedIdentifier('phone'),
  shared_bank_account: sharedIdentifier('bank_account'),
  recurring_vehicle: recurringVehicle,
  intermediary_concentration: concentration,
  repeat_death: repeatDeath,
  stacked_policies: stackedPolicies,
  watchlist_hit: watchlist,
  cross_region: crossRegion,
  cross_insurer: crossInsurer,
  short_policy_gap: shortGap,
  claim_burst: claimBurst,
  high_amounts: highAmounts,
  corroboration,
  claimed_amount: claimedAmount,
  ring_size: ringSize
};

export function signalTitle(signal: string, lang: ReportLang): string {
  return signalLabel(signal, lang);
}

export function explainEvidence(e: Evidence, f: RingFacts): Explained {
  const refs = e.refs.filter((r) => !r.startsWith('claim:'));
  const subjects = refs.map((r) => f.members.get(r)?.no).filter((n): n is string => n !== undefined);
  const writer = (WRITERS as Partial<Record<string, Writer>>)[e.signal];
  return { title: signalTitle(e.signal, f.lang), text: writer ? writer(e, f, refs) : e.detail, subjects };
}
