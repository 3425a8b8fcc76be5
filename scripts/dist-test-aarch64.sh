#!/usr/bin/env bash
# make dist-test-aarch64: the aarch64 artifacts in dist/, each used the way a user would, with the
# programs built for aarch64 (zig, glibc 2.17) and run under qemu-aarch64-static with Debian's
# arm64 libc as the sysroot (target/aarch64-root: nothing installed system-wide). Every token a
# program prints is decoded independently (scripts/zt-decode.py, Python's `cryptography`).
#   c     the tarball unpacked in a path with a space: generate.c built through its .pc files
#         (shared with an rpath, static), both run; bin/zego-token --help runs
#   go    the module copied out, an app with a replace built with GOARCH=arm64 (cgo, zig) and
#         pkg-config absent (CGO_LDFLAGS names zig's unwinder only); run under qemu after the
#         module copy is deleted
#   deb   dpkg-deb: Architecture arm64, contents; both unpacked (dpkg-deb -x) into a scratch root,
#         generate.c built through their .pc files (PKG_CONFIG_SYSROOT_DIR; shared, static) and
#         run under qemu against the unpacked library (make dist-deb-aarch64 ran lintian)
#   floor scripts/glibc-floor.sh over every aarch64 artifact (inside the archives)
# Usage: scripts/dist-test-aarch64.sh [PART...]   (default: every part)
set -euo pipefail
# The Go test app (write_go_app).
. "$(dirname "$0")/go-test-app.sh"
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR=${VERSION%%.*}
A64_ROOT=$ROOT/target/aarch64-root
QEMU=("$A64_ROOT/usr/bin/qemu-aarch64-static" -L "$A64_ROOT")
CC=("$ROOT/scripts/zig-cc")
# zego_token-static.pc names no -lgcc_s (gcc's driver adds libgcc_eh or libgcc_s by itself, so a
# -static link works); zig's driver adds no unwinder, so its own libunwind is named for it.
ZIG_UNWIND=-lunwind
export ZIG_TARGET=aarch64-linux-gnu.2.17
parts=("$@"); [ ${#parts[@]} -gt 0 ] || parts=(c go deb floor)
part=setup
fail() { echo "FAIL (dist-test-aarch64 $part): $*" >&2; exit 1; }
has() { local in; in=$(cat); grep -q "$@" <<<"$in"; }
T=$(mktemp -d /tmp/zego-token-dist-a64.XXXXXX)
trap 'rm -rf "$T"' EXIT
[ -x "${QEMU[0]}" ] || fail "no qemu-aarch64-static in $A64_ROOT (make lib-aarch64 fetches it)"
decode() { "$ROOT/scripts/zt-decode.sh" "$@" || fail "token not decoded independently as $2 app $3 user $4: $1"; }
is_a64() { # an ELF file, or every member of a static archive, is for aarch64
  case $1 in
    *.a) if readelf -h "$1" | grep 'Machine:' | grep -vq AArch64; then fail "$1 has members not for aarch64"; fi ;;
    *) file -L "$1" | has 'ARM aarch64' || fail "$1 is not an aarch64 file: $(file -L "$1")" ;;
  esac
}

test_c() {
  local tgz=$ROOT/dist/c/zego-token-$VERSION-linux-aarch64.tar.gz dir pc out
  mkdir -p "$T/c/some where"
  tar -xzf "$tgz" -C "$T/c/some where"
  dir="$T/c/some where/zego-token-$VERSION-linux-aarch64"
  pc=$dir/lib/pkgconfig
  is_a64 "$dir/lib/libzego_token.so.$VERSION"
  is_a64 "$dir/bin/zego-token"
  cp "$ROOT/examples/c/generate.c" "$T/c/"
  # shellcheck disable=SC2046
  (cd "$T/c" && eval "${CC[*]}" -std=c99 -Wall -Wextra -Werror generate.c \
    $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs zego_token | sed "s|$dir|'$dir'|g") \
    "-Wl,-rpath,'$dir/lib'" -o gen-shared)
  # shellcheck disable=SC2046
  (cd "$T/c" && eval "${CC[*]}" -std=c99 -Wall -Wextra -Werror generate.c \
    $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs zego_token-static | sed "s|$dir|'$dir'|g") $ZIG_UNWIND -o gen-static)
  is_a64 "$T/c/gen-shared"
  readelf -d "$T/c/gen-shared" | has "libzego_token.so.$MAJOR" || fail "gen-shared does not need libzego_token.so.$MAJOR"
  readelf -d "$T/c/gen-static" | has libzego_token && fail "gen-static needs libzego_token"
  out=$("${QEMU[@]}" "$T/c/gen-shared"); decode "$out" cbc 1 demo
  out=$("${QEMU[@]}" "$T/c/gen-shared" gcm); decode "$out" gcm 1 demo
  out=$("${QEMU[@]}" "$T/c/gen-static" gcm); decode "$out" gcm 1 demo
  out=$("${QEMU[@]}" "$dir/bin/zego-token" --help 2>&1) || fail "bin/zego-token --help: $out"
  echo "   tarball: pkg-config shared and static under qemu-aarch64, CBC and GCM tokens decoded; bin/zego-token runs"
}

test_go() {
  export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod PKG_CONFIG=/nonexistent/pkg-config
  export GOCACHE=$T/go-cache GOPATH=$T/gopath
  local mod=$T/go/zegotoken app=$T/go/app modpath out
  mkdir -p "$T/go" "$app"
  cp -r "$ROOT/dist/go/zegotoken" "$mod"
  is_a64 "$mod/lib/linux_arm64/libzego_token.a"
  modpath=$(cd "$mod" && go list -m)
  write_go_app "$app" "$modpath" "$mod"
  # (CGO_LDFLAGS only for zig's missing unwinder: see ZIG_UNWIND above; the module's own link
  # line, like the .pc file, leaves the unwinder to a gcc driver.)
  (cd "$app" && GOOS=linux GOARCH=arm64 CGO_ENABLED=1 CC="${CC[*]}" CGO_LDFLAGS=$ZIG_UNWIND go build -o tokenapp . ) > "$T/go-build.log" 2>&1 \
    || { cat "$T/go-build.log" >&2; fail "go build (GOARCH=arm64, cgo, the bundled library)"; }
  is_a64 "$app/tokenapp"
  rm -rf "$mod"   # the binary needs nothing of the module at run time
  out=$("${QEMU[@]}" "$app/tokenapp") || fail "tokenapp under qemu: $out"
  decode "$(sed -n 1p <<<"$out")" cbc 1234 go-user
  decode "$(sed -n 2p <<<"$out")" gcm 1234 go-user
  echo "   Go app (GOARCH=arm64, cgo through zig, no pkg-config) run under qemu-aarch64, module deleted: tokens decoded"
}

test_deb() {
  local r=$T/debroot pkg out debs=("$ROOT"/dist/deb/*_"$VERSION"-1_arm64.deb)
  [ ${#debs[@]} = 2 ] || fail "expected two arm64 .debs: ${debs[*]}"
  for pkg in "${debs[@]}"; do
    dpkg-deb -f "$pkg" Architecture | has -x arm64 || fail "${pkg##*/}: Architecture $(dpkg-deb -f "$pkg" Architecture)"
    dpkg-deb -x "$pkg" "$r"
  done
  dpkg-deb -c "$ROOT/dist/deb/libzego-token${MAJOR}_$VERSION-1_arm64.deb" | has "usr/lib/libzego_token.so.$VERSION" \
    || fail "libzego-token$MAJOR has no usr/lib/libzego_token.so.$VERSION"
  is_a64 "$r/usr/lib/libzego_token.so.$VERSION"
  readelf -d "$r/usr/lib/libzego_token.so.$VERSION" | has "SONAME.*libzego_token.so.$MAJOR" || fail "no SONAME libzego_token.so.$MAJOR"
  mkdir -p "$T/deb"; cp "$ROOT/examples/c/generate.c" "$T/deb/"
  # shellcheck disable=SC2046
  (cd "$T/deb" && export PKG_CONFIG_SYSROOT_DIR=$r PKG_CONFIG_PATH=$r/usr/lib/pkgconfig PKG_CONFIG_LIBDIR=$r/usr/lib/pkgconfig \
    && "${CC[@]}" -std=c99 -Wall -Wextra -Werror generate.c $(pkg-config --cflags --libs zego_token) \
         "-Wl,-rpath,$r/usr/lib" -o gen-shared \
    && "${CC[@]}" -std=c99 -Wall -Wextra -Werror generate.c $(pkg-config --cflags --libs zego_token-static) $ZIG_UNWIND -o gen-static) \
    || fail "generate.c through the .debs' pkg-config files"
  readelf -d "$T/deb/gen-shared" | has "NEEDED.*libzego_token.so.$MAJOR" || fail "gen-shared does not need libzego_token.so.$MAJOR"
  readelf -d "$T/deb/gen-static" | has libzego_token && fail "gen-static needs libzego_token"
  out=$("${QEMU[@]}" "$T/deb/gen-shared"); decode "$out" cbc 1 demo
  out=$("${QEMU[@]}" "$T/deb/gen-static" gcm); decode "$out" gcm 1 demo
  echo "   .debs (arm64) unpacked: pkg-config shared and static, run under qemu-aarch64: tokens decoded"
}

test_floor() {
  local files=("$ROOT"/dist/c/*-linux-aarch64.tar.gz)
  [ -d "$ROOT/dist/go/zegotoken/lib/linux_arm64" ] && files+=("$ROOT/dist/go/zegotoken/lib/linux_arm64")
  compgen -G "$ROOT/dist/deb/*_arm64.deb" >/dev/null && files+=("$ROOT"/dist/deb/*_arm64.deb)
  GLIBC_MAX=2.17 "$ROOT/scripts/glibc-floor.sh" "${files[@]}"
}

for part in "${parts[@]}"; do
  s=$SECONDS
  echo "== dist-test-aarch64: $part"
  "test_$part"
  echo "   ($part: $((SECONDS - s)) s)"
done
echo "dist-test-aarch64: all passed (${parts[*]})"
