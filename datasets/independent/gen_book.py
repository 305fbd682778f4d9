#!/usr/bin/env python3
# gen_book.py - independent, blind-written synthetic insurance-claims book generator (Jiangxi).
# Writes claims.csv, parties.csv, vehicles.csv, providers.csv (the batch input contract) and
# truth.json (planted rings). Pure standard library, deterministic for a given --seed/--profile.
#   python3 datasets/independent/gen_book.py --claims 30000 --seed 1 --out /tmp/book [--profile NAME]
import argparse
import csv
import datetime as dt
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from world import World  # noqa: E402
from honest import Honest  # noqa: E402
import ring_base  # noqa: E402
import ring_motor  # noqa: E402
import ring_people  # noqa: E402

HONEST_MIX = {"auto": 34, "auto_injury": 7, "fleet": 6, "hailer": 3, "accident": 8, "health": 22,
              "death": 4, "property": 5, "other": 3}
CATS = {"staged_collision": 30, "injury_broker": 25, "repair_shop": 20, "fake_death": 12, "mixed": 13}
PROFILES = {
    # province-wide book, population-weighted, gangs of every kind and every level of care
    "default": {},
    # dense city book: Nanchang / Ganzhou / Jiujiang urban districts, many fleets and ride-hailing
    # cars, lawyers on injury files, dealers filing for customers; more and larger motor rings
    "metro": {"pref_weight": {"3601": 3.5, "3607": 2.0, "3604": 1.5}, "urban_boost": 3.0, "fleets": 3.0,
              "lawyer": 0.35, "repeat": 0.14, "dealer_proxy": 0.32, "direct_pay": 0.38, "cross_claim": 0.25,
              "ring_every": (700, 1000), "ring_city": ["3601", "3601", "3607", "3604"],
              "cats": {"staged_collision": 36, "injury_broker": 28, "repair_shop": 16, "fake_death": 4,
                       "mixed": 16},
              "mix": {"auto": 38, "auto_injury": 9, "fleet": 12, "hailer": 7, "accident": 6, "health": 18,
                      "death": 2, "property": 5, "other": 3}, "size_shift": 1.3},
    # careful gangs: fresh SIMs, many payout cards, many companies; a noisier honest book with more
    # family sharing, repeat claimants, dealer-paid claims and multi-insurer deaths
    "careful": {"care": (0.55, 1.0), "ring_every": (900, 1300), "share_bank": 0.30, "relative": 0.10,
                "repeat": 0.14, "multi_policy_death": 0.22, "dealer_proxy": 0.30, "direct_pay": 0.40,
                "cross_claim": 0.25, "witness_id": 0.3, "fraud_reject": 0.05},
    # rural counties: township clinics, more health and death, brokers and fake-death rings dominate
    "rural": {"pref_weight": {"3601": 0.5}, "urban_boost": 0.35, "fleets": 0.3, "missing_phone": 0.08,
              "witness_id": 0.35, "multi_policy_death": 0.16,
              "cats": {"staged_collision": 15, "injury_broker": 32, "repair_shop": 13, "fake_death": 28,
                       "mixed": 12},
              "mix": {"auto": 30, "auto_injury": 8, "fleet": 2, "hailer": 1, "accident": 10, "health": 29,
                      "death": 8, "property": 8, "other": 4}},
}
RUNNERS = {"staged_collision": ring_motor.staged, "repair_shop": ring_motor.repair, "mixed": ring_motor.mixed,
           "injury_broker": ring_people.broker, "fake_death": ring_people.death}


def ring_size(r, shift):
    k = r.random()
    n = r.randint(5, 12) if k < 0.35 else r.randint(12, 30) if k < 0.8 else r.randint(30, 60)
    return max(5, min(60, int(n * shift)))


def build(n_claims, seed, profile):
    prof = dict(PROFILES[profile])
    prof["claims"] = n_claims
    r = random.Random(f"blindbook:{seed}:{profile}")
    w = World(r, prof)
    h = Honest(w)
    lo, hi = prof.get("ring_every", (800, 1200))
    n_rings = max(1, round(n_claims / r.uniform(lo, hi)))
    cats = prof.get("cats", CATS)
    # categories by largest remainder (every kind shows up in a large book), in random order
    tot = sum(cats.values())
    quota = {k: n_rings * v / tot for k, v in cats.items()}
    plan = {k: int(q) for k, q in quota.items()}
    for k in sorted(quota, key=lambda k: (plan[k] - quota[k], k))[:n_rings - sum(plan.values())]:
        plan[k] += 1
    order = [k for k in cats for _ in range(plan[k])]
    r.shuffle(order)
    rings = []
    for i, cat in enumerate(order):
        care = r.uniform(*prof.get("care", (0.0, 0.85)))
        n = ring_size(r, prof.get("size_shift", 1.0))
        n = min(n, max(5, int(n_claims * 0.05)))
        g = ring_base.plan(w, f"R{i + 1:03d}", cat, n, care)
        RUNNERS[cat](g)
        rings.append(g)
    for g in rings:                      # ring members have ordinary lives (and claims) too
        for m in g.crew:
            if r.random() < 0.3:
                w.repeat.append(m)
    for _ in range(prof.get("cat_events", r.randint(3, 5))):
        h.catastrophe(max(0, n_claims - len(w.claims)))
    mix = prof.get("mix", HONEST_MIX)
    kinds, weights = list(mix), list(mix.values())
    while len(w.claims) < n_claims:
        kind = r.choices(kinds, weights)[0]
        getattr(h, kind)(n_claims - len(w.claims))
    return w, rings


def assign_ids(w):
    r = w.r
    for c in w.claims:
        c["_k"] = r.random()
    w.claims.sort(key=lambda c: (c["rep"], c["acc"], c["_k"]))
    seq = {}
    for c in w.claims:
        y = dt.date.fromordinal(c["rep"]).year
        k = (c["ins"][0], y)
        seq[k] = seq.get(k, 0) + 1
        c["id"] = f"{c['ins'][0]}{y}{seq[k]:06d}"
        if c["ins"][4] and r.random() < 0.35:
            c["region"] = c["region"][:4] + "00"     # this company records the prefecture only


# ---------- output with realistic (contract-tolerated) formatting noise ----------
def fmt_phone(r, p):
    if not p:
        return ""
    x = r.random()
    if x < 0.03:
        return f"{p[:3]} {p[3:7]} {p[7:]}"
    if x < 0.045:
        return "+86 " + p
    if x < 0.06:
        return f"{p[:3]}-{p[3:7]}-{p[7:]}"
    return p


def fmt_plate(r, p):
    x = r.random()
    if p and x < 0.05:
        return p[:2] + "·" + p[2:]
    if p and x < 0.07:
        return p[:1] + p[1:].lower()
    return p


def fmt_bank(r, b):
    if b and r.random() < 0.04:
        return " ".join(b[i:i + 4] for i in range(0, len(b), 4))
    return b


def write(w, rings, out, seed, profile):
    os.makedirs(out, exist_ok=True)
    r = random.Random(f"noise:{seed}:{profile}")
    iso = lambda o: dt.date.fromordinal(o).isoformat()  # noqa: E731
    files = {k: open(os.path.join(out, k + ".csv"), "w", newline="", encoding="utf-8")
             for k in ("claims", "parties", "vehicles", "providers")}
    cw = {k: csv.writer(f, lineterminator="\n") for k, f in files.items()}
    cw["claims"].writerow(["claim_id", "insurer", "policy_no", "product", "region_code", "accident_date",
                           "report_date", "policy_start", "claimed_amount", "paid_amount", "status"])
    cw["parties"].writerow(["claim_id", "role", "id_number", "name", "phone", "bank_account"])
    cw["vehicles"].writerow(["claim_id", "role", "plate", "vin"])
    cw["providers"].writerow(["claim_id", "kind", "org_code", "name", "region_code"])
    counts = {"claims": 0, "parties": 0, "vehicles": 0, "providers": 0}
    for c in w.claims:
        cid = c["id"]
        cw["claims"].writerow([cid, c["ins"][1], c["policy"], c["product"], c["region"], iso(c["acc"]),
                               iso(c["rep"]), iso(c["pstart"]), f"{c['claimed']:.2f}", f"{c['paid']:.2f}",
                               c["status"]])
        for role, pid, name, ph, bk in c["parties"]:
            if pid.endswith("X") and r.random() < 0.3:
                pid = pid[:-1] + "x"
            cw["parties"].writerow([cid, role, pid, name, fmt_phone(r, ph), fmt_bank(r, bk)])
        for role, plate, vin in c["vehicles"]:
            cw["vehicles"].writerow([cid, role, fmt_plate(r, plate), vin])
        for p in c["providers"]:
            cw["providers"].writerow([cid, p.kind, p.org, p.name, p.region])
        counts["claims"] += 1
        counts["parties"] += len(c["parties"])
        counts["vehicles"] += len(c["vehicles"])
        counts["providers"] += len(c["providers"])
    for f in files.values():
        f.close()
    truth = {"generator": "datasets/independent/gen_book.py (written blind to the detector)",
             "profile": profile, "seed": seed, "rows": counts,
             "rings": [g.truth() for g in rings],
             "ring_claims": sum(len(g.claims) for g in rings),
             "honest_structures": dict(sorted(w.stats.items()))}
    with open(os.path.join(out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
    return counts, truth


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--claims", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--profile", default="default", choices=sorted(PROFILES))
    a = ap.parse_args(argv)
    if a.claims < 50:
        ap.error("--claims must be at least 50")
    t0 = time.time()
    w, rings = build(a.claims, a.seed, a.profile)
    assign_ids(w)
    counts, truth = write(w, rings, a.out, a.seed, a.profile)
    cats = {}
    for g in rings:
        cats[g.cat] = cats.get(g.cat, 0) + 1
    print(f"{a.out}: profile={a.profile} seed={a.seed} claims={counts['claims']} parties={counts['parties']} "
          f"vehicles={counts['vehicles']} providers={counts['providers']} rings={len(rings)} "
          f"ring_claims={truth['ring_claims']} {json.dumps(cats)} in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
