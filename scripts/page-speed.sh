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
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" --db "$work/demo.db" serve --listen "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 240); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/login" && break
  sleep 0.5
done
python3 scripts/page-speed.py "http://127.0.0.1:$port" "${1:-20}"
