// ringsight/datasets/generator/regions — Jiangxi geography: the 11 prefectures with GB/T 2260 district codes,
// plate prefixes and population weights, plus the retired and out-of-province codes that real
// resident ID numbers still carry (an ID's region is where it was issued, not where one lives).

import { Rng, cumulative } from './random.js';

export interface District {
  code: string;
  name: string;
  weight: number;
  /** index into PREFECTURES */
  pref: number;
}

export interface Prefecture {
  code: string;
  name: string;
  /** plate letters after 赣; 南昌 issues both A and M */
  plates: string[];
  /** relative share of people, cars and claims (2020 census, nudged for car ownership) */
  weight: number;
  districts: District[];
  legacy: string[];
}

type Row = [code: string, name: string, weight: number];

function pref(
  code: string,
  name: string,
  plates: string[],
  weight: number,
  rows: Row[],
  legacy: string[] = []
): Prefecture {
  return {
    code,
    name,
    plates,
    weight,
    legacy,
    districts: rows.map(([c, n, w]) => ({ code: c, name: n, weight: w, pref: -1 }))
  };
}

export const PREFECTURES: Prefecture[] = [
  pref(
    '360100',
    '南昌',
    ['A', 'M'],
    8.2,
    [
      ['360102', '东湖区', 3],
      ['360103', '西湖区', 3],
      ['360104', '青云谱区', 2],
      ['360111', '青山湖区', 4],
      ['360112', '新建区', 3],
      ['360113', '红谷滩区', 3],
      ['360121', '南昌县', 4],
      ['360123', '安义县', 1],
      ['360124', '进贤县', 2]
    ],
    ['360122', '360105']
  ),
  pref('360200', '景德镇', ['H'], 1.6, [
    ['360202', '昌江区', 2],
    ['360203', '珠山区', 3],
    ['360222', '浮梁县', 1],
    ['360281', '乐平市', 3]
  ]),
  pref('360300', '萍乡', ['J'], 1.8, [
    ['360302', '安源区', 4],
    ['360313', '湘东区', 2],
    ['360321', '莲花县', 1],
    ['360322', '上栗县', 2],
    ['360323', '芦溪县', 1]
  ]),
  pref(
    '360400',
    '九江',
    ['G'],
    4.7,
    [
      ['360402', '濂溪区', 2],
      ['360403', '浔阳区', 3],
      ['360404', '柴桑区', 1],
      ['360423', '武宁县', 1],
      ['360424', '修水县', 2],
      ['360425', '永修县', 1],
      ['360426', '德安县', 1],
      ['360428', '都昌县', 2],
      ['360429', '湖口县', 1],
      ['360430', '彭泽县', 1],
      ['360481', '瑞昌市', 1],
      ['360482', '共青城市', 1],
      ['360483', '庐山市', 1]
    ],
    ['360421', '360427']
  ),
  pref('360500', '新余', ['K'], 1.3, [
    ['360502', '渝水区', 4],
    ['360521', '分宜县', 1]
  ]),
  pref(
    '360600',
    '鹰潭',
    ['L'],
    1.1,
    [
      ['360602', '月湖区', 2],
      ['360603', '余江区', 1],
      ['360681', '贵溪市', 2]
    ],
    ['360622']
  ),
  pref(
    '360700',
    '赣州',
    ['B'],
    8.6,
    [
      ['360702', '章贡区', 5],
      ['360703', '南康区', 3],
      ['360704', '赣县区', 2],
      ['360722', '信丰县', 2],
      ['360723', '大余县', 1],
      ['360724', '上犹县', 1],
      ['360725', '崇义县', 1],
      ['360726', '安远县', 1],
      ['360728', '定南县', 1],
      ['360729', '全南县', 1],
      ['360730', '宁都县', 2],
      ['360731', '于都县', 3],
      ['360732', '兴国县', 2],
      ['360733', '会昌县', 1],
      ['360734', '寻乌县', 1],
      ['360735', '石城县', 1],
      ['360781', '瑞金市', 2],
      ['360783', '龙南市', 1]
    ],
    ['360721', '360782', '360727', '362101']
  ),
  pref(
    '360800',
    '吉安',
    ['D'],
    4.0,
    [
      ['360802', '吉州区', 3],
      ['360803', '青原区', 1],
      ['360821', '吉安县', 2],
      ['360822', '吉水县', 1],
      ['360823', '峡江县', 1],
      ['360824', '新干县', 1],
      ['360825', '永丰县', 1],
      ['360826', '泰和县', 2],
      ['360827', '遂川县', 1],
      ['360828', '万安县', 1],
      ['360829', '安福县', 1],
      ['360830', '永新县', 1],
      ['360881', '井冈山市', 1]
    ],
    ['362401']
  ),
  pref(
    '360900',
    '宜春',
    ['C'],
    4.9,
    [
      ['360902', '袁州区', 4],
      ['360921', '奉新县', 1],
      ['360922', '万载县', 1],
      ['360923', '上高县', 1],
      ['360924', '宜丰县', 1],
      ['360925', '靖安县', 1],
      ['360926', '铜鼓县', 1],
      ['360981', '丰城市', 4],
      ['360982', '樟树市', 2],
      ['360983', '高安市', 3]
    ],
    ['362201']
  ),
  pref(
    '361000',
    '抚州',
    ['F'],
    3.4,
    [
      ['361002', '临川区', 5],
      ['361003', '东乡区', 2],
      ['361021', '南城县', 1],
      ['361022', '黎川县', 1],
      ['361023', '南丰县', 1],
      ['361024', '崇仁县', 1],
      ['361025', '乐安县', 1],
      ['361026', '宜黄县', 1],
      ['361027', '金溪县', 1],
      ['361028', '资溪县', 1],
      ['361030', '广昌县', 1]
    ],
    ['361029', '362502']
  ),
  pref(
    '361100',
    '上饶',
    ['E'],
    5.9,
    [
      ['361102', '信州区', 3],
      ['361103', '广丰区', 3],
      ['361104', '广信区', 3],
      ['361123', '玉山县', 2],
      ['361124', '铅山县', 1],
      ['361125', '横峰县', 1],
      ['361126', '弋阳县', 1],
      ['361127', '余干县', 3],
      ['361128', '鄱阳县', 3],
      ['361129', '万年县', 1],
      ['361130', '婺源县', 1],
      ['361181', '德兴市', 1]
    ],
    ['361121', '362301']
  )
];

/** Districts of neighbouring provinces: migrant workers and in-laws keep the ID they were born with. */
const OUTSIDE = [
  '430102',
  '430111',
  '431002',
  '430602',
  '350102',
  '350203',
  '440304',
  '440106',
  '441900',
  '330106',
  '420106',
  '340104'
];

/** Every district in one flat list; registries store indices into it. */
export const DISTRICTS: District[] = [];
PREFECTURES.forEach((p, i) => {
  for (const d of p.districts) {
    d.pref = i;
    DISTRICTS.push(d);
  }
});

/**
 * Codes an ID number may start with: current districts (same indices as DISTRICTS), then retired
 * Jiangxi codes, then out-of-province codes. Registries store an index into this table.
 */
export const ID_CODES: string[] = DISTRICTS.map((d) => d.code);
const legacyByPref: number[][] = PREFECTURES.map((p) =>
  p.legacy.map((c) => {
    ID_CODES.push(c);
    return ID_CODES.length - 1;
  })
);
const OUTSIDE_START = ID_CODES.length;
for (const c of OUTSIDE) ID_CODES.push(c);

export const PREF_CDF = cumulative(PREFECTURES.map((p) => p.weight));
const districtCdfByPref = PREFECTURES.map((p) => cumulative(p.districts.map((d) => d.weight)));
const districtOffset: number[] = [];
{
  let acc = 0;
  for (const p of PREFECTURES) {
    districtOffset.push(acc);
    acc += p.districts.length;
  }
}

export function prefShare(pref: number): number {
  return (PREFECTURES[pref] as Prefecture).weight / (PREF_CDF[PREF_CDF.length - 1] as number);
}

export function drawPref(rng: Rng): number {
  return rng.weighted(PREF_CDF);
}

/** Global district index inside a prefecture, population-weighted. */
export function drawDistrict(rng: Rng, pref: number): number {
  return (districtOffset[pref] as number) + rng.weighted(districtCdfByPref[pref] as Float64Array);
}

/** The urban core district, where the big hospitals and 4S dealers cluster. */
export function coreDistrict(pref: number): number {
  const p = PREFECTURES[pref] as Prefecture;
  let best = 0;
  p.districts.forEach((d, i) => {
    if (d.weight > (p.districts[best] as District).weight) best = i;
  });
  return (districtOffset[pref] as number) + best;
}

export function districtPref(district: number): number {
  return (DISTRICTS[district] as District).pref;
}

export function prefCode(pref: number): string {
  return (PREFECTURES[pref] as Prefecture).code;
}

/** Another prefecture than `not` (weighted), for travel and cross-region gangs. */
export function drawOtherPref(rng: Rng, not: number): number {
  for (;;) {
    const p = drawPref(rng);
    if (p !== not) return p;
  }
}

/**
 * Which code an ID starts with for someone living in `district`: mostly the home district, but
 * older people often still hold IDs from before a county became a district, and a few people moved
 * in from neighbouring provinces.
 */
export function drawIdCode(rng: Rng, district: number, birthYear: number): number {
  const x = rng.next();
  if (x < 0.04) return OUTSIDE_START + rng.int(OUTSIDE.length);
  const legacy = legacyByPref[districtPref(district)] as number[];
  if (legacy.length && birthYear < 1990 && x < 0.12) return rng.pick(legacy);
  if (x < 0.2) {
    // Born elsewhere in the same prefecture.
    return drawDistrict(rng, districtPref(district));
  }
  return district;
}

/** Accident location code: district-level mostly; some insurers only record the prefecture. */
export function regionCode(district: number, prefectureOnly: boolean): string {
  return prefectureOnly ? prefCode(districtPref(district)) : (DISTRICTS[district] as District).code;
}

export function plateLetter(rng: Rng, pref: number): string {
  const p = PREFECTURES[pref] as Prefecture;
  return p.plates.length > 1 && rng.chance(0.15) ? (p.plates[1] as string) : (p.plates[0] as string);
}
