#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis (from
# PyPI, into a virtualenv under target/): every operation, with generated valid
# and invalid inputs, signed with a bearer token of the demo's Jiang'an district
# office. Fails on any 5xx answer or a response that breaks the document.
# Usage: scripts/fuzz-api.sh [max examples per operation, default 100]
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-100}
cargo build --release --locked -q
bin="$PWD/target/release/fangkong"
venv=target/schemathesis
[ -x "$venv/bin/st" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q schemathesis; }
work=$(mktemp -d)
cleanup() { [ -n "${server:-}" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$bin" --db "$work/demo.db" demo >/dev/null 2>&1
token=$("$bin" --db "$work/demo.db" user token jiangan --days 1 2>/dev/null)
"$bin" --db "$work/demo.db" serve --listen 127.0.0.1:18081 > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:18081/login && break; sleep 0.2; done
"$venv/bin/st" run http://127.0.0.1:18081/api/v1/openapi.json \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$examples" \
  --workers 2
