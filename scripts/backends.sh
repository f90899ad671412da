#!/usr/bin/env bash
# SQLite and PostgreSQL side by side, in one run on one machine (the figures in
# BENCHMARKS.md): for each backend, building the Wuhan demo; importing its
# season of reports from CSV into an empty store (rows/s); loading the engine
# at `serve` (its own log line); and filing new reports through
# POST /api/v1/reports from 50 clients (wrk, as scripts/load-submit.sh), every
# acknowledgement checked against the reports stored afterwards.
# Needs wrk and GNU time (Debian packages) and PostgreSQL at 127.0.0.1:5432.
# Usage: scripts/backends.sh [SECONDS_OF_FILING]   (default 15; FANGKONG_BIN
# names another build of the binary than a fresh target/release/fangkong)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-15}
scripts/postgres-up.sh
bin=${FANGKONG_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --locked -q -p fangkong
  bin="$PWD/target/release/fangkong"
fi
work=$(mktemp -d)
server=
pg=postgres://postgres@127.0.0.1:5432
run_id=$$
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  for db in demo import; do
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS fk_bench_${db}_$run_id WITH (FORCE)" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

timed() { # label, command…: prints the wall seconds
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "${@:2}" >/dev/null 2>"$work/$1.err" || { cat "$work/$1.err" >&2; exit 1; }
  read -r s kib <"$work/time.txt"
  echo "$s $((kib / 1024))"
}

declare -A where=([sqlite]="$work/demo.db" [postgres]="$pg/fk_bench_demo_$run_id")
declare -A fresh=([sqlite]="$work/import.db" [postgres]="$pg/fk_bench_import_$run_id")
for backend in sqlite postgres; do
  read -r s mib < <(timed demo "$bin" --db "${where[$backend]}" demo)
  echo "$backend demo: ${s} s, ${mib} MiB peak"
done
"$bin" --db "${where[sqlite]}" units --format csv >"$work/units.csv"
"$bin" --db "${where[sqlite]}" reports --format csv >"$work/season.csv"
rows=$(($(wc -l <"$work/season.csv") - 1))
for backend in sqlite postgres; do
  "$bin" --db "${fresh[$backend]}" import units "$work/units.csv" >/dev/null
  read -r s mib < <(timed import "$bin" --db "${fresh[$backend]}" import reports "$work/season.csv")
  echo "$backend import: $rows rows in ${s} s = $(python3 -c "print(round($rows / $s))") rows/s, ${mib} MiB peak"
done

printf 'load-test-password\n' >"$work/pw"
"$bin" --db "${where[sqlite]}" units --kind compound --format csv \
  | tail -n +2 | cut -d, -f1 | awk 'BEGIN{print "UNITS = {"} {printf "\"%s\",\n", $1} END{print "}"}' >"$work/units.lua"
export UNITS_LUA="$work/units.lua" THREADS=2
for backend in sqlite postgres; do
  db=${where[$backend]}
  "$bin" --db "$db" user add loadtest --role district --scope 420100000000 <"$work/pw" >/dev/null
  TOKEN=$("$bin" --db "$db" user token loadtest --days 1 2>/dev/null)
  export TOKEN
  "$bin" --db "$db" serve --listen 127.0.0.1:18090 --today 2020-05-31 >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 300); do curl -s -o /dev/null http://127.0.0.1:18090/login && break; sleep 0.2; done
  load=$(sed -n 's/.*engine loaded seconds=\([0-9.]*\).*/\1/p' "$work/serve.log" | head -1)
  echo "$backend engine load: ${load} s"
  wrk -t2 -c50 -d"${secs}s" --latency -s scripts/submit.lua http://127.0.0.1:18090 >"$work/wrk.txt"
  kill "$server"; wait "$server" 2>/dev/null || true; server=
  requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  rate=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  errors=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  stored=$("$bin" --db "$db" reports --from 2020-05-01 --to 2020-05-31 --format csv | tail -n +2 | wc -l)
  echo "$backend filing: ${rate} acknowledged/s (${requests} requests, non-2xx ${errors:-0}), p50 ${p50}, p99 ${p99}; stored for May: ${stored}"
done
