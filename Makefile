# zego-token: `make demo` builds the library and prints a token; `make test` runs every test.
#
# The library, the list of system libraries it needs and the C programs are file targets, so
# nothing is rebuilt that is up to date; the test groups are independent targets, so `make -j2
# test` runs them side by side, and a failure names its group. Longer recipes live in scripts/.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
# With -j, each target's output is printed whole when it finishes.
MAKEFLAGS += --output-sync=target
.SUFFIXES:

CARGO ?= cargo
CC ?= cc
CXX ?= c++

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR := $(firstword $(subst ., ,$(VERSION)))

RELEASE := target/release
LIBDIR := $(abspath $(RELEASE))
LIB_SO := $(RELEASE)/libzego_token.so
LIB_A := $(RELEASE)/libzego_token.a
CLI := $(RELEASE)/zego-token
HEADER := include/zego_token.h
RUST_SOURCES := $(shell find src cli/src -name '*.rs') build.rs cbindgen.toml Cargo.toml \
	cli/Cargo.toml Cargo.lock
CDIR := target/c

# The system libraries that the static library needs, as rustc reports them
# (`--print native-static-libs`): written once into this file, and read from it by every static
# link line here, by the .pc files and by the CMake package that `make install` writes.
NATIVE_LIBS_FILE := target/native-static-libs
NATIVE_LIBS = $(strip $(file < $(NATIVE_LIBS_FILE)))

CFLAGS_C := -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude
CFLAGS_CXX := -x c++ -std=c++17 -Wall -Wextra -Werror -pedantic -Iinclude
SHARED_LINK := -L$(LIBDIR) -lzego_token -Wl,-rpath,$(LIBDIR)
STATIC_LINK = $(LIB_A) $(NATIVE_LIBS)
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g
VALGRIND := valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible
# The crates floor of the C benchmark (benches/crates_floor, a static library of its own).
FLOOR_A := $(RELEASE)/libcrates_floor.a
FLOOR_LINK = -x none $(FLOOR_A) $(NATIVE_LIBS)

.PHONY: all lib demo test check dist tools vectors-check lint rust-test header-check \
	c-test c-build c-run c-valgrind c-asan c-concurrency c-exports c-readme \
	install install-test bindings-test go-test python-test php-test \
	bench fuzz fuzz-smoke fuzz-tools clean

all: lib

## lib: the shared and static library (with the CLI: the same `cargo build --release` as the
## README's), and the list of system libraries the static one needs
lib: $(LIB_SO) $(LIB_A) $(CLI) $(NATIVE_LIBS_FILE)

$(LIB_SO) $(LIB_A) $(CLI) &: $(RUST_SOURCES)
	$(CARGO) build --release --locked

$(NATIVE_LIBS_FILE): Cargo.toml Cargo.lock
	scripts/native-static-libs.sh $@

$(FLOOR_A): benches/crates_floor/lib.rs benches/crates_floor/Cargo.toml Cargo.lock
	$(CARGO) build --release --locked -p crates-floor

## demo: build the library and print a token from examples/c/generate.c
demo: $(CDIR)/generate-shared
	$(CDIR)/generate-shared

## test: every test: Rust, lints, header, C (shared + static, C99 + C++, valgrind, sanitizers),
## install + CMake, the bindings, a short fuzz run, and every group the files in mk/ add
## (each mk/NAME.mk appends its own test targets to TEST_GROUPS and its artifacts to DIST_GROUPS)
TEST_GROUPS := vectors-check lint rust-test header-check c-test install-test bindings-test \
	fuzz-smoke
DIST_GROUPS :=
# (mk/*.mk are included at the end, after every variable they may use; `test` and `dist` are
# defined after them.)

## check: the contributors' quick loop: fmt, clippy, the Rust tests, header drift and the C tests
## (shared, static, C++). Needs cargo and a C compiler only: no Go, PHP, root or network.
check: lint rust-test header-check c-run c-concurrency
	@echo "make check: all passed"


# The tools of the C tests; each binding's test installs its own (go, php, ...).
tools:
	@scripts/ensure-tools.sh cc:gcc c++:g++ valgrind pkg-config git cmake patchelf \
	  readelf:binutils nm:binutils

vectors-check:
	scripts/vectors-check.sh

lint: tools
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

rust-test: tools
	$(CARGO) test --workspace --locked

## header-check: the committed header is what cbindgen generates from src/ffi, and only from it
header-check: lib
	scripts/header-check.sh

# ---- C programs: <name>-<variant> from examples/c/<name>.c or tests/c/<name>.c ----
vpath %.c examples/c tests/c
C_DEPS := $(HEADER) tests/c/tokhelp.h $(LIB_SO) $(LIB_A) $(NATIVE_LIBS_FILE) | $(CDIR) tools

$(CDIR):
	mkdir -p $@

$(CDIR)/%-shared: %.c $(C_DEPS)
	$(CC) $(CFLAGS_C) -pthread $< $(SHARED_LINK) -o $@
$(CDIR)/%-static: %.c $(C_DEPS)
	$(CC) $(CFLAGS_C) -pthread $< $(STATIC_LINK) -o $@
$(CDIR)/%-cxx: %.c $(C_DEPS)
	$(CXX) $(CFLAGS_CXX) $< $(SHARED_LINK) -pthread -o $@
$(CDIR)/%-asan: %.c $(C_DEPS)
	$(CC) $(CFLAGS_C) $(SANITIZE) -pthread $< $(SHARED_LINK) -o $@
# The benchmark must build warning-free too, as C99 and as C++ (make bench builds it optimized).
$(CDIR)/bench-c99: bench.c $(FLOOR_A) $(C_DEPS)
	$(CC) $(CFLAGS_C) -maes -msse4.1 -pthread $< $(SHARED_LINK) $(FLOOR_LINK) -o $@
$(CDIR)/bench-cxx: bench.c $(FLOOR_A) $(C_DEPS)
	$(CXX) $(CFLAGS_CXX) -maes -msse4.1 -pthread $< $(SHARED_LINK) $(FLOOR_LINK) -o $@
$(CDIR)/bench: bench.c $(FLOOR_A) $(C_DEPS)
	$(CC) -O2 -maes -msse4.1 -pthread -Iinclude $< $(SHARED_LINK) $(FLOOR_LINK) -o $@

C_PROGRAMS := abi_check test_abi generate strict test_concurrency
C_VARIANTS := shared static cxx
c-build: $(foreach v,$(C_VARIANTS),$(C_PROGRAMS:%=$(CDIR)/%-$(v))) $(CDIR)/bench-c99 $(CDIR)/bench-cxx

## c-test: the C tests as C99 (shared, static) and C++, under valgrind and the sanitizers
c-test: c-build c-run c-concurrency c-valgrind c-asan c-exports c-readme

C_RUNS := $(C_VARIANTS:%=c-run-%)
.PHONY: $(C_RUNS)
c-run: $(C_RUNS)
$(C_RUNS): c-run-%: $(CDIR)/abi_check-% $(CDIR)/test_abi-% $(CDIR)/generate-% $(CDIR)/strict-%
	@echo "== C tests ($*)"
	scripts/c-tests.sh run $(CDIR) $*

c-concurrency: $(CDIR)/test_concurrency-static
	@echo "== concurrency and fork (static)"
	$(CDIR)/test_concurrency-static

C_VALGRINDS := c-valgrind-shared c-valgrind-static
.PHONY: $(C_VALGRINDS)
c-valgrind: $(C_VALGRINDS)
$(C_VALGRINDS): c-valgrind-%: tools $(C_PROGRAMS:%=$(CDIR)/%-%)
	@echo "== C tests under valgrind ($*)"
	VALGRIND="$(VALGRIND)" scripts/c-tests.sh valgrind $(CDIR) $*

c-asan: $(CDIR)/test_abi-asan $(CDIR)/test_concurrency-asan
	@echo "== C tests under AddressSanitizer + UndefinedBehaviorSanitizer"
	scripts/c-tests.sh asan $(CDIR) asan

c-exports: tools $(LIB_SO)
	scripts/check-exports.sh $(LIB_SO)

# The README's own build lines: a plain cargo build, its link line, LD_LIBRARY_PATH.
c-readme: tools lib
	scripts/readme-link-test.sh

# ---- install ----
## install: PREFIX (default /usr/local) and DESTDIR as usual. The installed shared library gets
## its SONAME (libzego_token.so.MAJOR, set with patchelf) and, like the static one, no debug
## info; the CLI goes to PREFIX/bin, stripped. Without DESTDIR, ldconfig runs afterwards
## (LDCONFIG=... to change that command). Nothing is rebuilt that is up to date, so after `make lib`
## as a user, `sudo make install` needs no cargo on root's PATH.
PREFIX ?= /usr/local
DESTDIR ?=
LDCONFIG ?= ldconfig
# (STRIP=llvm-strip for another architecture's files: make dist's aarch64 artifacts.)
STRIP ?= strip
LIB_DEST = $(DESTDIR)$(PREFIX)/lib
EMPTY :=
SPACE := $(EMPTY) $(EMPTY)
SUBST = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' -e 's|@MAJOR@|$(MAJOR)|g' \
	-e 's|@NATIVE_LIBS@|$(NATIVE_LIBS)|g' -e 's|@NATIVE_LIBS_NO_GCC_S@|$(filter-out -lgcc_s,$(NATIVE_LIBS))|g' -e 's|@NATIVE_LIBS_CMAKE@|$(subst $(SPACE),;,$(NATIVE_LIBS:-l%=%))|g'
install: lib
	@command -v patchelf >/dev/null || { echo "error: make install needs patchelf to set the library's SONAME (Debian/Ubuntu: apt-get install patchelf)" >&2; exit 1; }
	install -d $(LIB_DEST)/pkgconfig $(LIB_DEST)/cmake/zego_token $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(CLI) $(DESTDIR)$(PREFIX)/bin/zego-token
	$(STRIP) $(DESTDIR)$(PREFIX)/bin/zego-token
	install -m 0755 $(LIB_SO) $(LIB_DEST)/libzego_token.so.$(VERSION)
	$(STRIP) --strip-debug $(LIB_DEST)/libzego_token.so.$(VERSION)
	patchelf --set-soname libzego_token.so.$(MAJOR) $(LIB_DEST)/libzego_token.so.$(VERSION)
	ln -sf libzego_token.so.$(VERSION) $(LIB_DEST)/libzego_token.so.$(MAJOR)
	ln -sf libzego_token.so.$(MAJOR) $(LIB_DEST)/libzego_token.so
	install -m 0644 $(LIB_A) $(LIB_DEST)/libzego_token.a
	$(STRIP) --strip-debug $(LIB_DEST)/libzego_token.a
	install -m 0644 include/zego_token.h include/zego_token.hpp $(DESTDIR)$(PREFIX)/include/
	$(SUBST) packaging/zego_token.pc.in > $(LIB_DEST)/pkgconfig/zego_token.pc
	$(SUBST) packaging/zego_token-static.pc.in > $(LIB_DEST)/pkgconfig/zego_token-static.pc
	$(SUBST) packaging/zego_tokenConfig.cmake.in > $(LIB_DEST)/cmake/zego_token/zego_tokenConfig.cmake
	$(SUBST) packaging/zego_tokenConfigVersion.cmake.in > $(LIB_DEST)/cmake/zego_token/zego_tokenConfigVersion.cmake
ifeq ($(DESTDIR),)
	$(LDCONFIG) || echo "warning: '$(LDCONFIG)' failed (not root?): run ldconfig before loading the library from $(PREFIX)/lib" >&2
endif

## install-test: install into a temporary prefix, then build and run C programs with pkg-config
## (shared and static) and the C++ example with CMake (package config and pkg-config)
install-test: tools lib
	scripts/install-test.sh

# ---- bindings ----
## bindings-test: the Go, Python and PHP bindings, each installed and used the way its ecosystem
## does it, outside the repository (each script is the binding's whole test; see its README)
bindings-test: go-test python-test php-test
go-test: tools lib
	@echo "== Go binding"
	bindings/go/ci-test.sh
python-test: tools lib
	@echo "== Python binding"
	bindings/python/ci-test.sh
php-test: tools lib
	@echo "== PHP binding"
	bindings/php/ci-test.sh

## bench: the C benchmark through the C ABI (ns/token per API, the crates floor, two threads, RSS),
## then each binding against the C figures of the same run
BENCH_ITERS ?= 3000
BENCH_RSS_TOKENS ?= 10000000
BENCH_DIR := $(abspath target/bench)
bench: $(CDIR)/bench
	@mkdir -p $(BENCH_DIR)
	$(CDIR)/bench $(BENCH_ITERS) $(BENCH_RSS_TOKENS) $(BENCH_DIR)/c.json
	@echo "== bindings, against the C figures above ($(BENCH_DIR)/c.json)"
	bindings/go/bench.sh $(BENCH_DIR)/c.json
	bindings/python/bench.sh $(BENCH_DIR)/c.json
	bindings/php/bench.sh $(BENCH_DIR)/c.json
	bindings/node/bench.sh $(abspath $(NODE_DIST)) $(BENCH_DIR)/c.json

## fuzz: each cargo-fuzz target for FUZZ_SECONDS (default 300), seeded from the vectors
FUZZ_TARGETS := decode ffi_generate
FUZZ_SECONDS ?= 300
FUZZ_BUILD ?=
fuzz-tools:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked

fuzz: fuzz-tools
	scripts/fuzz-corpus.py
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_BUILD=$(FUZZ_BUILD) scripts/fuzz.sh $(FUZZ_TARGETS)

## fuzz-smoke: each target briefly, so that they keep building and running (part of make test);
## built without optimizations (with AddressSanitizer still), which halves the build
fuzz-smoke:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=15 FUZZ_BUILD=--dev

clean:
	$(CARGO) clean

# ---- groups from mk/*.mk ----
include $(sort $(wildcard mk/*.mk))

# The groups run two at a time (TEST_JOBS; TEST_JOBS=1 runs them one by one), the longest chains
# (aarch64, dist) first; then timing-test alone, its statistics taken on an otherwise idle
# machine (its build is made with the groups). Scripts that share a resource wait for each other
# (apt-get: scripts/apt-locked.sh; zig's venv; the aarch64 toolchain; Maven's bindings/java).
TEST_JOBS ?= 2
.PHONY: test-groups
test-groups: test-aarch64 dist-test $(filter-out timing-test,$(TEST_GROUPS)) timing-build
test:
	+$(MAKE) --no-print-directory -j$(TEST_JOBS) test-groups
	+$(MAKE) --no-print-directory timing-test
	@echo "make test: all passed"

## dist: every release artifact, into dist/
dist: $(DIST_GROUPS)
