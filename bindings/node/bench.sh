#!/usr/bin/env bash
# ns/token through the Node package side by side with the C benchmark, in one run:
#   bindings/node/bench.sh DIST [C_JSON]     (make node-bench, make bench; DIST from make dist-node)
# Installs the tarballs into a fresh app outside the repository, as a user would, and runs
# bench.mjs there, which alternates runs of the C benchmark (NODE_BENCH_C, default
# target/c/bench, which make bench and make node-bench build) with rounds of the Node calls.
# (C_JSON, the figures of make bench's own C run minutes earlier, is not used: comparing with a
# run at another moment of a loaded machine measured the load, not the binding.)
# NODE_BENCH_ROUNDS, NODE_BENCH_N, NODE_BENCH_RSS_TOKENS and NODE_BENCH_BLOCKS set the Node
# rounds, the tokens per round, the tokens of the RSS check (default 1,000,000) and the number of
# C runs (default 9).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIST=$(cd "${1:?usage: bench.sh DIST [C_JSON]}" && pwd)
C_BENCH=$(realpath "${NODE_BENCH_C:-$ROOT/target/c/bench}")
[ -x "$C_BENCH" ] || { echo "error: no C benchmark at $C_BENCH (make target/c/bench)" >&2; exit 1; }
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
APP=$(mktemp -d "${TMPDIR:-/tmp}/zego-token-node-bench.XXXXXX")
trap 'rm -rf "$APP"' EXIT
cp "$HERE/bench.mjs" "$APP/"
cd "$APP"
printf '{ "name": "zego-token-bench", "version": "1.0.0", "private": true, "type": "module" }\n' > package.json
npm install --silent "$DIST"/zego-token-linux-x64-gnu-*.tgz "$DIST"/zego-token-[0-9]*.tgz
node bench.mjs "$C_BENCH" "${NODE_BENCH_ROUNDS:-201}" "${NODE_BENCH_N:-300}" \
  "${NODE_BENCH_RSS_TOKENS:-1000000}" "${NODE_BENCH_BLOCKS:-9}"
