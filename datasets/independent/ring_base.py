# ring_base.py - what every planted fraud ring in the independent (blind) book shares: a crew
# that grows over time, a territory that spreads to neighbouring prefectures, phones (own,
# "hot" contact phone, throw-away SIMs), payout accounts (own and bought cards), old cars that
# are swapped after a few crashes, colluding providers, and the truth record of what it controls.
import datetime as dt
from world import D0, D1, Vehicle, PRODUCTS
from ids import JX, ADJ, URBAN


class Ring:
    def __init__(self, w, rid, cat, n, care, start, end, home):
        self.w, self.r = w, w.r
        self.id, self.cat, self.n, self.care = rid, cat, n, care
        self.start, self.end = start, end
        self.prefs = [home]
        self.expand_at = self.r.uniform(0.25, 0.8) if self.r.random() < 0.75 else 2.0
        self.ctl = set()            # normalised keys the ring controls
        self.crew, self.org = [], []
        self.accounts, self.acct_w = [], []
        self.cars = []
        self.hot = []               # contact phones reused across claims
        self.colluders = {}         # kind -> Prov
        self.claims = []
        self.extra_honest = 0       # honest companion files the ring's events created
        self.hosp_tag = "private"
        self.fav_ins = [w.insurer() for _ in range(1 + int(care * 3))]

    # ---------- timeline and territory ----------
    def days(self):
        g = self.r.uniform(1.3, 2.2)   # claims per month grow over the ring's life
        return sorted(int(self.start + (self.end - self.start) * self.r.random() ** (1 / g))
                      for _ in range(self.n))

    def frac(self, day):
        return (day - self.start) / max(1, self.end - self.start)

    def pref(self, day):
        if self.frac(day) > self.expand_at and len(self.prefs) < 3:
            cand = [p for p in ADJ[self.prefs[-1]] if p not in self.prefs]
            if cand:
                self.prefs.append(self.r.choice(cand))
            self.expand_at += self.r.uniform(0.25, 0.6)
        return self.prefs[0] if self.r.random() < 0.55 else self.r.choice(self.prefs)

    def region(self, day, urban=0.6):
        pref = self.pref(day)
        if self.r.random() < urban:
            u = [d for d, _, _ in JX[pref][2] if d in URBAN]
            if u:
                return self.r.choice(u)
        return self.w.district(pref)

    # ---------- people ----------
    def own(self, p, phone=True, bank=True):
        self.ctl.add("person:" + p.pid)
        if phone and p.phone:
            self.ctl.add("phone:" + p.phone)
        if bank and p.bank:
            self.ctl.add("bank_account:" + p.bank)
        return p

    def recruit(self, k, day, age=(20, 50)):
        w = self.w
        for _ in range(k):
            if self.crew and self.r.random() < 0.25:
                # relatives and fellow villagers of existing members
                base = self.r.choice(self.crew)
                p = w.person(base.region, *age, day=day)
                if self.r.random() < 0.4:
                    p.name = base.name[0] + p.name[1:]
            else:
                p = w.person(w.district(self.pref(day)), *age, day=day)
            self.crew.append(self.own(p))
        return self.crew[-k:] if k else []

    def member(self, day, exclude=()):
        """Core members are used most; recruits join as the ring grows."""
        live = max(2, int(len(self.crew) * min(1.0, 0.45 + self.frac(day))))
        pool = [m for m in self.crew[:live] if m not in exclude] or self.crew
        return self.w.pick_w(pool, [1 / (i + 1) ** (1.1 - 0.8 * self.care) for i in range(len(pool))])

    # ---------- identifiers ----------
    def add_account(self, holder=None):
        a = holder.bank if holder is not None else self.w.ids.card()   # bought / borrowed card
        self.ctl.add("bank_account:" + a)
        self.accounts.append(a)
        self.acct_w.append(1 / len(self.accounts))
        return a

    def account(self, p_own, who):
        """Payout account: the ring's pooled accounts, or the payee's own (also controlled)."""
        if self.r.random() < p_own + (1 - p_own) * 0.5 * self.care:   # careful: cash out from own cards
            return who.bank
        if len(self.accounts) < 1 + int(self.care * 5) and self.r.random() < 0.15 + 0.3 * self.care:
            self.add_account()
        return self.w.pick_w(self.accounts, self.acct_w)

    def phone(self, who, p_hot):
        """Careful rings put a fresh SIM on each form; sloppy ones the boss's phone."""
        r = self.r
        if self.hot and r.random() < p_hot * (1 - self.care):
            return r.choice(self.hot)
        if r.random() < 0.55 * self.care:
            ph = self.w.ids.phone()
            self.ctl.add("phone:" + ph)
            return ph
        return who.phone

    # ---------- cars ----------
    def car(self, day, owner=None):
        """An old car in the ring's hands; retired (sold on) after a few crashes."""
        r = self.r
        life = 1 if self.care > 0.85 else 2 + int((1 - self.care) * 5)   # very careful: hired cars
        live = [c for c in self.cars if c[1] < life]
        if not live or len(live) < 2 and r.random() < 0.3:
            v = Vehicle()
            yr = dt.date.fromordinal(day).year
            v.year = r.randint(yr - 16, yr - 7)
            v.value = self.w.lognorm(160000, 0.4, 60000, 600000)   # old luxury cars: cheap to buy,
            v.owner = owner or self.member(day)                    # dear to repair
            pref = v.owner.region[:4]
            v.plate = self.w.ids.plate("赣" + JX[pref][1])
            v.vin = self.w.ids.vin(v.year, r.choice(["WBA", "WDD", "LFV", "WAU", "LSV", "LHG"]))
            self.ctl.add("vehicle:" + v.plate)
            self.cars.append([v, 0])
            live = [self.cars[-1]]
        c = r.choice(live)
        c[1] += 1
        return c[0]

    def collude(self, kind, day, tag=None, boost=3.0):
        """A real provider of the territory that turned: it also keeps its honest customers."""
        if kind not in self.colluders:
            ps = self.w.providers(kind, self.prefs[0])
            cand = [p for p in ps if tag is None or p.tag.startswith(tag)] or ps
            p = self.r.choice(cand)
            p.w *= boost
            self.colluders[kind] = p
            self.ctl.add(f"{kind}:{p.org}")
        return self.colluders[kind]

    def policy(self, ins, product, key, day, fresh):
        back = self.r.randint(2, 45) if self.r.random() < fresh else None
        return self.w.policy(ins, product, key, day, back)

    def claim(self, ins, product, region, acc, rep, pstart, no):
        c = self.w.claim(ins, product, region, acc, rep, pstart, no, ring=self)
        self.claims.append(c)
        return c

    def insurer(self, kind=None, product=None):
        """Careful rings spread over companies; sloppy ones keep going back to the soft one."""
        if self.r.random() < 0.6 * (1 - self.care):
            cand = [i for i in self.fav_ins if (kind is None or i[2] == kind) and
                    (product is None or product in PRODUCTS[i[2]])]
            if cand:
                return self.r.choice(cand)
        return self.w.insurer(kind, product)

    # ---------- truth ----------
    def truth(self):
        keys, regions, insurers, seen = set(), set(), set(), {}
        for c in self.claims:
            regions.add(c["region"])
            insurers.add(c["ins"][1])
            for role, pid, _, ph, bk in c["parties"]:
                for k in (pid and "person:" + pid.upper(), ph and "phone:" + ph, bk and "bank_account:" + bk):
                    if k and k in self.ctl:
                        keys.add(k)
                if pid and "person:" + pid in self.ctl:
                    seen[pid] = seen.get(pid, 0) + 1
            for _, plate, _ in c["vehicles"]:
                if plate and "vehicle:" + plate in self.ctl:
                    keys.add("vehicle:" + plate)
            for p in c["providers"]:
                if p.key() in self.ctl:
                    keys.add(p.key())
        orgs = [o.pid for o in self.org if o.pid in seen]
        if not orgs and seen:
            orgs = [max(sorted(seen), key=lambda k: seen[k])]
        return {"id": self.id, "category": self.cat, "claims": sorted(c["id"] for c in self.claims),
                "members": sorted(keys), "organisers": ["person:" + o for o in orgs],
                "regions": sorted(regions), "insurers": sorted(insurers),
                "care": round(self.care, 2),
                "active": [dt.date.fromordinal(self.start).isoformat(), dt.date.fromordinal(self.end).isoformat()]}


def plan(w, rid, cat, n, care):
    """Timeline: a few months for small rings, up to ~2.5 years for large ones."""
    r = w.r
    months = max(3, min(30, n / r.uniform(1.2, 3.0)))
    span = int(months * 30.4)
    start = r.randint(D0, max(D0, D1 - span))
    home = r.choices(list(JX), [30, 5, 5, 10, 4, 5, 16, 8, 10, 8, 10])[0]
    if w.p.get("ring_city"):
        home = r.choice(w.p["ring_city"]) if r.random() < 0.8 else home
    return Ring(w, rid, cat, n, care, start, min(D1, start + span), home)
