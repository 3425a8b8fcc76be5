#!/usr/bin/env bash
# make dist-test: every artifact in dist/ installed the way a new user on a fresh server would,
# each in a scratch folder outside the repository, with no cargo or rustc on PATH, no
# LD_LIBRARY_PATH and nothing of this project installed system-wide (checked first):
#   python  the wheel into a fresh venv: the binding's whole test suite (tokens checked by an
#           independent decoder, `cryptography`), the bundled library asserted; example.py
#   c       the tarball unpacked anywhere: programs built through its .pc files (shared, static)
#   deb     apt-get install ./*.deb; C through pkg-config (shared, static), C++ through CMake;
#           apt-get remove, and nothing left
#   go      the module copied out; an app with a replace built with pkg-config absent, run after
#           the module copy is deleted; go mod vendor; a fully static binary; the module's tests
#   php     the package through composer (path repository) under php-cli: the package's tests
#           (tokens checked with openssl_decrypt), example.php; php-fpm with ffi.enable=1
#   floor   scripts/glibc-floor.sh over every ELF in dist/ (inside every archive: C, deb, wheel,
#           PHP, the Node addon in its npm tarball, the JNI library in the jar), each one asserted
# Every token a program prints is decrypted by an independent decoder (Python, `cryptography`).
# Usage: scripts/dist-test.sh [PART...]   (default: every part; run by make dist-test as root)
set -euo pipefail
# The Go test app (write_go_app).
. "$(dirname "$0")/go-test-app.sh"
# A pipe into grep -q can end before its writer does (SIGPIPE, a failure under pipefail): read all.
has() { local in; in=$(cat); grep -q "$@" <<<"$in"; }
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR=${VERSION%%.*}
parts=("$@"); [ ${#parts[@]} -gt 0 ] || parts=(python c deb go php floor)
fail() { echo "FAIL (dist-test $part): $*" >&2; exit 1; }
part=setup
T=$(mktemp -d /tmp/zego-token-dist-test.XXXXXX)
chmod 755 "$T"
FPM_PID=
cleanup() { [ -z "$FPM_PID" ] || kill "$FPM_PID" 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT

# ---- a new user's environment
# PATH without any Rust toolchain directory.
PATH=$(tr ':' '\n' <<<"$PATH" | grep -v -e '/\.cargo' -e '/\.rustup' | paste -sd: -)
export PATH
unset LD_LIBRARY_PATH CARGO RUSTC CARGO_HOME RUSTUP_HOME ZEGO_TOKEN_LIB PKG_CONFIG_PATH \
  CGO_CFLAGS CGO_CPPFLAGS CGO_LDFLAGS CGO_CXXFLAGS GOFLAGS CMAKE_PREFIX_PATH
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_INPUT=1
! command -v cargo >/dev/null && ! command -v rustc >/dev/null || fail "cargo or rustc is on PATH: $PATH"
# Nothing of this project installed system-wide.
if ldconfig -p | has libzego_token || ls /usr/lib/libzego_token* /usr/local/lib/libzego_token* \
    /usr/include/zego_token.h /usr/local/include/zego_token.h >/dev/null 2>&1; then
  fail "zego-token is installed system-wide already (ldconfig -p | grep zego; /usr/local): remove it first"
fi
dpkg -s libzego-token0 >/dev/null 2>&1 && fail "libzego-token0 is installed already"
echo "== dist-test: PATH has no cargo/rustc, no LD_LIBRARY_PATH, nothing of zego-token installed"
cd "$T"   # every part runs outside the repository

# The independent decoder (`cryptography`), in the tools venv that make dist-python uses too
# (kept in target/: only the artifacts' own venvs must be fresh).
# (scripts/zt-decode.py, through scripts/zt-decode.sh, which fills that venv.)
decode() { # decode TOKEN MODE APP_ID USER_ID: decrypted independently, claims checked
  "$ROOT/scripts/zt-decode.sh" "$@" || fail "token not decoded independently as $2 app $3 user $4: $1"
}
is_token() { [[ $1 =~ ^04[A-Za-z0-9+/]+=*$ ]]; }
timed() { local s=$SECONDS; "$@"; echo "   ($part: $((SECONDS - s)) s)"; }

# ---- python
test_python() {
  local wheel venv
  wheel=$(ls "$ROOT"/dist/python/zego_token-"$VERSION"-*manylinux*x86_64*.whl)
  venv=$T/py-venv
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "$wheel" pytest cryptography auditwheel
  "$venv/bin/auditwheel" show "$wheel" | tr '\n' ' ' | has 'manylinux_2_17_x86_64' \
    || fail "auditwheel show: $("$venv/bin/auditwheel" show "$wheel")"
  mkdir -p "$T/py/tests" "$T/py/data"
  cp "$ROOT/bindings/python/tests/test_zego_token.py" "$T/py/tests/"
  cp "$ROOT/tests/data/token04-vectors.json" "$ROOT/tests/data/token04-foreign.json" \
    "$ROOT/tests/data/conformance.json" "$T/py/data/"
  (cd "$T/py" && ZEGO_TOKEN_TEST_DATA="$T/py/data" ZEGO_TOKEN_EXPECT_BUNDLED=1 \
    "$venv/bin/python" -m pytest -q -p no:cacheprovider tests) > "$T/pytest.log" 2>&1 \
    || { tail -30 "$T/pytest.log" >&2; fail "pytest"; }
  grep -Eq '[0-9]+ (skipped|xfailed|deselected)' "$T/pytest.log" && fail "some tests did not run: $(tail -1 "$T/pytest.log")"
  echo "   wheel ${wheel##*/}: $(tail -1 "$T/pytest.log")"
  local lib
  # (the library is linked into the package's one compiled module, which library_path() names)
  lib=$(cd / && "$venv/bin/python" -c 'import zego_token; print(zego_token.library_path())')
  [[ $lib == "$venv"/*/zego_token/_native.abi3.so ]] || fail "the library was loaded from $lib, not from the venv"
  cp "$ROOT/bindings/python/example.py" "$T/py/"
  local out token
  out=$(cd "$T/py" && env -i PATH=/usr/bin:/bin HOME="$T" "$venv/bin/python" example.py)
  token=$(grep -E '^04[A-Za-z0-9+/]+=*$' <<<"$out" | head -1)
  decode "$token" gcm 1 demo
  echo "   example.py under env -i: GCM token decoded independently"
}

# ---- c: the tarball
test_c() {
  local tgz dir pc out
  tgz=$ROOT/dist/c/zego-token-$VERSION-linux-x86_64.tar.gz
  mkdir -p "$T/c/some where"
  tar -xzf "$tgz" -C "$T/c/some where"
  dir="$T/c/some where/zego-token-$VERSION-linux-x86_64"
  pc=$dir/lib/pkgconfig
  cp "$ROOT/examples/c/generate.c" "$T/c/"
  # shellcheck disable=SC2046
  (cd "$T/c" && eval cc -std=c99 -Wall -Wextra -Werror generate.c \
    $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs zego_token | sed "s|$dir|'$dir'|g") \
    "-Wl,-rpath,'$dir/lib'" -o gen-shared)
  (cd "$T/c" && eval cc -std=c99 -Wall -Wextra -Werror generate.c \
    $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs zego_token-static | sed "s|$dir|'$dir'|g") -o gen-static)
  # Fully static (FROM scratch images): the static .pc names no -lgcc_s.
  (cd "$T/c" && eval cc -std=c99 -static generate.c \
    $(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs zego_token-static | sed "s|$dir|'$dir'|g") -o gen-full-static > static.log 2>&1) \
    || { cat "$T/c/static.log" >&2; fail "cc -static through zego_token-static.pc"; }
  out=$("$T/c/gen-full-static" gcm); decode "$out" gcm 1 demo
  ldd "$T/c/gen-shared" | has "libzego_token.so.$MAJOR => $dir/lib/" || fail "gen-shared does not load the tarball's library: $(ldd "$T/c/gen-shared")"
  ldd "$T/c/gen-static" | has libzego_token && fail "gen-static needs libzego_token"
  out=$("$T/c/gen-shared"); decode "$out" cbc 1 demo
  out=$("$T/c/gen-static" gcm); decode "$out" gcm 1 demo
  out=$("$dir/bin/zego-token" --help 2>&1) || fail "bin/zego-token --help: $out"
  readelf -S "$dir/bin/zego-token" | has '\.symtab' && fail "bin/zego-token is not stripped"
  # The CMake package, relocatable too.
  cmake -S "$ROOT/examples/cpp" -B "$T/c/cmake" -DZEGO_USE_PKGCONFIG=OFF -DCMAKE_PREFIX_PATH="$dir" \
    -DCMAKE_BUILD_RPATH="$dir/lib" > "$T/c/cmake.log" 2>&1 && cmake --build "$T/c/cmake" >> "$T/c/cmake.log" 2>&1 \
    || { cat "$T/c/cmake.log" >&2; fail "CMake example against the tarball"; }
  out=$("$T/c/cmake/zego_token_example"); is_token "$out" || fail "CMake example printed: $out"
  echo "   tarball unpacked in a path with a space: pkg-config shared, static and cc -static; CMake; tokens decoded"
}

# ---- deb
test_deb() {
  local debs=("$ROOT"/dist/deb/*_amd64.deb) out
  cp "${debs[@]}" "$T/"
  (cd "$T" && "$ROOT/scripts/apt-locked.sh" install -y -qq ./libzego-token"$MAJOR"_*.deb ./libzego-token-dev_*.deb) \
    > "$T/apt.log" 2>&1 || { cat "$T/apt.log" >&2; fail "apt-get install ./*.deb"; }
  trap '"$ROOT"/scripts/apt-locked.sh remove -y -qq libzego-token-dev libzego-token'"$MAJOR"' >/dev/null 2>&1 || true; cleanup' EXIT
  ldconfig -p | has "libzego_token.so.$MAJOR " || fail "ldconfig does not know libzego_token.so.$MAJOR"
  mkdir -p "$T/deb"; cp "$ROOT/examples/c/generate.c" "$T/deb/"
  (cd "$T/deb" && cc -std=c99 -Wall -Wextra -Werror generate.c $(pkg-config --cflags --libs zego_token) -o gen-shared \
    && cc -std=c99 -Wall -Wextra -Werror generate.c $(pkg-config --cflags --libs zego_token-static) -o gen-static)
  ldd "$T/deb/gen-shared" | has -E "libzego_token.so.$MAJOR => (/usr)?/lib/libzego_token" || fail "gen-shared: $(ldd "$T/deb/gen-shared")"
  ldd "$T/deb/gen-static" | has libzego_token && fail "gen-static needs libzego_token"
  out=$("$T/deb/gen-shared"); decode "$out" cbc 1 demo
  out=$("$T/deb/gen-static" gcm); decode "$out" gcm 1 demo
  for how in OFF ON; do
    cmake -S "$ROOT/examples/cpp" -B "$T/deb/cmake-$how" -DZEGO_USE_PKGCONFIG=$how > "$T/deb/cmake.log" 2>&1 \
      && cmake --build "$T/deb/cmake-$how" >> "$T/deb/cmake.log" 2>&1 || { cat "$T/deb/cmake.log" >&2; fail "CMake ($how)"; }
    out=$("$T/deb/cmake-$how/zego_token_example"); is_token "$out" || fail "CMake example ($how) printed: $out"
  done
  "$ROOT/scripts/apt-locked.sh" remove -y -qq libzego-token-dev "libzego-token$MAJOR" > "$T/apt.log" 2>&1 \
    || { cat "$T/apt.log" >&2; fail "apt-get remove"; }
  trap cleanup EXIT
  ls /usr/lib/libzego_token* /usr/include/zego_token.h >/dev/null 2>&1 && fail "files left after apt-get remove"
  ldconfig -p | has libzego_token && fail "ldconfig still lists libzego_token after apt-get remove"
  echo "   apt-get install ./*.deb: pkg-config shared + static, CMake (config, pkg-config); apt-get remove: nothing left"
}

# ---- go
test_go() {
  export GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod PKG_CONFIG=/nonexistent/pkg-config
  export GOCACHE=$T/go-cache GOPATH=$T/gopath
  local mod=$T/go/zegotoken app=$T/go/app modpath out
  mkdir -p "$T/go"
  cp -r "$ROOT/dist/go/zegotoken" "$mod"
  modpath=$(cd "$mod" && go list -m)
  mkdir -p "$app"
  write_go_app "$app" "$modpath" "$mod"
  check_go() { # $1 binary
    local o; o=$("$1") || fail "$1 failed: $o"
    decode "$(sed -n 1p <<<"$o")" cbc 1234 go-user
    decode "$(sed -n 2p <<<"$o")" gcm 1234 go-user
  }
  (cd "$app" && go build -o "$T/go/app-bin" .) || fail "go build (PKG_CONFIG=$PKG_CONFIG: no pkg-config)"
  readelf -d "$T/go/app-bin" | grep NEEDED | has libzego_token && fail "the Go binary NEEDs libzego_token"
  # (glibc's linker warns that getpwuid_r and getaddrinfo in a static program want glibc's NSS
  # modules at run time: Rust's std has them, the library never calls them.)
  (cd "$app" && go build -ldflags '-linkmode external -extldflags -static' -o "$T/go/app-static" . > "$T/go/static.log" 2>&1) \
    || { cat "$T/go/static.log" >&2; fail "fully static go build (-extldflags -static)"; }
  readelf -d "$T/go/app-static" 2>/dev/null | has NEEDED && fail "the -static binary has NEEDED entries"
  (cd "$mod" && go vet . && go test -count=1 . > "$T/go/test.log" 2>&1) || { cat "$T/go/test.log" >&2; fail "go test in the module copy"; }
  echo "   module's own tests: $(tail -1 "$T/go/test.log")"
  cp -r "$mod" "$T/go/zegotoken-for-vendor"
  rm -rf "$mod"
  check_go "$T/go/app-bin"
  check_go "$T/go/app-static"
  echo "   app built with no pkg-config (PKG_CONFIG=$PKG_CONFIG), run with the module copy deleted; -extldflags -static too"
  sed -i "s|=> $mod|=> $T/go/zegotoken-for-vendor|" "$app/go.mod"
  (cd "$app" && go mod vendor)
  test -f "$app/vendor/$modpath/lib/linux_amd64/libzego_token.a" || fail "go mod vendor dropped lib/linux_amd64/libzego_token.a"
  # (make dist-go-aarch64 adds lib/linux_arm64 before this test runs.)
  if [ -d "$ROOT/dist/go/zegotoken/lib/linux_arm64" ]; then
    test -f "$app/vendor/$modpath/lib/linux_arm64/libzego_token.a" || fail "go mod vendor dropped lib/linux_arm64/libzego_token.a"
  fi
  rm -rf "$T/go/zegotoken-for-vendor"
  (cd "$app" && go build -mod=vendor -o "$T/go/app-vendored" .) || fail "go build -mod=vendor"
  check_go "$T/go/app-vendored"
  echo "   go mod vendor keeps the library; -mod=vendor builds with the module copy deleted"
  unset PKG_CONFIG GOFLAGS
}

# ---- php
test_php() {
  "$ROOT/scripts/ensure-tools.sh" php:php-cli composer:composer cgi-fcgi:libfcgi-bin
  php -r 'exit(extension_loaded("ffi") ? 0 : 1);' || fail "php-cli has no FFI extension"
  export COMPOSER_HOME=$T/composer-home COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1
  local pkg=$T/php/zego-token app=$T/php/app out
  mkdir -p "$T/php" "$app"
  cp -r "$ROOT/dist/php/zego-token" "$pkg"
  cat > "$app/composer.json" <<JSON
{
    "name": "example/tokenapp",
    "require": {"zego-token/zego-token": "^$VERSION"},
    "repositories": [{"type": "path", "url": "$pkg", "options": {"symlink": false}}],
    "minimum-stability": "stable"
}
JSON
  (cd "$app" && composer install --no-progress -q) || fail "composer install"
  rm -rf "$pkg"   # the app's vendor/ copy alone must work
  test -f "$app/vendor/zego-token/zego-token/lib/libzego_token.so.$MAJOR" || fail "composer did not copy lib/"
  mkdir -p "$T/php/data"
  cp "$ROOT/tests/data/token04-vectors.json" "$ROOT/tests/data/token04-foreign.json" \
    "$ROOT/tests/data/conformance.json" "$T/php/data/"
  local zpkg=$app/vendor/zego-token/zego-token
  (cd "$app" && env -u ZEGO_TOKEN_LIB ZEGO_TOKEN_TEST_DATA="$T/php/data" ZEGO_TOKEN_TEST_LIB="$zpkg/lib/libzego_token.so.$MAJOR" \
    php -d ffi.enable=1 "$zpkg/tests/run.php" "$app/vendor/autoload.php") > "$T/php/run.log" 2>&1 \
    || { tail -30 "$T/php/run.log" >&2; fail "the package's tests (php-cli)"; }
  echo "   php-cli, package tests: $(tail -1 "$T/php/run.log")"
  cat > "$app/token.php" <<'PHP'
<?php
require __DIR__ . '/vendor/autoload.php';
$secret = 'fa94dd0f974cf2e293728a526b028271';
echo ZegoToken\ZegoToken::generateToken04(77, 'php-user', $secret, 3600, ''), "\n";
echo ZegoToken\Lib::bundled() ?? 'none', "\n";
PHP
  out=$(cd / && php -d ffi.enable=1 "$app/token.php") || fail "token.php: $out"
  decode "$(sed -n 1p <<<"$out")" cbc 77 php-user
  [ "$(sed -n 2p <<<"$out")" = "$app/vendor/zego-token/zego-token/lib/libzego_token.so.$MAJOR" ] || fail "not the bundled library: $out"
  echo "   php-cli from /: a CBC token from the bundled library, decoded independently"

  # php-fpm started from / (as systemd does), the ini lines README names, no library path.
  local phpv fpm
  phpv=$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
  fpm=php-fpm$phpv
  "$ROOT/scripts/ensure-tools.sh" "$fpm:php$phpv-fpm" setpriv:util-linux
  id -u www-data >/dev/null 2>&1 || fail "no www-data user for the php-fpm workers"
  mkdir -p "$app/public" && cp "$zpkg/tests/fpm/token.php" "$app/public/token.php"
  fpm_run() { # NAME MASTER(root|www-data) INI_LINE...: start, request, check, stop
    local name=$1 master=$2 dir=$T/php/fpm-$1 body ffi=${3#ffi.enable=}
    shift 2
    mkdir -p "$dir"; printf '%s\n' "$@" > "$dir/php.ini"
    { echo "[global]"; echo "pid = $dir/fpm.pid"; echo "error_log = $dir/fpm.log"; echo "[app]"
      [ "$master" = root ] && { echo "user = www-data"; echo "group = www-data"; }
      echo "listen = $dir/fpm.sock"; echo "listen.mode = 0666"; echo "pm = static"; echo "pm.max_children = 1"
    } > "$dir/fpm.conf"
    local -a run=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$fpm" --nodaemonize -y "$dir/fpm.conf" -c "$dir/php.ini")
    if [ "$master" = root ]; then (cd / && "${run[@]}") > "$dir/out.log" 2>&1 &
    else chown -R www-data "$dir"; (cd / && setpriv --reuid=www-data --regid=www-data --init-groups "${run[@]}") > "$dir/out.log" 2>&1 &
    fi
    FPM_PID=$!
    for _ in $(seq 100); do [ -S "$dir/fpm.sock" ] && break; kill -0 "$FPM_PID" 2>/dev/null || break; sleep 0.1; done
    [ -S "$dir/fpm.sock" ] || { cat "$dir/fpm.log" "$dir/out.log" >&2 2>/dev/null; fail "php-fpm ($name) did not start"; }
    body=$(cd / && SCRIPT_FILENAME=$app/public/token.php SCRIPT_NAME=/token.php REQUEST_METHOD=GET QUERY_STRING=user=fpm-$name \
      REQUEST_URI="/token.php?user=fpm-$name" SERVER_PROTOCOL=HTTP/1.1 GATEWAY_INTERFACE=CGI/1.1 \
      cgi-fcgi -bind -connect "$dir/fpm.sock" | tr -d '\r' | sed '1,/^$/d')
    kill -QUIT "$FPM_PID" 2>/dev/null || true; wait "$FPM_PID" 2>/dev/null || true; FPM_PID=
    php "$zpkg/tests/fpm/check.php" "fpm-$name" "$ffi" <<< "$body" > "$dir/check.log" 2>&1 \
      || { cat "$dir/check.log" "$dir/fpm.log" >&2; fail "php-fpm ($name): $body"; }
  }
  fpm_run cdef root "ffi.enable=1"
  fpm_run preload www-data "ffi.enable=preload" "opcache.enable=1" "opcache.preload=$zpkg/preload.php"
  echo "   $fpm from /: ffi.enable=1 (workers www-data); ffi.enable=preload + opcache.preload (absolute path): tokens checked"
}

# ---- the glibc floor over dist/
test_floor() {
  local out want
  out=$("$ROOT/scripts/glibc-floor.sh" "$ROOT/dist") || fail "glibc-floor.sh"
  # Every artifact's ELF files were opened and judged (each line names the file in its archive).
  for want in "c/zego-token-$VERSION-linux-x86_64.tar.gz!/.*/libzego_token.so" \
      "deb/libzego-token${MAJOR}_.*\.deb!/.*/libzego_token.so" "python/zego_token-.*\.whl!/.*\.so" \
      "php/zego-token-$VERSION.zip!/.*libzego_token.so" \
      "node/zego-token-linux-x64-gnu-$VERSION.tgz!/package/zego-token.linux-x64-gnu.node" \
      "java/zego-token-$VERSION.jar!/native/linux-x86_64/libzego_token_jni.so" \
      "c/zego-token-$VERSION-linux-aarch64.tar.gz!/.*/libzego_token.so" \
      "deb/libzego-token${MAJOR}_.*_arm64\.deb!/.*/libzego_token.so" \
      "python/zego_token-.*_aarch64\.whl!/.*\.so" \
      "node/zego-token-linux-arm64-gnu-$VERSION.tgz!/package/zego-token.linux-arm64-gnu.node"; do
    grep -Eq "^  /.*/dist/$want[.0-9]* +GLIBC_[0-9.]+\$" <<<"$out" || fail "no ELF file checked in dist/ like $want: $out"
  done
  tail -1 <<<"$out"
}

for part in "${parts[@]}"; do
  echo "== dist-test: $part"
  timed "test_$part"
done
echo "dist-test: all passed (${parts[*]})"
