#!/usr/bin/env bash
# Load test of report submission on the real binary: 50 concurrent clients file
# new daily reports through POST /api/v1/reports (bearer token, JSON) against the
# Wuhan demo on SQLite (WAL, synchronous=FULL: every acknowledged report is on
# disk). Each request is a distinct unit and day (May 2020, after the demo's
# season, with `--today 2020-05-31`). Afterwards the reports in the database are
# counted and compared with the acknowledgements. Needs wrk (Debian package).
# Usage: scripts/load-submit.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
cargo build --release --locked -q
bin="$PWD/target/release/fangkong"
work=$(mktemp -d)
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" --db "$work/demo.db" demo >/dev/null 2>&1
# An office allowed to file for every compound of the city (a district-office role
# scoped to the whole city), so that the test has 7,000 × 31 distinct reports.
printf 'load-test-password\n' | "$bin" --db "$work/demo.db" user add loadtest --role district --scope 420100000000 >/dev/null
export TOKEN=$("$bin" --db "$work/demo.db" user token loadtest --days 1 2>/dev/null)
"$bin" --db "$work/demo.db" units --kind compound --format csv \
  | tail -n +2 | cut -d, -f1 | awk 'BEGIN{print "UNITS = {"} {printf "\"%s\",\n", $1} END{print "}"}' > "$work/units.lua"
export UNITS_LUA="$work/units.lua" THREADS=2
echo "units: $(grep -c '"' "$work/units.lua") compounds"
"$bin" --db "$work/demo.db" serve --listen 127.0.0.1:18080 --today 2020-05-31 > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:18080/login && break; sleep 0.2; done
wrk -t2 -c50 -d"${secs}s" --latency -s scripts/submit.lua http://127.0.0.1:18080 | tee "$work/wrk.txt"
kill "$server"; wait "$server" 2>/dev/null || true; server=
acknowledged=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
errors=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
stored=$("$bin" --db "$work/demo.db" reports --from 2020-05-01 --to 2020-05-31 --format csv | tail -n +2 | wc -l)
echo "requests: $acknowledged, non-2xx: ${errors:-0}, reports stored for May: $stored"
