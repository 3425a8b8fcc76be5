#!/usr/bin/env bash
# ns/token through the Python binding against the C calls it wraps (make bench):
#   bindings/python/bench.sh [target/bench/c.json]
# Builds the wheel (pip wheel, as a user would) and installs it into a venv kept in
# target/python-bench; both are reused while the sources are unchanged. bench_c.c is linked with
# the static library that wheel was built from (target/python/release/libzego_token.a). Then
# bench.py, run from outside the repository, times each Python API and its C call round beside
# round in one process: one-shot generate_token04 (CBC, GCM) against the C one-shot call, and
# Generator.generate (GCM, CBC) against the C generator of the same mode (targets <= 1.5x), and
# prints each ratio with met/missed (make bench's C figures of c.json beside, for reference).
# PY_BENCH_ROUNDS and PY_BENCH_N set the rounds and the tokens per round.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
C_JSON=
[ -n "${1:-}" ] && C_JSON=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
PY=${PYTHON:-python3}
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_INPUT=1
unset ZEGO_TOKEN_LIB
B=$ROOT/target/python-bench
mkdir -p "$B"

# What the wheel is built from: the binding, the crate's sources and its lock file.
stamp=$(cd "$ROOT" && find bindings/python/zego_token bindings/python/native.c bindings/python/native.map bindings/python/setup.py \
          bindings/python/pyproject.toml src include Cargo.toml Cargo.lock build.rs -type f \
          ! -name '*.so' ! -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
if [ ! -x "$B/venv/bin/python" ] || [ "$(cat "$B/stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "python bench: building and installing the wheel (pip wheel bindings/python)"
  rm -rf "$B/venv" "$B/dist" "$B/stamp"
  trap 'rm -rf "$HERE/build" "$HERE"/*.egg-info' EXIT
  CARGO_TARGET_DIR=$ROOT/target/python "$PY" -m pip wheel --quiet --no-deps -w "$B/dist" "$HERE" > "$B/wheel.log" 2>&1 \
    || { tail -40 "$B/wheel.log" >&2; exit 1; }
  "$PY" -m venv "$B/venv"
  "$B/venv/bin/python" -m pip install --quiet "$B"/dist/*.whl
  echo "$stamp" > "$B/stamp"
else
  echo "python bench: reusing the installed wheel ($(basename "$B"/dist/*.whl))"
fi
cp "$HERE/bench.py" "$B/bench.py"
lib_a=$ROOT/target/python/release/libzego_token.a
[ -f "$lib_a" ] || { echo "python bench: no $lib_a (the wheel's build makes it)" >&2; exit 1; }
cc -O2 -fPIC -shared -Wall -Wextra -Werror -I"$ROOT/include" "$HERE/bench_c.c" "$lib_a" \
  -lgcc_s -lutil -lrt -lpthread -lm -ldl -Wl,--exclude-libs,ALL -o "$B/bench_c.so"
cd /
"$B/venv/bin/python" "$B/bench.py" "$B/bench_c.so" "$C_JSON" "${PY_BENCH_ROUNDS:-201}" "${PY_BENCH_N:-300}"
