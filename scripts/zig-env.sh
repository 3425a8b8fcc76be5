#!/usr/bin/env bash
# Makes target/zig-venv, a virtual environment with zig from PyPI (ziglang, pinned below), and
# the link target/zig-venv/zig to its binary, which scripts/zig-cc calls. Does nothing if present.
# Usage: scripts/zig-env.sh
set -euo pipefail
ZIGLANG_VERSION=0.17.0
cd "$(dirname "$0")/.."
venv=target/zig-venv
# One at a time (make -j test builds several zig-linked artifacts at once): the others wait, then
# find the venv made.
mkdir -p target
exec 8> target/.zig-env.lock
flock 8
if [ -x "$venv/zig" ] && [ "$("$venv/zig" version)" = "$ZIGLANG_VERSION" ]; then exit 0; fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "ziglang==$ZIGLANG_VERSION"
bin=$("$venv/bin/python" -c 'import os, ziglang; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')
ln -sfn "$bin" "$venv/zig"
echo "zig $("$venv/zig" version) in $venv"
