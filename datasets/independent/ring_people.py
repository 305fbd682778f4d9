# ring_people.py - people-centred fraud rings of the independent (blind) book: injury-claim
# brokers (人伤黄牛: buy real minor-accident cases, inflate them through a friendly clinic and a
# disability-grading appraiser, collect through their own accounts), and fake-death rings
# (elderly / sick people insured at several companies shortly before a certified "death").


def broker_event(g, day, fake_p=None):
    """One bought injury case. The victim and the at-fault driver are real and honest; the
    broker's fingerprints are his phone, his account, his clinic, his appraiser, his lawyer."""
    w, r = g.w, g.r
    region = g.region(day, 0.35)
    fake_p = 0.15 * (1 - g.care) if fake_p is None else fake_p
    if r.random() < fake_p:
        victim, own_victim = g.member(day), True       # a member 'injured' (really hurt elsewhere)
    else:
        victim, own_victim = w.someone(w.district(region[:4]), day, (16, 82)), False
    owner = w.someone(w.district(region[:4]), day, (20, 70))
    car = w.car(owner, day)
    ins = w.insurer("pc", "auto")
    no, st = w.policy(ins, "auto", car.plate, day)
    broker = g.org[0] if r.random() < 0.6 else g.member(day)
    n = 0
    if r.random() < 0.25:
        # the real damage file of the same minor accident stays honest
        c0 = w.claim(ins, "auto", region, day, day + r.randint(0, 2), st, no)
        w.party(c0, "insured", owner)
        w.party(c0, "driver", owner)
        w.vehicle(c0, "insured", car)
        w.provider(c0, w.pick_prov("repair_shop", region))
        w.settle(c0, w.lognorm(1500, 0.7, 200, 20000))
        g.extra_honest += 1
    j = g.claim(ins, "injury", region, day, day + r.randint(25, 280), st, no)
    w.party(j, "insured", owner)
    w.vehicle(j, "insured", car)
    sloppy = 1 - g.care
    vph = g.phone(broker, 1.0) if r.random() < 0.7 * sloppy + 0.1 else (victim.phone if not own_victim else None)
    vbk = g.account(0.0, broker) if r.random() < 0.6 * sloppy + 0.2 else victim.bank
    w.party(j, "injured", victim, phone=vph, bank=vbk)
    if r.random() < 0.45 * sloppy:
        w.party(j, "claimant", broker, phone=g.phone(broker, 0.8), bank=g.account(0.5, broker))
    elif r.random() < 0.35:
        w.party(j, "agent", broker, phone=g.phone(broker, 0.8))   # 委托代理人
    w.provider(j, g.collude("hospital", day, g.hosp_tag) if r.random() < 0.85 else
               w.pick_prov("hospital", region))
    amt = w.lognorm(9000, 0.6, 2000, 80000)
    if r.random() < 0.85:
        w.provider(j, g.collude("appraiser", day) if r.random() < 0.9 else w.pick_prov("appraiser", region))
        amt += w.lognorm(70000, 0.5, 20000, 400000)      # 十级/九级伤残 compensation
    if "lawyer" in g.colluders and r.random() < 0.6:
        w.provider(j, g.colluders["lawyer"])
    w.settle(j, amt, True)
    return n + 1


def broker(g):
    r = g.r
    g.org = g.recruit(1, g.start, (32, 55))
    g.recruit(r.randint(1, 3), g.start, (25, 50))
    g.hot += [m.phone for m in g.crew]
    for _ in range(1 + int(g.care * 3)):
        g.add_account()
    g.add_account(g.org[0])
    g.hosp_tag = r.choice(["private", "county", "private"])
    g.collude("hospital", g.start, g.hosp_tag)
    g.collude("appraiser", g.start)
    if r.random() < 0.55:
        g.collude("lawyer", g.start)
    made = 0
    for day in g.days():
        if made >= g.n:
            break
        if r.random() < 0.04:
            g.recruit(1, day, (25, 50))
        made += broker_event(g, day)


def death(g):
    """Subjects (poor, old or sick) are insured at 2-6 companies within a few weeks, through
    colluding agents; a township clinic certifies the death; beneficiaries or their accounts
    belong to the ring."""
    w, r = g.w, g.r
    g.org = g.recruit(1, g.start, (35, 58))
    helpers = g.recruit(r.randint(1, 3), g.start, (28, 55))
    g.add_account(g.org[0])
    for h in helpers:
        if r.random() < 0.5:
            g.add_account(h)
    g.hot += [g.org[0].phone] + [h.phone for h in helpers[:1]]
    g.collude("hospital", g.start, r.choice(["clinic", "private", "county"]), boost=1.5)
    agents = {}
    org_is_agent = r.random() < 0.35
    days = g.days()
    made, i = 0, 0
    while made < g.n and i < len(days):
        k = min(g.n - made, r.choice([2, 2, 3, 3, 4, 5, 6]))
        dday = days[i]
        i += k
        pref = g.pref(dday)
        region = w.district(pref)
        young = r.random() < 0.2
        fam = w.household(region, dday, (35, 60))
        old = [m for m in fam if m.age(dday) >= 62]
        subj = fam[0] if young or not old else r.choice(old)
        g.own(subj, bank=False)
        kin = [m for m in fam if m is not subj and m.age(dday) >= 18]
        bought = dday - r.randint(100, 480)                  # after the 90-day waiting period
        insurers, used = [], set()
        for _ in range(k):
            cand = [x for x in w.insurers if x[0] not in used and (x[2] == "life" or young or r.random() < 0.3)]
            ins = r.choices(cand, [x[3] for x in cand])[0] if cand else r.choice(w.insurers)
            used.add(ins[0])
            insurers.append(ins)
        for ins in insurers:
            prod = "death" if ins[2] == "life" else "injury"
            start = bought + r.randint(0, 45)
            no, _ = w.policy(ins, prod, subj.pid, dday, dday - start)
            rep = dday + r.randint(4, 45)
            c = g.claim(ins, prod, region, dday, rep, start, no)
            w.party(c, "deceased", subj)
            if kin and r.random() < 0.35 + 0.5 * g.care:
                ben = r.choice(kin)
                g.own(ben)                                   # the family is in on it
                w.party(c, "beneficiary", ben, phone=g.phone(ben, 0.7),
                        bank=g.account(0.3, ben) if r.random() < 0.7 else ben.bank)
            else:
                ben = r.choice(helpers + g.org)
                w.party(c, "beneficiary", ben, phone=g.phone(ben, 0.5), bank=g.account(0.4, ben))
            if ins[2] == "life" and r.random() < 0.8 - 0.4 * g.care:
                if org_is_agent and r.random() < 0.6:
                    a = g.org[0]
                else:
                    if ins[0] not in agents:
                        agents[ins[0]] = g.own(w.person(w.district(pref), 28, 55, bank=False))
                    a = agents[ins[0]]
                w.party(c, "agent", a, phone=g.phone(a, 0.2))
            w.provider(c, g.colluders["hospital"] if r.random() < 0.85 else w.pick_prov("hospital", region))
            base = r.choice([100000, 200000, 300000, 500000] if prod == "injury" else [50000, 100000, 200000, 300000])
            w.settle(c, base, True)
            made += 1
