#!/usr/bin/env bash
# Writes the system libraries that libzego_token.a needs, as rustc reports them
# (`--print native-static-libs`), into OUT: the one place the Makefile's static link lines, the
# .pc files and the CMake package take them from. Built in a target dir of its own (debug, static
# library only), so that the release build of the library is not disturbed.
# Usage: scripts/native-static-libs.sh OUT
set -euo pipefail
out=$1
cd "$(dirname "$0")/.."
dir=target/native-libs
log=$(mktemp)
trap 'rm -f "$log" "$out.$$"' EXIT
# A fresh crate build, so that rustc runs and prints the list.
${CARGO:-cargo} clean --quiet --locked -p zego-token --target-dir "$dir" 2>/dev/null || true
if ! ${CARGO:-cargo} rustc --locked -p zego-token --lib --no-default-features --crate-type staticlib --target-dir "$dir" \
    -- --print native-static-libs > "$log" 2>&1; then
  cat "$log" >&2
  echo "native-static-libs: the build failed" >&2
  exit 1
fi
sed -n 's/^.*note: native-static-libs: //p' "$log" | tail -1 > "$out.$$"
[ -s "$out.$$" ] || { cat "$log" >&2; echo "native-static-libs: rustc printed no list" >&2; exit 1; }
mv "$out.$$" "$out"
echo "native static libs: $(cat "$out")"
