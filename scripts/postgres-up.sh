#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers at 127.0.0.1:5432 (trust
# authentication, as on every machine of this project's CI), starting the
# Debian cluster if it is down. Usage: scripts/postgres-up.sh
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432; then
  exit 0
fi
version=$(ls /etc/postgresql | sort -V | tail -1)
pg_ctlcluster --skip-systemctl-redirect "$version" main start
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && exit 0
  sleep 1
done
echo "PostgreSQL did not start at 127.0.0.1:5432" >&2
exit 1
