#!/usr/bin/env bash
# The shared library exports zego_* symbols only (make c-test).
# Usage: scripts/check-exports.sh path/to/libzego_token.so
set -euo pipefail
lib=$1
syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}')
[ -n "$syms" ] || { echo "check-exports: $lib exports nothing" >&2; exit 1; }
bad=$(grep -v '^zego_' <<< "$syms" || true)
if [ -n "$bad" ]; then
  echo "check-exports: $lib exports symbols other than zego_*:" >&2
  echo "$bad" >&2
  exit 1
fi
echo "only zego_* symbols: $(grep -c '^zego_' <<< "$syms") exported"
