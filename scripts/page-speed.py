#!/usr/bin/env python3
"""Every page's server time beside the dashboard's, in one run (issue 20, item 7).

Signs in to a served fangkong as the demo's command centre (or the account
given) and asks each page: once cold (the first request since the server
started, which derives what the page needs) and then ROUNDS times warm (kept
until a report or other data is written). Prints a table of medians and each
page's ratio to the dashboard's warm median. Times are taken on loopback from
the request sent to the last byte read: the server's time plus the copy.

With ROUNDS 0, asks each page once and prints that first request's time
beside the dashboard's: what a reader waits for after a write, with or
without the server's warmer.

With PAGES (comma-separated paths), asks those instead of the list below
(the dashboard first, as the baseline): e.g. a community worker's own pages.

Usage: scripts/page-speed.py BASE_URL [ROUNDS] [USER] [PAGES]
(scripts/page-speed.sh builds the release binary and the demo, serves it and
runs this)
"""
import http.client
import re
import statistics
import sys
import time
import urllib.parse

PAGES = [
    "/dashboard",
    "/units/420102000000",
    "/units/420102002003",
    "/quality",
    "/reconcile/420100000000",
    "/completeness",
    "/burden",
    "/followup",
    "/facilities",
    "/alerts",
    "/compliance",
    "/appeals",
    "/appeals/dashboard",
    "/audit",
    "/public",
    "/zones",
    "/province",
    "/staffing",
]
LIMIT = 15  # no page's warm time more than 15 times the dashboard's


def main():
    base = urllib.parse.urlparse(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    user = sys.argv[3] if len(sys.argv) > 3 else "zhihuibu"
    pages = sys.argv[4].split(",") if len(sys.argv) > 4 else PAGES
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=120)

    def ask(method, path, body=None, headers=None):
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        payload = answer.read()
        return answer, payload, (time.perf_counter() - started) * 1000

    answer, page, _ = ask("GET", "/login")
    cookies = {}

    def keep(answer):
        for header in answer.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            cookies[name] = rest.split(";")[0]

    keep(answer)
    token = re.search(rb'name="login_token" value="([^"]*)"', page).group(1).decode()
    form = urllib.parse.urlencode(
        {"login_token": token, "username": user, "password": "fangkong2020", "next": "/", "lang": "zh"}
    )
    jar = lambda: "; ".join(f"{k}={v}" for k, v in cookies.items())
    answer, _, _ = ask(
        "POST", "/login", form,
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": jar()},
    )
    keep(answer)
    if answer.status not in (302, 303):
        sys.exit(f"sign-in as {user} failed: HTTP {answer.status}")

    if rounds == 0:
        firsts = []
        for path in pages:
            answer, _, first = ask("GET", path, headers={"Cookie": jar()})
            if answer.status != 200:
                sys.exit(f"{path}: HTTP {answer.status}")
            firsts.append((path, first))
        print("| page | first request (ms) | × dashboard |")
        print("|---|---:|---:|")
        for path, first in firsts:
            print(f"| `{path}` | {first:.1f} | {first / firsts[0][1]:.1f} |")
        return

    rows = []
    for path in pages:
        answer, body, cold = ask("GET", path, headers={"Cookie": jar()})
        if answer.status != 200:
            sys.exit(f"{path}: HTTP {answer.status}")
        warm = [ask("GET", path, headers={"Cookie": jar()})[2] for _ in range(rounds)]
        rows.append((path, cold, statistics.median(warm), max(warm), len(body)))
    dashboard = rows[0][2]
    print(f"| page | cold (ms) | warm median (ms) | warm max (ms) | × dashboard | KB |")
    print(f"|---|---:|---:|---:|---:|---:|")
    over = []
    for path, cold, median, worst, size in rows:
        ratio = median / dashboard
        print(f"| `{path}` | {cold:.1f} | {median:.2f} | {worst:.2f} | {ratio:.1f} | {size / 1024:.0f} |")
        if ratio > LIMIT:
            over.append(f"{path} ({ratio:.1f}×)")
    print(f"\n{rounds} warm requests per page after one cold one; signed in as {user}.")
    if over:
        print(f"over {LIMIT}× the dashboard: {', '.join(over)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
