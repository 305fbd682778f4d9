# ring_motor.py - motor fraud rings of the independent (blind) book: staged-collision gangs
# (碰瓷: luring honest drivers, crashing two gang cars into each other, single-car "accidents"),
# repair-shop rings (padding customers' claims, crashing customers' cars left for service, staff
# crashes), and mixed "one-stop" gangs (staged crash -> colluding garage, clinic, appraiser,
# lawyer, plus fake in-patient stays 挂床住院).
import ring_people


def _delay(r):
    return r.choices([0, 1, 2, 3, 6], [45, 30, 12, 8, 5])[0]


def injury_followup(g, c, injured, day):
    """The gang's 'passengers' go to the friendly clinic; an injury file follows the crash."""
    w, r = g.w, g.r
    j = g.claim(c["ins"], "injury", c["region"], day, day + r.randint(15, 150), c["pstart"], c["policy"])
    for role, pid, name, ph, bk in c["parties"]:
        if role in ("insured", "driver"):
            j["parties"].append((role, pid, name, ph, bk))
    j["vehicles"] = list(c["vehicles"])
    for m in injured:
        w.party(j, "injured", m, phone=g.phone(m, 0.5), bank=g.account(0.3, m))
    w.provider(j, g.collude("hospital", day, "private") if r.random() < 0.8 else
               w.pick_prov("hospital", c["region"]))
    amt = w.lognorm(18000, 0.6, 3000, 150000)
    if r.random() < 0.45:
        w.provider(j, g.collude("appraiser", day))
        amt *= r.uniform(2, 5)
    if "lawyer" in g.colluders and r.random() < 0.5:
        w.provider(j, g.colluders["lawyer"])
    w.settle(j, amt, True)
    return 1


def staged_event(g, day, mode=None, budget=2):
    w, r = g.w, g.r
    region = g.region(day)
    mode = mode or r.choices(["lure", "internal", "single"], [0.5, 0.3, 0.2])[0]
    gcar = g.car(day)
    gdrv = g.member(day)
    fresh = 0.1 + 0.5 * (1 - g.care)
    amt = w.lognorm(15000, 0.6, 2500, gcar.value * 0.7)
    if mode == "lure":
        vic = w.someone(w.district(region[:4]), day, (20, 70))      # honest driver, not a member
        vcar = w.car(vic, day)
        ins = w.insurer("pc", "auto")
        no, st = w.policy(ins, "auto", vcar.plate, day)
        c = g.claim(ins, "auto", region, day, day + _delay(r), st, no)
        w.party(c, "insured", vic)
        w.party(c, "driver", vic)
        w.vehicle(c, "insured", vcar)
        w.vehicle(c, "third_party", gcar)
        w.party(c, "claimant", gdrv, phone=g.phone(gdrv, 0.6), bank=g.account(0.35, gcar.owner))
        w.provider(c, w.pick_prov("repair_shop", region))
    else:
        owner = gcar.owner
        ins = g.insurer("pc", "auto")
        no, st = g.policy(ins, "auto", gcar.plate, day, fresh)
        c = g.claim(ins, "auto", region, day, day + _delay(r), st, no)
        w.party(c, "insured", owner, phone=g.phone(owner, 0.6), bank=g.account(0.4, owner))
        w.party(c, "driver", gdrv, phone=g.phone(gdrv, 0.4))
        w.vehicle(c, "insured", gcar)
        if mode == "internal":
            car2 = g.car(day)
            if car2 is gcar:
                car2 = g.car(day, g.member(day, (owner,)))
            other = g.member(day, (owner, gdrv))
            w.vehicle(c, "third_party", car2)
            w.party(c, "claimant", other, phone=g.phone(other, 0.6), bank=g.account(0.3, other))
        else:
            amt *= r.uniform(1.3, 2.5)
        shop = g.collude("repair_shop", day, "shop") if r.random() < 0.65 else \
            w.pick_prov("repair_shop", region)
        w.provider(c, shop)
    if r.random() < 0.35:
        w.provider(c, g.collude("tow", day) if r.random() < 0.6 else w.pick_prov("tow", region))
    if r.random() < 0.55 * (1 - g.care):
        wit = g.member(day, (gdrv,))
        w.party(c, "witness", wit, phone=g.phone(wit, 0.3), with_id=r.random() < 0.6)
    injured = []
    if r.random() < 0.4:
        injured = [g.member(day, (gdrv,)) for _ in range(r.choice([1, 1, 2]))]
        for m in injured:
            w.party(c, "injured", m, phone=g.phone(m, 0.5), bank=g.account(0.5, m))
    w.settle(c, amt, True)
    n = 1
    if injured and budget >= 2 and r.random() < 0.6:
        n += injury_followup(g, c, injured, day)
    return n


def staged(g):
    r = g.r
    crew = 6 + int(r.random() * 6 + g.care * 10)
    g.org = g.recruit(1, g.start, (28, 50))
    g.add_account(g.org[0])
    g.hot.append(g.org[0].phone)
    g.recruit(max(3, crew // 2), g.start)
    later = crew - len(g.crew)
    made = 0
    for day in g.days():
        if made >= g.n:
            break
        if later > 0 and r.random() < 0.12:
            g.recruit(1, day)
            later -= 1
        made += staged_event(g, day, budget=g.n - made)


def repair(g):
    w, r = g.w, g.r
    d0 = g.start
    shop = g.collude("repair_shop", d0, "4s" if r.random() < 0.25 else "shop", boost=4.0)
    g.prefs[0] = shop.region[:4]
    g.org = [g.own(w.person(shop.region, 30, 55, day=d0))]
    g.crew = list(g.org)
    g.recruit(2 + int(r.random() * 4 + g.care * 3), d0, (20, 45))
    desk = w.ids.phone()
    g.hot += [g.org[0].phone, desk]
    g.ctl.add("phone:" + desk)
    acct = w.ids.corp_account()
    g.accounts.append(acct)
    g.acct_w.append(1.0)
    g.ctl.add("bank_account:" + acct)
    if shop.tag == "4s":
        # a dealer: the same desk phone and account also appear on its honest customers' files
        w.shop_extra[shop.org] = ([desk, w.ids.phone()], acct)
    tow = g.collude("tow", d0) if r.random() < 0.5 else None
    made = 0
    for day in g.days():
        if made >= g.n:
            break
        region = shop.region if r.random() < 0.75 else w.district(shop.region[:4])
        cust = w.someone(w.district(shop.region[:4]), day, (20, 70))
        car = w.car(cust, day)
        mode = r.choices(["pad", "borrow", "staff"], [0.45, 0.33, 0.22])[0]
        ins = g.insurer("pc", "auto")
        no, st = w.policy(ins, "auto", car.plate, day)
        ph = r.choice(g.hot) if r.random() < 0.75 * (1 - g.care) + 0.1 else None
        bk = acct if r.random() < 0.55 else None
        if mode == "staff":
            scar = g.car(day)
            owner = scar.owner
            no, st = g.policy(ins, "auto", scar.plate, day, 0.3)
            c = g.claim(ins, "auto", region, day, day + _delay(r), st, no)
            w.party(c, "insured", owner, phone=g.phone(owner, 0.7))
            w.party(c, "driver", g.member(day), phone=None)
            w.vehicle(c, "insured", scar)
            w.vehicle(c, "third_party", car)
            w.party(c, "claimant", cust, phone=ph, bank=bk)
            amt = w.lognorm(14000, 0.6, 2000, 90000)
        else:
            c = g.claim(ins, "auto", region, day, day + _delay(r), st, no)
            w.party(c, "insured", cust, phone=ph, bank=bk)
            if mode == "borrow":
                drv = g.member(day)
                w.party(c, "driver", drv, phone=g.phone(drv, 0.5))
                if r.random() < 0.4 * (1 - g.care):
                    wit = g.member(day, (drv,))
                    w.party(c, "witness", wit, phone=g.phone(wit, 0.5), with_id=r.random() < 0.5)
                if r.random() < 0.3:
                    w.vehicle(c, "insured", car)
                    w.vehicle(c, "third_party", g.car(day))
                amt = w.lognorm(18000, 0.6, 3000, car.value * 0.6)
            else:
                w.party(c, "driver", cust)
                amt = w.lognorm(4000, 0.8, 400, 60000) * r.uniform(1.6, 3.5)
            if not c["vehicles"]:
                w.vehicle(c, "insured", car)
        w.provider(c, shop)
        if tow and r.random() < 0.4:
            w.provider(c, tow)
        w.settle(c, amt, True)
        made += 1


def health_stay(g, day):
    """A member 'hospitalised' at the friendly clinic without being ill (挂床住院)."""
    w, r = g.w, g.r
    m = g.member(day)
    ins = g.insurer(None, "health")
    no, st = g.policy(ins, "health", m.pid, day, 0.3)
    c = g.claim(ins, "health", g.region(day, 0.3), day, day + r.randint(5, 40), st, no)
    w.party(c, "insured", m, phone=g.phone(m, 0.5), bank=g.account(0.5, m))
    w.provider(c, g.collude("hospital", day, "private"))
    w.settle(c, w.lognorm(12000, 0.5, 3000, 60000), True)
    return 1


def mixed(g):
    r = g.r
    crew = 8 + int(r.random() * 6 + g.care * 8)
    g.org = g.recruit(1 + (r.random() < 0.4), g.start, (30, 52))
    for o in g.org:
        g.add_account(o)
        g.hot.append(o.phone)
    g.recruit(max(4, crew // 2), g.start)
    g.collude("repair_shop", g.start, "shop")
    g.collude("hospital", g.start, "private")
    if r.random() < 0.5:
        g.collude("lawyer", g.start)
    later = crew - len(g.crew)
    made = 0
    for day in g.days():
        if made >= g.n:
            break
        if later > 0 and r.random() < 0.1:
            g.recruit(1, day)
            later -= 1
        k = r.random()
        if k < 0.5:
            made += staged_event(g, day, r.choice(["lure", "internal", "internal"]), g.n - made)
        elif k < 0.75:
            made += ring_people.broker_event(g, day, 0.6)
        else:
            made += health_stay(g, day)
