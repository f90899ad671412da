#!/usr/bin/env bash
# The dashboard's full page load in headless Chromium at Wuhan scale: builds the
# demo, serves it, signs in as the command centre and loads the dashboard ten times
# (navigation start to the load event), printing the median and the maximum.
# Needs Debian's chromium and chromium-driver. Usage: scripts/page-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
bin="$PWD/target/release/fangkong"
work=$(mktemp -d)
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" --db "$work/demo.db" demo >/dev/null 2>&1
"$bin" --db "$work/demo.db" serve --listen 127.0.0.1:18082 > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:18082/login && break; sleep 0.2; done
FANGKONG_URL=http://127.0.0.1:18082 cargo test --release --locked -q -p fangkong --test cli \
  dashboard_page_load_time -- --ignored --nocapture 2>&1 | grep -E "fully loaded|panicked|FAILED"
