#!/usr/bin/env bash
# The Go binding's whole test, run the way a user builds it: `make install` into a temporary
# prefix, the module copied out of the repository (as a module download is), a fresh application
# module requiring it with a `replace`, built with plain `go build` (pkg-config finds the library;
# no CGO_* variables), run with the prefix moved away (static linking), built again from a vendor
# directory; then gofmt, go vet, go test and go test -race on the copied module.
# Usage (from anywhere, after `make lib`): bindings/go/ci-test.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
"$repo/scripts/ensure-tools.sh" go:golang-go pkg-config cc:gcc readelf:binutils ldd:libc-bin

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zegotoken-go.XXXXXX")
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT

step() { printf '== go: %s\n' "$*"; }
fail() { printf 'FAIL (go): %s\n' "$*" >&2; exit 1; }

# A user's environment: nothing but PKG_CONFIG_PATH tells the build where the library is.
unset CGO_CFLAGS CGO_CPPFLAGS CGO_LDFLAGS CGO_CXXFLAGS CGO_ENABLED ZEGO_TOKEN_LIB LD_LIBRARY_PATH GOFLAGS
export GOTOOLCHAIN=local GOPROXY=off # the module and the app have no dependencies to download

step "the module's copies match the repository (header, test vectors)"
cmp "$repo/include/zego_token.h" "$here/zego_token.h" \
  || fail "bindings/go/zego_token.h differs from include/zego_token.h: cp include/zego_token.h bindings/go/"
for f in token04-vectors.json token04-foreign.json; do
  cmp "$repo/tests/data/$f" "$here/testdata/$f" \
    || fail "bindings/go/testdata/$f differs from tests/data/$f: copy it"
done

step "make install PREFIX=<temporary prefix>"
prefix=$tmp/prefix
make -s -C "$repo" install PREFIX="$prefix" >/dev/null
test -f "$prefix/lib/pkgconfig/zego_token-static.pc" || fail "make install wrote no zego_token-static.pc"
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig

step "copy bindings/go out of the repository"
mod=$tmp/zegotoken
mkdir -p "$mod"
cp -r "$here/." "$mod"
test -f "$mod/zego_token.h" -a -f "$mod/go.mod" || fail "module copy incomplete"
modpath=$(cd "$mod" && go list -m)

step "gofmt -l, go vet"
bad=$(cd "$mod" && gofmt -l .)
[ -z "$bad" ] || fail "gofmt: $bad"
(cd "$mod" && go vet ./... && go vet -tags zegotoken_bench . && go vet -tags zegotoken_dynamic .)

step "go test (the copied module; tokens checked by an independent crypto/aes decoder)"
(cd "$mod" && go test -count=1 ./...)

step "go test -race"
(cd "$mod" && go test -race -count=1 .)

step "a fresh application module requiring the binding with a replace"
app=$tmp/app
mkdir -p "$app"
cat >"$app/go.mod" <<EOF
module example.com/tokenapp

go 1.19

require $modpath v0.0.0

replace $modpath => $mod
EOF
cat >"$app/main.go" <<EOF
package main

import (
	"fmt"
	"os"
	"time"

	zegotoken "$modpath"
)

func main() {
	const secret = "fa94dd0f974cf2e293728a526b028271"
	payload, err := zegotoken.BuildRTCRoomPayload("room-1", true, true, []string{"s1"})
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	cbc, err := zegotoken.GenerateToken04(1234, "app-user", secret, 3600, payload)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	g, err := zegotoken.NewGenerator(1234, secret, zegotoken.ModeGCM)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	defer g.Close()
	gcm, err := g.Generate("app-user", 3600, payload)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	c, err := zegotoken.Verify(gcm, secret, 1234, time.Now())
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	_, err = zegotoken.Verify(cbc, secret, 1234, time.Now())
	fmt.Println(cbc)
	fmt.Println(gcm)
	fmt.Printf("%s %s %d %s\n", zegotoken.Version(), c.Mode, c.AppID, c.Payload)
	fmt.Println(err)
}
EOF
(cd "$app" && go build -o "$tmp/app-static" .)

check_output() { # $1: the program's output
  local out=$1
  [ "$(sed -n 1p <<<"$out" | grep -cE '^04[A-Za-z0-9+/]+=*$')" = 1 ] || fail "no CBC token: $out"
  [ "$(sed -n 2p <<<"$out" | grep -cE '^04[A-Za-z0-9+/]+=*$')" = 1 ] || fail "no GCM token: $out"
  sed -n 3p <<<"$out" | grep -qE '^[0-9]+\.[0-9]+\.[0-9]+ gcm 1234 \{"room_id":"room-1","privilege":\{"1":1,"2":1\},"stream_id_list":\["s1"\]\}$' \
    || fail "wrong claims: $out"
  sed -n 4p <<<"$out" | grep -q 'code 134' || fail "Verify accepted a CBC token by default: $out"
}

step "the binary does not need libzego_token.so (readelf, ldd)"
if readelf -d "$tmp/app-static" | grep NEEDED | grep -q libzego_token; then fail "static build NEEDs libzego_token"; fi
if ldd "$tmp/app-static" | grep -q libzego_token; then fail "ldd lists libzego_token"; fi
readelf -d "$tmp/app-static" | grep -q NEEDED || fail "readelf shows no dynamic section: is this an ELF program?"

step "run it with the install prefix moved away and no ZEGO_TOKEN_LIB"
mv "$prefix" "$tmp/prefix-moved"
out=$(env -u ZEGO_TOKEN_LIB -u LD_LIBRARY_PATH "$tmp/app-static") || fail "the static binary failed without the prefix: $out"
check_output "$out"
echo "$out" | sed -n 3p
mv "$tmp/prefix-moved" "$prefix"

step "go mod vendor, then go build -mod=vendor"
vapp=$tmp/app-vendor
cp -r "$app" "$vapp"
sed -i "s|=> $mod|=> $tmp/zegotoken-for-vendor|" "$vapp/go.mod"
cp -r "$mod" "$tmp/zegotoken-for-vendor"
(cd "$vapp" && go mod vendor)
test -f "$vapp/vendor/$modpath/zego_token.h" || fail "go mod vendor did not copy the header"
rm -rf "$tmp/zegotoken-for-vendor" # the vendor directory alone must build
(cd "$vapp" && go build -mod=vendor -o "$tmp/app-vendored" .)
check_output "$("$tmp/app-vendored")"

step "-tags zegotoken_dynamic links libzego_token.so instead"
(cd "$app" && go build -tags zegotoken_dynamic -o "$tmp/app-dynamic" .)
readelf -d "$tmp/app-dynamic" | grep NEEDED | grep -q 'libzego_token\.so' || fail "dynamic build does not NEED libzego_token.so"
check_output "$(LD_LIBRARY_PATH=$prefix/lib "$tmp/app-dynamic")"

step "CGO_ENABLED=0 fails with a message that says cgo is required"
if out=$(cd "$app" && CGO_ENABLED=0 go build -o "$tmp/app-nocgo" . 2>&1); then
  fail "CGO_ENABLED=0 build succeeded"
fi
grep -q 'zegotoken_requires_cgo__set_CGO_ENABLED_1' <<<"$out" || fail "unclear CGO_ENABLED=0 error: $out"
[ "$(grep -c 'undefined' <<<"$out")" = 1 ] || fail "CGO_ENABLED=0 gives more than the one message: $out"
echo "$out" | grep undefined

echo "go: all passed"
