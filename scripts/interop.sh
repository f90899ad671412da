#!/usr/bin/env bash
# fangkong's standards as third-party tools read them (issue 17). The OpenAPI
# document must pass openapi-spec-validator, and openapi-python-client must
# generate a client with a callable function for every operation; the Open311
# client `georeport` must read the served Wuhan demo in JSON and XML
# (scripts/open311-clients.py); and DHIS2 data value sets posted with `curl -u`
# must land and come back, every JSON document valid against DHIS2's own
# models as dhis2w-client ships them (scripts/dhis2-clients.py); reminders
# must reach a real SMTP server (aiosmtpd) once each, and every duty calendar
# must parse in icalendar (scripts/roster-clients.py); a pass QR code must
# read in zxing-cpp and its token verify offline in pycose, a tampered one not
# (scripts/pass-clients.py).
# The tools are installed from PyPI into a virtual environment under target/
# (scripts/interop-requirements.txt pins them). Usage: scripts/interop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/interop-venv
if ! "$venv/bin/python" -c "import openapi_spec_validator" 2>/dev/null \
   || [ scripts/interop-requirements.txt -nt "$venv/installed" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/interop-requirements.txt
  touch "$venv/installed"
fi
# dhis2w-client installs only on Python 3.13; its models and DHIS2's OpenAPI
# document are read from the unpacked wheel (pinned, no dependencies).
dhis2w="$venv/dhis2w-client-1.33.0"
if [ ! -d "$dhis2w/dhis2w_client" ]; then
  "$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: --python-version 3.13 dhis2w-client==1.33.0 -d "$venv/wheels"
  "$venv/bin/python" -m zipfile -e "$venv/wheels/dhis2w_client-1.33.0-py3-none-any.whl" "$dhis2w"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --locked -p fangkong -- openapi > "$work/openapi.json"
"$venv/bin/openapi-spec-validator" "$work/openapi.json"
if ! "$venv/bin/openapi-python-client" generate --path "$work/openapi.json" \
     --output-path "$work/client" --config scripts/openapi-client.yaml > "$work/generate.log" 2>&1; then
  cat "$work/generate.log"
  exit 1
fi
# The generator skips what it cannot read with a warning: any warning fails.
if grep -qi "warning\|skipping\|unable" "$work/generate.log"; then
  cat "$work/generate.log"
  exit 1
fi
"$venv/bin/python" - "$work/openapi.json" "$work/client" <<'PY'
import importlib, json, pathlib, re, sys
spec = json.load(open(sys.argv[1]))
root = pathlib.Path(sys.argv[2])
sys.path.insert(0, str(root))
package = next(p.name for p in root.iterdir() if (p / "__init__.py").exists())
ops = [o["operationId"] for path in spec["paths"].values()
       for method, o in path.items() if method in ("get", "post", "put", "patch", "delete")]
modules = {p.stem: p for p in (root / package / "api").rglob("*.py") if p.stem != "__init__"}
missing = []
for op in ops:
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", op).lower()
    path = modules.get(name)
    if path is None:
        missing.append(op)
        continue
    dotted = ".".join(path.relative_to(root).with_suffix("").parts)
    module = importlib.import_module(dotted)
    if not callable(getattr(module, "sync_detailed", None)):
        missing.append(op)
if missing:
    sys.exit(f"the generated client lacks {len(missing)} of {len(ops)} operations: {missing}")
print(f"OpenAPI: valid; the generated Python client covers all {len(ops)} operations")
PY

# Open311: the demo served, a hotline key, and the client.
cargo build --quiet --locked -p fangkong
bin=target/debug/fangkong
"$bin" --db "$work/demo.db" demo > "$work/demo.log" 2>&1
key=$("$bin" --db "$work/demo.db" user token rexian | grep -o '[A-Za-z0-9_-]\{32,\}' | head -1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" --db "$work/demo.db" serve --listen "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/open311/v2/discovery.json" > /dev/null && break
  sleep 0.5
done
"$venv/bin/python" scripts/open311-clients.py "http://127.0.0.1:$port/open311/v2" "$key"

# Reminders through a real SMTP server, and the calendars read by icalendar.
mkdir -p "$work/roster"
"$venv/bin/python" scripts/roster-clients.py "$bin" "$work/roster"

# Passes: the QR code read by an ordinary decoder, the token verified offline
# by an independent COSE library, a tampered copy refused everywhere.
mkdir -p "$work/passes"
"$venv/bin/python" scripts/pass-clients.py "$bin" "$work/demo.db" "http://127.0.0.1:$port" "$work/passes"

# DHIS2: the demo's community worker signs in as DHIS2's clients do (HTTP Basic).
(cd "$work" && "$OLDPWD/$venv/bin/python" "$OLDPWD/scripts/dhis2-clients.py" \
  "http://127.0.0.1:$port" wangfang fangkong2020 "$OLDPWD/$dhis2w")
