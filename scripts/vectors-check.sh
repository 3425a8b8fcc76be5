#!/usr/bin/env bash
# The test data must be the shared ground truth (../shared/vectors), unedited.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared/vectors
if [ ! -d "$shared" ]; then
  echo "vectors-check: no $shared beside the repository; comparing nothing" >&2
  exit 0
fi
for f in token04-vectors.json token04-foreign.json; do
  cmp "$shared/$f" "tests/data/$f" || { echo "vectors-check: tests/data/$f differs from $shared/$f" >&2; exit 1; }
done
echo "vectors: tests/data matches $shared"
