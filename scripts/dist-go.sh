#!/usr/bin/env bash
# dist/go/zegotoken: a self-contained copy of the Go module (bindings/go) with the static library
# for linux/amd64 inside, the way wasmtime-go ships its prebuilt libraries:
#  - lib/linux_amd64/libzego_token.a (zig-built, glibc 2.17 floor, debug info stripped), with a
#    Go file beside it (package linux_amd64) and includelib.go (build tag zegotoken_includelib,
#    never set) importing that package, so that `go mod vendor` keeps the directory;
#  - link_bundled_linux_amd64.go: `#cgo linux,amd64 LDFLAGS: -L${SRCDIR}/lib/linux_amd64
#    -lzego_token ...`: no pkg-config, no make install, no CGO_* variables;
#  - link_static.go (pkg-config: zego_token-static) only for other platforms, or on any platform
#    with -tags zegotoken_pkgconfig; -tags zegotoken_dynamic links libzego_token.so as before.
# The repository's own module keeps pkg-config only: main carries no binaries (RELEASING.md).
# Usage: scripts/dist-go.sh STATIC_LIB NATIVE_LIBS_FILE   (run by make dist-go)
set -euo pipefail
a=$1 native=$2
cd "$(dirname "$0")/.."
out=dist/go/zegotoken
rm -rf dist/go && mkdir -p "$out"
cp -r bindings/go/. "$out/"
rm -f "$out/ci-test.sh" "$out/bench.sh"   # the repository's own test scripts
modpath=$(sed -n 's/^module //p' "$out/go.mod")
libdir=$out/lib/linux_amd64
mkdir -p "$libdir"
cp "$a" "$libdir/libzego_token.a"
strip --strip-debug "$libdir/libzego_token.a"
cat > "$libdir/lib.go" <<'GO'
// Package linux_amd64 holds libzego_token.a for linux/amd64. It has no Go code: the file only
// keeps `go mod vendor` from pruning the directory (see includelib.go).
package linux_amd64
GO
cat > "$out/includelib.go" <<GO
//go:build zegotoken_includelib

package zegotoken

// Never built (no one sets the tag): this import makes \`go mod vendor\`, which looks at every
// build tag, copy lib/linux_amd64 and the static library in it into vendor/.
import _ "$modpath/lib/linux_amd64"
GO
# The static library's system libraries, without -lgcc_s: the C compiler's driver adds libgcc_s
# (dynamic link) or libgcc_eh (-static) itself, so a fully static binary links too.
libs=$(sed -e 's/-lgcc_s//g' -e 's/  */ /g' -e 's/^ //; s/ $//' "$native")
cat > "$out/link_bundled_linux_amd64.go" <<GO
//go:build cgo && linux && amd64 && !zegotoken_dynamic && !zegotoken_pkgconfig

package zegotoken

// The library bundled in this module (lib/linux_amd64/libzego_token.a, glibc 2.17 or newer),
// linked statically: no pkg-config and no installed library needed.

// #cgo linux,amd64 LDFLAGS: -L\${SRCDIR}/lib/linux_amd64 -lzego_token $libs
import "C"
GO
sed -i 's|^//go:build cgo && !zegotoken_dynamic$|//go:build cgo \&\& !zegotoken_dynamic \&\& (!(linux \&\& amd64) \|\| zegotoken_pkgconfig)|' "$out/link_static.go"
grep -q 'zegotoken_pkgconfig' "$out/link_static.go" || { echo "dist-go: link_static.go's build line was not rewritten" >&2; exit 1; }
cat >> "$out/README.md" <<'MD'

## This copy: the library bundled for linux/amd64

This copy of the module carries `lib/linux_amd64/libzego_token.a` (built for glibc 2.17 and newer)
and links it by itself on linux/amd64: `go build` needs a C compiler and nothing else (no
pkg-config, no `make install`, no `CGO_*` variables); the binary needs no zego-token file at run
time. `-tags zegotoken_pkgconfig` links an installed library through pkg-config instead; on other
platforms pkg-config is used as described above.
MD
gofmt -l "$out" | grep . && { echo "dist-go: gofmt" >&2; exit 1; }
echo "dist-go: $out ($(du -sh "$out" | cut -f1), library $(du -h "$libdir/libzego_token.a" | cut -f1))"
