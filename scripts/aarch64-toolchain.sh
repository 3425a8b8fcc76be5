#!/usr/bin/env bash
# The aarch64 toolchain (issue #21), from Debian's packages only, into target/aarch64-root: Debian
# bookworm-security's rustc-web (a Rust compiler, x86_64) with its LLVM, the Rust standard library
# for both x86_64 (build scripts) and arm64, an arm64 libc (the sysroot qemu runs programs in) and
# qemu-user-static. Fetched with `apt-get download` through a private apt configuration (its own
# sources list, package lists and cache under target/aarch64-apt) and unpacked with `dpkg-deb -x`:
# nothing is installed on the system and its apt configuration is untouched (no
# `dpkg --add-architecture`), so the build needs no root. Pinned to RUST_WEB_VERSION below; zig
# (scripts/zig-cc, ZIG_TARGET=aarch64-linux-gnu.2.17) links, for a GLIBC_2.17 floor.
# Usage: scripts/aarch64-toolchain.sh   (does nothing if target/aarch64-root has this version)
set -euo pipefail
RUST_WEB_VERSION=1.96.0+dfsg1-1~deb12u2
cd "$(dirname "$0")/.."
apt=$PWD/target/aarch64-apt root=$PWD/target/aarch64-root
stamp=$root/.version
# One run at a time (under make -j test the library, the Node addon and the wheel want it at once;
# the arm64 sysroot scripts take this lock for their downloads too): the others wait, then find
# the root made.
mkdir -p target
exec 8> target/.aarch64-apt.lock
flock 8
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$RUST_WEB_VERSION" ] && exit 0
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
cat > "$apt/sources.list" <<'LIST'
deb [arch=amd64,arm64] http://deb.debian.org/debian bookworm main
deb [arch=amd64,arm64] http://deb.debian.org/debian-security bookworm-security main
LIST
opts=(-q -o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
      -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 -o APT::Sandbox::User=root)
apt-get "${opts[@]}" update > "$apt/update.log" 2>&1 || { cat "$apt/update.log" >&2; exit 1; }
v=$RUST_WEB_VERSION
rm -rf "$apt/debs" "$root" && mkdir -p "$apt/debs" "$root"
(cd "$apt/debs" && apt-get "${opts[@]}" download \
  "rustc-web=$v" "rust-web-llvm=$v" "libstd-rust-web-dev=$v" "libstd-rust-web-1.96=$v" \
  "libstd-rust-web-dev:arm64=$v" "libstd-rust-web-1.96:arm64=$v" libllvm22 \
  libc6:arm64 libc6-dev:arm64 libgcc-s1:arm64 qemu-user-static) > "$apt/download.log" 2>&1 \
  || { cat "$apt/download.log" >&2; exit 1; }
for deb in "$apt"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
echo "$v" > "$stamp"
env LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu:$root/usr/lib/llvm-22/lib" "$root/usr/bin/rustc" -V
