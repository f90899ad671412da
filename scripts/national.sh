#!/usr/bin/env bash
# The national measurement in docs/scale.md and BENCHMARKS.md: 700,000
# reporting units × 100 days (70 million reports) imported into PostgreSQL with
# reports partitioned by province, province by province as each would send its
# file; then the engine loaded from it (`serve`'s own log line, and the
# process's peak memory) and one date's status for every unit (`status`).
# Needs PostgreSQL at 127.0.0.1:5432, GNU time, about 35 GB of disk for the
# database and 3.5 GB for the CSV files, and half an hour.
# Usage: scripts/national.sh [DATA_DIR]   (DATA_DIR keeps the generated files
# between runs; KEEP=1 keeps the database fk_national afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/postgres-up.sh
bin=${FANGKONG_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --locked -q -p fangkong
  bin="$PWD/target/release/fangkong"
fi
work=$(mktemp -d)
data=${1:-$work/data}
pg=postgres://postgres@127.0.0.1:5432
db=$pg/fk_national
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ "${KEEP:-0}" = 1 ] || psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS fk_national WITH (FORCE)" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

timed() { # label, command…: prints wall seconds and peak MiB
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "${@:2}" >"$work/$1.out" 2>"$work/$1.err" || { cat "$work/$1.err" >&2; exit 1; }
  read -r s kib <"$work/time.txt"
  echo "$s $((kib / 1024))"
}

[ -f "$data/units.csv" ] || python3 scripts/national/generate.py "$data"
psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS fk_national WITH (FORCE)"
units=$(($(wc -l <"$data/units.csv") - 1))
read -r s mib < <(timed units "$bin" --db "$db" import units "$data/units.csv")
echo "national units: $units in ${s} s, ${mib} MiB peak"
psql "$db" -qv ON_ERROR_STOP=1 -f scripts/national/partition.sql
echo "national partitions: $(psql "$db" -tAc "SELECT count(*) FROM pg_inherits WHERE inhparent = 'report_revisions'::regclass")"

total_rows=0 total_s=0 peak=0
for file in "$data"/reports-*.csv; do
  rows=$(($(wc -l <"$file") - 1))
  read -r s mib < <(timed import "$bin" --db "$db" import reports "$file")
  total_rows=$((total_rows + rows)) total_s=$(python3 -c "print($total_s + $s)")
  [ "$mib" -gt "$peak" ] && peak=$mib
  echo "national import $(basename "$file"): $rows rows in ${s} s, ${mib} MiB peak"
done
echo "national import: $total_rows rows in ${total_s} s = $(python3 -c "print(round($total_rows / $total_s))") rows/s, ${peak} MiB peak per file"
echo "national size: $(psql "$db" -tAc "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'report_revisions'::regclass") of reports and their indexes"
psql "$db" -qc "VACUUM ANALYZE report_revisions"

last=2020-04-28
read -r s mib < <(timed status "$bin" --db "$db" status --date "$last" --format csv)
echo "national status --date $last (engine loaded, counts by kind): ${s} s, ${mib} MiB peak"
sed 's/^/  /' "$work/status.out"
read -r s mib < <(timed every "$bin" --db "$db" status --date "$last" --units --format csv)
echo "national status --date $last --units: $(($(wc -l <"$work/every.out") - 1)) units in ${s} s, ${mib} MiB peak"

"$bin" --db "$db" serve --listen 127.0.0.1:18091 --today 2020-04-28 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 600); do curl -s -o /dev/null http://127.0.0.1:18091/healthz && break; sleep 0.5; done
load=$(sed -n 's/.*engine loaded seconds=\([0-9.]*\).*/\1/p' "$work/serve.log" | head -1)
hwm=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server/status")
rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$server/status")
echo "national serve: engine loaded in ${load} s; server peak ${hwm} MiB, resident ${rss} MiB after load"
