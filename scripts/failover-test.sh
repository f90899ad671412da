#!/usr/bin/env bash
# A cluster that survives losing a machine, built from existing parts and
# tested: etcd, Patroni managing a PostgreSQL 15 primary and a synchronous
# standby, HAProxy in front of both (PostgreSQL routed to whichever Patroni calls
# primary; HTTP to two fangkong processes, checked on /readyz). All on loopback,
# in a temporary folder, on ports of its own: no root service is touched.
#
# It files reports at load through HAProxy, kills the primary's machine
# (Patroni and PostgreSQL, kill -9) mid-load, then one fangkong process, waits
# for Patroni's failover, checks every acknowledged report against the new
# primary, tears everything down and prints as its last line
#   failover: acknowledged=N lost=L unavailable_s=S
#
# Needs Debian's patroni, etcd-server and haproxy (installed if missing, as
# root) and PostgreSQL 15's binaries. PostgreSQL does not run as root: run as
# root, the script runs itself again as the user `postgres`.
# Usage: scripts/failover-test.sh [LOAD_SECONDS]   (default 60; FANGKONG_BIN
# names another build of the binary than target/release/fangkong)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
load_seconds=${1:-60}

if [ "$(id -u)" = 0 ]; then
  if ! command -v patroni >/dev/null || ! command -v etcd >/dev/null || ! command -v haproxy >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq patroni etcd-server haproxy >/dev/null
  fi
  [ -n "${FANGKONG_BIN:-}" ] || [ -x target/release/fangkong ] || cargo build --release --locked -p fangkong
  exec runuser -u postgres -- env HOME=/tmp FANGKONG_BIN="${FANGKONG_BIN:-}" bash "$0" "$@"
fi

bin=/usr/lib/postgresql/15/bin
fangkong=${FANGKONG_BIN:-}
fangkong=${fangkong:-$repo/target/release/fangkong}
[ -x "$fangkong" ] || { echo "build it first: cargo build --release" >&2; exit 1; }
t=$(mktemp -d /tmp/fangkong-failover.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  pkill -9 -f "$t" 2>/dev/null || true
  sleep 1
  rm -rf "$t"
}
trap cleanup EXIT
say() { echo "[$(date +%T)] $*" >&2; }

# --- etcd, one member -------------------------------------------------------
etcd --name e1 --data-dir "$t/etcd" \
  --listen-client-urls http://127.0.0.1:23790 --advertise-client-urls http://127.0.0.1:23790 \
  --listen-peer-urls http://127.0.0.1:23800 --initial-advertise-peer-urls http://127.0.0.1:23800 \
  --initial-cluster e1=http://127.0.0.1:23800 >"$t/etcd.log" 2>&1 &
pids+=($!)
disown

# --- Patroni, two nodes -----------------------------------------------------
node() { # name pg_port rest_port
  mkdir -p "$t/$1"
  chmod 700 "$t/$1"
  cat >"$t/$1.yml" <<EOF
scope: fangkong
name: $1
restapi:
  listen: 127.0.0.1:$3
  connect_address: 127.0.0.1:$3
etcd3:
  hosts: 127.0.0.1:23790
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters:
        wal_level: replica
        hot_standby: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        wal_log_hints: "on"
        synchronous_commit: "on"
  initdb:
  - encoding: UTF8
  - locale: C
  pg_hba:
  - local all all trust
  - host all all 127.0.0.1/32 trust
  - host replication replicator 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:$2
  connect_address: 127.0.0.1:$2
  data_dir: $t/$1/data
  bin_dir: $bin
  pgpass: $t/$1/pgpass
  authentication:
    replication: {username: replicator, password: replicator}
    superuser: {username: postgres, password: postgres}
  parameters:
    unix_socket_directories: $t/$1
    max_connections: 200
EOF
  patroni "$t/$1.yml" >"$t/$1.log" 2>&1 &
  pids+=($!)
  disown
  echo $! >"$t/$1.patroni.pid"
}
sleep 2
node node1 54321 8011
sleep 4
node node2 54322 8012

# --- HAProxy ----------------------------------------------------------------
cat >"$t/haproxy.cfg" <<EOF
global
  maxconn 2000
defaults
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  timeout check 1s
listen postgres
  mode tcp
  bind 127.0.0.1:54320
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions
  server node1 127.0.0.1:54321 check port 8011
  server node2 127.0.0.1:54322 check port 8012
listen fangkong
  mode http
  bind 127.0.0.1:18080
  option httpchk GET /readyz
  http-check expect status 200
  retries 3
  option redispatch
  default-server inter 500ms fall 2 rise 1
  server f1 127.0.0.1:18081 check
  server f2 127.0.0.1:18082 check
EOF
haproxy -db -f "$t/haproxy.cfg" >"$t/haproxy.log" 2>&1 &
pids+=($!)
disown

primary() { # the node Patroni calls primary, if any
  for n in node1:8011 node2:8012; do
    if curl -fs -o /dev/null "http://127.0.0.1:${n#*:}/primary"; then echo "${n%%:*}"; return; fi
  done
}
say "waiting for a primary and its synchronous standby"
for _ in $(seq 1 90); do
  if curl -fs -o /dev/null http://127.0.0.1:8011/primary || curl -fs -o /dev/null http://127.0.0.1:8012/primary; then
    if curl -fs -o /dev/null http://127.0.0.1:8011/sync || curl -fs -o /dev/null http://127.0.0.1:8012/sync; then break; fi
  fi
  sleep 1
done
first=$(primary)
[ -n "$first" ] || { say "no primary"; tail -20 "$t"/node*.log >&2; exit 1; }
say "primary: $first"

# --- fangkong on the cluster ------------------------------------------------
db=postgres://postgres@127.0.0.1:54320/fangkong
{
  echo "code,name,kind,parent_code,population"
  echo "C,测试市,city,,"
  echo "D,测试区,district,C,"
  echo "S,测试街道,subdistrict,D,"
  echo "M,测试社区,community,S,"
  for i in $(seq -w 1 999); do echo "K$i,${i}号小区,compound,M,800"; done
} >"$t/units.csv"
seq -w 1 999 | sed 's/^/K/' >"$t/unit-codes.txt"
"$fangkong" --db "$db" import units "$t/units.csv" >/dev/null
printf 'failover-test-pw\n' | "$fangkong" --db "$db" user add wangfang --role community_worker --scope M >/dev/null
token=$("$fangkong" --db "$db" user token wangfang --days 1 | tail -1)
for port in 18081 18082; do
  FANGKONG_LOG=warn "$fangkong" --db "$db" serve --listen "127.0.0.1:$port" --today 2020-03-21 \
    >"$t/fangkong-$port.out" 2>"$t/fangkong-$port.log" &
  pids+=($!)
  disown
  echo $! >"$t/fangkong-$port.pid"
done
for _ in $(seq 1 60); do
  curl -fs -o /dev/null http://127.0.0.1:18080/readyz && break
  sleep 1
done

# --- load, and a machine lost in the middle of it ---------------------------
say "filing reports through HAProxy for ${load_seconds}s"
python3 scripts/failover/load.py http://127.0.0.1:18080 "$token" "$t/unit-codes.txt" \
  "$load_seconds" 24 "$t/acknowledged.csv" >"$t/load.out" 2>"$t/load.err" &
load=$!
sleep $((load_seconds / 4))
pg_pid=$(head -1 "$t/$first/data/postmaster.pid")
say "kill -9 the primary's machine: Patroni and PostgreSQL of $first (postmaster $pg_pid)"
kill -9 "$(cat "$t/$first.patroni.pid")" "$pg_pid"
killed_at=$(date +%s)
for _ in $(seq 1 60); do
  now=$(primary || true)
  if [ -n "$now" ] && [ "$now" != "$first" ]; then break; fi
  sleep 0.5
done
say "new primary: ${now:-none}, $(( $(date +%s) - killed_at ))s after the kill"
sleep 3
say "kill -9 one fangkong process"
kill -9 "$(cat "$t/fangkong-18081.pid")"
wait "$load" || true
cat "$t/load.err" >&2 || true
load_line=$(cat "$t/load.out")
say "load: $load_line"

# --- every acknowledged report on the new primary ---------------------------
new_port=54321
[ "${now:-}" = node2 ] && new_port=54322
psql -h 127.0.0.1 -p "$new_port" -U postgres -d fangkong -Atc \
  "SELECT u.code || ',' || r.day FROM report_revisions r JOIN units u ON u.id = r.unit_id" \
  | sort -u >"$t/stored.csv"
sort -u "$t/acknowledged.csv" >"$t/acked.csv"
acknowledged=$(wc -l <"$t/acked.csv")
lost=$(comm -23 "$t/acked.csv" "$t/stored.csv" | wc -l)
unavailable=$(sed -n 's/.*longest_gap_s=\([0-9.]*\).*/\1/p' <<<"$load_line")
[ "$acknowledged" -gt 0 ] || { say "nothing was acknowledged"; tail -30 "$t"/*.log >&2; }
cleanup
trap - EXIT
echo "failover: acknowledged=$acknowledged lost=$lost unavailable_s=${unavailable:-unknown}"
