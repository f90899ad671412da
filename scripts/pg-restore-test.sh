#!/usr/bin/env bash
# PostgreSQL backups as docs/deploy.md describes them, tested end to end on a
# private cluster in a temporary folder (its own port; no root service
# touched): continuous WAL archiving, a base backup with pg_basebackup, reports
# filed after it, the primary lost, and a restore to a point in time between
# two imports. It checks that the restored database holds exactly the reports
# committed before that instant, and prints as its last line
#   pg-restore: before_target=N restored=M after_target_restored=K
# (M = N and K = 0 when the restore is right).
# PostgreSQL does not run as root: run as root, the script runs itself again as
# the user `postgres`. Usage: scripts/pg-restore-test.sh   (FANGKONG_BIN: the
# binary, default target/release/fangkong)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
if [ "$(id -u)" = 0 ]; then
  [ -n "${FANGKONG_BIN:-}" ] || [ -x target/release/fangkong ] || cargo build --release --locked -p fangkong
  exec runuser -u postgres -- env HOME=/tmp FANGKONG_BIN="${FANGKONG_BIN:-}" bash "$0" "$@"
fi
bin=/usr/lib/postgresql/15/bin
fangkong=${FANGKONG_BIN:-}
fangkong=${fangkong:-$repo/target/release/fangkong}
t=$(mktemp -d /tmp/fangkong-pitr.XXXXXX)
cleanup() {
  "$bin/pg_ctl" -D "$t/primary" stop -m immediate >/dev/null 2>&1 || true
  "$bin/pg_ctl" -D "$t/restored" stop -m immediate >/dev/null 2>&1 || true
  rm -rf "$t"
}
trap cleanup EXIT
say() { echo "[$(date +%T)] $*" >&2; }

# A primary archiving every WAL segment.
mkdir -p "$t/wal"
"$bin/initdb" -D "$t/primary" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
cat >>"$t/primary/postgresql.conf" <<EOF
port = 54331
listen_addresses = '127.0.0.1'
unix_socket_directories = '$t'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $t/wal/%f && cp %p $t/wal/%f'
max_wal_senders = 4
EOF
"$bin/pg_ctl" -D "$t/primary" -l "$t/primary.log" -w start >/dev/null
db=postgres://postgres@127.0.0.1:54331/fangkong

reports() { # file first_day last_day: every unit of the small tree, those days of March 2020
  echo "date,unit_code,new_confirmed,new_suspected,new_close_contacts,new_fever,closed_management,screening,disinfection,supplies,stability,publicity,reporter,remark" >"$1"
  for d in $(seq "$2" "$3"); do
    for u in K1 K2 V; do
      printf '2020-03-%02d,%s,0,0,0,0,1,1,1,1,1,1,王芳,\n' "$d" "$u" >>"$1"
    done
  done
}
cat >"$t/units.csv" <<EOF
code,name,kind,parent_code,population
C,测试市,city,,
D,测试区,district,C,
S,测试街道,subdistrict,D,
M,测试社区,community,S,
K1,一号小区,compound,M,500
K2,二号小区,compound,M,
V,测试村,village,S,800
EOF
"$fangkong" --db "$db" import units "$t/units.csv" >/dev/null
reports "$t/a.csv" 1 10
"$fangkong" --db "$db" import reports "$t/a.csv" >/dev/null
say "base backup"
"$bin/pg_basebackup" -h 127.0.0.1 -p 54331 -U postgres -D "$t/base" -Ft -z -Xs -c fast
reports "$t/b.csv" 11 20
"$fangkong" --db "$db" import reports "$t/b.csv" >/dev/null
before=$("$fangkong" --db "$db" reports --format csv | tail -n +2 | wc -l)
sleep 1
target=$(psql -h 127.0.0.1 -p 54331 -U postgres -Atc "SELECT now()")
sleep 1
say "restore target: $target ($before reports before it)"
reports "$t/c.csv" 21 30
"$fangkong" --db "$db" import reports "$t/c.csv" >/dev/null
psql -h 127.0.0.1 -p 54331 -U postgres -qAtc "SELECT pg_switch_wal()" >/dev/null
sleep 2
say "the primary is lost"
"$bin/pg_ctl" -D "$t/primary" stop -m immediate >/dev/null

say "restoring the base backup and replaying the archive to the target"
mkdir -p "$t/restored"
chmod 700 "$t/restored"
tar -xzf "$t/base/base.tar.gz" -C "$t/restored"
tar -xzf "$t/base/pg_wal.tar.gz" -C "$t/restored/pg_wal"
cat >>"$t/restored/postgresql.conf" <<EOF
port = 54332
archive_mode = off
restore_command = 'cp $t/wal/%f %p'
recovery_target_time = '$target'
recovery_target_action = 'promote'
EOF
touch "$t/restored/recovery.signal"
"$bin/pg_ctl" -D "$t/restored" -l "$t/restored.log" -w start >/dev/null
for _ in $(seq 1 60); do
  [ "$(psql -h 127.0.0.1 -p 54332 -U postgres -Atc "SELECT pg_is_in_recovery()")" = f ] && break
  sleep 0.5
done
restored_db=postgres://postgres@127.0.0.1:54332/fangkong
restored=$("$fangkong" --db "$restored_db" reports --format csv | tail -n +2 | wc -l)
after=$("$fangkong" --db "$restored_db" reports --from 2020-03-21 --to 2020-03-31 --format csv | tail -n +2 | wc -l)
cleanup
trap - EXIT
echo "pg-restore: before_target=$before restored=$restored after_target_restored=$after"
