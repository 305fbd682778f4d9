/**
 * ringsight/datasets/worlds/geo
 * =============================
 *
 * Static vocabulary of a world: Jiangxi prefectures and their districts
 * (GB/T 2260), plate prefixes, out-of-province home regions for resident IDs,
 * insurers, surnames and given-name characters. Data only.
 */

export interface Prefecture {
  code: string;
  name: string;
  plate: string;
  /** district code → district name; the first entry is the urban core */
  districts: Array<[string, string]>;
}

export const PREFECTURES: Prefecture[] = [
  {
    code: '360100',
    name: '南昌',
    plate: '赣A',
    districts: [
      ['360102', '东湖区'],
      ['360103', '西湖区'],
      ['360104', '青云谱区'],
      ['360111', '青山湖区'],
      ['360112', '新建区'],
      ['360113', '红谷滩区'],
      ['360121', '南昌县'],
      ['360123', '安义县'],
      ['360124', '进贤县']
    ]
  },
  {
    code: '360200',
    name: '景德镇',
    plate: '赣H',
    districts: [
      ['360203', '珠山区'],
      ['360202', '昌江区'],
      ['360222', '浮梁县'],
      ['360281', '乐平市']
    ]
  },
  {
    code: '360300',
    name: '萍乡',
    plate: '赣J',
    districts: [
      ['360302', '安源区'],
      ['360313', '湘东区'],
      ['360321', '莲花县'],
      ['360322', '上栗县'],
      ['360323', '芦溪县']
    ]
  },
  {
    code: '360400',
    name: '九江',
    plate: '赣G',
    districts: [
      ['360403', '浔阳区'],
      ['360402', '濂溪区'],
      ['360404', '柴桑区'],
      ['360423', '武宁县'],
      ['360424', '修水县'],
      ['360425', '永修县'],
      ['360428', '都昌县'],
      ['360429', '湖口县'],
      ['360481', '瑞昌市']
    ]
  },
  {
    code: '360500',
    name: '新余',
    plate: '赣K',
    districts: [
      ['360502', '渝水区'],
      ['360521', '分宜县']
    ]
  },
  {
    code: '360600',
    name: '鹰潭',
    plate: '赣L',
    districts: [
      ['360602', '月湖区'],
      ['360603', '余江区'],
      ['360681', '贵溪市']
    ]
  },
  {
    code: '360700',
    name: '赣州',
    plate: '赣B',
    districts: [
      ['360702', '章贡区'],
      ['360703', '南康区'],
      ['360704', '赣县区'],
      ['360722', '信丰县'],
      ['360730', '宁都县'],
      ['360731', '于都县'],
      ['360732', '兴国县'],
      ['360733', '会昌县'],
      ['360781', '瑞金市'],
      ['360783', '龙南市']
    ]
  },
  {
    code: '360800',
    name: '吉安',
    plate: '赣D',
    districts: [
      ['360802', '吉州区'],
      ['360803', '青原区'],
      ['360821', '吉安县'],
      ['360822', '吉水县'],
      ['360826', '泰和县'],
      ['360827', '遂川县'],
      ['360830', '永新县'],
      ['360881', '井冈山市']
    ]
  },
  {
    code: '360900',
    name: '宜春',
    plate: '赣C',
    districts: [
      ['360902', '袁州区'],
      ['360921', '奉新县'],
      ['360922', '万载县'],
      ['360923', '上高县'],
      ['360981', '丰城市'],
      ['360982', '樟树市'],
      ['360983', '高安市']
    ]
  },
  {
    code: '361000',
    name: '抚州',
    plate: '赣F',
    districts: [
      ['361002', '临川区'],
      ['361003', '东乡区'],
      ['361021', '南城县'],
      ['361023', '南丰县'],
      ['361024', '崇仁县'],
      ['361025', '乐安县'],
      ['361027', '金溪县']
    ]
  },
  {
    code: '361100',
    name: '上饶',
    plate: '赣E',
    districts: [
      ['361102', '信州区'],
      ['361103', '广丰区'],
      ['361104', '广信区'],
      ['361123', '玉山县'],
      ['361124', '铅山县'],
      ['361127', '余干县'],
      ['361128', '鄱阳县'],
      ['361129', '万年县'],
      ['361130', '婺源县']
    ]
  }
];

/** Home regions of people from outside Jiangxi (migrant workers, drivers passing through). */
export const OUTSIDE_REGIONS: Array<{ code: string; plate: string }> = [
  { code: '430102', plate: '湘A' },
  { code: '430602', plate: '湘F' },
  { code: '350102', plate: '闽A' },
  { code: '350203', plate: '闽D' },
  { code: '440305', plate: '粤B' },
  { code: '440106', plate: '粤A' },
  { code: '340102', plate: '皖A' },
  { code: '330106', plate: '浙A' },
  { code: '420106', plate: '鄂A' },
  { code: '510107', plate: '川A' },
  { code: '411302', plate: '豫R' }
];

export const INSURERS: Array<{ code: string; name: string }> = [
  { code: 'PICC', name: '人保财险' },
  { code: 'PAIC', name: '平安产险' },
  { code: 'CPIC', name: '太保产险' },
  { code: 'CLPC', name: '国寿财险' },
  { code: 'CICP', name: '中华联合' },
  { code: 'CCIC', name: '大地保险' },
  { code: 'SSAI', name: '阳光财险' },
  { code: 'TPIC', name: '太平财险' },
  { code: 'TAIC', name: '天安财险' },
  { code: 'YGBX', name: '永安财险' },
  { code: 'HAIC', name: '华安财险' },
  { code: 'ZAIC', name: '众安在线' }
];

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
export const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁龙林欣婷雪琳晨辉鹏飞波建国志文海荣春梅兰凤云新民德福贵发金水根生';

export const COMPANY_WORDS = [
  '顺达',
  '鑫源',
  '恒通',
  '宏发',
  '远航',
  '安泰',
  '诚信',
  '鸿运',
  '金盛',
  '华通',
  '永兴',
  '瑞丰',
  '汇通',
  '万家',
  '福临',
  '众邦',
  '天成',
  '腾达',
  '嘉禾',
  '吉祥'
];

export function allDistricts(prefs: readonly Prefecture[]): string[] {
  return prefs.flatMap((p) => p.districts.map((d) => d[0]));
}

export function prefectureOfCode(code: string): Prefecture | undefined {
  const pref = code.slice(0, 4) + '00';
  return PREFECTURES.find((p) => p.code === pref);
}

export function districtName(code: string): string {
  for (const p of PREFECTURES) for (const [c, n] of p.districts) if (c === code) return n;
  return '';
}
