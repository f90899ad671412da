#!/usr/bin/env bash
# Fuzzes every door of the application (pages, /api/v1, Open311) with generated
# query strings, path parameters, JSON bodies and forms, each sent as an account
# the door lets in, for FUZZ_SECONDS (default 600). Fails on any 5xx answer or
# an error without a body. Usage: scripts/fuzz-http.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${1:-600} cargo test --release -p fangkong-web --test web \
  every_door_survives_generated_input_for_a_while -- --ignored --nocapture
