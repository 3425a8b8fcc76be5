#!/usr/bin/env bash
# Builds the addon and writes the npm tarballs of every package into OUT (default dist/node):
#   bindings/node/build.sh [OUT]          (make dist-node runs it)
# zego-token-VERSION.tgz (the loader, types, CommonJS and ESM entries) and
# zego-token-linux-x64-gnu-VERSION.tgz (the .node file, os/cpu/libc fields).
#
# The one command that builds the addon is NODE_ADDON_BUILD: by default a cargo release build of
# bindings/node into target/node, linked by zig for glibc 2.17 (scripts/zig-cc, zig from PyPI in
# target/zig-venv, as every ELF file in dist/; cargo links the build scripts with it too, and
# --target keeps this build in target/node/x86_64-unknown-linux-gnu); set it to build differently (e.g. "cargo build --release --locked
# --manifest-path bindings/node/Cargo.toml", the default linker), with NODE_ADDON_LIB naming
# the library it leaves (default: target/node/release/libzego_token_node.so when it is set).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=$(mkdir -p "${1:-$ROOT/dist/node}" && cd "${1:-$ROOT/dist/node}" && pwd)
CARGO=${CARGO:-cargo}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target/node}
if [ -z "${NODE_ADDON_BUILD:-}" ]; then
  "$ROOT/scripts/zig-env.sh"
  triple=x86_64-unknown-linux-gnu
  NODE_ADDON_BUILD="env CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=$ROOT/scripts/zig-cc \
$CARGO build --release --locked --target $triple --manifest-path $HERE/Cargo.toml"
  NODE_ADDON_LIB=${NODE_ADDON_LIB:-$CARGO_TARGET_DIR/$triple/release/libzego_token_node.so}
fi
NODE_ADDON_LIB=${NODE_ADDON_LIB:-$CARGO_TARGET_DIR/release/libzego_token_node.so}

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)
for f in "$HERE"/npm/*/package.json; do
  v=$(node -p "require('$f').version")
  [ "$v" = "$VERSION" ] || { echo "error: $f has version $v, the library $VERSION" >&2; exit 1; }
done
dep=$(node -p "require('$HERE/npm/zego-token/package.json').optionalDependencies['@zego-token/linux-x64-gnu']")
[ "$dep" = "$VERSION" ] || { echo "error: zego-token's optionalDependencies pin $dep, not $VERSION" >&2; exit 1; }

echo "node: $NODE_ADDON_BUILD"
$NODE_ADDON_BUILD

STAGE=$CARGO_TARGET_DIR/pkg
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp -r "$HERE/npm/zego-token" "$HERE/npm/linux-x64-gnu" "$STAGE/"
cp "$HERE/README.md" "$STAGE/zego-token/README.md"
cp "$NODE_ADDON_LIB" "$STAGE/linux-x64-gnu/zego-token.linux-x64-gnu.node"

rm -f "$OUT"/zego-token-*.tgz
for p in linux-x64-gnu zego-token; do
  (cd "$STAGE/$p" && npm pack --silent --pack-destination "$OUT" >/dev/null)
done
ls -1 "$OUT"/*.tgz
