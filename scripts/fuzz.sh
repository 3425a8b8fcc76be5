#!/usr/bin/env bash
# Runs each cargo-fuzz target for FUZZ_SECONDS on its corpus (make fuzz, make fuzz-smoke) and
# prints libFuzzer's summary; fails on any crash or failed assertion.
# Usage: FUZZ_SECONDS=300 scripts/fuzz.sh TARGET...
# FUZZ_BUILD=--dev builds the targets without optimizations (make fuzz-smoke: the build takes
# about half as long, and a smoke run is about building and running, not about coverage).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-300}
for t in "$@"; do
  echo "== fuzz $t ($seconds s)"
  log=$(mktemp)
  rc=0
  RUSTC_BOOTSTRAP=1 ${CARGO:-cargo} fuzz run ${FUZZ_BUILD:-} "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 > "$log" 2>&1 || rc=$?
  grep -E 'Done|stat::number_of_executed_units|ERROR|crash|panicked' "$log" || true
  if [ "$rc" -ne 0 ]; then
    tail -40 "$log" >&2
    rm -f "$log"
    echo "fuzz: $t failed (exit $rc)" >&2
    exit 1
  fi
  rm -f "$log"
done
