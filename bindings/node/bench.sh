#!/usr/bin/env bash
# ns/token through the Node package against the C ABI's figures of the same run:
#   bindings/node/bench.sh DIST C_JSON       (make node-bench; DIST from make dist-node)
# Installs the tarballs into a fresh app outside the repository, as a user would, and runs
# bench.mjs there. NODE_BENCH_ROUNDS, NODE_BENCH_N and NODE_BENCH_RSS_TOKENS set the rounds, the
# tokens per round and the tokens of the RSS check (default 1,000,000).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIST=$(cd "${1:?usage: bench.sh DIST C_JSON}" && pwd)
C_JSON=$(cd "$(dirname "${2:?usage: bench.sh DIST C_JSON}")" && pwd)/$(basename "$2")
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
APP=$(mktemp -d "${TMPDIR:-/tmp}/zego-token-node-bench.XXXXXX")
trap 'rm -rf "$APP"' EXIT
cp "$HERE/bench.mjs" "$APP/"
cd "$APP"
printf '{ "name": "zego-token-bench", "version": "1.0.0", "private": true, "type": "module" }\n' > package.json
npm install --silent "$DIST"/zego-token-linux-x64-gnu-*.tgz "$DIST"/zego-token-[0-9]*.tgz
node bench.mjs "$C_JSON" "${NODE_BENCH_ROUNDS:-201}" "${NODE_BENCH_N:-300}" "${NODE_BENCH_RSS_TOKENS:-1000000}"
