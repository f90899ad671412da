#!/usr/bin/env bash
# How fast a call is taken in, beside a page view (issue 19): on a fresh demo
# served by the release build, the hotline's token takes N appeals in one by
# one through the JSON API and through Open311, and reads its queue page and
# the appeals dashboard N times; prints the median and the 90th percentile of
# each, as curl measures them (the whole request, loopback).
# Usage: scripts/intake-speed.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30}
cargo build --quiet --release --locked -p fangkong
bin=target/release/fangkong
work=$(mktemp -d)
"$bin" --db "$work/demo.db" demo > "$work/demo.log" 2>&1
token=$("$bin" --db "$work/demo.db" user token rexian | grep -o '[A-Za-z0-9_-]\{32,\}' | head -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" --db "$work/demo.db" serve --listen "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -fs "$base/healthz" > /dev/null && break; sleep 0.5; done
auth="Authorization: Bearer $token"
# Warm: the router and the duplicate index are built on first use.
curl -fs -o /dev/null -H "$auth" "$base/appeals"
times() { # label, then curl arguments; prints the median and p90 in ms
  local label=$1; shift
  for i in $(seq 1 "$n"); do
    curl -s -o /dev/null -w '%{time_total}\n' "${@//@I@/$i}"
  done | sort -n | awk -v label="$label" '{ t[NR] = $1 * 1000 }
    END { printf "%-44s median %6.1f ms   p90 %6.1f ms   (n=%d)\n", label, t[int((NR + 1) / 2)], t[int(NR * 0.9 + 0.5)], NR }'
}
times "GET /appeals (the hotline's queue page)" -H "$auth" "$base/appeals"
times "GET /appeals/dashboard" -H "$auth" "$base/appeals/dashboard"
times "POST /api/v1/appeals (one call)" -H "$auth" -H 'content-type: application/json' \
  -d '{"appeals":[{"text":"家里老人的降压药只剩两天了，买不到，电话1390000@I@","address":"江岸区大智街道保成社区5栋@I@01","phone":"1390000@I@"}]}' \
  "$base/api/v1/appeals"
times "POST /open311/v2/requests.json (one call)" \
  --data-urlencode "api_key=$token" --data-urlencode "service_code=supplies" \
  --data-urlencode "address_string=江岸区大智街道保成社区6栋@I@02" \
  --data-urlencode "description=小区封闭，家里没有菜了，请帮忙@I@" \
  "$base/open311/v2/requests.json"
# The page the operator lands on after filing: the appeal, classified, routed
# and explained.
ref=$(curl -s -H "$auth" -H 'content-type: application/json' \
  -d '{"appeals":[{"text":"母亲82岁，药吃完了，社区说要等","address":"江岸区大智街道保成社区7栋101"}]}' \
  "$base/api/v1/appeals" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["outcomes"][0]["reference"])')
times "GET /appeals/{ref} (where the operator lands)" -H "$auth" "$base/appeals/$ref"
