#!/usr/bin/env bash
# Every test of fangkong, as CI runs them: formatting, lints, then all unit,
# property and integration tests (the integration tests run the real binary on
# fresh databases), then the standards as third-party tools read them
# (scripts/interop.sh). Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo test --locked --workspace
scripts/interop.sh
