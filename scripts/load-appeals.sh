#!/usr/bin/env bash
# Load test of appeal intake on the real binary: concurrent clients take appeals
# in through POST /api/v1/appeals (a hotline operator's bearer token, JSON), each
# classified, given an urgency, routed over Wuhan's divisions, checked for
# duplicates against the week before, and written durably (SQLite, WAL,
# synchronous=FULL), against the Wuhan demo. Afterwards the appeals in the
# database are counted and compared with what was acknowledged. Needs wrk.
# Usage: scripts/load-appeals.sh [seconds] [appeals per request] [clients]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
batch=${2:-1}
clients=${3:-50}
cargo build --release --locked -q
bin="$PWD/target/release/fangkong"
work=$(mktemp -d)
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" --db "$work/demo.db" demo >/dev/null 2>&1
before=$("$bin" --db "$work/demo.db" appeals stats --format csv | awk -F, 'NR>1 {s+=$2+$3} END {print s}')
export TOKEN=$("$bin" --db "$work/demo.db" user token rexian --days 1 2>/dev/null)
python3 scripts/appeals-load.py lua 20000 "$batch" > "$work/bodies.lua"
export BODIES_LUA="$work/bodies.lua"
"$bin" --db "$work/demo.db" serve --listen 127.0.0.1:18081 > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:18081/login && break; sleep 0.2; done
wrk -t2 -c"$clients" -d"${secs}s" --latency -s scripts/appeals.lua http://127.0.0.1:18081 | tee "$work/wrk.txt"
kill "$server"; wait "$server" 2>/dev/null || true; server=
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
errors=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
after=$("$bin" --db "$work/demo.db" appeals stats --format csv | awk -F, 'NR>1 {s+=$2+$3} END {print s}')
echo "requests: $requests of $batch appeals, non-2xx: ${errors:-0}; appeals acknowledged: $((requests * batch)), stored: $((after - before))"
