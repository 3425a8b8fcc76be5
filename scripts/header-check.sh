#!/usr/bin/env bash
# The committed include/zego_token.h is what cbindgen generates (make header-check):
#  1. the build left it unchanged (no drift from src/ffi), and it is committed;
#  2. it comes from src/ffi alone: in a copy of the crate, a public constant and a #[repr(C)]
#     struct added to the core leave the generated header byte for byte the same, while the
#     same constant added to src/ffi does appear in it (so the check can fail).
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "header-check: $*" >&2; exit 1; }

git ls-files --error-unmatch include/zego_token.h >/dev/null 2>&1 || fail "include/zego_token.h is not committed"
if ! git diff --quiet -- include/zego_token.h; then
  git --no-pager diff --stat -- include/ >&2
  fail "include/zego_token.h differs from what cbindgen generates: commit the regenerated header"
fi
echo "header: the committed header is what the build generates"

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
# The crate alone (its own workspace), as its files are in the tree.
cp -r src benches examples build.rs cbindgen.toml Cargo.lock README.md "$probe"/
sed -e "/^\[workspace\]/,\$d" Cargo.toml > "$probe/Cargo.toml"
printf '\n[workspace]\n' >> "$probe/Cargo.toml"
mkdir -p "$probe/include"
generate() {
  rm -f "$probe/include/zego_token.h"
  CARGO_TARGET_DIR="$PWD/target" ${CARGO:-cargo} check --quiet --offline --lib \
    --manifest-path "$probe/Cargo.toml" || fail "the probe crate did not build"
  [ -f "$probe/include/zego_token.h" ] || fail "the probe build generated no header"
}
cat >> "$probe/src/lib.rs" <<'RS'

/// Probe (scripts/header-check.sh): a public item of the core.
pub const ZEGO_HEADER_PROBE: i32 = 77;
/// Probe: a C-compatible struct of the core.
#[repr(C)]
pub struct ZegoHeaderProbe {
    /// A field.
    pub probe: i32,
}
RS
generate
cmp -s include/zego_token.h "$probe/include/zego_token.h" \
  || { diff include/zego_token.h "$probe/include/zego_token.h" >&2 || true; fail "a public item of the core changed the header"; }
printf '\n/// Probe (scripts/header-check.sh).\npub const ZEGO_HEADER_PROBE_FFI: i32 = 78;\n' >> "$probe/src/ffi/codes.rs"
generate
grep -q '^#define ZEGO_HEADER_PROBE_FFI 78$' "$probe/include/zego_token.h" \
  || fail "a constant added to src/ffi did not reach the header (the probe proves nothing)"
! grep -q 'ZEGO_HEADER_PROBE\b\|ZegoHeaderProbe' "$probe/include/zego_token.h" \
  || fail "a core item reached the header"
echo "header: generated from src/ffi only (a core constant and struct leave it unchanged; an ffi constant appears)"
