#!/usr/bin/env python3
"""Load for the appeal benchmarks (BENCHMARKS.md, issue 7), deterministic.

The texts are real: the Wuhan Weibo help requests and the Teddy Cup message-board
set in data/appeals (used here as load only: nothing is trained or tuned on
them). A day of 87,000 needs more texts than the ~10,000 there, so each
appeal's text is the first half of one real message and the second half of
another: two appeals rarely share a half, and one half in common is far from
the 0.8 similarity that makes a duplicate. Each appeal gets a place of Wuhan's real divisions (a district, a
subdistrict and a community, as callers name them, so that routing has work to
do), a caller's phone (one in ten a repeat caller, so that duplicates are
found), and a time on the day.

  appeals-load.py csv N DAY > day.csv      a CSV for `fangkong appeals import`
  appeals-load.py lua N BATCH > bodies.lua  request bodies for wrk (POST
                                            /api/v1/appeals), BATCH appeals each
"""

import csv
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def texts():
    out = []
    with open(DATA / "appeals" / "weibo_feiyan_qiuzhu_2020.csv", encoding="utf-8") as f:
        out += [r["text"] for r in csv.DictReader(f) if r["text"].strip()]
    with open(DATA / "appeals" / "teddycup2020c_gov_messages.csv", encoding="utf-8") as f:
        out += [r["text"] for r in csv.DictReader(f) if r["text"].strip()]
    # One line each, at most 400 characters (a long hotline note).
    return [" ".join(t.split())[:400] for t in out]


def places():
    with open(DATA / "wuhan-divisions.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for r in rows:
        if r["level"] == "5":
            out.append(f"{r['district_name']}{r['subdistrict_name']}{r['name']}")
    return out


def splice(rng, ts):
    a, b = rng.choice(ts), rng.choice(ts)
    return a[: len(a) // 2] + b[len(b) // 2 :]


def appeals(n, day, seed=2020):
    rng = random.Random(seed)
    ts, ps = texts(), places()
    callers = []
    for i in range(n):
        if callers and rng.random() < 0.1:
            phone = rng.choice(callers)
        else:
            phone = f"13{rng.randrange(10**9):09d}"
            callers.append(phone)
        second = int(86400 * i / n)
        yield {
            "ref": f"load-{i:06d}",
            "received_at": f"{day} {second // 3600:02d}:{second // 60 % 60:02d}",
            "channel": "hotline" if rng.random() < 0.7 else "message_board",
            "text": splice(rng, ts),
            "phone": phone,
            "address": rng.choice(ps) if rng.random() < 0.8 else "",
        }


def main():
    kind = sys.argv[1]
    n = int(sys.argv[2])
    if kind == "csv":
        day = sys.argv[3]
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["ref", "received_at", "channel", "text", "phone", "address"])
        for a in appeals(n, day):
            w.writerow([a[k] for k in ["ref", "received_at", "channel", "text", "phone", "address"]])
    elif kind == "lua":
        batch = int(sys.argv[3])
        rows = list(appeals(n, "2020-04-30"))
        print("BODIES = {")
        for k in range(0, n, batch):
            body = {
                "appeals": [
                    {"channel": a["channel"], "text": a["text"], "phone": a["phone"], "address": a["address"]}
                    for a in rows[k : k + batch]
                ]
            }
            # A Lua long string holds the JSON as it is.
            print("[==[" + json.dumps(body, ensure_ascii=False) + "]==],")
        print("}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
