# honest.py - the honest part of the independent (blind) claims book: ordinary auto accidents
# (single, two-vehicle with occasional cross-claims at both insurers, with injuries split into a
# separate injury file), fleets (taxi / logistics / ride-hailing rental), personal accident,
# health, death (incl. one elderly person insured at 2-3 companies), property, catastrophe days.
import datetime as dt
from world import D0, D1, CUTOFF, JX, Vehicle
from ids import URBAN

MONTH_W = [1.35, 1.25, 0.95, 0.95, 1.05, 1.15, 1.15, 1.0, 0.95, 1.1, 0.95, 1.15]


class Honest:
    def __init__(self, w):
        self.w, self.r, self.p = w, w.r, w.p
        self.fleets = []
        self.hailers = []
        n = w.p["claims"]
        for _ in range(max(2, int(n / 2500 * w.p.get("fleets", 1.0)))):
            self.fleets.append(self._fleet())
        self.hail_max = max(3, int(n / 300 * w.p.get("fleets", 1.0)))

    # ---------- helpers ----------
    def day(self):
        r = self.r
        while True:
            d = r.randint(D0, D1)
            if r.random() * 1.4 < MONTH_W[dt.date.fromordinal(d).month - 1]:
                return d

    def where(self, home):
        r = self.r
        x = r.random()
        if x < 0.68:
            return home
        if x < 0.92:
            return self.w.district(home[:4])
        return self.w.district(self.w.near_pref(home[:4]))

    def delay(self, kind):
        r = self.r
        if kind == "auto":
            return r.choices([0, 1, 2, 3, 5, 9, 20], [58, 24, 8, 4, 3, 2, 1])[0]
        if kind == "injury":
            return int(min(300, 3 + r.expovariate(1 / 25)))
        if kind == "death":
            return int(min(200, 2 + r.expovariate(1 / 18)))
        return int(min(120, 1 + r.expovariate(1 / 12)))

    def shop_for(self, car, region):
        w = self.w
        shops = w.providers("repair_shop", region[:4])
        young = car.year >= dt.date.fromordinal(D1).year - 5
        if self.r.random() < (0.72 if young else 0.22):
            cand = [s for s in shops if s.tag == "4s"]
        else:
            cand = [s for s in shops if s.tag == "shop:" + region] or [s for s in shops if s.tag != "4s"]
        return w.pick_w(cand, [s.w for s in cand])

    def extra(self, shop):
        ex = self.w.shop_extra
        if shop.org not in ex:
            ex[shop.org] = ([self.w.ids.phone() for _ in range(self.r.randint(1, 3))], self.w.ids.corp_account())
        return ex[shop.org]

    def witness(self, c, region, day):
        w = self.w
        p = w.person(region, 18, 70, day=day)
        w.party(c, "witness", p, phone=p.phone if self.r.random() < 0.8 else False,
                with_id=self.r.random() < self.p.get("witness_id", 0.5))

    def maybe_agent(self, c, ins, region, p):
        if self.r.random() < p:
            self.w.party(c, "agent", self.w.agent(ins, region[:4]))

    # ---------- auto ----------
    def _auto_base(self, owner, day, region, ins=None):
        w = self.w
        car = w.car(owner, day)
        ins = ins or w.insurer("pc", "auto")
        no, st = w.policy(ins, "auto", car.plate, day)
        c = w.claim(ins, "auto", region, day, day + self.delay("auto"), st, no)
        drv = owner
        if owner.hh and len(owner.hh) > 1 and self.r.random() < 0.25:
            cand = [m for m in owner.hh if 18 <= m.age(day) <= 75 and m is not owner]
            drv = self.r.choice(cand) if cand else owner
            w.bump("family_member_driving_family_car")
        shop = self.shop_for(car, region)
        ph, bk = None, None
        if shop.tag == "4s":
            advisors, acct = self.extra(shop)
            if self.r.random() < self.p.get("dealer_proxy", 0.22):
                ph = self.r.choice(advisors)
                w.bump("dealer_advisor_phone_on_form")
            if self.r.random() < self.p.get("direct_pay", 0.28):
                bk = acct
                w.bump("paid_direct_to_dealer_account")
        w.party(c, "insured", owner, phone=ph, bank=bk)
        w.party(c, "driver", drv)
        w.vehicle(c, "insured", car)
        w.provider(c, shop)
        if drv.hh and self.r.random() < 0.08:
            pas = [m for m in drv.hh if m is not drv]
            if pas:
                w.party(c, "passenger", self.r.choice(pas))
        if self.r.random() < 0.04:
            self.maybe_agent(c, ins, region, 1.0)
        return c, car, drv

    def auto(self, budget):
        w, r = self.w, self.r
        day = self.day()
        owner = w.someone(w.district(), day, (20, 70))
        region = self.where(owner.region)
        c, car, drv = self._auto_base(owner, day, region)
        n = 1
        x = r.random()
        if x < 0.48:                                    # single vehicle
            amt = w.lognorm(3200, 0.95, 300, car.value * 0.9)
            if amt > 15000 or r.random() < 0.08:
                w.provider(c, w.pick_prov("tow", region))
        else:                                           # two vehicles, ours at fault
            other = w.someone(w.district(region[:4]), day, (20, 70))
            ocar = w.car(other, day)
            w.party(c, "claimant", other)
            w.vehicle(c, "third_party", ocar)
            amt = w.lognorm(4200, 0.9, 300, 150000)
            if r.random() < 0.10:
                self.witness(c, region, day)
            if budget >= 2 and r.random() < self.p.get("cross_claim", 0.18):
                # both partly at fault: the other car's insurer opens its own file
                oins = w.insurer("pc", "auto")
                no, st = w.policy(oins, "auto", ocar.plate, day)
                c2 = w.claim(oins, "auto", region, day, day + self.delay("auto"), st, no)
                w.party(c2, "insured", other)
                w.party(c2, "driver", other)
                w.party(c2, "claimant", owner)
                w.vehicle(c2, "insured", ocar)
                w.vehicle(c2, "third_party", car)
                w.provider(c2, self.shop_for(ocar, region))
                w.settle(c2, w.lognorm(3500, 0.8, 300, 80000))
                w.bump("two_insurer_cross_claims")
                n += 1
            w.remember(other)
        if amt > 40000 and r.random() < 0.4:
            w.provider(c, w.pick_prov("appraiser", region))
        w.settle(c, amt)
        w.remember(owner, drv)
        return n

    def auto_injury(self, budget):
        """A car hits an e-bike rider / pedestrian: injury file, often a separate damage file."""
        w, r = self.w, self.r
        day = self.day()
        owner = w.someone(w.district(), day, (20, 70))
        region = self.where(owner.region)
        victim = w.someone(w.district(region[:4]), day, (8, 85))
        n = 0
        if budget >= 2 and r.random() < 0.45:
            c, car, drv = self._auto_base(owner, day, region)
            w.settle(c, w.lognorm(2500, 0.8, 200, 60000))
            n += 1
            ins = c["ins"]
        else:
            car, drv, ins = w.car(owner, day), owner, w.insurer("pc", "auto")
        no, st = w.policy(ins, "auto", car.plate, day)
        j = w.claim(ins, "injury", region, day, day + self.delay("injury"), st, no)
        w.party(j, "insured", owner)
        if drv is not owner:
            w.party(j, "driver", drv)
        w.party(j, "injured", victim)
        w.vehicle(j, "insured", car)
        w.provider(j, w.pick_prov("hospital", victim.region, 0.5))
        amt = w.lognorm(9000, 1.0, 500, 400000)
        if amt > 30000 or r.random() < 0.15:
            w.provider(j, w.pick_prov("appraiser", region))
            amt = max(amt, w.lognorm(60000, 0.6, 20000, 600000))
        if r.random() < self.p.get("lawyer", 0.18) * (1.5 if region in URBAN else 1.0):
            w.provider(j, w.pick_prov("lawyer", region))
            w.bump("injury_claims_with_lawyer")
        w.settle(j, amt)
        w.remember(owner, victim)
        return n + 1

    # ---------- fleets ----------
    def _fleet(self):
        w, r = self.w, self.r
        kind = r.choices(["taxi", "logistics", "rental"], [3, 4, 3])[0]
        pref = r.choice(["3601", "3601", "3601", "3607", "3604", "3609", "3611", "3610", "3608"])
        region = w.district(pref)
        mgr = w.person(region, 30, 55, bank=False)
        nm = JX[pref][0] + {"taxi": r.choice(["公交出租汽车", "大众出租车", "腾达出租汽车"]) + "有限公司",
                            "logistics": r.choice(["顺捷", "赣运", "通达", "远航"]) + "物流有限公司",
                            "rental": r.choice(["易行", "畅享", "优途"]) + "汽车租赁有限公司"}[kind]
        f = {"kind": kind, "pref": pref, "name": nm, "mgr": mgr, "acct": w.ids.corp_account(),
             "ins": w.insurer("pc", "auto"), "cars": [], "drivers": [], "shop": None}
        for _ in range(r.randint(25, 120)):
            car = Vehicle()
            car.year = r.randint(2014, 2021)
            car.plate = w.ids.plate("赣" + JX[pref][1])
            car.vin = w.ids.vin(car.year)
            car.value, car.owner = 90000 if kind != "logistics" else 250000, mgr
            f["cars"].append(car)
        for _ in range(int(len(f["cars"]) * 1.3)):
            f["drivers"].append(w.person(w.district(pref), 23, 58))
        f["shop"] = w.pick_w([s for s in w.providers("repair_shop", pref) if s.tag != "4s"], None)
        self.w.bump("fleets")
        return f

    def fleet(self, budget):
        w, r = self.w, self.r
        f = r.choice(self.fleets)
        day = self.day()
        region = w.district(f["pref"]) if r.random() < 0.85 else w.district(r.choice(list(JX)))
        car = r.choice(f["cars"])
        ins = f["ins"] if r.random() < 0.85 else w.insurer("pc", "auto")
        no, st = w.policy(ins, "auto", car.plate, day)
        c = w.claim(ins, "auto", region, day, day + self.delay("auto"), st, no)
        w.org_party(c, "insured", f["name"], f["mgr"].phone, f["acct"])
        w.party(c, "driver", r.choice(f["drivers"]))
        w.vehicle(c, "insured", car)
        w.provider(c, f["shop"] if r.random() < 0.7 else self.shop_for(car, region))
        amt = w.lognorm(3800 if f["kind"] != "logistics" else 9000, 0.9, 300, 200000)
        if r.random() < 0.5:
            other = w.someone(w.district(region[:4]), day, (20, 70))
            w.party(c, "claimant", other)
            w.vehicle(c, "third_party", w.car(other, day))
            w.remember(other)
        if f["kind"] == "logistics" and r.random() < 0.2:
            w.provider(c, w.pick_prov("tow", region))
        w.settle(c, amt)
        w.bump("fleet_claims")
        return 1

    def hailer(self, budget):
        """Ride-hailing drivers: one person, one car, several claims over three years."""
        w, r = self.w, self.r
        if len(self.hailers) < self.hail_max and (not self.hailers or r.random() < 0.35):
            pref = r.choice(["3601", "3601", "3607", "3604", "3609"])
            p = w.person(w.district(pref), 24, 55)
            w.car(p, D0)
            self.hailers.append(p)
            w.bump("ride_hailing_drivers")
        p = r.choice(self.hailers)
        day = self.day()
        c, car, drv = self._auto_base(p, day, w.district(p.region[:4]))
        if r.random() < 0.5:
            other = w.someone(w.district(p.region[:4]), day, (20, 70))
            w.party(c, "claimant", other)
            w.vehicle(c, "third_party", w.car(other, day))
        if r.random() < 0.15:
            pas = w.someone(w.district(p.region[:4]), day, (16, 75))
            w.party(c, "passenger", pas)
        w.settle(c, w.lognorm(3500, 0.8, 300, 80000))
        return 1

    # ---------- people products ----------
    def accident(self, budget):
        w, r = self.w, self.r
        day = self.day()
        p = w.someone(w.district(), day, (3, 80))
        ins = w.insurer(None, "injury")
        no, st = w.policy(ins, "injury", p.pid, day, r.randint(10, 1500))
        c = w.claim(ins, "injury", self.where(p.region), day, day + self.delay("injury"), st, no)
        payer = p
        if p.age(day) < 18 and p.hh:
            payer = max(p.hh, key=lambda m: m.age(day) if m.age(day) < 60 else 0)
            w.party(c, "insured", payer)
            w.party(c, "injured", p, bank=False)
        else:
            w.party(c, "insured", p)
        w.provider(c, w.pick_prov("hospital", c["region"], 0.6))
        self.maybe_agent(c, ins, c["region"], 0.45 if ins[2] == "life" else 0.05)
        w.settle(c, w.lognorm(3000, 1.0, 100, 200000))
        w.remember(p)
        return 1

    def health(self, budget):
        w, r = self.w, self.r
        day = self.day()
        p = w.someone(w.district(), day, (0, 90))
        ins = w.insurer(None, "health")
        no, st = w.policy(ins, "health", p.pid, day)
        c = w.claim(ins, "health", self.where(p.region), day, day + self.delay("health"), st, no)
        w.party(c, "insured", p)
        if p.age(day) < 16 and p.hh:
            w.party(c, "claimant", p.hh[0])
        w.provider(c, w.pick_prov("hospital", c["region"], 0.45))
        self.maybe_agent(c, ins, c["region"], 0.4 if ins[2] == "life" else 0.02)
        w.settle(c, w.lognorm(4500, 1.1, 200, 500000))
        w.remember(p)
        return 1

    def death(self, budget):
        w, r = self.w, self.r
        day = self.day()
        fam = w.household(w.district(), day, (35, 62))
        old = [m for m in fam if m.age(day) >= 60]
        dec = r.choice(old) if old and r.random() < 0.8 else r.choice(fam)
        kin = [m for m in fam if m is not dec and 18 <= m.age(day)] or \
            [w.person(dec.region, 25, 60, day=day)]
        ben = r.choice(kin)
        region = dec.region if r.random() < 0.85 else w.district(dec.region[:4])
        hosp = w.pick_prov("hospital", region, 0.75)
        k = 1
        if budget >= 2 and dec.age(day) >= 60 and r.random() < self.p.get("multi_policy_death", 0.12):
            k = r.choice([2, 2, 3])
            w.bump("elderly_death_claimed_at_several_insurers")
        used = set()
        for i in range(min(k, budget)):
            accidental = dec.age(day) < 60 and i > 0 and r.random() < 0.5
            ins = w.insurer("pc", "injury") if accidental else w.insurer("life", "death")
            if ins[0] in used:
                ins = next(x for x in w.insurers if x[0] not in used and x[2] == ins[2])
            used.add(ins[0])
            prod = "death" if ins[2] == "life" else "injury"
            no, st = w.policy(ins, prod, dec.pid, day, int(r.uniform(400, 5000)))
            c = w.claim(ins, prod, region, day, day + self.delay("death") + i * r.randint(0, 20), st, no)
            w.party(c, "deceased", dec)
            w.party(c, "beneficiary", ben)
            if r.random() < 0.2 and len(kin) > 1:
                w.party(c, "beneficiary", r.choice([m for m in kin if m is not ben]))
            w.provider(c, hosp)
            self.maybe_agent(c, ins, region, 0.5 if ins[2] == "life" else 0.05)
            w.settle(c, r.choice([20000, 50000, 100000, 100000, 200000, 300000]) * (0.5 if prod == "injury" else 1))
        return min(k, budget)

    def property(self, budget, day=None, region=None, cat=False):
        w, r = self.w, self.r
        day = day or self.day()
        p = w.someone(region or w.district(), day, (25, 75))
        region = region or p.region
        ins = w.insurer("pc", "property")
        no, st = w.policy(ins, "property", p.pid, day)
        c = w.claim(ins, "property", region, day, day + self.delay("property") + (r.randint(0, 6) if cat else 0),
                    st, no)
        w.party(c, "insured", p)
        if r.random() < 0.2:
            w.provider(c, w.pick_prov("appraiser", region))
        w.settle(c, w.lognorm(6000 if cat else 4000, 1.0, 200, 300000))
        return 1

    def other(self, budget):
        w = self.w
        day = self.day()
        p = w.someone(w.district(), day, (25, 65))
        ins = w.insurer("pc", "other")
        no, st = w.policy(ins, "other", p.pid, day)
        c = w.claim(ins, "other", self.where(p.region), day, day + self.delay("other"), st, no)
        w.party(c, "insured", p)
        w.settle(c, w.lognorm(3000, 1.0, 100, 100000))
        return 1

    def catastrophe(self, budget):
        """A flood / hail day: a burst of flooded-car and property claims in one prefecture."""
        w, r = self.w, self.r
        y = r.choice([2022, 2023, 2024])
        day = dt.date(y, r.choice([4, 6, 6, 7, 7, 8]), r.randint(1, 28)).toordinal()
        pref = r.choice(list(JX))
        size = min(budget, r.randint(int(self.p["claims"] * 0.002) + 5, int(self.p["claims"] * 0.007) + 8))
        tows = w.providers("tow", pref)
        n = 0
        while n < size:
            d = day + r.choice([0, 0, 0, 1, 1, 2])
            region = w.district(pref)
            if r.random() < 0.3:
                n += self.property(1, d, region, True)
                continue
            owner = w.someone(region, d, (20, 70), repeat_p=0.02)
            c, car, drv = self._auto_base(owner, d, region)
            c["rep"] = min(CUTOFF, d + r.randint(0, 8))
            w.provider(c, r.choice(tows))
            w.settle(c, w.lognorm(9000, 0.9, 500, car.value))
            n += 1
        w.bump("catastrophe_events")
        w.bump("catastrophe_claims", n)
        return n
