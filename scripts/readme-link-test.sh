#!/usr/bin/env bash
# Runs the README's "Use it from C" build lines exactly as written (the sh block after the
# <!-- readme-link-test --> marker), with examples/c/generate.c as app.c, from the repository
# root, and checks that the program prints a token and that the plain cargo build gave the
# library no SONAME (so that the program asks for the file cargo wrote).
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "readme-link-test: $*" >&2; exit 1; }
block=$(awk '/<!-- readme-link-test -->/ {found=1; next}
             found && /^```sh/ {inside=1; next}
             inside && /^```/ {exit}
             inside {print}' README.md)
[ -n "$block" ] || fail "README.md has no sh block after <!-- readme-link-test -->"
[ "$(grep -c . <<< "$block")" -eq 3 ] || fail "expected the three lines of the README, got: $block"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp examples/c/generate.c "$dir/app.c"
# The lines as written, with app.c and ./app in the scratch directory.
script=$(sed -e "s| app\.c | $dir/app.c |" -e "s|-o app$|-o $dir/app|" -e "s|\./app$|$dir/app|" <<< "$block")
echo "$script" | sed 's/^/  $ /'
out=$(env -u LD_LIBRARY_PATH bash -euo pipefail -c "$script") || fail "the README's lines failed"
[[ $out =~ ^04[A-Za-z0-9+/]+=*$ ]] || fail "the program printed no token: $out"
! readelf -d target/release/libzego_token.so | grep -q SONAME || fail "a plain cargo build gave the library a SONAME"
needed=$(readelf -d "$dir/app" | grep NEEDED)
[[ $needed == *"[libzego_token.so]"* ]] || fail "the program does not ask for libzego_token.so: $needed"
echo "readme: cargo build --release, the link line and LD_LIBRARY_PATH=target/release print a token"
