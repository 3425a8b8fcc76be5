#!/usr/bin/env bash
# The Node package's whole test (make node-test): the tarballs of DIST (default dist/node, from
# make dist-node) are installed with npm into a fresh app in a temporary directory outside the
# repository, with TypeScript and @types/node from npm, and everything runs there with cargo off
# PATH: node --test (vectors, foreign tokens, an independent node:crypto decoder, the official
# error objects, threads, the loader, the example server, the conformance table when it exists)
# and tsc --strict --noEmit on an app using every type.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIST=$(cd "${1:-$ROOT/dist/node}" && pwd)
command -v node >/dev/null && command -v npm >/dev/null || scripts_missing=1
if [ -n "${scripts_missing:-}" ]; then "$ROOT/scripts/ensure-tools.sh" node:nodejs npm; fi
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

APP=$(mktemp -d "${TMPDIR:-/tmp}/zego-token-node-app.XXXXXX")
trap 'rm -rf "$APP"' EXIT
case "$APP" in "$ROOT"/*) echo "error: the app must be outside the repository" >&2; exit 1;; esac

mkdir -p "$APP/test" "$APP/data" "$APP/types"
cp "$HERE"/test/*.mjs "$APP/test/"
cp "$HERE"/types/app.ts "$HERE"/types/tsconfig.json "$APP/types/"
cp "$ROOT"/tests/data/token04-vectors.json "$ROOT"/tests/data/token04-foreign.json "$APP/data/"
# The bindings contract's table (ZEGO_CONFORMANCE_JSON: another copy of it, e.g. before a merge).
CONFORMANCE=${ZEGO_CONFORMANCE_JSON:-$ROOT/tests/data/conformance.json}
cp "$CONFORMANCE" "$APP/data/conformance.json"
cp "$ROOT/examples/node/server.mjs" "$APP/server.mjs"

cd "$APP"
printf '{ "name": "zego-token-test-app", "version": "1.0.0", "private": true, "type": "module" }\n' > package.json
# What the README tells an app to do: install the tarballs (with the test's tools, in one go).
npm install --silent "$DIST"/zego-token-linux-x64-gnu-*.tgz "$DIST"/zego-token-[0-9]*.tgz \
  typescript@5 @types/node@20
test -f node_modules/@zego-token/linux-x64-gnu/zego-token.linux-x64-gnu.node
test -f node_modules/zego-token/index.js
grep -q '"libc"' node_modules/@zego-token/linux-x64-gnu/package.json

# cargo off PATH: nothing here may build anything.
NOCARGO_PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -e '\.cargo' -e '/rustup' | paste -sd: -)
PATH=$NOCARGO_PATH
if command -v cargo >/dev/null 2>&1; then echo "error: cargo still on PATH ($(command -v cargo))" >&2; exit 1; fi
export PATH

echo "node-test: tsc --strict --noEmit (types/app.ts)"
(cd types && ../node_modules/.bin/tsc -p tsconfig.json)
echo "node-test: node --test in $APP"
ZEGO_TEST_DATA=$APP/data ZEGO_EXAMPLE_SERVER=$APP/server.mjs node --test --test-reporter=spec test/
