#!/usr/bin/env bash
# Every test of fangkong, as CI runs them: formatting, lints, then all unit,
# property and integration tests on the embedded SQLite default (the integration
# tests run the real binary on fresh databases; the store's conformance suite
# runs the same calls on SQLite and PostgreSQL and compares), then the CLI and
# HTTP integration suites again with every database on PostgreSQL, then the
# standards as third-party tools read them (scripts/interop.sh), a server on a
# streaming replica (scripts/replica-test.sh), then the pages
# as axe-core and Lighthouse judge them in Chromium (scripts/a11y.sh).
# Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/postgres-up.sh
server=${FANGKONG_TEST_POSTGRES_SERVER:-postgres://postgres@127.0.0.1:5432}
# The scratch databases the tests make (fk_…) are dropped before and after.
drop_scratch() {
  psql "$server/postgres" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'fk\_%'" |
    while read -r db; do
      psql "$server/postgres" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
    done
}
drop_scratch
trap drop_scratch EXIT
cargo fmt --all -- --check
cargo clippy --locked --workspace --all-targets -- -D warnings
FANGKONG_TEST_POSTGRES= FANGKONG_CONFORMANCE_POSTGRES="$server" cargo test --locked --workspace
echo "== the CLI and HTTP integration suites on PostgreSQL"
FANGKONG_TEST_POSTGRES="$server" cargo test --locked -p fangkong --test cli
FANGKONG_TEST_POSTGRES="$server" cargo test --locked -p fangkong-web --test web
drop_scratch
scripts/interop.sh
# A real hot standby streaming from a primary of its own, a server on each
# (the debug build the tests just made; about two minutes).
FANGKONG_BIN="$PWD/target/debug/fangkong" scripts/replica-test.sh 2
scripts/a11y.sh
