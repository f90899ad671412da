#!/usr/bin/env bash
# Trend phases for every city of data/hubei-cities-daily.csv (DXY source), through
# the real CLI: each city becomes a unit, its series is imported as published
# figures, and `fangkong phases` classifies it. Prints one Markdown row per city.
# Usage: scripts/hubei-phases.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
bin="$PWD/target/release/fangkong"
data="$PWD/data/hubei-cities-daily.csv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export FANGKONG_DB="$work/hubei.db"
{
  echo "code,name,kind,parent_code"
  awk -F, 'NR > 1 && $2 == "dxy" && $3 == "city" { print $4 "," $5 ",city," }' "$data" | sort -u
} > "$work/cities.csv"
"$bin" import units "$work/cities.csv" >/dev/null
cat > "$work/row.py" <<'PY'
import json, sys
d = json.load(sys.stdin)
peak = d["peak"]
periods = ", ".join("%s %s–%s" % (p["band"], p["start"][5:], p["end"][5:]) for p in d["periods"])
first = {m["band"]: m["day"][5:] for m in d["milestones"]}
cells = [sys.argv[1], "%s: %s" % (peak["day"][5:], peak["value"]), periods]
cells += [first.get(b, "—") for b in ("middle", "low", "tail", "zero")]
print("| " + " | ".join(cells) + " |")
PY
echo "| city | peak (day: new confirmed) | periods (band from–to) | first day < 1,000 | < 100 | < 10 | first zero day |"
echo "|---|---|---|---|---|---|---|"
tail -n +2 "$work/cities.csv" | while IFS=, read -r code name _ _; do
  filters=(--filter "admin_code=$code" --filter source=dxy)
  # Data quirk: on 2020-01-31 DXY lists Enshi twice, as 恩施 (a stale copy without
  # daily figures) and 恩施州; keep the second name's rows.
  [[ $code == 422800 ]] && filters+=(--filter "name=恩施州")
  "$bin" import published "$data" --unit "$code" "${filters[@]}" >/dev/null
  "$bin" phases "$code" --format json | python3 "$work/row.py" "$name"
done
