#!/usr/bin/env bash
# The @zego-token/linux-arm64-gnu package's test (make node-test-aarch64): the tarballs of DIST
# (default dist/node) installed by npm into a fresh app outside the repository for an arm64 server
# (npm install --os=linux --cpu=arm64 --libc=glibc: npm picks the platform package by its
# os/cpu/libc fields), then run there by Debian bookworm's arm64 node
# (scripts/aarch64-node.sh: apt-get download + dpkg-deb -x into target/aarch64-node-root) under
# qemu-aarch64-static: test-aarch64/aarch64.test.mjs (the loader's choice, fresh tokens of both modes
# decoded by a node:crypto decoder, the official errors), test/vectors.test.mjs (the fixed-input
# vectors byte for byte, every error vector, the foreign tokens), test/conformance.test.mjs and
# test/threads.test.mjs, each file run directly (node --test would spawn node, which qemu-user
# does not follow). The .node file inside the tarball is checked to be aarch64 and to need
# nothing above GLIBC_2.17.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIST=$(cd "${1:-$ROOT/dist/node}" && pwd)
command -v npm >/dev/null || "$ROOT/scripts/ensure-tools.sh" npm
"$ROOT/scripts/aarch64-node.sh"
NODE_ROOT=$ROOT/target/aarch64-node-root
QEMU=("$ROOT/target/aarch64-root/usr/bin/qemu-aarch64-static" -L "$NODE_ROOT")
NODE=$NODE_ROOT/usr/bin/node
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

shopt -s nullglob
pkg=("$DIST"/zego-token-linux-arm64-gnu-*.tgz) main=("$DIST"/zego-token-[0-9]*.tgz)
[ ${#pkg[@]} = 1 ] && [ ${#main[@]} = 1 ] || { echo "error: no arm64 or main tarball in $DIST" >&2; exit 1; }
echo "node-test-aarch64: glibc floor of ${pkg[0]##*/}"
GLIBC_MAX=2.17 "$ROOT/scripts/glibc-floor.sh" "${pkg[0]}"

APP=$(mktemp -d "${TMPDIR:-/tmp}/zego-token-node-arm64.XXXXXX")
trap 'rm -rf "$APP"' EXIT
case "$APP" in "$ROOT"/*) echo "error: the app must be outside the repository" >&2; exit 1;; esac
mkdir -p "$APP/test" "$APP/data"
cp "$HERE/test-aarch64/aarch64.test.mjs" "$APP/test/"
for t in helpers.mjs vectors.test.mjs conformance.test.mjs threads.test.mjs; do
  cp "$HERE/test/$t" "$APP/test/"
done
cp "$ROOT"/tests/data/token04-vectors.json "$ROOT"/tests/data/token04-foreign.json "$APP/data/"
cp "${ZEGO_CONFORMANCE_JSON:-$ROOT/tests/data/conformance.json}" "$APP/data/conformance.json"
cd "$APP"
# The app depends on zego-token and lists both platform tarballs as optional dependencies (the
# platform packages are not on the registry); npm, told the target platform, installs the arm64
# one and skips the x64 one by their os/cpu/libc fields. (npm applies --cpu/--os/--libc to
# optional dependencies only: a tarball named on the command line is checked against the host.)
x64=("$DIST"/zego-token-linux-x64-gnu-*.tgz)
[ ${#x64[@]} = 1 ] || { echo "error: no x64 tarball in $DIST" >&2; exit 1; }
cat > package.json <<JSON
{ "name": "zego-token-arm64-app", "version": "1.0.0", "private": true, "type": "module",
  "dependencies": { "zego-token": "file:${main[0]}" },
  "optionalDependencies": { "@zego-token/linux-arm64-gnu": "file:${pkg[0]}",
                            "@zego-token/linux-x64-gnu": "file:${x64[0]}" } }
JSON
npm install --silent --os=linux --cpu=arm64 --libc=glibc
addon=node_modules/@zego-token/linux-arm64-gnu/zego-token.linux-arm64-gnu.node
file "$addon" | grep -q 'ARM aarch64' || { echo "error: $addon is not an aarch64 file" >&2; exit 1; }
[ ! -e node_modules/@zego-token/linux-x64-gnu ] || { echo "error: npm installed the x64 package too" >&2; exit 1; }

echo "node-test-aarch64: $("${QEMU[@]}" "$NODE" -p 'process.version + " " + process.arch') under qemu-aarch64-static"
for t in aarch64 vectors conformance threads; do
  echo "== $t.test.mjs"
  ZEGO_TEST_DATA=$APP/data "${QEMU[@]}" "$NODE" --test-reporter=dot "test/$t.test.mjs"
done
echo "node-test-aarch64: passed"
