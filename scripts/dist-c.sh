#!/usr/bin/env bash
# dist/c/zego-token-VERSION-linux-ARCH.tar.gz, for users who vendor a prebuilt library: what
# `make install` stages (the library built by zig for glibc 2.17), with the .pc files made
# relocatable (prefix=${pcfiledir}/../..; the CMake package is relocatable already), with the CLI
# (stripped, in bin/, as make install puts it). Usage: scripts/dist-c.sh VERSION ARCH SO A CLI   (run by make dist-c)
set -euo pipefail
version=$1 arch=$2 so=$3 a=$4 cli=$5
cd "$(dirname "$0")/.."
name=zego-token-$version-linux-$arch
stage=target/dist-stage/c-$arch
rm -rf "$stage" && mkdir -p "$stage" dist/c
make --no-print-directory -s install DESTDIR="$PWD/$stage" PREFIX="/$name" LIB_SO="$so" LIB_A="$a" CLI="$(dirname "$so")/zego-token"
root=$stage/$name
for pc in "$root"/lib/pkgconfig/*.pc; do
  sed -i 's|^prefix=.*|prefix=${pcfiledir}/../..|' "$pc"
  grep -q "/$name" "$pc" && { echo "dist-c: $pc still names the staging prefix" >&2; exit 1; }
done
if grep -rq "/$name" "$root/lib/cmake"; then echo "dist-c: the CMake package names the staging prefix" >&2; exit 1; fi
[ -x "$root/bin/zego-token" ] && ! readelf -S "$root/bin/zego-token" | grep -q '\.symtab' \
  || { echo "dist-c: make install did not install the CLI, stripped" >&2; exit 1; }
cp README.md "$root/README.md"
out=dist/c/$name.tar.gz
# Reproducible: sorted names, fixed owner and time.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$stage" -czf "$out" "$name"
echo "dist-c: $out ($(du -h "$out" | cut -f1))"
