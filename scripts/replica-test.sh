#!/usr/bin/env bash
# Serving readers from a streaming replica, measured (docs/scale.md): a
# PostgreSQL 15 primary and a hot standby streaming from it (pg_basebackup),
# on loopback in a temporary folder and on ports of their own (no root
# service touched); the Wuhan demo built on the primary; one fangkong server
# on the primary and one with `serve --replica` on the standby.
#
# It checks that the replica's server refuses a change with 503 and serves a
# session opened on the primary; measures the dashboard, the public page and
# the status API on both servers with wrk (same run, same machine); and files
# reports through the primary's API one at a time, timing until each shows on
# the replica's server (replication, then the server's look for new reports
# every 250 ms). Its last line:
#   replica: visible_p50_ms=A visible_max_ms=B dashboard_ratio=R public_ratio=Q
# (a ratio: the replica's requests per second over the primary's).
#
# Needs PostgreSQL 15's binaries and wrk (installed if missing, as root).
# PostgreSQL does not run as root: run as root, the script runs itself again
# as the user `postgres`.
# Usage: scripts/replica-test.sh [SECONDS_PER_PAGE]   (default 5; FANGKONG_BIN
# names another build of the binary than target/release/fangkong)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
secs=${1:-5}

if [ "$(id -u)" = 0 ]; then
  command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  [ -n "${FANGKONG_BIN:-}" ] || [ -x target/release/fangkong ] || cargo build --release --locked -p fangkong
  exec runuser -u postgres -- env HOME=/tmp FANGKONG_BIN="${FANGKONG_BIN:-}" bash "$0" "$@"
fi

pgbin=/usr/lib/postgresql/15/bin
fangkong=${FANGKONG_BIN:-}
fangkong=${fangkong:-$repo/target/release/fangkong}
[ -x "$fangkong" ] || { echo "build it first: cargo build --release" >&2; exit 1; }
t=$(mktemp -d /tmp/fangkong-replica.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  "$pgbin/pg_ctl" -D "$t/standby" -m immediate stop >/dev/null 2>&1 || true
  "$pgbin/pg_ctl" -D "$t/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$t"
}
trap cleanup EXIT
say() { echo "[$(date +%T)] $*" >&2; }

primary_port=54331
standby_port=54332
web_primary=127.0.0.1:18731
web_replica=127.0.0.1:18732
primary=postgres://postgres@127.0.0.1:$primary_port/fangkong
standby=postgres://postgres@127.0.0.1:$standby_port/fangkong

# --- PostgreSQL: a primary and a hot standby streaming from it --------------
"$pgbin/initdb" -D "$t/primary" -U postgres -A trust -E UTF8 --locale C >"$t/initdb.log"
cat >>"$t/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $primary_port
unix_socket_directories = '$t'
wal_level = replica
max_wal_senders = 4
hot_standby = on
max_wal_size = 4GB
EOF
echo "host replication postgres 127.0.0.1/32 trust" >>"$t/primary/pg_hba.conf"
"$pgbin/pg_ctl" -D "$t/primary" -l "$t/primary.log" -w start >/dev/null
say "primary up on $primary_port; building the Wuhan demo on it"
"$fangkong" --db "$primary" demo >"$t/demo.log" 2>&1
"$pgbin/pg_basebackup" -h 127.0.0.1 -p $primary_port -U postgres -D "$t/standby" -R -X stream -c fast
sed -i "s/^port = $primary_port/port = $standby_port/" "$t/standby/postgresql.conf"
"$pgbin/pg_ctl" -D "$t/standby" -l "$t/standby.log" -w start >/dev/null
recovering=$(psql -h 127.0.0.1 -p $standby_port -U postgres -d fangkong -Atc "SELECT pg_is_in_recovery()")
[ "$recovering" = t ] || { echo "the standby is not in recovery" >&2; exit 1; }
say "standby streaming on $standby_port"

# --- fangkong: a server on each -----------------------------------------------
ready() { # address: waits until /readyz answers 200
  for _ in $(seq 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$1/readyz")" = 200 ] && break
    sleep 0.2
  done
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$1/readyz")" = 200 ] || {
    echo "the server on $1 is not ready" >&2
    cat "$t"/serve-*.log >&2
    exit 1
  }
}
# The replica's server starts once the primary's has recorded its rules.
"$fangkong" --db "$primary" serve --listen $web_primary --warm-every 0 >"$t/serve-primary.log" 2>&1 &
pids+=($!)
ready $web_primary
"$fangkong" --db "$standby" serve --replica --listen $web_replica --warm-every 0 >"$t/serve-replica.log" 2>&1 &
pids+=($!)
ready $web_replica
say "both servers ready: $(head -1 "$t/serve-replica.log")"

# A session opened on the primary's server, a token for the API.
login_token=$(curl -s -c "$t/jar" "http://$web_primary/login" | sed -n 's/.*name="login_token" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$t/jar" -c "$t/jar" -o /dev/null \
  -d "login_token=$login_token&username=zhihuibu&password=fangkong2020&next=/&lang=zh" "http://$web_primary/login"
session=$(awk '$6 == "fk_session" {print $7}' "$t/jar")
[ -n "$session" ] || { echo "no session from the primary's login" >&2; exit 1; }
token=$("$fangkong" --db "$primary" user token zhihuibu --days 1 2>/dev/null)
# The community worker files (the command centre reads).
filer=$("$fangkong" --db "$primary" user token wangfang --days 1 2>/dev/null)

# The replica's server: a session of the primary's serves, a change is refused.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: fk_session=$session" "http://$web_replica/dashboard")
[ "$code" = 200 ] || { echo "the replica's dashboard answered $code" >&2; exit 1; }
code=$(curl -s -o "$t/refused.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{}' "http://$web_replica/api/v1/reports")
[ "$code" = 503 ] && grep -q read_only "$t/refused.json" || { echo "a change on the replica answered $code" >&2; exit 1; }
say "the replica's server serves the primary's session and refuses a change (503 read_only)"

# --- pages on both, same run ----------------------------------------------------
declare -A rate
for page in /dashboard /public /api/v1/status; do
  for side in primary replica; do
    web=$web_primary
    [ $side = replica ] && web=$web_replica
    # Once first, so both are measured warm (the first derives the page).
    curl -s -o /dev/null -H "Cookie: fk_session=$session" "http://$web$page"
    wrk -t2 -c8 -d"${secs}s" --latency -H "Cookie: fk_session=$session" "http://$web$page" >"$t/wrk.txt"
    r=$(awk '/Requests\/sec/ {print $2}' "$t/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$t/wrk.txt")
    errors=$(awk '/Non-2xx/ {print $NF}' "$t/wrk.txt")
    rate[$side$page]=$r
    echo "$side $page: $r requests/s, p50 $p50, non-2xx ${errors:-0}"
  done
done

# --- a report through the primary, until the replica's server shows it --------
day=$(curl -s "http://$web_primary/api/v1/status" -H "Authorization: Bearer $token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["date"])')
units=$("$fangkong" --db "$primary" units --under 420102002003 --kind compound --format csv | awk -F, 'NR > 1 {print $1}')
python3 - "$web_primary" "$web_replica" "$token" "$filer" "$day" $units >"$t/visible.txt" <<'EOF'
import http.client, json, statistics, sys, time
primary, replica, reader, filer, day, units = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:]

def ask(host, method, path, body=None):
    c = http.client.HTTPConnection(host, timeout=10)
    headers = {"Authorization": "Bearer " + (reader if method == "GET" else filer)}
    if body is not None:
        headers["Content-Type"] = "application/json"
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data

waits = []
for i in range(20):
    unit = units[i % len(units)]
    contacts = 1 - (i // len(units)) % 2
    path = f"/api/v1/units/{unit}?date={day}"
    status, before = ask(replica, "GET", path)
    assert status == 200, (status, before[:200])
    report = {"unit": unit, "date": day, "new_confirmed": 0, "new_suspected": 0,
              "new_close_contacts": contacts, "new_fever": 0, "reporter": "负载测试",
              "submission_id": f"replica-{i}"}
    status, body = ask(primary, "POST", "/api/v1/reports", report)
    if status == 409:  # the day already has a report: a correction
        report.update(submission_id=f"replica-fix-{i}", correction_reason="复核")
        status, body = ask(primary, "POST", "/api/v1/reports", report)
    assert status in (200, 201), (status, body[:300])
    start = time.monotonic()
    while True:
        status, now = ask(replica, "GET", path)
        if now != before:
            break
        if time.monotonic() - start > 10:
            raise SystemExit(f"{unit}: not shown on the replica's server after 10 s")
        time.sleep(0.01)
    waits.append((time.monotonic() - start) * 1000)
print(f"{len(waits)} {statistics.median(waits):.0f} {max(waits):.0f}")
EOF
read -r n p50 worst <"$t/visible.txt"
say "$n reports filed through the primary: shown on the replica's server after ${p50} ms (median), ${worst} ms at most"
ratio() { python3 -c "print(round($1 / $2, 2))"; }
echo "replica: visible_p50_ms=$p50 visible_max_ms=$worst dashboard_ratio=$(ratio "${rate[replica/dashboard]}" "${rate[primary/dashboard]}") public_ratio=$(ratio "${rate[replica/public]}" "${rate[primary/public]}")"
