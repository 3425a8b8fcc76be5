#!/usr/bin/env bash
# dist/python/: the manylinux_2_17_aarch64 abi3 wheel, built from make dist-python's sdist beside
# the x86_64 one (issue #21). A cross build with what mk/aarch64.mk uses for the library: Debian's
# rustc-web with its arm64 standard library (the caller passes A64_ENV: RUSTC, the linker, and
# ZIG_TARGET=aarch64-linux-gnu.2.17), zig as the C compiler and linker, and the CPython headers of
# Debian's arm64 python3.11 (scripts/python-aarch64-sysroot.sh: Python.h and its arm64
# pyconfig.h, first on the include path; the extension is abi3, so 3.11's headers build it for
# 3.10+). setuptools names the wheel after _PYTHON_HOST_PLATFORM=linux-aarch64; then
# `auditwheel repair` checks its ELF file against the manylinux policies and retags it; the name
# must then say manylinux_2_17_aarch64.
# Usage: A64_ENV... scripts/dist-python-aarch64.sh VERSION   (run by make dist-python-aarch64)
set -euo pipefail
version=$1
cd "$(dirname "$0")/.."
root=$PWD
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_INPUT=1
: "${RUSTC:?run by make dist-python-aarch64 (RUSTC and the linker from mk/aarch64.mk)}"
[ "${ZIG_TARGET:-}" = aarch64-linux-gnu.2.17 ] || { echo "dist-python-aarch64: ZIG_TARGET=$ZIG_TARGET" >&2; exit 1; }
sdist=$root/dist/python/zego_token-$version.tar.gz
test -f "$sdist" || { echo "dist-python-aarch64: no $sdist (make dist-python)" >&2; exit 1; }
scripts/python-aarch64-sysroot.sh
pyroot=$root/target/aarch64-py/root
tools=$root/target/dist-tools-venv
stage=$root/target/dist-stage/python-aarch64
rm -rf "$stage" "$root"/dist/python/zego_token-*-manylinux*aarch64*.whl && mkdir -p "$stage"
scripts/zig-env.sh
(
  export CARGO_TARGET_DIR=$root/target/aarch64 CARGO_BUILD_TARGET=aarch64-unknown-linux-gnu
  export CC=$root/scripts/zig-cc LDSHARED="$root/scripts/zig-cc -shared"
  export CFLAGS="-I$pyroot/usr/include/python3.11 -I$pyroot/usr/include"
  export _PYTHON_HOST_PLATFORM=linux-aarch64
  python3 -m pip wheel --no-deps -w "$stage/wheel" "$sdist"
) > "$stage/wheel.log" 2>&1 || { tail -40 "$stage/wheel.log" >&2; exit 1; }
built=$(ls "$stage"/wheel/*.whl)
case ${built##*/} in
  zego_token-"$version"-cp310-abi3-linux_aarch64.whl) ;;
  *) echo "dist-python-aarch64: unexpected wheel name ${built##*/}" >&2; exit 1 ;;
esac
# The extension is an arm64 ELF file built against arm64 headers (not the host's).
(cd "$stage" && python3 -m zipfile -e "$built" unpacked)
file "$stage"/unpacked/zego_token/_native.abi3.so | grep -q 'ARM aarch64' \
  || { echo "dist-python-aarch64: $(file "$stage"/unpacked/zego_token/_native.abi3.so)" >&2; exit 1; }
# (--plat names only the host's architecture's tags; auto takes the wheel's, and the name check
# below holds it to manylinux_2_17.)
PATH=$tools/bin:$PATH "$tools/bin/auditwheel" repair --plat auto -w "$root/dist/python" "$built" \
  > "$stage/repair.log" 2>&1 || { cat "$stage/repair.log" >&2; exit 1; }
wheel=$(ls "$root"/dist/python/zego_token-"$version"-*aarch64*.whl)
case ${wheel##*/} in
  zego_token-"$version"-cp310-abi3-manylinux*_2_17_aarch64*.whl) ;;
  *) echo "dist-python-aarch64: unexpected wheel name ${wheel##*/}" >&2; exit 1 ;;
esac
"$tools/bin/auditwheel" show "$wheel" | tr '\n' ' ' | sed 's/  */ /g'; echo
echo "dist-python-aarch64: ${wheel#"$root"/} ($(du -h "$wheel" | cut -f1))"
