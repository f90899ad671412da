#!/usr/bin/env python3
"""Drives report submissions at a fangkong endpoint for a while and records
every acknowledged one.

Each thread files new reports (one unit, one day each) through POST
/api/v1/reports with its own submission id. A request that fails (a refused
connection, a 5xx while the cluster fails over) is sent again with the same
submission id until it is acknowledged: 201 (recorded) or 200 (repeated: it had
been recorded before the answer was lost). Only acknowledged reports are written
to the output, one `unit,date` per line. The longest stretch without any
acknowledgement is the unavailability.

Usage: load.py URL TOKEN UNITS_FILE SECONDS THREADS OUT
"""
import datetime
import json
import sys
import threading
import time
import urllib.error
import urllib.request

url, token, units_file, seconds, threads, out = sys.argv[1:7]
seconds, threads = float(seconds), int(threads)
units = [u.strip() for u in open(units_file) if u.strip()]
days = [(datetime.date(2020, 1, 1) + datetime.timedelta(d)).isoformat() for d in range(80)]
pairs = [(u, d) for d in days for u in units]
lock = threading.Lock()
next_pair = 0
acks = []
ack_times = []
failures = 0
deadline = time.monotonic() + seconds


def take():
    global next_pair
    with lock:
        if next_pair >= len(pairs):
            return None
        p = pairs[next_pair]
        next_pair += 1
        return p


def submit(unit, day):
    body = json.dumps({
        "unit": unit, "date": day, "new_confirmed": 0, "new_suspected": 0,
        "new_close_contacts": 0, "new_fever": 0, "reporter": "王芳",
        "submission_id": f"load-{unit}-{day}",
    }).encode()
    req = urllib.request.Request(url + "/api/v1/reports", data=body, method="POST", headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status


def worker():
    global failures
    while time.monotonic() < deadline:
        p = take()
        if p is None:
            return
        while True:
            try:
                status = submit(*p)
                if status in (200, 201):
                    with lock:
                        acks.append(p)
                        ack_times.append(time.monotonic())
                    break
            except urllib.error.HTTPError as e:
                if e.code < 500 and e.code != 429:
                    print(f"refused {p}: {e.code} {e.read()[:200]!r}", file=sys.stderr)
                    break
            except Exception:
                pass
            with lock:
                failures += 1
            if time.monotonic() > deadline + 60:
                return
            time.sleep(0.2)


start = time.monotonic()
ts = [threading.Thread(target=worker) for _ in range(threads)]
for t in ts:
    t.start()
for t in ts:
    t.join()
times = sorted([start] + ack_times)
gap = max((b - a for a, b in zip(times, times[1:])), default=0.0)
with open(out, "w") as f:
    for unit, day in acks:
        f.write(f"{unit},{day}\n")
print(f"acknowledged={len(acks)} retried={failures} longest_gap_s={gap:.1f} "
      f"rate={len(acks) / max(time.monotonic() - start, 1e-9):.0f}/s")
