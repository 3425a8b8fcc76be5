#!/usr/bin/env bash
# The PHP binding's whole test, run as a user would (make php-test runs it after make lib):
#  1. the shipped FFI header declares exactly the C API of include/zego_token.h;
#  2. composer validate;
#  3. make install into a temporary prefix (a deployment installs to /usr/local and runs ldconfig);
#  4. a fresh composer app requires zego-token/zego-token "^0.1" from a path repository, and the
#     package's tests run through its vendor/autoload.php (tests/run.php; tokens checked with
#     openssl_decrypt), then example.php;
#  5. real php-fpm servers with ffi.enable=preload, opcache.enable=1 and opcache.preload=preload.php
#     answer FastCGI requests (cgi-fcgi) to an app script; the tokens they serve are checked with
#     openssl_decrypt in the CLI. Servers: master as root with workers as www-data (+ ffi.preload,
#     which PHP < 8.3 needs under opcache.preload_user); master as www-data (FFI::load in preload.php);
#     ffi.enable=1 without preload (FFI::cdef at request time); and ffi.enable=preload without
#     preload, whose error must name the settings to change.
# Everything lives in a temporary directory, removed at exit with every server stopped by its pid.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PKG=$ROOT/bindings/php
cd "$ROOT"

if [ "$(id -u)" -ne 0 ]; then
  echo "error: run as root (as CI does): the test installs what it lacks and starts php-fpm as root and as www-data" >&2
  exit 1
fi
echo "php: tools (php-cli, php-fpm, composer, cgi-fcgi)"
scripts/ensure-tools.sh php:php-cli composer:composer cgi-fcgi:libfcgi-bin setpriv:util-linux
PHPV=$(php -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
FPM=php-fpm$PHPV
scripts/ensure-tools.sh "$FPM:php$PHPV-fpm"
php -r 'exit(extension_loaded("ffi") && extension_loaded("openssl") && extension_loaded("json") ? 0 : 1);' \
  || { echo "error: the PHP CLI lacks the ffi, openssl or json extension" >&2; exit 1; }
[ -f target/release/libzego_token.so ] || { echo "error: build the library first (make lib)" >&2; exit 1; }
id -u www-data >/dev/null 2>&1 || { echo "error: no www-data user for the php-fpm workers" >&2; exit 1; }

T=$(mktemp -d /tmp/zego-token-php.XXXXXX)
chmod 755 "$T"   # the php-fpm workers (www-data) read the app and the library in here
FPM_PID=
cleanup() {
  if [ -n "$FPM_PID" ]; then
    kill "$FPM_PID" 2>/dev/null || true
    wait "$FPM_PID" 2>/dev/null || true
  fi
  rm -rf "$T"
}
trap cleanup EXIT
export COMPOSER_HOME=$T/composer-home COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1
unset ZEGO_TOKEN_LIB

echo "php: the shipped FFI header matches include/zego_token.h"
php "$PKG/tests/header-check.php" include/zego_token.h "$PKG/zego_token_ffi.h"

echo "php: composer validate"
(cd "$PKG" && composer validate --no-check-publish 2>&1 | sed 's/^/  /')
(cd "$PKG" && composer validate --no-check-publish >/dev/null 2>&1) || { echo "  FAIL composer validate" >&2; exit 1; }

echo "php: make install PREFIX=<temp>/prefix"
make --no-print-directory install PREFIX="$T/prefix" >/dev/null
LIBDIR=$T/prefix/lib
[ -f "$LIBDIR/libzego_token.so.0" ]

echo "php: a fresh composer app requires zego-token/zego-token ^0.1 (path repository)"
APP=$T/app
mkdir -p "$APP/public"
cat > "$APP/composer.json" <<JSON
{
    "require": { "zego-token/zego-token": "^0.1" },
    "repositories": [
        { "type": "path", "url": "$PKG", "options": { "symlink": false } },
        { "packagist.org": false }
    ]
}
JSON
(cd "$APP" && composer install --no-progress 2>&1 | sed 's/^/  /')
(cd "$APP" && composer show zego-token/zego-token | grep -E '^(name|versions)' | sed 's/^/  /')
ZPKG=$APP/vendor/zego-token/zego-token
[ -f "$ZPKG/preload.php" ] && [ -f "$ZPKG/zego_token_ffi.h" ] && [ -f "$APP/vendor/autoload.php" ] \
  || { echo "  FAIL the package is not installed in vendor/" >&2; exit 1; }

echo "php: the package's tests through vendor/autoload.php (library from the install prefix)"
LD_LIBRARY_PATH=$LIBDIR ZEGO_TOKEN_TEST_DATA=$ROOT/tests/data ZEGO_TOKEN_TEST_LIB=$ROOT/target/release/libzego_token.so \
  php "$ZPKG/tests/run.php" "$APP/vendor/autoload.php"

echo "php: example.php"
out=$(LD_LIBRARY_PATH=$LIBDIR php "$ZPKG/example.php" "$APP/vendor/autoload.php")
echo "$out" | sed 's/^/  /'
echo "$out" | grep -Eq '^04[A-Za-z0-9+/]+=*$' || { echo "  FAIL example.php printed no token" >&2; exit 1; }

# ---- php-fpm
cp "$PKG/tests/fpm/token.php" "$APP/public/token.php"

# fpm_start NAME MASTER_USER INI_LINE...: a php-fpm with its own php.ini and pool, on a unix socket.
fpm_start() {
  local name=$1 master=$2
  shift 2
  local dir=$T/fpm-$name
  mkdir -p "$dir"
  printf '%s\n' "$@" > "$dir/php.ini"
  {
    echo "[global]"
    echo "pid = $dir/fpm.pid"
    echo "error_log = $dir/fpm.log"
    echo "[app]"
    if [ "$master" = root ]; then echo "user = www-data"; echo "group = www-data"; fi
    echo "listen = $dir/fpm.sock"
    echo "listen.mode = 0666"
    echo "pm = static"
    echo "pm.max_children = 2"
    echo "catch_workers_output = yes"
  } > "$dir/fpm.conf"
  local -a run=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "LD_LIBRARY_PATH=$LIBDIR"
                "$FPM" --nodaemonize -y "$dir/fpm.conf" -c "$dir/php.ini")
  if [ "$master" = root ]; then
    "${run[@]}" > "$dir/stdout.log" 2>&1 &
  else
    chown -R "$master" "$dir"
    setpriv --reuid="$master" --regid="$master" --init-groups "${run[@]}" > "$dir/stdout.log" 2>&1 &
  fi
  FPM_PID=$!
  for _ in $(seq 100); do
    [ -S "$dir/fpm.sock" ] && return 0
    kill -0 "$FPM_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "  FAIL php-fpm ($name) did not start:" >&2
  cat "$dir/fpm.log" "$dir/stdout.log" >&2 2>/dev/null || true
  exit 1
}
fpm_stop() {
  kill -QUIT "$FPM_PID" 2>/dev/null || true
  wait "$FPM_PID" 2>/dev/null || true
  FPM_PID=
}
# fpm_get NAME QUERY: the body php-fpm serves for public/token.php?QUERY (headers dropped).
fpm_get() {
  SCRIPT_FILENAME=$APP/public/token.php SCRIPT_NAME=/token.php REQUEST_METHOD=GET QUERY_STRING=$2 \
    REQUEST_URI="/token.php?$2" SERVER_PROTOCOL=HTTP/1.1 GATEWAY_INTERFACE=CGI/1.1 \
    cgi-fcgi -bind -connect "$T/fpm-$1/fpm.sock" | tr -d '\r' | sed '1,/^$/d'
}
# fpm_check NAME USER FFI_ENABLE: requests a token page and checks it independently.
fpm_check() {
  local body
  body=$(fpm_get "$1" "user=$2")
  php "$PKG/tests/fpm/check.php" "$2" "$3" <<< "$body"
}

echo "php: php-fpm (master root, workers www-data): ffi.enable=preload, opcache.preload=preload.php, ffi.preload"
fpm_start root root "ffi.enable=preload" "opcache.enable=1" "opcache.preload=$ZPKG/preload.php" \
  "opcache.preload_user=www-data" "ffi.preload=$ZPKG/zego_token_ffi.h"
fpm_check root "fpm-root-$RANDOM" preload
fpm_check root "second-request-用户" preload
ps -o user= --ppid "$FPM_PID" | sort -u | grep -qx www-data || { echo "  FAIL the workers do not run as www-data" >&2; exit 1; }
fpm_stop

echo "php: php-fpm (master www-data): ffi.enable=preload, opcache.preload=preload.php (FFI::load)"
fpm_start user www-data "ffi.enable=preload" "opcache.enable=1" "opcache.preload=$ZPKG/preload.php"
fpm_check user "fpm-user-$RANDOM" preload
fpm_stop

echo "php: php-fpm: ffi.enable=1 without preload (FFI::cdef at request time)"
fpm_start cdef root "ffi.enable=1" "opcache.enable=1"
fpm_check cdef "fpm-cdef" 1
fpm_stop

echo "php: php-fpm: ffi.enable=preload without preload: the error names the settings"
fpm_start nopreload root "ffi.enable=preload" "opcache.enable=1"
body=$(fpm_get nopreload "user=x")
fpm_stop
echo "  $body"
for word in '"code":-1' ffi.enable opcache.preload vendor/zego-token/zego-token/preload.php ffi.preload; do
  grep -qF -- "$word" <<< "$body" || { echo "  FAIL the error does not name $word" >&2; exit 1; }
done
# The message may reach a client: it names the package's files relative to the app, never by
# their paths on this server.
! grep -qF -- "$T" <<< "$body" || { echo "  FAIL the error shows a server path" >&2; exit 1; }
echo "  ok   the error names ffi.enable, opcache.preload and preload.php (no server path)"

echo "php: all checks passed"
