#!/usr/bin/env bash
# make python-test-aarch64: the manylinux_2_17_aarch64 wheel of dist/python/ used by Debian's arm64
# python3.11 (target/aarch64-py, scripts/python-aarch64-sysroot.sh) under qemu-aarch64-static,
# `-L` that root, from a folder outside the repository and with nothing of the host's Python
# (PYTHONNOUSERSITE, -I: no PYTHON* variables, no user site):
#  1. the arm64 interpreter unpacks the wheel (zipfile) into a fresh folder, its site directory
#     (as pip's install would, RECORD and metadata included: importlib.metadata reads them);
#  2. bindings/python/tests/check_installed.py imports the package from there: the shared vectors
#     (../shared/vectors: every claim of each fixed-input token exact, verify's GCM-only default,
#     the error vectors' codes in both modes, the foreign tokens), the room payload, Generator's
#     close; it prints a CBC and a GCM token of the one-shot call and of a Generator each;
#  3. those tokens are decoded on the host by scripts/zt-decode.py (`cryptography`, not the
#     library) and their claims checked;
#  4. scripts/glibc-floor.sh: no ELF file in the wheel needs more than GLIBC_2.17.
# Usage: scripts/python-aarch64-test.sh VERSION
set -euo pipefail
version=$1
cd "$(dirname "$0")/.."
ROOT=$PWD
start=$SECONDS
wheel=$(ls "$ROOT"/dist/python/zego_token-"$version"-cp310-abi3-manylinux*_2_17_aarch64*.whl)
scripts/python-aarch64-sysroot.sh
pyroot=$ROOT/target/aarch64-py/root
QEMU=("$ROOT/target/aarch64-root/usr/bin/qemu-aarch64-static" -L "$pyroot")
T=$(mktemp -d /tmp/zego-token-py-aarch64.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "  FAIL $*" >&2; exit 1; }
py() { (cd "$T" && env -i PATH=/usr/bin:/bin HOME="$T" PYTHONNOUSERSITE=1 "${QEMU[@]}" "$pyroot/usr/bin/python3.11" "$@"); }

echo "== python-test-aarch64: ${wheel##*/} with Debian's arm64 python3.11 under qemu-aarch64-static"
file "$pyroot/usr/bin/python3.11" | grep -q 'ARM aarch64' || fail "not an arm64 python: $(file "$pyroot/usr/bin/python3.11")"
cp "$wheel" "$T/"
py -I -m zipfile -e "${wheel##*/}" site
cp -r ../shared/vectors "$T/data"
cp bindings/python/tests/check_installed.py "$T/"
# -I would drop PYTHONPATH: the site folder goes on sys.path by -c instead, before the import.
out=$(py -I -c 'import sys, runpy; sys.path.insert(0, "site"); sys.argv = ["check_installed.py", "data", "aarch64"]; runpy.run_path("check_installed.py", run_name="__main__")') \
  || fail "check_installed.py under qemu"
n=0
while read -r mode app user token; do
  scripts/zt-decode.sh "$token" "$mode" "$app" "$user" || fail "$mode token of app $app not decoded independently: $token"
  n=$((n + 1))
done <<< "$out"
[ "$n" -eq 4 ] || fail "expected 4 tokens from check_installed.py, got $n: $out"
echo "   $n tokens made on aarch64 (one-shot and Generator, CBC and GCM) decoded by scripts/zt-decode.py"
GLIBC_MAX=2.17 scripts/glibc-floor.sh "$wheel" | tail -2
echo "python-test-aarch64: passed in $((SECONDS - start)) s"
