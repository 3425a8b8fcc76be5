#!/usr/bin/env bash
# scripts/zt-decode.py (the independent token04 decoder, `cryptography` only) run in the tools venv
# target/dist-tools-venv, which it makes and fills first if needed (make dist-python uses it too).
# Usage: scripts/zt-decode.sh TOKEN cbc|gcm APP_ID USER_ID
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venv=$here/../target/dist-tools-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import cryptography' 2>/dev/null \
  || PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/pip" install -q cryptography
exec "$venv/bin/python" "$here/zt-decode.py" "$@"
