# world.py - the shared state of the independent (blind) claims-book generator: people and
# households, vehicles, insurers and policies, the provider registry (hospitals, repair shops,
# appraisers, law firms, tow firms), insurance agents, and the claim/party row builders.
import datetime as dt
from ids import Ids, JX, NEIGH, ADJ, URBAN

D0 = dt.date(2022, 1, 1).toordinal()          # first accident day
D1 = dt.date(2024, 12, 31).toordinal()        # last accident day
CUTOFF = dt.date(2025, 3, 31).toordinal()     # book extracted on this day

# code, name, kind (pc = property & casualty, life), market weight, prefecture-only region codes
INSURERS = [("PICC", "人保财险", "pc", 30, False), ("PAIC", "平安产险", "pc", 22, False),
            ("CPIC", "太保产险", "pc", 14, False), ("GPIC", "国寿财险", "pc", 8, False),
            ("CICP", "中华联合", "pc", 6, True), ("CCIC", "大地财险", "pc", 5, False),
            ("SSAI", "阳光财险", "pc", 4, False), ("CLIC", "中国人寿", "life", 12, False),
            ("PALI", "平安人寿", "life", 8, False), ("NCLI", "新华保险", "life", 4, True)]
PRODUCTS = {"pc": ["auto", "injury", "health", "property", "other"], "life": ["death", "injury", "health"]}
BRANDS4S = ["丰田", "本田", "大众", "别克", "日产", "吉利", "比亚迪", "长安", "奥迪", "宝马", "奔驰", "哈弗", "福特"]
LAWWORDS = ["赣江", "豫章", "洪城", "正邦", "求正", "天衡", "华邦", "明理", "章贡", "庐陵", "信江", "临川"]
SHOPWORDS = ["顺达", "鑫源", "宏发", "永兴", "金盾", "车之友", "快修", "诚信", "路路通", "安达", "兴旺", "捷诚"]


def surname(name):
    return name[:2] if name[:2] in ("欧阳", "司马", "上官") else name[:1]


class Person:
    __slots__ = ("pid", "name", "phone", "bank", "region", "birth", "male", "hh", "car")

    def age(self, day):
        return (day - self.birth) // 365


class Vehicle:
    __slots__ = ("plate", "vin", "year", "value", "owner")


class Prov:
    __slots__ = ("kind", "org", "name", "region", "w", "tag")

    def key(self):
        return f"{self.kind}:{self.org}"


class World:
    def __init__(self, rng, prof):
        self.r = rng
        self.p = prof
        self.ids = Ids(rng)
        self.claims = []
        self.people = []          # everyone created, in order
        self.repeat = []          # people who already claimed (repeat-claimant pool)
        self.policy_cache = {}
        self.insurers = INSURERS
        pw = prof.get("pref_weight", {})
        self.districts, self.dw = [], []
        for pref, (_, _, ds) in JX.items():
            for code, _, w in ds:
                self.districts.append(code)
                self.dw.append(w * pw.get(pref, 1.0) * (prof.get("urban_boost", 1.0) if code in URBAN else 1.0))
        self.provs = {}           # (kind, pref or district) -> [Prov]
        self.agents = {}          # (insurer code, pref) -> [Person]
        self.shop_extra = {}      # 4S store org -> ([claim advisor phones], corporate account)
        self.prov_names = set()
        self.stats = {}

    # ---------- randomness helpers ----------
    def pick_w(self, items, weights):
        return self.r.choices(items, weights)[0]

    def lognorm(self, median, sigma, lo, hi):
        v = median * (2.718281828 ** self.r.gauss(0, sigma))
        return round(min(hi, max(lo, v)), -1 if v > 2000 else 0)

    def district(self, pref=None):
        if pref is None:
            return self.pick_w(self.districts, self.dw)
        ds = JX[pref][2]
        return self.pick_w([d[0] for d in ds], [d[2] for d in ds])

    def near_pref(self, pref):
        return pref if self.r.random() < 0.8 else self.r.choice(ADJ[pref])

    def bump(self, key, n=1):
        self.stats[key] = self.stats.get(key, 0) + n

    # ---------- people ----------
    def person(self, region, age_lo, age_hi, male=None, day=D0, phone=True, bank=True, hh=None):
        r = self.r
        p = Person()
        p.male = r.random() < 0.55 if male is None else male
        if r.random() < 0.05:
            home = r.choice(list(NEIGH))                  # born outside Jiangxi
        elif r.random() < 0.25:
            home = self.district(r.choice(list(JX)))      # born elsewhere in province
        else:
            home = region
        age = r.uniform(age_lo, age_hi)
        b = dt.date.fromordinal(int(day - age * 365.25))
        p.birth = b.toordinal()
        p.pid = self.ids.resident_id(home, b, p.male)
        p.name = self.ids.name(p.male)
        p.phone = self.ids.phone() if phone else ""
        p.bank = self.ids.card() if bank else ""
        p.region, p.hh, p.car = region, hh, None
        self.people.append(p)
        return p

    def household(self, region, day=D0, head_age=(22, 62)):
        """A family: head, maybe spouse, maybe adult child, maybe elderly parent. Elderly without a
        phone or card use a child's; spouses sometimes share one card for payouts."""
        r, fam = self.r, []
        head = self.person(region, *head_age, day=day, hh=fam)
        fam.append(head)
        if r.random() < 0.72:
            sp = self.person(region, max(20, head.age(day) - 6), head.age(day) + 4, male=not head.male, day=day,
                             hh=fam)
            if r.random() < self.p.get("share_bank", 0.18):
                sp.bank = head.bank
            if r.random() < 0.05:
                sp.phone = head.phone
            fam.append(sp)
        if head.age(day) > 42 and r.random() < 0.45:
            ch = self.person(region, 18, head.age(day) - 20, day=day, hh=fam)
            father = head if head.male else (fam[1] if len(fam) > 1 and fam[1].male else None)
            if father:
                ch.name = surname(father.name) + ch.name[len(surname(ch.name)):]
            fam.append(ch)
        if head.age(day) < 55 and r.random() < 0.40:
            el = self.person(region, head.age(day) + 22, min(95, head.age(day) + 36), day=day, hh=fam,
                             phone=r.random() < 0.5, bank=r.random() < 0.6)
            if head.male and el.male:
                el.name = surname(head.name) + el.name[len(surname(el.name)):]
            if not el.phone:
                el.phone = head.phone
                self.bump("elderly_using_child_phone")
            if not el.bank:
                el.bank = head.bank
                self.bump("elderly_paid_to_child_account")
            fam.append(el)
        return fam

    def someone(self, region, day, age=(20, 65), repeat_p=None):
        """A claimant: a repeat claimant, a relative of an earlier claimant, or a new family."""
        r = self.r
        rp = self.p.get("repeat", 0.10) if repeat_p is None else repeat_p
        if self.repeat and r.random() < rp:
            p = r.choice(self.repeat)
            if age[0] <= p.age(day) <= age[1] + 10:
                self.bump("repeat_claimant_picks")
                return p
        if self.repeat and r.random() < self.p.get("relative", 0.06):
            q = r.choice(self.repeat)
            if q.hh:
                cand = [m for m in q.hh if age[0] <= m.age(day) <= age[1] + 10]
                if cand:
                    self.bump("relative_picks")
                    return r.choice(cand)
        fam = self.household(region, day)
        cand = [m for m in fam if age[0] <= m.age(day) <= age[1]] or fam
        return r.choice(cand)

    def remember(self, *ps):
        for p in ps:
            if p is not None and self.r.random() < 0.5:
                self.repeat.append(p)

    def car(self, owner, day, old=False):
        if owner.car is None or self.r.random() < 0.04:
            v = Vehicle()
            pref = owner.region[:4]
            yr = dt.date.fromordinal(day).year
            v.year = self.r.randint(yr - 16, yr - 8) if old else max(2006, yr - int(self.r.expovariate(1 / 4.5)))
            v.plate = self.ids.plate("赣" + JX[pref][1] if owner.pid[:2] == "36" or self.r.random() < 0.7
                                     else NEIGH.get(owner.pid[:6], ("", "赣" + JX[pref][1]))[1])
            v.vin = self.ids.vin(v.year)
            v.value = self.lognorm(130000, 0.5, 40000, 900000)
            v.owner = owner
            owner.car = v
            if owner.hh:
                for m in owner.hh:
                    if m.car is None and self.r.random() < 0.7:
                        m.car = v                          # the family car
        return owner.car

    # ---------- insurers and policies ----------
    def insurer(self, kind=None, product=None):
        ins = [i for i in self.insurers if (kind is None or i[2] == kind) and
               (product is None or product in PRODUCTS[i[2]])]
        return self.pick_w(ins, [i[3] for i in ins])

    def policy(self, ins, product, holder_key, day, start_back=None):
        """policy_no and policy_start; a holder keeps the same policy within a year."""
        key = (ins[0], product, holder_key)
        hit = self.policy_cache.get(key)
        if hit and hit[1] <= day < hit[1] + 365:
            return hit
        r = self.r
        if start_back is None:
            start_back = r.randint(0, 364) if product in ("auto", "property", "health", "other", "injury") \
                else int(r.uniform(200, 4000))
        start = max(day - start_back, dt.date(2008, 1, 1).toordinal())
        y = dt.date.fromordinal(start).year
        no = f"{ins[0][:2]}{'ADJHPO'['auto death injury health property other'.split().index(product)]}" \
             f"{y}36{r.randrange(10 ** 10):010d}"
        self.policy_cache[key] = (no, start)
        return no, start

    # ---------- providers ----------
    def _prov(self, kind, region, name, kind2, w, tag=""):
        p = Prov()
        base, i = name, 1
        while name in self.prov_names:                  # one name, one organisation
            i += 1
            name = base.replace("有限公司", f"第{'一二三四五六七八九'[min(i, 9) - 1]}分公司") if "有限公司" in base \
                else f"{base[:-2]}{'一二三四五六七八九'[min(i, 9) - 1]}{base[-2:]}" if base.endswith("医院") \
                else f"{base}({i})"
        self.prov_names.add(name)
        p.kind, p.region, p.name, p.w, p.tag = kind, region, name, w, tag
        p.org = self.ids.uscc(region, kind2)
        return p

    def providers(self, kind, pref):
        """Registry per prefecture, built lazily; weights are heavy-tailed."""
        key = (kind, pref)
        if key in self.provs:
            return self.provs[key]
        r, city, ds = self.r, JX[pref][0], JX[pref][2]
        seat = ds[0][0]
        out = []
        if kind == "hospital":
            big = {"3601": ["南昌大学第一附属医院", "江西省人民医院", "南昌大学第二附属医院", "江西省中医院",
                            "南昌市第一医院", "南昌大学第四附属医院"]}.get(pref, [f"{city}市人民医院",
                                                                       f"{city}市中心医院"])
            for i, nm in enumerate(big):
                out.append(self._prov(kind, seat, nm, "12", 12 / (i + 1) ** 0.7, "big"))
            for code, dn, w in ds:
                nm = f"{city}市{dn}人民医院" if code in URBAN else f"{dn}人民医院"
                out.append(self._prov(kind, code, nm, "12", 6 * w, "county:" + code))
                out.append(self._prov(kind, code, f"{city}市{dn}中医院" if code in URBAN else f"{dn}中医院", "12",
                                      2 * w, "county:" + code))
                for t in range(1 + w // 2):
                    nm = f"{dn}{r.choice('东西南北上下')}{r.choice(['塘', '坊', '桥', '岭', '田', '港', '埠', '溪'])}" \
                         f"{r.choice(['镇', '乡'])}卫生院"
                    out.append(self._prov(kind, code, nm, "12", 0.8, "clinic:" + code))
            for i in range(2 + len(ds) // 3):
                code = self.district(pref)
                nm = f"{city}{r.choice(['仁和', '博爱', '康复', '华山', '济民', '百姓', '协和'])}" \
                     f"{r.choice(['骨科医院', '医院', '骨伤医院', '中西医结合医院'])}"
                out.append(self._prov(kind, code, nm, r.choice(["52", "91"]), 2.5, "private:" + code))
        elif kind == "repair_shop":
            for b in r.sample(BRANDS4S, min(len(BRANDS4S), 4 + 2 * len(ds) // 3)):
                out.append(self._prov(kind, seat, f"{city}{b}{r.choice(['', '汽车'])}4S店", "91", 8, "4s"))
            for code, dn, w in ds:
                for i in range(2 + w):
                    nm = f"{dn[:-1]}{r.choice(SHOPWORDS)}汽车维修{r.choice(['服务部', '厂', '中心'])}"
                    out.append(self._prov(kind, code, nm, r.choice(["92", "91"]), 1.0 + r.random() * 2,
                                          "shop:" + code))
        elif kind == "appraiser":
            for i in range(2 + len(ds) // 5):
                out.append(self._prov(kind, seat, f"江西{city}{r.choice(['正大', '求实', '明鉴', '公信', '华证'])}"
                                                  f"司法鉴定所", "52", 10 / (i + 1)))
        elif kind == "lawyer":
            for i in range(3 + len(ds) // 2):
                out.append(self._prov(kind, seat, f"江西{r.choice(LAWWORDS)}"
                                                  f"({city})律师事务所", "31", 10 / (i + 1) ** 1.2))
        elif kind == "tow":
            for i in range(2 + len(ds) // 4):
                out.append(self._prov(kind, seat, f"{city}{r.choice(['安途', '快援', '路畅', '畅行'])}道路救援有限公司",
                                      "91", 5 / (i + 1)))
        self.provs[key] = out
        return out

    def pick_prov(self, kind, region, local=0.7):
        pref = region[:4]
        ps = self.providers(kind, pref)
        r = self.r
        if kind == "hospital":
            # the city's big hospitals take a huge share; serious cases go up to Nanchang
            if r.random() < (0.45 if region in URBAN else 0.25):
                if pref != "3601" and r.random() < 0.12:
                    ps = self.providers(kind, "3601")
                big = [p for p in ps if p.tag == "big"]
                return self.pick_w(big, [p.w for p in big])
        if kind in ("hospital", "repair_shop") and r.random() < local:
            loc = [p for p in ps if p.region == region and p.tag != "big"]
            if loc:
                return self.pick_w(loc, [p.w for p in loc])
        return self.pick_w(ps, [p.w for p in ps])

    def agent(self, ins, pref):
        """Insurance agents: each has a book of clients; a few are very busy."""
        key = (ins[0], pref)
        pool = self.agents.setdefault(key, [])
        if not pool or self.r.random() < 1.5 / (len(pool) + 3):
            a = self.person(self.district(pref), 24, 58, bank=False)
            pool.append(a)
        return self.pick_w(pool, [1 / (i + 1) ** 0.8 for i in range(len(pool))])

    # ---------- claim builder ----------
    def claim(self, ins, product, region, acc, rep, pstart, policy_no, ring=None):
        c = {"ins": ins, "product": product, "region": region, "acc": acc, "rep": min(rep, CUTOFF),
             "pstart": min(pstart, acc), "policy": policy_no, "claimed": 0, "paid": 0, "status": "open",
             "parties": [], "vehicles": [], "providers": [], "ring": ring}
        self.claims.append(c)
        return c

    def party(self, c, role, p, phone=None, bank=None, with_id=True):
        """Adds a party row. phone/bank override the person's own (False = leave empty)."""
        ph = p.phone if phone is None else (phone or "")
        bk = "" if role in ("driver", "witness", "agent", "passenger", "deceased") else \
            (p.bank if bank is None else (bank or ""))
        if role not in ("witness", "agent") and self.r.random() < self.p.get("missing_phone", 0.04) or \
                role == "deceased" and self.r.random() < 0.6:
            ph = ""
        pid = p.pid if with_id else ""
        c["parties"].append((role, pid, p.name, ph, bk))

    def org_party(self, c, role, name, phone, bank):
        c["parties"].append((role, "", name, phone, bank))

    def vehicle(self, c, role, v, with_vin=None):
        vin = v.vin if (with_vin if with_vin is not None else self.r.random() > 0.1) else ""
        c["vehicles"].append((role, v.plate, vin))

    def provider(self, c, p):
        if p is not None and all(x is not p for x in c["providers"]):
            c["providers"].append(p)

    def settle(self, c, claimed, fraud=False):
        r = self.r
        c["claimed"] = max(50.0, round(claimed, 2))
        age = CUTOFF - c["rep"]
        slow = c["product"] in ("death", "injury")
        x = r.random()
        if age < 60 and x < 0.8 or age < 180 and x < (0.45 if slow else 0.2) or slow and age < 400 and x < 0.12:
            st = "open"
        else:
            y = r.random()
            rej = self.p.get("fraud_reject", 0.10) if fraud else 0.04
            st = "rejected" if y < rej else ("withdrawn" if y < rej + 0.03 else "paid")
        c["status"] = st
        if st == "paid":
            c["paid"] = round(c["claimed"] * (r.uniform(0.97, 1.0) if fraud else r.uniform(0.72, 1.0)), 2)
        elif st == "open" and r.random() < 0.1:
            c["paid"] = round(c["claimed"] * r.uniform(0.1, 0.5), 2)  # advance payment (预付)
        return c
