// ringsight/datasets/generator/names — Chinese names for people and organisations. Surname frequencies lean on
// Jiangxi (刘, 胡, 熊, 万, 涂 are over-represented there), so common-name collisions like two
// unrelated 刘伟 appear at realistic rates: name equality alone must never link people.

import { cumulative } from './random.js';

const SURNAME_ROWS: [string, number][] = [
  ['刘', 7.2],
  ['李', 6.0],
  ['王', 5.5],
  ['张', 5.0],
  ['陈', 5.2],
  ['黄', 4.0],
  ['胡', 3.8],
  ['吴', 3.0],
  ['罗', 2.8],
  ['徐', 2.5],
  ['周', 2.3],
  ['杨', 2.2],
  ['曾', 2.2],
  ['邓', 2.0],
  ['熊', 2.0],
  ['肖', 1.9],
  ['朱', 1.6],
  ['万', 1.5],
  ['钟', 1.5],
  ['郭', 1.3],
  ['赖', 1.3],
  ['谢', 1.3],
  ['彭', 1.2],
  ['付', 1.2],
  ['何', 1.1],
  ['邹', 1.1],
  ['余', 1.1],
  ['廖', 1.0],
  ['涂', 1.0],
  ['江', 0.9],
  ['程', 0.9],
  ['汪', 0.9],
  ['叶', 0.8],
  ['饶', 0.8],
  ['龚', 0.8],
  ['聂', 0.7],
  ['欧阳', 0.4],
  ['袁', 0.7],
  ['魏', 0.7],
  ['蔡', 0.6],
  ['孙', 0.6],
  ['赵', 0.6],
  ['宋', 0.5],
  ['章', 0.5],
  ['高', 0.5],
  ['梁', 0.5],
  ['傅', 0.5],
  ['林', 0.5],
  ['温', 0.5],
  ['钱', 0.3],
  ['丁', 0.4],
  ['易', 0.5],
  ['晏', 0.3],
  ['谌', 0.2],
  ['喻', 0.4],
  ['甘', 0.3],
  ['卢', 0.4],
  ['毛', 0.4],
  ['危', 0.2],
  ['揭', 0.1],
  ['敖', 0.2],
  ['严', 0.3],
  ['夏', 0.4],
  ['姚', 0.4],
  ['左', 0.2],
  ['邱', 0.5],
  ['宁', 0.2],
  ['兰', 0.2],
  ['司马', 0.05],
  ['诸葛', 0.03]
];

export const SURNAMES: string[] = SURNAME_ROWS.map((r) => r[0]);
export const SURNAME_CDF = cumulative(SURNAME_ROWS.map((r) => r[1]));

const MALE = '伟强磊军勇杰涛斌超明辉刚健平波华鹏飞龙亮军建国志文浩宇俊峰鑫林海东晨阳凯旭坤鸿翔振宏斌毅';
const FEMALE = '芳娟敏静丽燕霞艳玲秀英华红梅琴兰萍洁雪慧颖婷倩琳瑶欣怡晶莉丹璐蓉薇佳';
const MIDDLE = '小子国建德文金春晓海志永立俊家雨思梦嘉佳一诗天新玉红桂细';

export const MALE_CHARS = Array.from(MALE);
export const FEMALE_CHARS = Array.from(FEMALE);
export const MIDDLE_CHARS = Array.from(MIDDLE);

/**
 * Given name from a hash. Roughly 30% of people have one-character given names; the proportion is
 * higher among older generations in real data, which we ignore.
 */
export function givenName(h: number, male: boolean): string {
  const pool = male ? MALE_CHARS : FEMALE_CHARS;
  const last = pool[(h >>> 8) % pool.length] as string;
  if (h % 10 < 3) return last;
  const mid = (h >>> 20) % 3 === 0 ? pool[(h >>> 14) % pool.length] : MIDDLE_CHARS[(h >>> 14) % MIDDLE_CHARS.length];
  return (mid as string) + last;
}

// Organisation name parts. All organisations are fictitious; generic words keep it that way.
export const FIRM_WORDS = Array.from('信诚正鸿泰安盛华金瑞恒通达卓远宏天元康博德中和众兴隆新景昌');
export const CAR_BRANDS = [
  '广汽丰田',
  '一汽大众',
  '上汽大众',
  '东风日产',
  '广汽本田',
  '比亚迪',
  '吉利',
  '长安',
  '奇瑞',
  '别克',
  '奔驰',
  '宝马',
  '奥迪',
  '江铃',
  '五菱'
];

export function firmWord(h: number): string {
  const a = FIRM_WORDS[h % FIRM_WORDS.length] as string;
  const b = FIRM_WORDS[(h >>> 10) % FIRM_WORDS.length] as string;
  return a === b ? a + (FIRM_WORDS[(h >>> 20) % FIRM_WORDS.length] as string) : a + b;
}
