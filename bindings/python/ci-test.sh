#!/usr/bin/env bash
# The Python binding's whole test, run as a user would (make python-test runs it after make lib):
#  0. a venv with pinned ruff and mypy (and pytest, cryptography, auditwheel): `ruff check` and
#     `mypy --strict` over the package, its tests and example.py (configured in pyproject.toml),
#     before anything is built;
#  1. `pip wheel bindings/python` builds a platform wheel: setup.py builds the crate's static
#     library (release, in cargo's target dir target/python, so that it never replaces the
#     library other tests use) and links it into the one C extension, zego_token._native;
#  2. the wheel's tag is an abi3 platform tag (not py3-none-any), it holds that one extension
#     (exporting PyInit__native only), its stub and py.typed, and the extension needs nothing but
#     libc and friends (readelf, and auditwheel show: consistent with a manylinux tag);
#  3. the wheel is copied to another folder, the build output is removed, and the copy is
#     installed into that venv (which has no zego_token until then); mypy --strict checks
#     example.py against the installed package, as a user's type checker sees it (py.typed and
#     the stubs of the compiled modules);
#  4. the tests run from a folder outside the repository with ZEGO_TOKEN_LIB unset and the
#     bundled library asserted (ZEGO_TOKEN_EXPECT_BUNDLED): every API function, the loading
#     error of a missing compiled module, tokens checked with `cryptography`;
#  5. example.py runs under `env -i` (nothing set) and its token is decoded independently.
# Everything lives in a temporary directory, removed at exit with the in-tree build output.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-python3}
RUFF_VERSION=0.17.5
MYPY_VERSION=2.4.1
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore PIP_NO_INPUT=1
unset ZEGO_TOKEN_LIB

T=$(mktemp -d /tmp/zego-token-python.XXXXXX)
cleanup() { rm -rf "$T" "$HERE/build" "$HERE"/*.egg-info; }
trap cleanup EXIT
fail() { echo "  FAIL $*" >&2; exit 1; }

echo "python: tools (cargo, $PY with venv and pip, readelf)"
command -v cargo >/dev/null || fail "cargo is needed to build the wheel (install a Rust toolchain)"
command -v "$PY" >/dev/null || "$ROOT/scripts/ensure-tools.sh" "$PY:python3"
"$ROOT/scripts/ensure-tools.sh" readelf:binutils nm:binutils cc:gcc
if ! "$PY" -m venv "$T/probe" >/dev/null 2>&1; then
  # Debian's own python3 needs the python3-venv package for `python3 -m venv`
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "  installing python3-venv with apt-get"
    "$ROOT/scripts/apt-locked.sh" update -qq >/dev/null
    "$ROOT/scripts/apt-locked.sh" install -y -qq --no-install-recommends python3-venv >/dev/null
  fi
  rm -rf "$T/probe"
  "$PY" -m venv "$T/probe" >/dev/null || fail "$PY -m venv does not work (install python3-venv)"
fi
rm -rf "$T/probe"

echo "python: ruff check and mypy --strict (ruff $RUFF_VERSION, mypy $MYPY_VERSION)"
"$PY" -m venv "$T/venv"
VPY=$T/venv/bin/python
"$VPY" -m pip install --quiet "ruff==$RUFF_VERSION" "mypy==$MYPY_VERSION" pytest cryptography auditwheel \
  > "$T/install.log" 2>&1 || { tail -20 "$T/install.log" >&2; fail "pip install (tools)"; }
# The files are listed in pyproject.toml; the caches go to the temporary directory.
(cd "$HERE" && "$T/venv/bin/ruff" check --no-cache 2>&1) | sed 's/^/  /' || fail "ruff check"
(cd "$HERE" && "$VPY" -m mypy --strict --cache-dir "$T/mypy-cache" 2>&1) | sed 's/^/  /' \
  || fail "mypy --strict"

echo "python: pip wheel bindings/python (builds the crate into the package)"
rm -rf "$HERE/build" "$HERE"/*.egg-info
start=$SECONDS
CARGO_TARGET_DIR=$ROOT/target/python "$PY" -m pip wheel --quiet --no-deps -w "$T/dist" "$HERE" > "$T/wheel.log" 2>&1 \
  || { tail -40 "$T/wheel.log" >&2; fail "pip wheel"; }
wheels=("$T"/dist/*.whl)
[ ${#wheels[@]} -eq 1 ] || fail "expected one wheel, got: ${wheels[*]}"
WHEEL=${wheels[0]}
name=$(basename "$WHEEL")
echo "  built $name in $((SECONDS - start)) s"

echo "python: the wheel is a platform wheel with the library inside"
case "$name" in
  *-py3-none-any.whl|*-none-any.whl) fail "$name is a pure-Python wheel" ;;
  zego_token-*-cp310-abi3-linux_*.whl) echo "  tag: ${name#zego_token-*-}" ;;
  *) fail "unexpected wheel name $name" ;;
esac
"$PY" - "$WHEEL" <<'EOF'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
need = {"the one compiled module": lambda n: n.endswith(".so"),
        "py.typed": lambda n: n == "zego_token/py.typed",
        "stub of _native": lambda n: n == "zego_token/_native.pyi",
        "compat module": lambda n: n == "zego_token/compat.py"}
for what, test in need.items():
    hits = [n for n in names if test(n)]
    if len(hits) != 1:
        sys.exit("  FAIL %s: %r in %r" % (what, hits, names))
    print("  %s: %s" % (what, hits[0]))
if [n for n in names if n.endswith(".so")] != ["zego_token/_native.abi3.so"]:
    sys.exit("  FAIL the compiled module is not zego_token/_native.abi3.so")
EOF
mkdir -p "$T/unpacked"
(cd "$T/unpacked" && "$PY" -m zipfile -e "$WHEEL" .)
for so in "$T"/unpacked/zego_token/*.so; do
  exported=$(nm -D --defined-only "$so" | awk '{print $3}' | tr '\n' ' ')
  [ "$exported" = "PyInit__native " ] || fail "$(basename "$so") exports more than PyInit__native: $exported"
  needed=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
  echo "  $(basename "$so") needs: $needed"
  for lib in $needed; do
    case "$lib" in
      libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1|libgcc_s.so.1|ld-linux-x86-64.so.2|ld-linux-aarch64.so.1) ;;
      *) fail "$(basename "$so") needs $lib (only libc and friends are allowed)" ;;
    esac
  done
done

echo "python: the wheel copied elsewhere, installed into the venv (build output removed)"
mkdir -p "$T/elsewhere"
cp "$WHEEL" "$T/elsewhere/"
rm -rf "$T/dist" "$T/unpacked" "$HERE/build" "$HERE"/*.egg-info
WHEEL=$T/elsewhere/$name
"$VPY" -m pip install --quiet "$WHEEL" > "$T/install.log" 2>&1 \
  || { tail -20 "$T/install.log" >&2; fail "pip install"; }
"$T/venv/bin/auditwheel" show "$WHEEL" > "$T/auditwheel.txt" 2>&1 || { cat "$T/auditwheel.txt" >&2; fail "auditwheel show"; }
tag=$(tr '\n' ' ' < "$T/auditwheel.txt" | sed -n 's/.*consistent with the following platform tag: *"\([^"]*\)".*/\1/p')
case "$tag" in
  manylinux_*) echo "  auditwheel show: consistent with $tag (external libraries: none beyond the manylinux set)" ;;
  *) cat "$T/auditwheel.txt" >&2; fail "auditwheel: not consistent with a manylinux tag" ;;
esac
installed=$(cd / && "$VPY" -c 'import zego_token, os; print(os.path.dirname(zego_token.__file__))')
case "$installed" in
  "$T"/venv/*) echo "  installed at $installed" ;;
  *) fail "zego_token imported from $installed, not from the venv" ;;
esac

echo "python: the tests (pytest, from outside the repository, ZEGO_TOKEN_LIB unset)"
mkdir -p "$T/run/tests" "$T/run/data"
cp "$HERE/tests/test_zego_token.py" "$T/run/tests/"
cp "$ROOT/tests/data/token04-vectors.json" "$ROOT/tests/data/token04-foreign.json" \
  "$ROOT/tests/data/conformance.json" "$T/run/data/"
set +e
(cd "$T/run" && env -u ZEGO_TOKEN_LIB ZEGO_TOKEN_TEST_DATA="$T/run/data" ZEGO_TOKEN_EXPECT_BUNDLED=1 \
  "$VPY" -m pytest -q -p no:cacheprovider tests 2>&1) | tee "$T/pytest.log" | sed 's/^/  /'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 0 ] || fail "pytest exited $rc"
passed=$(sed -n 's/.* \([0-9][0-9]*\) passed.*/\1/p; s/^\([0-9][0-9]*\) passed.*/\1/p' "$T/pytest.log" | tail -1)
[ "${passed:-0}" -ge 60 ] || fail "only ${passed:-0} tests passed (expected at least 60)"
! grep -Eq '[0-9]+ (skipped|xfailed|deselected)' "$T/pytest.log" || fail "some tests did not run"

echo "python: example.py type-checked against the installed package (mypy --strict)"
cp "$HERE/example.py" "$T/run/"
(cd "$T/run" && "$VPY" -m mypy --strict --cache-dir "$T/mypy-cache-installed" example.py 2>&1) | sed 's/^/  /' \
  || fail "mypy --strict example.py against the installed package"

echo "python: example.py with nothing set (env -i), its token decoded independently"
out=$(cd "$T/run" && env -i PATH=/usr/bin:/bin HOME="$T" "$VPY" example.py)
echo "$out" | sed 's/^/  /'
token=$(echo "$out" | grep -E '^04[A-Za-z0-9+/]+=*$' | head -1)
[ -n "$token" ] || fail "example.py printed no token"
(cd "$T/run/tests" && "$VPY" -c '
import sys, test_zego_token as t
mode, c = t.independent_decode(sys.argv[1], t.SECRET)
assert mode == "gcm" and c["user_id"] == "demo" and c["app_id"] == 1, (mode, c)
print("  example token: %s, user_id %r, independently decrypted" % (mode, c["user_id"]))
' "$token")

echo "python: all passed ($passed tests)"
