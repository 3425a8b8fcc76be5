#!/usr/bin/env bash
# The Debian 11 (bullseye, glibc 2.31) root of `make dist-check-old`, built once with debootstrap
# from the Debian mirror the host's apt uses, and cached in target/bullseye-root: a re-run whose
# package list is unchanged reuses it (the check itself runs in an overlay over it, so the root
# stays as debootstrap left it). Prints the root's path.
# Usage: scripts/bullseye-root.sh   (as root)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD/target/bullseye-root
# What the check runs inside: gcc and pkg-config (the C tarball, the .deb), python3.9 with venv,
# pip and cryptography (the wheel, and the independent decoder), nodejs 12, openjdk 11.
# (debootstrap resolves no virtual package: python3-cryptography's cffi backend is named.)
pkgs=gcc,libc6-dev,pkg-config,python3,python3-venv,python3-pip,python3-cryptography,python3-cffi-backend,nodejs,openjdk-11-jre-headless,ca-certificates
stamp=$root/.zego-token-root
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkgs" ]; then echo "$root"; exit 0; fi
[ "$(id -u)" -eq 0 ] || { echo "bullseye-root: debootstrap and chroot need root" >&2; exit 1; }
scripts/ensure-tools.sh debootstrap >&2
# The mirror of the host's own Debian sources (deb822 or one-line format).
mirror=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1 || true)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
[ -n "$mirror" ] || { echo "bullseye-root: no Debian mirror in the host's apt sources" >&2; exit 1; }
tmp=$root.tmp
rm -rf "$tmp" "$root"
echo "bullseye-root: debootstrap bullseye into $root (once; cached)" >&2
# The downloaded packages are kept in target/bullseye-debs: a rebuild of the root downloads nothing.
mkdir -p "$PWD/target/bullseye-debs"
debootstrap --variant=minbase --cache-dir="$PWD/target/bullseye-debs" --include="$pkgs" bullseye "$tmp" "$mirror" > "$PWD/target/bullseye-debootstrap.log" 2>&1 \
  || { tail -30 "$PWD/target/bullseye-debootstrap.log" >&2; exit 1; }
grep -q '^11\.' "$tmp/etc/debian_version" || { echo "bullseye-root: not Debian 11: $(cat "$tmp/etc/debian_version")" >&2; exit 1; }
echo "$pkgs" > "$tmp/.zego-token-root"
mv "$tmp" "$root"
echo "$root"
