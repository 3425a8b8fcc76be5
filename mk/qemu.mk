# Fork tests that see signals, PID namespaces and emulation (issue #17).
#
# c-fork: tests/c/test_signal_fork.c (a _Fork() from a timer signal handler, landing anywhere in
# token generation, including mid-refill) and tests/c/test_pidns_fork.c (a child with its
# parent's getpid(): PID 1 of a nested PID namespace), natively; built as C99 (shared, static),
# C++ and with ASan + UBSan.
# c-qemu: those two and tests/c/test_concurrency.c under qemu-x86_64-static, where madvise
# accepts MADV_WIPEONFORK and wipes nothing (so the library's fallback is what is tested), as
# well as the native run of the concurrency test (c-concurrency).
# Both need root for unshare --pid (as CI has); c-qemu installs qemu-user-static.
.PHONY: c-fork c-qemu qemu-tools

FORK_PROGRAMS := test_signal_fork test_pidns_fork
# (The Makefile defines C_VARIANTS after it includes this file: the variants are named here.)
FORK_BUILDS := $(foreach v,shared static cxx,$(FORK_PROGRAMS:%=$(CDIR)/%-$(v))) $(CDIR)/test_signal_fork-asan

qemu-tools:
	@scripts/ensure-tools.sh qemu-x86_64-static:qemu-user-static unshare:util-linux

c-fork: $(FORK_BUILDS) qemu-tools
	@echo "== fork from a signal handler; fork into a PID namespace (native)"
	scripts/fork-tests.sh native $(CDIR)

c-qemu: c-concurrency qemu-tools $(FORK_PROGRAMS:%=$(CDIR)/%-static) $(FORK_PROGRAMS:%=$(CDIR)/%-shared) \
	$(CDIR)/test_concurrency-static $(CDIR)/test_concurrency-shared
	@echo "== fork tests under qemu-x86_64-static"
	scripts/fork-tests.sh qemu $(CDIR)

TEST_GROUPS += c-fork c-qemu
