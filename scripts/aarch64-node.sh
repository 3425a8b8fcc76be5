#!/usr/bin/env bash
# An arm64 Node.js to test the @zego-token/linux-arm64-gnu package under qemu-aarch64-static
# (issue #21): Debian bookworm's arm64 `nodejs` and the arm64 libraries it needs, fetched with
# `apt-get download` through the private apt configuration of scripts/aarch64-toolchain.sh
# (target/aarch64-apt) and unpacked with `dpkg-deb -x` into a sysroot of its own,
# target/aarch64-node-root (qemu's -L): nothing is installed on the system, no root needed.
# The node-* packages are the JavaScript modules Debian's node loads from /usr/share/nodejs
# (acorn, cjs-module-lexer, undici), which qemu finds in the sysroot.
# Usage: scripts/aarch64-node.sh   (does nothing if target/aarch64-node-root is complete)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/aarch64-toolchain.sh
# Its private apt state is shared: one download at a time (taken after the toolchain script,
# which takes the same lock itself).
exec 8> target/.aarch64-apt.lock
flock 8
apt=$PWD/target/aarch64-apt root=$PWD/target/aarch64-node-root
stamp=$root/.complete
[ -f "$stamp" ] && exit 0
opts=(-q -o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
      -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 -o APT::Sandbox::User=root)
debs=$apt/node-debs
rm -rf "$debs" "$root" && mkdir -p "$debs" "$root"
(cd "$debs" && apt-get "${opts[@]}" download \
  nodejs:arm64 libnode108:arm64 libc6:arm64 libgcc-s1:arm64 libstdc++6:arm64 libbrotli1:arm64 \
  libc-ares2:arm64 libicu72:arm64 libnghttp2-14:arm64 libssl3:arm64 libuv1:arm64 zlib1g:arm64 \
  node-acorn node-cjs-module-lexer node-undici node-xtend node-busboy) \
  > "$apt/node-download.log" 2>&1 || { cat "$apt/node-download.log" >&2; exit 1; }
for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
ls "$debs" | sed -n 's/^\(nodejs_[^_]*\)_.*/\1/p' > "$stamp"
echo "arm64 node in $root: $(cat "$stamp")"
