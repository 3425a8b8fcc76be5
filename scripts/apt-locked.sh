#!/usr/bin/env bash
# apt-get "$@", one at a time: under `make test` (which runs its groups two at a time) the tool
# installs of scripts/ensure-tools.sh and the .deb install of scripts/dist-test.sh may come at
# once, and a second apt-get would fail on dpkg's lock instead of waiting. (dpkg's own lock is
# also waited for, in case something else on the machine holds it.)
# Usage: scripts/apt-locked.sh ARGS...   (as apt-get ARGS...; needs root, as apt-get does)
set -euo pipefail
exec 9> /var/lock/zego-token-apt.lock
flock 9
export DEBIAN_FRONTEND=noninteractive
exec apt-get -o DPkg::Lock::Timeout=600 "$@"
