#!/usr/bin/env bash
# dist/php/: the composer package with the shared library bundled inside it,
# lib/libzego_token.so.0 (what `make install` stages: SONAME set, debug info stripped; built by zig
# for glibc 2.17), which ZegoToken\Lib loads by its path (FFI::cdef) and preload.php loads before
# FFI::load: no make install, no ldconfig, no LD_LIBRARY_PATH. Written as a directory (for a
# composer path repository) and as a zip of it (for an artifact repository or a release page).
# Usage: scripts/dist-php.sh VERSION SO A   (run by make dist-php)
set -euo pipefail
version=$1 so=$2 a=$3
cd "$(dirname "$0")/.."
major=${version%%.*}
stage=target/dist-stage/php
rm -rf "$stage" dist/php && mkdir -p "$stage" dist/php
make --no-print-directory -s install DESTDIR="$PWD/$stage/install" PREFIX=/usr LIB_SO="$so" LIB_A="$a" CLI="$(dirname "$so")/zego-token"
out=dist/php/zego-token
mkdir -p "$out/lib"
cp -r bindings/php/. "$out/"
rm -f "$out/ci-test.sh" "$out/bench.sh" "$out/bench.php" "$out/bench_cref.c"
cp "$stage/install/usr/lib/libzego_token.so.$version" "$out/lib/libzego_token.so.$major"
soname=$(readelf -d "$out/lib/libzego_token.so.$major" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libzego_token.so.$major" ] || { echo "dist-php: SONAME is '$soname'" >&2; exit 1; }
(cd dist/php && rm -f "zego-token-$version.zip" && python3 -c '
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for d, _, fs in sorted(os.walk("zego-token")):
        for f in sorted(fs):
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, "zego-token"))
' "zego-token-$version.zip")
echo "dist-php: $out ($(du -sh "$out" | cut -f1)), dist/php/zego-token-$version.zip ($(du -h "dist/php/zego-token-$version.zip" | cut -f1))"
