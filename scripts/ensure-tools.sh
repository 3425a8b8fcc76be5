#!/usr/bin/env bash
# Makes sure the tools `make test` needs are installed. As root (as in CI) it installs what is
# missing with apt-get; otherwise it names what is missing and fails. It never skips silently.
# Usage: scripts/ensure-tools.sh COMMAND[:DEBIAN-PACKAGE] ...
set -euo pipefail

missing_cmds=()
packages=()
for spec in "$@"; do
  cmd=${spec%%:*}
  pkg=${spec#*:}
  [ "$pkg" = "$spec" ] && pkg=$cmd
  if ! command -v "$cmd" >/dev/null 2>&1; then
    missing_cmds+=("$cmd")
    packages+=("$pkg")
  fi
done
[ ${#packages[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "error: missing ${missing_cmds[*]}; install the Debian packages: ${packages[*]}" >&2
  exit 1
fi
echo "installing ${packages[*]} with apt-get" >&2
# One apt-get at a time (scripts/apt-locked.sh): make test runs its groups two at a time.
apt=$(dirname "$0")/apt-locked.sh
"$apt" update -qq >/dev/null
"$apt" install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
for cmd in "${missing_cmds[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || { echo "error: $cmd still missing after apt-get" >&2; exit 1; }
done
