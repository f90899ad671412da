#!/usr/bin/env python3
"""A synthetic national tree and season for docs/scale.md: 31 provinces (the
mainland's provincial codes), 40 counties each, 20 townships per county and 28
or 29 reporting compounds per township, 700,000 in all, and 100 days of daily
reports for every one of them (70 million rows), one CSV of reports per
province so that each is imported as a province would send it.

fangkong's kinds stop at the city, so the nation stands in the city's place
(kind `city`), provinces at district level, counties at subdistrict level,
townships at community level and the reporting units are compounds; the codes
are 12-digit division-style codes (PP CC DD TTT VVV).

Reports are drawn from a fixed xorshift stream, so every run writes the same
files: about 1 in 100 reports has a new case, 1 in 400 a lapsed measure.

Usage: generate.py OUT_DIR
"""
import datetime
import os
import sys

PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
             42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65]
COUNTIES, TOWNSHIPS, DAYS, UNITS = 40, 20, 100, 700_000
START = datetime.date(2020, 1, 20)


def main(out):
    os.makedirs(out, exist_ok=True)
    townships = len(PROVINCES) * COUNTIES * TOWNSHIPS
    base, extra = divmod(UNITS, townships)
    leaves = {}
    t_index = 0
    with open(os.path.join(out, "units.csv"), "w", encoding="utf-8") as f:
        f.write("code,name,kind,parent_code,population\n")
        f.write("000000000000,全国,city,,\n")
        for p in PROVINCES:
            pc = f"{p:02d}0000000000"
            f.write(f"{pc},省{p:02d},district,000000000000,\n")
            mine = leaves.setdefault(p, [])
            for c in range(1, COUNTIES + 1):
                cc = f"{p:02d}{c:02d}00000000"
                f.write(f"{cc},县{p:02d}{c:02d},subdistrict,{pc},\n")
                for t in range(1, TOWNSHIPS + 1):
                    tc = f"{p:02d}{c:02d}00{t:03d}000"
                    f.write(f"{tc},乡{p:02d}{c:02d}{t:03d},community,{cc},\n")
                    n = base + (1 if t_index < extra else 0)
                    t_index += 1
                    for v in range(1, n + 1):
                        vc = f"{p:02d}{c:02d}00{t:03d}{v:03d}"
                        f.write(f"{vc},村{vc[-9:]},compound,{tc},1000\n")
                        mine.append(vc)
    days = [(START + datetime.timedelta(days=k)).isoformat() for k in range(DAYS)]
    header = ("date,unit_code,new_confirmed,new_suspected,new_close_contacts,new_fever,"
              "closed_management,screening,disinfection,supplies,stability,publicity,"
              "reporter,remark\n")
    clean = ",0,0,0,0,1,1,1,1,1,1,n,\n"
    event = ",1,0,2,0,1,1,1,1,1,1,n,\n"
    lapse = ",0,0,0,0,1,1,1,0,1,1,n,\n"
    x = 0x2545F4914F6CDD1D
    mask = (1 << 64) - 1
    total = 0
    for p in PROVINCES:
        rows = []
        for d in days:
            for vc in leaves[p]:
                x ^= (x << 13) & mask
                x ^= x >> 7
                x ^= (x << 17) & mask
                r = x % 400
                rows.append(d + "," + vc + (event if r < 4 else lapse if r == 4 else clean))
        total += len(rows)
        with open(os.path.join(out, f"reports-{p:02d}.csv"), "w", encoding="utf-8") as f:
            f.write(header)
            f.writelines(rows)
    print(f"units={sum(len(v) for v in leaves.values())} reports={total}")


if __name__ == "__main__":
    main(sys.argv[1])
