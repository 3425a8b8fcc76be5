#!/usr/bin/env bash
# dist/deb/: libzego-token0 (the shared library with its SONAME) and libzego-token-dev (headers,
# the .so link, the static library, both .pc files, the CMake package), from what
# `make install DESTDIR=... PREFIX=/usr` stages (the library built by zig for glibc 2.17), built
# with dpkg-deb, then checked with lintian (no errors allowed).
# Why dpkg-deb and not cargo-deb: cargo-deb makes one package per crate (a "variant" is a second
# package of the same crate, built by a second run that re-reads the crate's metadata and asset
# list), while these two packages split one `make install` tree; dpkg-deb takes that tree as it
# is, with no tool to compile first.
# Usage: scripts/dist-deb.sh VERSION ARCH SO A   (run by make dist-deb)
set -euo pipefail
version=$1 arch=$2 so=$3 a=$4
cd "$(dirname "$0")/.."
root=$PWD
major=${version%%.*}
debarch=$arch; [ "$arch" = x86_64 ] && debarch=amd64; [ "$arch" = aarch64 ] && debarch=arm64
rev=1
stage=$root/target/dist-stage/deb-$debarch
rm -rf "$stage" && mkdir -p "$stage/install" "$root/dist/deb"
make --no-print-directory -s install DESTDIR="$stage/install" PREFIX=/usr LIB_SO="$so" LIB_A="$a" CLI="$(dirname "$so")/zego-token"
src=$stage/install/usr
maint="zego-token developers <zego-token@users.noreply.invalid>"
libc_dep="libc6 (>= 2.17)"

docs() { # $1 package dir, $2 package name
  install -d "$1/usr/share/doc/$2"
  install -m 0644 packaging/deb/copyright "$1/usr/share/doc/$2/copyright"
  printf '%s (%s-%s) unstable; urgency=medium\n\n  * Release %s (see CHANGELOG.md).\n\n -- %s  %s\n' \
    "$2" "$version" "$rev" "$version" "$maint" "Thu, 01 Jan 1970 00:00:00 +0000" \
    | gzip -9n > "$1/usr/share/doc/$2/changelog.Debian.gz"
}
control() { # $1 package dir, $2 name, $3 section, $4 depends, $5 description (first line), $6 more
  local size
  size=$(du -sk --exclude=DEBIAN "$1" | cut -f1)
  install -d "$1/DEBIAN"
  cat > "$1/DEBIAN/control" <<CTL
Package: $2
Source: zego-token
Version: $version-$rev
Architecture: $debarch
Maintainer: $maint
Installed-Size: $size
Depends: $4
Section: $3
Priority: optional
Homepage: https://github.com/zego-token/zego-token
Description: $5
$6
CTL
}

# libzego-token0: the runtime library.
p=$stage/libzego-token$major
install -d "$p/usr/lib"
cp -a "$src/lib/libzego_token.so.$version" "$src/lib/libzego_token.so.$major" "$p/usr/lib/"
chmod 0644 "$p/usr/lib/libzego_token.so.$version"
# Debian policy: shared libraries stripped of their symbol table too (the dynamic one stays).
"${STRIP:-strip}" --strip-unneeded --remove-section=.comment --remove-section=.note "$p/usr/lib/libzego_token.so.$version"
docs "$p" "libzego-token$major"
control "$p" "libzego-token$major" libs "$libc_dep" \
  "ZEGO token04 generation and decoding (shared library)" \
  " A Rust library with a C ABI that generates, decodes and verifies ZEGO token04
 authentication tokens (AES-256-CBC and AES-256-GCM)."
echo "libzego_token $major libzego-token$major (>= $version)" > "$p/DEBIAN/shlibs"
echo "activate-noawait ldconfig" > "$p/DEBIAN/triggers"
chmod 0644 "$p/DEBIAN/shlibs" "$p/DEBIAN/triggers"

# libzego-token-dev: everything to build against it.
d=$stage/libzego-token-dev
install -d "$d/usr/lib" "$d/usr/include"
cp -a "$src/lib/libzego_token.so" "$src/lib/libzego_token.a" "$src/lib/pkgconfig" "$src/lib/cmake" "$d/usr/lib/"
cp -a "$src/include/." "$d/usr/include/"
docs "$d" libzego-token-dev
control "$d" libzego-token-dev libdevel "libzego-token$major (= $version-$rev), $libc_dep" \
  "ZEGO token04 generation and decoding (development files)" \
  " Headers (C and C++), the static library, pkg-config files (zego_token,
 zego_token-static) and the CMake package (find_package(zego_token)) of
 zego-token, a C library that generates, decodes and verifies ZEGO token04
 authentication tokens."

rm -f "$root"/dist/deb/*_"$debarch".deb
for pkg in "$p" "$d"; do
  find "$pkg" -type d -exec chmod 0755 {} +
  name=$(sed -n 's/^Package: //p' "$pkg/DEBIAN/control")
  out=$root/dist/deb/${name}_${version}-${rev}_${debarch}.deb
  dpkg-deb --root-owner-group -Zxz --build "$pkg" "$out" >/dev/null
  echo "dist-deb: dist/deb/${out##*/} ($(du -h "$out" | cut -f1))"
done

# lintian: no errors (warnings and notes are printed).
"$root/scripts/ensure-tools.sh" lintian
lintian --fail-on error --suppress-tags no-manual-page "$root"/dist/deb/*_"$debarch".deb \
  || { echo "dist-deb: lintian reports errors" >&2; exit 1; }
echo "dist-deb: lintian: no errors"
