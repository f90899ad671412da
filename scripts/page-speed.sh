#!/usr/bin/env bash
# Every page's server time beside the dashboard's, in one run, on the Wuhan
# demo served by the release binary (issue 20, item 7; BENCHMARKS.md keeps the
# table). Fails if a page's warm median is over 15 times the dashboard's.
# Usage: scripts/page-speed.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p fangkong
bin="$PWD/target/release/fangkong"
work=$(mktemp -d)
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" --db "$work/demo.db" demo > /dev/null 2>&1
serve() {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" --db "$work/demo.db" serve --listen "127.0.0.1:$port" --warm-every "$1" > "$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/login" && break
    sleep 0.5
  done
}
# A write that makes every kept answer stale: an account added (the users
# table moves the data version, as any write but a report's does).
written=0
write() {
  written=$((written + 1))
  printf 'page-speed-%s\n' "$written" | "$bin" --db "$work/demo.db" user add "speed$written" \
    --role district --scope 420102000000 > /dev/null
}
serve 10
python3 scripts/page-speed.py "http://127.0.0.1:$port" "${1:-20}"
kill "$server"; wait "$server" 2>/dev/null || true

echo
echo "After a write, without the warmer (serve --warm-every 0): each page's first request"
serve 0
python3 scripts/page-speed.py "http://127.0.0.1:$port" 3 > /dev/null
write
python3 scripts/page-speed.py "http://127.0.0.1:$port" 0
kill "$server"; wait "$server" 2>/dev/null || true

echo
echo "After a write, with the warmer (serve --warm-every 5), 12 s later: each page's first request"
serve 5
python3 scripts/page-speed.py "http://127.0.0.1:$port" 3 > /dev/null
write
sleep 12
python3 scripts/page-speed.py "http://127.0.0.1:$port" 0
