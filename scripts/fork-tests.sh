#!/usr/bin/env bash
# The fork tests that need more than a plain run (make c-fork and make c-qemu call this; the
# programs are built by the Makefile's pattern rules into DIR as NAME-VARIANT).
#   scripts/fork-tests.sh native DIR   test_signal_fork (static, shared, ASan) and, as PID 1 of a
#                                      new PID namespace, test_pidns_fork (static, shared)
#   scripts/fork-tests.sh qemu DIR     test_concurrency, test_signal_fork and test_pidns_fork
#                                      (static and shared) under qemu-x86_64-static, whose madvise
#                                      accepts MADV_WIPEONFORK and wipes nothing
#   QEMU="qemu-aarch64-static -L ROOT" scripts/fork-tests.sh qemu-aarch64 DIR
#                                      the same three for aarch64 (make c-fork-aarch64)
# The PID-namespace runs need root (unshare --pid): as in CI. Without it they fail, never skip.
set -euo pipefail
mode=$1 dir=$2
fail() { echo "fork-tests ($mode): $*" >&2; exit 1; }
# Every run runs, whatever the earlier ones gave; the failed ones are named at the end.
failed=()
run() { echo "+ $*"; "$@" || failed+=("$* (exit $?)"); }

[ "$(id -u)" -eq 0 ] || fail "the PID-namespace test needs root (unshare --pid --fork --mount-proc)"

case $mode in
  native)
    # test_signal_fork: 400 trials find zeros in about 30 of them on a build that misses a fork
    # during a refill (about 12 s on a loaded 2-core machine); fewer for the other builds.
    run "$dir/test_signal_fork-static"
    run "$dir/test_signal_fork-shared" 200
    run "$dir/test_signal_fork-cxx" 100
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      run "$dir/test_signal_fork-asan" 100
    for v in static shared cxx; do
      run unshare --pid --fork --mount-proc "$dir/test_pidns_fork-$v" strict
    done
    ;;
  qemu | qemu-aarch64)
    # Software AES under emulation (qemu's CPU has no AES-NI): a token costs about 70 us, 50 times
    # the native cost, so the counts are smaller (about 15 s per variant); each still finds
    # hundreds of repeats when a forked child's buffer is not thrown away. The same counts for
    # aarch64 (the six runs: about 80 s on a loaded 2-core machine).
    if [ "$mode" = qemu ]; then qemu=(qemu-x86_64-static)
    else read -r -a qemu <<< "${QEMU:?QEMU: the qemu-aarch64-static command line}"; fi
    for v in static shared; do
      run "${qemu[@]}" "$dir/test_concurrency-$v" 2000 1000
      run "${qemu[@]}" "$dir/test_signal_fork-$v" 20
      run unshare --pid --fork --mount-proc "${qemu[@]}" "$dir/test_pidns_fork-$v" report 600
    done
    ;;
  *) fail "unknown mode" ;;
esac
if [ ${#failed[@]} -gt 0 ]; then
  printf "fork-tests ($mode): FAILED: %s\n" "${failed[@]}" >&2
  exit 1
fi
echo "fork-tests ($mode): all passed"
