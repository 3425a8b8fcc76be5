#!/usr/bin/env bash
# make install-test: `make install` into a temporary prefix, then, as a user of the installed
# library would:
#  - the file layout: libzego_token.so.VERSION with SONAME libzego_token.so.MAJOR, the two
#    links, the static library, the headers, no debug info in either library;
#  - ldconfig runs after an install without DESTDIR, and not with DESTDIR;
#  - C programs built through pkg-config, shared (zego_token) and static (zego_token-static),
#    print tokens; the shared one loads the installed library, the static one needs none;
#  - DESTDIR stages the files under it with the final PREFIX in the .pc file;
#  - the C++ example builds with CMake, through the package config and through pkg-config.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR=${VERSION%%.*}
T=$ROOT/target/install-test
P=$T/prefix
fail() { echo "install-test: $*" >&2; exit 1; }
is_token() { [[ $1 =~ ^04[A-Za-z0-9+/]+=*$ ]]; }
CC=${CC:-cc}
CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic)

rm -rf "$T" && mkdir -p "$T"
make --no-print-directory install PREFIX="$P" LDCONFIG="touch $T/ldconfig-ran" > "$T/install.log" 2>&1 \
  || { cat "$T/install.log" >&2; fail "make install failed"; }

cd "$P/lib"
test -f "libzego_token.so.$VERSION" || fail "no libzego_token.so.$VERSION"
[ "$(readlink "libzego_token.so.$MAJOR")" = "libzego_token.so.$VERSION" ] || fail "libzego_token.so.$MAJOR does not point to libzego_token.so.$VERSION"
[ "$(readlink libzego_token.so)" = "libzego_token.so.$MAJOR" ] || fail "libzego_token.so does not point to libzego_token.so.$MAJOR"
test -f libzego_token.a || fail "no libzego_token.a"
dyn=$(readelf -d "libzego_token.so.$VERSION")
[[ $dyn == *"Library soname: [libzego_token.so.$MAJOR]"* ]] || fail "the installed library's SONAME is not libzego_token.so.$MAJOR"
for lib in "libzego_token.so.$VERSION" libzego_token.a; do
  sections=$(readelf -S --wide "$lib")
  [[ $sections != *.debug_info* ]] || fail "$lib carries debug info"
done
test -f "$P/include/zego_token.h" -a -f "$P/include/zego_token.hpp" || fail "headers not installed"
test -f "$T/ldconfig-ran" || fail "make install without DESTDIR did not run ldconfig"
cd "$ROOT"
echo "install: layout, SONAME libzego_token.so.$MAJOR, no debug info, ldconfig run"

export PKG_CONFIG_PATH=$P/lib/pkgconfig
"$CC" "${CFLAGS[@]}" examples/c/generate.c $(pkg-config --cflags --libs zego_token) \
  -Wl,-rpath,"$(pkg-config --variable=libdir zego_token)" -o "$T/generate-shared" || fail "shared build through pkg-config"
ldd_out=$(ldd "$T/generate-shared")
[[ $ldd_out == *"libzego_token.so.$MAJOR => $P/lib/"* ]] || fail "the shared build does not load $P/lib/libzego_token.so.$MAJOR: $ldd_out"
"$CC" "${CFLAGS[@]}" examples/c/generate.c $(pkg-config --cflags --libs zego_token-static) -o "$T/generate-static" \
  || fail "static build through pkg-config"
ldd_out=$(ldd "$T/generate-static")
[[ $ldd_out != *libzego_token* ]] || fail "the static build needs libzego_token: $ldd_out"
out=$("$T/generate-shared") && is_token "$out" || fail "the shared build printed no token: $out"
out=$("$T/generate-static" gcm) && is_token "$out" || fail "the static build printed no token: $out"
echo "install: pkg-config shared (zego_token) and static (zego_token-static) builds run"

make --no-print-directory install DESTDIR="$T/stage" PREFIX=/opt/zt LDCONFIG="touch $T/ldconfig-staged" > "$T/stage.log" 2>&1 \
  || { cat "$T/stage.log" >&2; fail "make install DESTDIR=... failed"; }
test -f "$T/stage/opt/zt/lib/libzego_token.so.$VERSION" -a -f "$T/stage/opt/zt/include/zego_token.hpp" || fail "DESTDIR: files not staged"
grep -qx 'prefix=/opt/zt' "$T/stage/opt/zt/lib/pkgconfig/zego_token.pc" || fail "DESTDIR: the .pc file does not name the final prefix"
test ! -e "$T/ldconfig-staged" || fail "make install with DESTDIR ran ldconfig"
echo "install: DESTDIR honoured (and no ldconfig)"

for how in OFF ON; do
  cmake -S examples/cpp -B "$T/cpp-$how" -DZEGO_USE_PKGCONFIG=$how -DCMAKE_PREFIX_PATH="$P" \
    -DCMAKE_BUILD_RPATH="$P/lib" > "$T/cmake-$how.log" 2>&1 \
    && cmake --build "$T/cpp-$how" >> "$T/cmake-$how.log" 2>&1 \
    || { cat "$T/cmake-$how.log" >&2; fail "CMake example (pkg-config $how) did not build"; }
  out=$("$T/cpp-$how/zego_token_example") && is_token "$out" || fail "CMake example (pkg-config $how) printed no token"
  echo "install: CMake example (pkg-config $how) builds and runs"
done
