#!/usr/bin/env bash
# Load test of the report import on the real binary: builds the demo, exports its
# unit tree and its season of reports as CSV, imports both into a fresh database,
# and prints the import's wall time, rows per second and peak memory (from GNU
# time). Needs /usr/bin/time (Debian package `time`). Usage: scripts/load-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
bin="$PWD/target/release/fangkong"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$bin" --db demo.db demo >/dev/null 2>&1
"$bin" --db demo.db units --format csv > units.csv
"$bin" --db demo.db reports --format csv > season.csv
rows=$(($(wc -l < season.csv) - 1))
"$bin" --db fresh.db import units units.csv >/dev/null
/usr/bin/time -f '%e %M' -o time.txt "$bin" --db fresh.db import reports season.csv
read -r secs kib < time.txt
echo "rows: $rows"
echo "wall: ${secs} s"
echo "rate: $(python3 -c "print(round($rows / $secs))") rows/s"
echo "peak memory: $((kib / 1024)) MiB"
echo "database: $(( $(stat -c %s fresh.db) / 1000000 )) MB"
