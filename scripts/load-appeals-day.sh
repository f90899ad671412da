#!/usr/bin/env bash
# A day of 87,000 appeals (Hangzhou's 12345 hotline's peak day) end to end on the
# real binary, on the Wuhan demo: taken in from a file (each classified, given an
# urgency, routed over Wuhan's divisions, checked for duplicates against the
# week before and the day itself, written in one transaction), then the day's
# figures per category and the day's alerts. Each step under /usr/bin/time.
# Usage: scripts/load-appeals-day.sh [appeals]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-87000}
cargo build --release --locked -q
bin="$PWD/target/release/fangkong"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" --db "$work/demo.db" demo >/dev/null 2>&1
python3 scripts/appeals-load.py csv "$n" 2020-05-01 > "$work/day.csv"
echo "$(($(wc -l < "$work/day.csv") - 1)) appeals, $(du -h "$work/day.csv" | cut -f1)"
step() {
  /usr/bin/time -f "  %e s wall, %U s user, %M KB peak" "$@"
}
echo "take in:"; step "$bin" --db "$work/demo.db" appeals import "$work/day.csv"
echo "figures per category at the end of the day:"; step "$bin" --db "$work/demo.db" appeals stats --at "2020-05-01 23:59" > "$work/stats.txt"
cat "$work/stats.txt"
echo "the day's alerts:"; step "$bin" --db "$work/demo.db" alerts --date 2020-05-01 --format csv > "$work/alerts.csv"
grep -c appeal_surge "$work/alerts.csv" | sed 's/^/  appeal surges: /'
