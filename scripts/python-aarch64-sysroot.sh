#!/usr/bin/env bash
# An arm64 Debian bookworm CPython 3.11 for the aarch64 wheel (issue #21), into
# target/aarch64-py/root: its headers (to build the extension, abi3) and the interpreter with its
# standard library and arm64 libc (to test the wheel under qemu-aarch64-static, `-L` that root).
# The packages come through the private apt configuration of scripts/aarch64-toolchain.sh (run
# first: it also provides qemu), fetched with `apt-get download` and unpacked with `dpkg-deb -x`:
# nothing is installed on the system, no root needed. The stdlib's dependencies are there only
# as far as the test imports need them (zlib for zipfile; no readline, sqlite, ssl, ...).
# Usage: scripts/python-aarch64-sysroot.sh   (does nothing when the root has these packages)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/aarch64-toolchain.sh
# Its private apt state is shared: one download at a time (taken after the toolchain script,
# which takes the same lock itself).
exec 8> target/.aarch64-apt.lock
flock 8
apt=$PWD/target/aarch64-apt dir=$PWD/target/aarch64-py
root=$dir/root
PACKAGES=(python3.11-minimal libpython3.11-minimal libpython3.11-stdlib libpython3.11 libpython3.11-dev
          libc6 libgcc-s1 zlib1g libexpat1 libffi8)
stamp=$root/.packages
[ -f "$stamp" ] && [ "$(head -1 "$stamp")" = "${PACKAGES[*]}" ] && exit 0
opts=(-q -o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache"
      -o APT::Architectures::=amd64 -o APT::Architectures::=arm64 -o APT::Sandbox::User=root)
rm -rf "$dir" && mkdir -p "$dir/debs" "$root"
(cd "$dir/debs" && apt-get "${opts[@]}" download "${PACKAGES[@]/%/:arm64}") > "$dir/download.log" 2>&1 \
  || { cat "$dir/download.log" >&2; exit 1; }
for deb in "$dir"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
test -x "$root/usr/bin/python3.11" && test -f "$root/usr/include/aarch64-linux-gnu/python3.11/pyconfig.h" \
  || { echo "python-aarch64-sysroot: no python3.11 or pyconfig.h in $root" >&2; exit 1; }
{ echo "${PACKAGES[*]}"; (cd "$dir/debs" && ls); } > "$stamp"
echo "python-aarch64-sysroot: $(cd "$dir/debs" && ls | grep '^python3.11-minimal') in ${root#"$PWD"/}"
