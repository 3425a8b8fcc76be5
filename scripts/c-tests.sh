#!/usr/bin/env bash
# Runs the C test programs of one build variant (make c-test calls it; the programs are built by
# the Makefile's pattern rules into DIR as NAME-VARIANT).
#   scripts/c-tests.sh run DIR VARIANT       ABI check, the C API tests, the two examples
#   scripts/c-tests.sh valgrind DIR VARIANT  the same and the concurrency/fork test, under $VALGRIND
#   scripts/c-tests.sh asan DIR asan         the API and concurrency tests built with ASan + UBSan
set -euo pipefail
mode=$1 dir=$2 v=$3
fail() { echo "c-tests ($mode $v): $*" >&2; exit 1; }

# The examples print a token and a strict payload; the whole output is read (no grep -q, which
# may close the pipe early) and checked.
check_examples() {
  local run=("$@") out
  out=$("${run[@]}" "$dir/generate-$v") || fail "generate-$v exited $?"
  [[ $out =~ ^04[A-Za-z0-9+/]+=*$ ]] || fail "generate-$v printed no token: $out"
  out=$("${run[@]}" "$dir/strict-$v") || fail "strict-$v exited $?"
  [[ $out == *'"stream_id_list":["stream-1","stream-2"]'* ]] || fail "strict-$v printed no strict payload"
}

case $mode in
  run)
    "$dir/abi_check-$v" || fail "abi_check-$v exited $?"
    "$dir/test_abi-$v" || fail "test_abi-$v exited $?"
    check_examples
    ;;
  valgrind)
    read -r -a vg <<< "${VALGRIND:?VALGRIND is the valgrind command line}"
    "${vg[@]}" "$dir/abi_check-$v" || fail "abi_check-$v under valgrind exited $?"
    "${vg[@]}" "$dir/test_abi-$v" || fail "test_abi-$v under valgrind exited $?"
    "${vg[@]}" --trace-children=yes "$dir/test_concurrency-$v" 2000 1000 \
      || fail "test_concurrency-$v under valgrind exited $?"
    check_examples "${vg[@]}"
    ;;
  asan)
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
    "$dir/test_abi-asan" || fail "test_abi-asan exited $?"
    "$dir/test_concurrency-asan" || fail "test_concurrency-asan exited $?"
    ;;
  *) fail "unknown mode" ;;
esac
