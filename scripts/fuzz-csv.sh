#!/usr/bin/env bash
# Fuzzes every CSV reader (units, reports, published series, annotations,
# case-address lists, DHIS2 data value sets) with generated input for a stated
# time: mutations of valid files (flipped and inserted bytes, CSV metacharacters,
# huge numbers, impossible dates, duplicated lines, truncation) and raw bytes.
# It fails on any panic, and on any refused input that changed the database.
#
# Usage: scripts/fuzz-csv.sh [SECONDS]   (default 600: ten minutes)
#
# Built optimised but with overflow checks and debug assertions on, so that an
# arithmetic overflow is a panic here (as in debug builds) rather than a silent
# wrap; in its own target folder, so the normal release build is not disturbed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
export CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true
export CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS=true
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-target/fuzz}"
FUZZ_SECONDS="$seconds" cargo test --release -p fangkong --test fuzz -- \
  --ignored --nocapture csv_readers_survive_generated_input_for_a_while
