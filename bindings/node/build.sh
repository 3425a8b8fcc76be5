#!/usr/bin/env bash
# Builds the addon and writes npm tarballs into OUT (default dist/node):
#   bindings/node/build.sh [OUT [PLATFORM]]     (make dist-node, make dist-node-aarch64)
# PLATFORM linux-x64-gnu (the default) writes zego-token-VERSION.tgz (the loader, types,
# CommonJS and ESM entries) and zego-token-linux-x64-gnu-VERSION.tgz (the .node file, os/cpu/libc
# fields); linux-arm64-gnu writes zego-token-linux-arm64-gnu-VERSION.tgz only, its addon built
# for aarch64-unknown-linux-gnu (with the compiler the environment names: make passes
# mk/aarch64.mk's A64_ENV, Debian's rustc-web and zig for aarch64 glibc 2.17) into
# target/node-aarch64. Each run replaces only the tarballs it writes.
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
PLATFORM=${2:-linux-x64-gnu}
case $PLATFORM in
  linux-x64-gnu) triple=x86_64-unknown-linux-gnu dir=node packages="linux-x64-gnu zego-token" ;;
  linux-arm64-gnu) triple=aarch64-unknown-linux-gnu dir=node-aarch64 packages=linux-arm64-gnu ;;
  *) echo "error: unknown platform $PLATFORM" >&2; exit 2 ;;
esac
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target/$dir}
if [ -z "${NODE_ADDON_BUILD:-}" ]; then
  "$ROOT/scripts/zig-env.sh"
  linker=CARGO_TARGET_$(echo "$triple" | tr a-z- A-Z_)_LINKER
  NODE_ADDON_BUILD="env $linker=$ROOT/scripts/zig-cc \
$CARGO build --release --locked --target $triple --manifest-path $HERE/Cargo.toml"
  NODE_ADDON_LIB=${NODE_ADDON_LIB:-$CARGO_TARGET_DIR/$triple/release/libzego_token_node.so}
fi
NODE_ADDON_LIB=${NODE_ADDON_LIB:-$CARGO_TARGET_DIR/release/libzego_token_node.so}

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)
for f in "$HERE"/npm/*/package.json; do
  v=$(node -p "require('$f').version")
  [ "$v" = "$VERSION" ] || { echo "error: $f has version $v, the library $VERSION" >&2; exit 1; }
done
for p in "$HERE"/npm/linux-*; do
  name=@zego-token/${p##*/}
  dep=$(node -p "require('$HERE/npm/zego-token/package.json').optionalDependencies['$name']")
  [ "$dep" = "$VERSION" ] || { echo "error: zego-token's optionalDependencies pin $name at $dep, not $VERSION" >&2; exit 1; }
done

echo "node: $NODE_ADDON_BUILD"
$NODE_ADDON_BUILD

STAGE=$CARGO_TARGET_DIR/pkg
rm -rf "$STAGE"
mkdir -p "$STAGE"
for p in $packages; do
  cp -r "$HERE/npm/$p" "$STAGE/"
  case $p in
    zego-token) cp "$HERE/README.md" "$STAGE/zego-token/README.md" ;;
    *) cp "$NODE_ADDON_LIB" "$STAGE/$p/zego-token.$p.node" ;;
  esac
  case $p in
    zego-token) rm -f "$OUT"/zego-token-[0-9]*.tgz ;;
    *) rm -f "$OUT"/zego-token-"$p"-*.tgz ;;
  esac
  (cd "$STAGE/$p" && npm pack --silent --pack-destination "$OUT" >/dev/null)
done
ls -1 "$OUT"/*.tgz
