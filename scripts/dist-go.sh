#!/usr/bin/env bash
# dist/go/zegotoken: a self-contained copy of the Go module (bindings/go) with the static library
# for linux/amd64 (and, added by a second call, linux/arm64) inside, the way wasmtime-go ships its
# prebuilt libraries:
#  - lib/linux_GOARCH/libzego_token.a (zig-built, glibc 2.17 floor, debug info stripped), with a
#    Go file beside it (package linux_GOARCH) and includelib.go (build tag zegotoken_includelib,
#    never set) importing each such package, so that `go mod vendor` keeps the directories;
#  - link_bundled_linux_GOARCH.go: `#cgo linux,GOARCH LDFLAGS: -L${SRCDIR}/lib/linux_GOARCH
#    -lzego_token ...`: no pkg-config, no make install, no CGO_* variables;
#  - link_static.go (pkg-config: zego_token-static) only for other platforms, or on any platform
#    with -tags zegotoken_pkgconfig; -tags zegotoken_dynamic links libzego_token.so as before.
# The repository's own module keeps pkg-config only: main carries no binaries (RELEASING.md).
# Usage: scripts/dist-go.sh STATIC_LIB NATIVE_LIBS_FILE              the module, with linux/amd64
#        scripts/dist-go.sh --add GOARCH STATIC_LIB NATIVE_LIBS_FILE  one more linux/GOARCH library
#        (run by make dist-go and make dist-go-aarch64; STRIP: a strip for that architecture)
set -euo pipefail
goarch=amd64 add=0
if [ "${1:-}" = --add ]; then add=1 goarch=$2; shift 2; fi
a=$1 native=$2
cd "$(dirname "$0")/.."
out=dist/go/zegotoken
if [ $add = 0 ]; then
  rm -rf dist/go && mkdir -p "$out"
  cp -r bindings/go/. "$out/"
  rm -f "$out/ci-test.sh" "$out/bench.sh"   # the repository's own test scripts
  cat >> "$out/README.md" <<'MD'

## This copy: the library bundled for Linux

This copy of the module carries `lib/linux_<arch>/libzego_token.a` (built for glibc 2.17 and newer)
and links it by itself on those platforms (see the `lib/` directory: linux/amd64, and linux/arm64
in release builds): `go build` needs a C compiler and nothing else (no pkg-config, no
`make install`, no `CGO_*` variables); the binary needs no zego-token file at run time.
`-tags zegotoken_pkgconfig` links an installed library through pkg-config instead; on other
platforms pkg-config is used as described above.
MD
fi
[ -f "$out/go.mod" ] || { echo "dist-go: no $out to add linux/$goarch to (run without --add first)" >&2; exit 1; }
modpath=$(sed -n 's/^module //p' "$out/go.mod")
libdir=$out/lib/linux_$goarch
rm -rf "$libdir" && mkdir -p "$libdir"
cp "$a" "$libdir/libzego_token.a"
"${STRIP:-strip}" --strip-debug "$libdir/libzego_token.a"
cat > "$libdir/lib.go" <<GO
// Package linux_$goarch holds libzego_token.a for linux/$goarch. It has no Go code: the file only
// keeps \`go mod vendor\` from pruning the directory (see includelib.go).
package linux_$goarch
GO
# The static library's system libraries, without -lgcc_s: the C compiler's driver adds libgcc_s
# (dynamic link) or libgcc_eh (-static) itself, so a fully static binary links too.
libs=$(sed -e 's/-lgcc_s//g' -e 's/  */ /g' -e 's/^ //; s/ $//' "$native")
cat > "$out/link_bundled_linux_$goarch.go" <<GO
//go:build cgo && linux && $goarch && !zegotoken_dynamic && !zegotoken_pkgconfig

package zegotoken

// The library bundled in this module (lib/linux_$goarch/libzego_token.a, glibc 2.17 or newer),
// linked statically: no pkg-config and no installed library needed.

// #cgo linux,$goarch LDFLAGS: -L\${SRCDIR}/lib/linux_$goarch -lzego_token $libs
import "C"
GO

# includelib.go and link_static.go's build line, from every library the copy has now.
arches=$(cd "$out/lib" && ls -d linux_* | sed 's/^linux_//' | sort)
{
  cat <<'GO'
//go:build zegotoken_includelib

package zegotoken

// Never built (no one sets the tag): these imports make `go mod vendor`, which looks at every
// build tag, copy lib/linux_* and the static libraries in them into vendor/.
import (
GO
  for g in $arches; do printf '\t_ "%s/lib/linux_%s"\n' "$modpath" "$g"; done
  echo ")"
} > "$out/includelib.go"
bundled=$(for g in $arches; do printf '%s || ' "$g"; done | sed 's/ || $//')
cp bindings/go/link_static.go "$out/link_static.go"
sed -i "s/^\/\/go:build cgo \&\& !zegotoken_dynamic\$/\/\/go:build cgo \&\& !zegotoken_dynamic \&\& (!(linux \&\& ($bundled)) || zegotoken_pkgconfig)/" "$out/link_static.go"
grep -q 'zegotoken_pkgconfig' "$out/link_static.go" || { echo "dist-go: link_static.go's build line was not rewritten" >&2; exit 1; }
gofmt -w "$out/link_static.go" "$out/includelib.go"   # the build line's canonical form
gofmt -l "$out" | grep . && { echo "dist-go: gofmt" >&2; exit 1; }
echo "dist-go: $out linux/$goarch ($(du -sh "$out" | cut -f1), library $(du -h "$libdir/libzego_token.a" | cut -f1))"
