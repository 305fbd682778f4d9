# ids.py - identity primitives for the independent (blind) claims-book generator.
# Real Jiangxi + neighbouring GB/T 2260 codes, PRC resident IDs (GB 11643 check digit),
# Chinese names, mobile numbers, Luhn bank cards, plates, VINs (ISO 3779 check digit),
# unified social credit codes (GB 32100), plus key normalisers shared with check_book.py.
import re

# prefecture (first 4 digits) -> (city name, plate letter, [(district code, name, weight)])
JX = {
    "3601": ("南昌", "A", [("360102", "东湖区", 9), ("360103", "西湖区", 8), ("360104", "青云谱区", 6),
                          ("360111", "青山湖区", 9), ("360112", "新建区", 6), ("360113", "红谷滩区", 9),
                          ("360121", "南昌县", 8), ("360123", "安义县", 2), ("360124", "进贤县", 4)]),
    "3602": ("景德镇", "H", [("360202", "昌江区", 3), ("360203", "珠山区", 4), ("360222", "浮梁县", 2),
                            ("360281", "乐平市", 4)]),
    "3603": ("萍乡", "J", [("360302", "安源区", 4), ("360313", "湘东区", 2), ("360321", "莲花县", 1),
                          ("360322", "上栗县", 2), ("360323", "芦溪县", 1)]),
    "3604": ("九江", "G", [("360402", "濂溪区", 4), ("360403", "浔阳区", 4), ("360404", "柴桑区", 2),
                          ("360423", "武宁县", 2), ("360424", "修水县", 3), ("360425", "永修县", 2),
                          ("360426", "德安县", 1), ("360428", "都昌县", 3), ("360429", "湖口县", 1),
                          ("360430", "彭泽县", 1), ("360481", "瑞昌市", 2), ("360482", "共青城市", 1),
                          ("360483", "庐山市", 1)]),
    "3605": ("新余", "K", [("360502", "渝水区", 5), ("360521", "分宜县", 2)]),
    "3606": ("鹰潭", "L", [("360602", "月湖区", 3), ("360603", "余江区", 2), ("360681", "贵溪市", 3)]),
    "3607": ("赣州", "B", [("360702", "章贡区", 8), ("360703", "南康区", 5), ("360704", "赣县区", 3),
                          ("360722", "信丰县", 3), ("360723", "大余县", 2), ("360724", "上犹县", 1),
                          ("360725", "崇义县", 1), ("360726", "安远县", 2), ("360728", "定南县", 1),
                          ("360729", "全南县", 1), ("360730", "宁都县", 3), ("360731", "于都县", 4),
                          ("360732", "兴国县", 3), ("360733", "会昌县", 2), ("360734", "寻乌县", 1),
                          ("360735", "石城县", 1), ("360781", "瑞金市", 3), ("360783", "龙南市", 2)]),
    "3608": ("吉安", "D", [("360802", "吉州区", 4), ("360803", "青原区", 2), ("360821", "吉安县", 2),
                          ("360822", "吉水县", 2), ("360823", "峡江县", 1), ("360824", "新干县", 1),
                          ("360825", "永丰县", 2), ("360826", "泰和县", 2), ("360827", "遂川县", 2),
                          ("360828", "万安县", 1), ("360829", "安福县", 2), ("360830", "永新县", 2),
                          ("360881", "井冈山市", 1)]),
    "3609": ("宜春", "C", [("360902", "袁州区", 5), ("360921", "奉新县", 2), ("360922", "万载县", 2),
                          ("360923", "上高县", 2), ("360924", "宜丰县", 1), ("360925", "靖安县", 1),
                          ("360926", "铜鼓县", 1), ("360981", "丰城市", 6), ("360982", "樟树市", 3),
                          ("360983", "高安市", 4)]),
    "3610": ("抚州", "F", [("361002", "临川区", 6), ("361003", "东乡区", 2), ("361021", "南城县", 2),
                          ("361022", "黎川县", 1), ("361023", "南丰县", 2), ("361024", "崇仁县", 2),
                          ("361025", "乐安县", 2), ("361026", "宜黄县", 1), ("361027", "金溪县", 2),
                          ("361028", "资溪县", 1), ("361030", "广昌县", 1)]),
    "3611": ("上饶", "E", [("361102", "信州区", 4), ("361103", "广丰区", 4), ("361104", "广信区", 4),
                          ("361123", "玉山县", 3), ("361124", "铅山县", 2), ("361125", "横峰县", 1),
                          ("361126", "弋阳县", 2), ("361127", "余干县", 4), ("361128", "鄱阳县", 6),
                          ("361129", "万年县", 2), ("361130", "婺源县", 2), ("361181", "德兴市", 2)]),
}
# neighbouring-province birthplaces (migrants / outsiders): code -> (name, plate prefix)
NEIGH = {"430102": ("长沙芙蓉区", "湘A"), "430104": ("长沙岳麓区", "湘A"), "430202": ("株洲荷塘区", "湘B"),
         "431002": ("郴州北湖区", "湘L"), "440106": ("广州天河区", "粤A"), "440303": ("深圳罗湖区", "粤B"),
         "350102": ("福州鼓楼区", "闽A"), "350203": ("厦门思明区", "闽D"), "330106": ("杭州西湖区", "浙A"),
         "340104": ("合肥蜀山区", "皖A"), "420106": ("武汉武昌区", "鄂A")}
# adjacency between prefectures (by road), used for ring expansion and commuting
ADJ = {"3601": ["3604", "3609", "3610", "3606", "3611"], "3602": ["3611", "3604"], "3603": ["3609", "3608"],
       "3604": ["3601", "3602", "3609"], "3605": ["3609", "3608", "3601"], "3606": ["3611", "3610", "3601"],
       "3607": ["3608", "3610"], "3608": ["3607", "3605", "3603", "3609", "3610"],
       "3609": ["3601", "3605", "3603", "3604"], "3610": ["3601", "3606", "3607", "3608", "3611"],
       "3611": ["3602", "3606", "3610", "3601"]}
DISTRICT = {c: (pref, nm) for pref, (_, _, ds) in JX.items() for c, nm, _ in ds}
URBAN = {"360102", "360103", "360104", "360111", "360113", "360202", "360203", "360302", "360402", "360403",
         "360502", "360602", "360702", "360802", "360902", "361002", "361102"}

ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check(body17):
    return "10X98765432"[sum(int(a) * b for a, b in zip(body17, ID_W)) % 11]


def luhn_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return str((10 - total % 10) % 10)


VIN_CH = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
_VT = {**{str(i): i for i in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))),
       "P": 7, "R": 9, **dict(zip("STUVWXYZ", range(2, 10)))}
_VW = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
YEAR_CODE = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 1980.. ; 2010 = A again (30-year cycle)


def vin_check(vin17):
    s = sum(_VT[c] * w for c, w in zip(vin17, _VW)) % 11
    return "X" if s == 10 else str(s)


USCC_CH = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_UW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_check(body17):
    s = sum(USCC_CH.index(c) * w for c, w in zip(body17, _UW))
    return USCC_CH[(31 - s % 31) % 31]


def orgcode_check(body8):
    s = sum(int(c) * w for c, w in zip(body8, [3, 7, 9, 10, 5, 8, 4, 2]))
    r = 11 - s % 11
    return "X" if r == 10 else ("0" if r == 11 else str(r))


SURNAMES = ("刘李王张陈黄胡吴徐罗熊杨曾邹万周彭肖朱何邓钟廖谢傅龚涂余程舒付江汪郭聂赖温袁蔡饶丁魏章卢康"
            "邱游欧阳姚危宋叶雷陶晏喻简桂甘敖易揭")
SUR_W = [9, 8, 8, 7, 7, 6, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
         2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1][:len(SURNAMES)]
SUR_W += [1] * (len(SURNAMES) - len(SUR_W))
GIVEN_M = "伟强军勇平明华建国文辉斌杰峰磊涛鹏飞波俊浩宇晨轩博志刚海林新德福根生水金发春亮红卫东兵"
GIVEN_F = "芳娟敏静丽英华秀兰霞燕玲红梅琴萍艳凤莉娜婷雪慧颖欣怡佳琳桂花金珍春云秋霞"
PHONE_PRE = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
             "155", "156", "157", "158", "159", "170", "176", "177", "178", "180", "181", "182", "183", "184",
             "185", "186", "187", "188", "189", "191", "193", "198", "199"]
CARD_BIN = [("622202", 19), ("621226", 19), ("622848", 19), ("623052", 19), ("621700", 19), ("622700", 19),
            ("621661", 19), ("621799", 19), ("622188", 19), ("621098", 19), ("622588", 16), ("623058", 19),
            ("621483", 16), ("622908", 19), ("623091", 19)]
CORP_PRE = ["1502", "1503", "3605", "1426", "1910", "7901"]
PLATE_CH = "ABCDEFGHJKLMNPQRSTUVWXYZ"
WMI = ["LSV", "LFV", "LGB", "LSG", "LHG", "LVS", "LGW", "LB3", "LS5", "LGX", "LDC", "LZW", "LVH", "LFM", "LBV",
       "WBA", "WDD", "WAU"]


class Ids:
    """Issues unique identifiers from one seeded RNG."""

    def __init__(self, rng):
        self.r = rng
        self.seen = set()

    def _uniq(self, make):
        while True:
            v = make()
            if v not in self.seen:
                self.seen.add(v)
                return v

    def resident_id(self, region6, birth, male):
        """birth: datetime.date"""
        def make():
            seq = self.r.randrange(0, 100) * 10 + self.r.choice([1, 3, 5, 7, 9] if male else [0, 2, 4, 6, 8])
            body = f"{region6}{birth:%Y%m%d}{seq:03d}"
            return body + id_check(body)
        return self._uniq(make)

    def name(self, male):
        r = self.r
        s = r.choices(SURNAMES, SUR_W)[0]
        if r.random() < 0.03:
            s = r.choice(["欧阳", "司马", "上官"])
        pool = GIVEN_M if male else GIVEN_F
        g = r.choice(pool) + (r.choice(pool) if r.random() < 0.78 else "")
        return s + g

    def phone(self):
        return self._uniq(lambda: self.r.choice(PHONE_PRE) + f"{self.r.randrange(10 ** 8):08d}")

    def card(self):
        def make():
            b, n = self.r.choice(CARD_BIN)
            body = b + "".join(str(self.r.randrange(10)) for _ in range(n - 7))
            return body + luhn_digit(body)
        return self._uniq(make)

    def corp_account(self):
        return self._uniq(lambda: self.r.choice(CORP_PRE) + "".join(str(self.r.randrange(10)) for _ in range(15)))

    def plate(self, prefix):
        """prefix like '赣A'"""
        def make():
            r = self.r
            k = r.random()
            if k < 0.45:
                tail = f"{r.randrange(10 ** 5):05d}"
            elif k < 0.80:
                tail = r.choice(PLATE_CH.replace("Q", "")) + f"{r.randrange(10 ** 4):04d}"
            else:
                tail = f"{r.randrange(10)}{r.choice(PLATE_CH)}{r.randrange(10 ** 3):03d}"
            return prefix + tail
        return self._uniq(make)

    def vin(self, year, wmi=None):
        def make():
            r = self.r
            w = wmi or r.choice(WMI)
            vds = "".join(r.choice(VIN_CH) for _ in range(5))
            yc = YEAR_CODE[(year - 1980) % 30]
            tail = r.choice(VIN_CH) + f"{r.randrange(10 ** 6):06d}"
            body = w + vds + "0" + yc + tail
            return body[:8] + vin_check(body) + body[9:]
        return self._uniq(make)

    def uscc(self, region6, kind2):
        """kind2: registration authority + type, e.g. '91' company, '92' individual business, '12' public
        institution, '52' private non-enterprise, '31' law firm."""
        def make():
            body8 = f"{self.r.randrange(10 ** 8):08d}"
            b = kind2 + region6 + body8 + orgcode_check(body8)
            return b + uscc_check(b)
        return self._uniq(make)


# ---- normalisers (the contract's key rules) ----
def norm_phone(s):
    d = re.sub(r"[\s\-.()]", "", s or "")
    if d.startswith("+86"):
        d = d[3:]
    elif d.startswith("0086"):
        d = d[4:]
    return d if re.fullmatch(r"1[3-9]\d{9}", d) else ""


def norm_plate(s):
    return re.sub(r"[\s.\-·•]", "", s or "").upper()


def norm_bank(s):
    d = re.sub(r"\D", "", s or "")
    return d if 12 <= len(d) <= 30 else ""


def valid_id(s):
    s = (s or "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", s) or id_check(s[:17]) != s[17]:
        return False
    import datetime
    try:
        b = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    return 1900 <= b.year and b <= datetime.date(2025, 12, 31) and (s[:6] in DISTRICT or s[:6] in NEIGH)


def valid_vin(s):
    s = (s or "").upper()
    return len(s) == 17 and all(c in VIN_CH for c in s) and vin_check(s) == s[8]


def valid_uscc(s):
    s = (s or "").upper()
    return len(s) == 18 and all(c in USCC_CH for c in s) and uscc_check(s[:17]) == s[17]


PLATE_RE = re.compile(r"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-HJ-NP-Z0-9]{5,6}$")
