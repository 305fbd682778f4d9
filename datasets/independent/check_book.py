#!/usr/bin/env python3
# check_book.py - validates a book written by gen_book.py (or any batch) against the batch input
# contract: columns, enums, GB 11643 resident IDs, GB/T 2260 region codes, phones, bank accounts,
# plates, VINs, org codes, dates and amounts, claim_id references, and truth.json's claims/members.
# Prints counts; exits 1 on any error.   python3 datasets/independent/check_book.py DIR
import csv
import datetime as dt
import json
import os
import re
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ids import (DISTRICT, JX, NEIGH, valid_id, valid_vin, valid_uscc, norm_phone, norm_plate,  # noqa: E402
                 norm_bank, PLATE_RE)

COLS = {"claims": ["claim_id", "insurer", "policy_no", "product", "region_code", "accident_date", "report_date",
                   "policy_start", "claimed_amount", "paid_amount", "status"],
        "parties": ["claim_id", "role", "id_number", "name", "phone", "bank_account"],
        "vehicles": ["claim_id", "role", "plate", "vin"],
        "providers": ["claim_id", "kind", "org_code", "name", "region_code"]}
PRODUCTS = {"auto", "injury", "death", "health", "property", "other"}
STATUS = {"open", "paid", "rejected", "withdrawn"}
ROLES = {"insured", "claimant", "driver", "passenger", "injured", "witness", "beneficiary", "deceased", "agent"}
VROLES = {"insured", "third_party"}
KINDS = {"hospital", "repair_shop", "appraiser", "lawyer", "tow"}
PAID_ROLES = {"insured", "claimant", "injured", "beneficiary"}
REGIONS = set(DISTRICT) | {p + "00" for p in JX} | set(NEIGH)


def read(path, name, errs):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows[0] != COLS[name]:
        errs.append(f"{name}.csv: header {rows[0]} != {COLS[name]}")
    out = []
    for i, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            errs.append(f"{name}.csv:{i}: {len(row)} fields")
            continue
        out.append((i, dict(zip(rows[0], row))))
    return out


def date(s):
    try:
        return dt.date.fromisoformat(s) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s) else None
    except ValueError:
        return None


def check(d):
    errs, warns = [], Counter()
    claims = read(os.path.join(d, "claims.csv"), "claims", errs)
    ids = Counter(c["claim_id"] for _, c in claims)
    errs += [f"claims.csv: duplicate claim_id {k}" for k, v in ids.items() if v > 1]
    prod, stat = Counter(), Counter()
    for i, c in claims:
        at = f"claims.csv:{i}"
        if not c["claim_id"] or not c["insurer"]:
            errs.append(f"{at}: missing claim_id/insurer")
        if c["product"] not in PRODUCTS:
            errs.append(f"{at}: product {c['product']}")
        if c["status"] not in STATUS:
            errs.append(f"{at}: status {c['status']}")
        if c["region_code"] not in REGIONS:
            errs.append(f"{at}: region_code {c['region_code']}")
        a, rp, ps = date(c["accident_date"]), date(c["report_date"]), date(c["policy_start"])
        if not (a and rp and ps):
            errs.append(f"{at}: bad date")
        elif not ps <= a <= rp:
            errs.append(f"{at}: dates out of order {ps} {a} {rp}")
        try:
            ca, pa = float(c["claimed_amount"]), float(c["paid_amount"])
            if ca < 0 or pa < 0:
                errs.append(f"{at}: negative amount")
            if pa > ca:
                warns["paid above claimed"] += 1
            if c["status"] in ("rejected", "withdrawn") and pa > 0:
                warns["paid on rejected/withdrawn"] += 1
        except ValueError:
            errs.append(f"{at}: amount")
        prod[c["product"]] += 1
        stat[c["status"]] += 1
    roles, per_claim = Counter(), Counter()
    for i, p in read(os.path.join(d, "parties.csv"), "parties", errs):
        at = f"parties.csv:{i}"
        per_claim[p["claim_id"]] += 1
        if p["claim_id"] not in ids:
            errs.append(f"{at}: claim_id {p['claim_id']} not in claims.csv")
        if p["role"] not in ROLES:
            errs.append(f"{at}: role {p['role']}")
        roles[p["role"]] += 1
        if p["id_number"] and not valid_id(p["id_number"]):
            errs.append(f"{at}: invalid resident id")
        if not p["id_number"]:
            warns[f"no id_number on {p['role']}"] += 1
        if p["phone"] and (not norm_phone(p["phone"]) or not re.fullmatch(r"1[35789]\d{9}", norm_phone(p["phone"]))):
            errs.append(f"{at}: phone {p['phone']}")
        if not p["phone"]:
            warns["no phone"] += 1
        b = norm_bank(p["bank_account"])
        if p["bank_account"] and not (b and 16 <= len(b) <= 19):
            errs.append(f"{at}: bank_account")
        if p["bank_account"] and p["role"] not in PAID_ROLES:
            errs.append(f"{at}: bank_account on unpaid role {p['role']}")
        if not p["name"]:
            warns["no name"] += 1
    vroles = Counter()
    for i, v in read(os.path.join(d, "vehicles.csv"), "vehicles", errs):
        at = f"vehicles.csv:{i}"
        if v["claim_id"] not in ids:
            errs.append(f"{at}: claim_id not in claims.csv")
        if v["role"] not in VROLES:
            errs.append(f"{at}: role {v['role']}")
        vroles[v["role"]] += 1
        if v["plate"] and not PLATE_RE.match(norm_plate(v["plate"])):
            errs.append(f"{at}: plate {v['plate']}")
        if v["vin"] and not valid_vin(v["vin"]):
            errs.append(f"{at}: vin {v['vin']}")
        if not v["plate"] and not v["vin"]:
            errs.append(f"{at}: vehicle with neither plate nor vin")
    kinds = Counter()
    for i, p in read(os.path.join(d, "providers.csv"), "providers", errs):
        at = f"providers.csv:{i}"
        if p["claim_id"] not in ids:
            errs.append(f"{at}: claim_id not in claims.csv")
        if p["kind"] not in KINDS:
            errs.append(f"{at}: kind {p['kind']}")
        kinds[p["kind"]] += 1
        if not valid_uscc(p["org_code"]):
            errs.append(f"{at}: org_code {p['org_code']}")
        if p["region_code"] and p["region_code"] not in REGIONS:
            errs.append(f"{at}: region_code {p['region_code']}")
    no_party = sum(1 for k in ids if per_claim[k] == 0)
    if no_party:
        warns["claims without parties"] = no_party
    rings = []
    tp = os.path.join(d, "truth.json")
    if os.path.exists(tp):
        t = json.load(open(tp, encoding="utf-8"))
        rings = t["rings"]
        owner = {}
        for g in rings:
            if g["category"] not in ("staged_collision", "injury_broker", "repair_shop", "fake_death", "mixed"):
                errs.append(f"truth: ring {g['id']} category {g['category']}")
            for c in g["claims"]:
                if c not in ids:
                    errs.append(f"truth: ring {g['id']} claim {c} not in claims.csv")
                if c in owner:
                    errs.append(f"truth: claim {c} in rings {owner[c]} and {g['id']}")
                owner[c] = g["id"]
            for m in g["members"]:
                if not re.fullmatch(r"(person|phone|bank_account|vehicle|repair_shop|hospital|appraiser|lawyer|tow):"
                                    r"\S+", m):
                    errs.append(f"truth: ring {g['id']} member key {m}")
    return errs, warns, dict(claims=len(claims), products=prod, status=stat, roles=roles, vehicles=vroles,
                              providers=kinds, rings=rings)


def main():
    d = sys.argv[1]
    errs, warns, s = check(d)
    print(f"{d}: {s['claims']} claims  products {dict(s['products'])}")
    print(f"  status {dict(s['status'])}")
    print(f"  parties {sum(s['roles'].values())} {dict(s['roles'])}")
    print(f"  vehicles {sum(s['vehicles'].values())} {dict(s['vehicles'])}  providers "
          f"{sum(s['providers'].values())} {dict(s['providers'])}")
    rings = s["rings"]
    cats = Counter(g["category"] for g in rings)
    sizes = sorted(len(g["claims"]) for g in rings)
    print(f"  rings {len(rings)} {dict(cats)}  ring claims {sum(sizes)}  sizes {sizes}")
    print(f"  notes {dict(warns)}")
    for e in errs[:30]:
        print("  ERROR", e)
    print(f"  {len(errs)} errors")
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
