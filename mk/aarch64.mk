# ---- linux/arm64 (issue #21): the library for aarch64 with Debian's Rust, zig as linker
# (GLIBC_2.17 floor), the C tests under qemu-aarch64-static. The toolchain comes from Debian's
# packages, unpacked into target/aarch64-root by scripts/aarch64-toolchain.sh (see CONTRIBUTING.md).
A64_TRIPLE := aarch64-unknown-linux-gnu
A64_ROOT := $(abspath target/aarch64-root)
A64_RELEASE := target/aarch64/$(A64_TRIPLE)/release
A64_SO := $(A64_RELEASE)/libzego_token.so
A64_A := $(A64_RELEASE)/libzego_token.a
A64_ENV := RUSTC=$(A64_ROOT)/usr/bin/rustc RUSTDOC=$(A64_ROOT)/usr/bin/rustdoc \
	LD_LIBRARY_PATH=$(A64_ROOT)/usr/lib/x86_64-linux-gnu:$(A64_ROOT)/usr/lib/llvm-22/lib \
	ZIG_TARGET=aarch64-linux-gnu.2.17 CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=$(abspath scripts/zig-cc)
A64_QEMU := $(A64_ROOT)/usr/bin/qemu-aarch64-static -L $(A64_ROOT)
A64_CC := ZIG_TARGET=aarch64-linux-gnu.2.17 scripts/zig-cc
A64_CDIR := target/c-aarch64
# zig links its own libunwind where gcc would add libgcc_s or libgcc_eh.
A64_NATIVE := -lunwind -lutil -lrt -lpthread -lm -ldl -lc

.PHONY: lib-aarch64 c-test-aarch64 test-aarch64

## lib-aarch64: the shared and static library for aarch64 (Debian's rustc-web, zig, glibc 2.17)
lib-aarch64: $(A64_SO) $(A64_A)
$(A64_SO) $(A64_A) &: $(RUST_SOURCES) scripts/aarch64-toolchain.sh scripts/zig-cc
	scripts/aarch64-toolchain.sh
	scripts/zig-env.sh
	$(A64_ENV) $(CARGO) build --release --locked --target $(A64_TRIPLE) --target-dir target/aarch64 -p zego-token
	GLIBC_MAX=2.17 scripts/glibc-floor.sh $(A64_SO)

# (test_concurrency is not among them yet: it forks through syscall(SYS_fork), which aarch64 lacks.)
A64_C_PROGRAMS := abi_check test_abi generate strict
$(A64_CDIR):
	mkdir -p $@
$(A64_CDIR)/%-shared: %.c $(HEADER) tests/c/tokhelp.h $(A64_SO) | $(A64_CDIR)
	$(A64_CC) $(CFLAGS_C) -pthread $< -L$(abspath $(A64_RELEASE)) -lzego_token \
	  -Wl,-rpath,$(abspath $(A64_RELEASE)) -o $@
$(A64_CDIR)/%-static: %.c $(HEADER) tests/c/tokhelp.h $(A64_A) | $(A64_CDIR)
	$(A64_CC) $(CFLAGS_C) -pthread $< $(A64_A) $(A64_NATIVE) -o $@

## c-test-aarch64: the C tests (shared and static) for aarch64, run under qemu-aarch64-static
## with Debian's arm64 libc as the sysroot
c-test-aarch64: $(foreach v,shared static,$(A64_C_PROGRAMS:%=$(A64_CDIR)/%-$(v)))
	@for v in shared static; do \
	  echo "== C tests on aarch64 under qemu ($$v)"; \
	  file $(A64_CDIR)/abi_check-$$v | grep -q 'ARM aarch64' || { echo "not an aarch64 program" >&2; exit 1; }; \
	  $(A64_QEMU) $(A64_CDIR)/abi_check-$$v; \
	  $(A64_QEMU) $(A64_CDIR)/test_abi-$$v; \
	  tok=$$($(A64_QEMU) $(A64_CDIR)/generate-$$v); [[ $$tok =~ ^04[A-Za-z0-9+/]+=*$$ ]] || { echo "no token: $$tok" >&2; exit 1; }; \
	  $(A64_QEMU) $(A64_CDIR)/strict-$$v | grep -q '"stream_id_list":\["stream-1","stream-2"\]'; \
	done
	GLIBC_MAX=2.17 scripts/glibc-floor.sh $(A64_SO) $(A64_CDIR)

## test-aarch64: the aarch64 checks (part of make test)
test-aarch64: c-test-aarch64
TEST_GROUPS += test-aarch64
