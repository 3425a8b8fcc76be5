# ---- linux/arm64 (issue #21): the library for aarch64 with Debian's Rust, zig as linker
# (GLIBC_2.17 floor), the C tests under qemu-aarch64-static. The toolchain comes from Debian's
# packages, unpacked into target/aarch64-root by scripts/aarch64-toolchain.sh (see CONTRIBUTING.md).
A64_TRIPLE := aarch64-unknown-linux-gnu
A64_ROOT := $(abspath target/aarch64-root)
A64_RELEASE := target/aarch64/$(A64_TRIPLE)/release
A64_SO := $(A64_RELEASE)/libzego_token.so
A64_A := $(A64_RELEASE)/libzego_token.a
A64_CLI := $(A64_RELEASE)/zego-token
A64_ENV := RUSTC=$(A64_ROOT)/usr/bin/rustc RUSTDOC=$(A64_ROOT)/usr/bin/rustdoc \
	LD_LIBRARY_PATH=$(A64_ROOT)/usr/lib/x86_64-linux-gnu:$(A64_ROOT)/usr/lib/llvm-22/lib \
	ZIG_TARGET=aarch64-linux-gnu.2.17 CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=$(abspath scripts/zig-cc)
A64_QEMU := $(A64_ROOT)/usr/bin/qemu-aarch64-static -L $(A64_ROOT)
A64_CC := ZIG_TARGET=aarch64-linux-gnu.2.17 scripts/zig-cc
A64_CDIR := target/c-aarch64
# (the fork tests' programs, linked for glibc 2.36: see below)
A64_FDIR := target/c-aarch64-glibc2.36
# zig links its own libunwind where gcc would add libgcc_s or libgcc_eh.
A64_NATIVE := -lunwind -lutil -lrt -lpthread -lm -ldl -lc

.PHONY: lib-aarch64 c-test-aarch64 c-fork-aarch64 rust-test-aarch64 test-aarch64

## lib-aarch64: the shared and static library and the CLI for aarch64 (Debian's rustc-web, zig,
## glibc 2.17)
lib-aarch64: $(A64_SO) $(A64_A) $(A64_CLI)
# (A sub-make that installs these files passes LIB_SO=$(A64_SO): the Makefile's rule is then theirs.)
ifneq ($(LIB_SO),$(A64_SO))
$(A64_SO) $(A64_A) $(A64_CLI) &: $(RUST_SOURCES) scripts/aarch64-toolchain.sh scripts/zig-cc
	scripts/aarch64-toolchain.sh
	scripts/zig-env.sh
	$(A64_ENV) $(CARGO) build --release --locked --target $(A64_TRIPLE) --target-dir target/aarch64 \
	  --no-default-features -p zego-token -p zego-token-cli
	GLIBC_MAX=2.17 scripts/glibc-floor.sh $(A64_SO) $(A64_CLI)
endif

A64_C_PROGRAMS := abi_check test_abi generate strict
$(A64_CDIR) $(A64_FDIR):
	mkdir -p $@
$(A64_CDIR)/%-shared: %.c $(HEADER) tests/c/tokhelp.h $(A64_SO) | $(A64_CDIR)
	$(A64_CC) $(CFLAGS_C) -pthread $< -L$(abspath $(A64_RELEASE)) -lzego_token \
	  -Wl,-rpath,$(abspath $(A64_RELEASE)) -o $@
$(A64_CDIR)/%-static: %.c $(HEADER) tests/c/tokhelp.h $(A64_A) | $(A64_CDIR)
	$(A64_CC) $(CFLAGS_C) -pthread $< $(A64_A) $(A64_NATIVE) -o $@

# The fork and concurrency tests call _Fork() (glibc 2.34+), which the 2.17 link stubs lack: they
# are linked for the sysroot's glibc (Debian bookworm's 2.36) in a directory of their own, so the
# glibc floor check below stays about the programs a user would build. The library they load or
# link is the same 2.17-floor build. (zig's glibc headers, with _GNU_SOURCE, turn strchr into
# glibc 2.43's const-preserving _Generic macro, which clang's -pedantic calls a C11 extension in
# C99: a header's, not these programs'.)
A64_FCC := ZIG_TARGET=aarch64-linux-gnu.2.36 scripts/zig-cc
A64_FORK_PROGRAMS := test_concurrency test_signal_fork test_pidns_fork
$(A64_FDIR)/%-shared: %.c $(HEADER) tests/c/tokhelp.h $(A64_SO) | $(A64_FDIR)
	$(A64_FCC) $(CFLAGS_C) -Wno-c11-extensions -pthread $< -L$(abspath $(A64_RELEASE)) -lzego_token \
	  -Wl,-rpath,$(abspath $(A64_RELEASE)) -o $@
$(A64_FDIR)/%-static: %.c $(HEADER) tests/c/tokhelp.h $(A64_A) | $(A64_FDIR)
	$(A64_FCC) $(CFLAGS_C) -Wno-c11-extensions -pthread $< $(A64_A) $(A64_NATIVE) -o $@

## c-test-aarch64: the C tests (shared and static) for aarch64, run under qemu-aarch64-static
## with Debian's arm64 libc as the sysroot; the tokens they print decoded independently
## (scripts/zt-decode.py, Python's `cryptography`)
c-test-aarch64: $(foreach v,shared static,$(A64_C_PROGRAMS:%=$(A64_CDIR)/%-$(v)))
	@for v in shared static; do \
	  echo "== C tests on aarch64 under qemu ($$v)"; \
	  file $(A64_CDIR)/abi_check-$$v | grep -q 'ARM aarch64' || { echo "not an aarch64 program" >&2; exit 1; }; \
	  $(A64_QEMU) $(A64_CDIR)/abi_check-$$v; \
	  $(A64_QEMU) $(A64_CDIR)/test_abi-$$v; \
	  tok=$$($(A64_QEMU) $(A64_CDIR)/generate-$$v); [[ $$tok =~ ^04[A-Za-z0-9+/]+=*$$ ]] || { echo "no token: $$tok" >&2; exit 1; }; \
	  scripts/zt-decode.sh "$$tok" cbc 1 demo; \
	  scripts/zt-decode.sh "$$($(A64_QEMU) $(A64_CDIR)/generate-$$v gcm)" gcm 1 demo; \
	  echo "   CBC and GCM tokens made on aarch64 ($$v) decoded by scripts/zt-decode.py"; \
	  $(A64_QEMU) $(A64_CDIR)/strict-$$v | grep -q '"stream_id_list":\["stream-1","stream-2"\]'; \
	done
	GLIBC_MAX=2.17 scripts/glibc-floor.sh $(A64_SO) $(A64_CDIR)

## c-fork-aarch64: test_concurrency, test_signal_fork and test_pidns_fork (static and shared) for
## aarch64 under qemu-aarch64-static, whose madvise takes MADV_WIPEONFORK and wipes nothing, so
## the library's fallback is what is tested (the PID-namespace run needs root, as c-qemu's)
c-fork-aarch64: $(foreach v,shared static,$(A64_FORK_PROGRAMS:%=$(A64_FDIR)/%-$(v)))
	@scripts/ensure-tools.sh unshare:util-linux
	@echo "== fork tests on aarch64 under qemu-aarch64-static"
	QEMU="$(A64_QEMU)" scripts/fork-tests.sh qemu-aarch64 $(A64_FDIR)

## rust-test-aarch64: the zego-token package's Rust tests (unit, integration, doctests: rustdoc is
## rustc-web's own) built for aarch64 and run under qemu-aarch64-static. tests/vectors.rs checks
## the fixed-input tokens byte for byte against the shared vectors. ZEGO_TEST_UNDER_QEMU=1: src/os.rs's
## test then expects wipes_on_fork() false (qemu accepts MADV_WIPEONFORK and wipes nothing). A
## debug build, so tests/timing.rs's tests are ignored (timings under emulation mean nothing).
## Then tests/stack_scrub.rs again in a release build: the wipe depths of src/scrub.rs are the
## release ones there, and aarch64's AES frames are not x86's.
rust-test-aarch64: $(A64_SO)
	$(A64_ENV) CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="$(A64_QEMU)" ZEGO_TEST_UNDER_QEMU=1 \
	  $(CARGO) test --locked --target $(A64_TRIPLE) --target-dir target/aarch64 --no-default-features -p zego-token
	$(A64_ENV) CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="$(A64_QEMU)" ZEGO_TEST_UNDER_QEMU=1 \
	  $(CARGO) test --release --locked --target $(A64_TRIPLE) --target-dir target/aarch64 \
	  --no-default-features -p zego-token --test stack_scrub

# ---- aarch64 artifacts in dist/, beside the x86_64 ones (host tools: llvm-strip strips them)
A64_STRIP := STRIP=llvm-strip
.PHONY: dist-c-aarch64 dist-test-aarch64
DIST_C_A64 := dist/c/zego-token-$(VERSION)-linux-aarch64.tar.gz
## dist-c-aarch64: the C tarball for aarch64 (as dist-c's: include/, lib/, .pc, CMake, bin/)
dist-c-aarch64: $(DIST_C_A64)
$(DIST_C_A64): $(A64_SO) $(A64_A) $(A64_CLI) $(NATIVE_LIBS_FILE) $(HEADER) packaging/*.in scripts/dist-c.sh | tools
	@scripts/ensure-tools.sh llvm-strip:llvm
	$(A64_STRIP) scripts/dist-c.sh $(VERSION) aarch64 $(A64_SO) $(A64_A) $(A64_CLI)
DIST_GROUPS += dist-c-aarch64

.PHONY: dist-go-aarch64
# (dist/go is made by mk/dist.mk's dist-go, which this file is read before: the path is spelt out.)
DIST_GO_A64 := dist/go/zegotoken/lib/linux_arm64/libzego_token.a
## dist-go-aarch64: lib/linux_arm64/libzego_token.a added to dist-go's module
dist-go-aarch64: $(DIST_GO_A64)
$(DIST_GO_A64): dist/go/zegotoken/lib/linux_amd64/libzego_token.a $(A64_A) $(NATIVE_LIBS_FILE) scripts/dist-go.sh
	@scripts/ensure-tools.sh llvm-strip:llvm
	$(A64_STRIP) scripts/dist-go.sh --add arm64 $(A64_A) $(NATIVE_LIBS_FILE)
DIST_GROUPS += dist-go-aarch64
# make dist-test copies the module: not while the arm64 library is being added (make -j), and
# with both libraries, so that its Go checks (go mod vendor keeps lib/linux_*) see the release.
dist-test: dist-go-aarch64

.PHONY: dist-deb-aarch64
DIST_DEB_A64 := dist/deb/libzego-token$(MAJOR)_$(VERSION)-1_arm64.deb dist/deb/libzego-token-dev_$(VERSION)-1_arm64.deb
## dist-deb-aarch64: libzego-token0 and libzego-token-dev for arm64 (as dist-deb's; lintian)
dist-deb-aarch64: $(DIST_DEB_A64)
$(DIST_DEB_A64) &: $(A64_SO) $(A64_A) $(A64_CLI) $(NATIVE_LIBS_FILE) $(HEADER) packaging/*.in \
		packaging/deb/copyright scripts/dist-deb.sh | tools
	@scripts/ensure-tools.sh llvm-strip:llvm
	$(A64_STRIP) scripts/dist-deb.sh $(VERSION) aarch64 $(A64_SO) $(A64_A)
DIST_GROUPS += dist-deb-aarch64

A64_DIST_TEST_PARTS ?=
## dist-test-aarch64: each aarch64 artifact used under qemu-aarch64-static, tokens decoded
## independently, the glibc floor over them (scripts/dist-test-aarch64.sh)
dist-test-aarch64: dist-c-aarch64 dist-go-aarch64 dist-deb-aarch64
	scripts/dist-test-aarch64.sh $(A64_DIST_TEST_PARTS)

## test-aarch64: the aarch64 checks (part of make test)
test-aarch64: c-test-aarch64 c-fork-aarch64 rust-test-aarch64 dist-test-aarch64
TEST_GROUPS += test-aarch64
