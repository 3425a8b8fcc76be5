# ---- release artifacts (issue #20): the glibc 2.17 floor, make dist, make dist-test ----
# The library for every artifact in dist/ is linked by zig targeting glibc 2.17 (scripts/zig-cc,
# zig from PyPI in target/zig-venv), in its own target dir, so the default build is untouched.
ZIG_TRIPLE := x86_64-unknown-linux-gnu
ZIG_RELEASE := target/zig/$(ZIG_TRIPLE)/release
ZIG_SO := $(ZIG_RELEASE)/libzego_token.so
ZIG_A := $(ZIG_RELEASE)/libzego_token.a
ZIG_CLI := $(ZIG_RELEASE)/zego-token
ZIG_LINKER := CARGO_TARGET_$(shell echo $(ZIG_TRIPLE) | tr a-z- A-Z_)_LINKER=$(abspath scripts/zig-cc)
ZIG_CARGO := $(ZIG_LINKER) $(CARGO) build --release --locked --target $(ZIG_TRIPLE) --target-dir target/zig
GLIBC_MAX := 2.17

.PHONY: lib-glibc217 glibc-floor bench-glibc217 dist-test

## lib-glibc217: the shared and static library and the CLI, linked by zig for glibc 2.17
lib-glibc217: $(ZIG_SO) $(ZIG_A) $(ZIG_CLI)

# (A sub-make that installs these files passes LIB_SO=$(ZIG_SO): the Makefile's rule is then theirs.)
ifneq ($(LIB_SO),$(ZIG_SO))
$(ZIG_SO) $(ZIG_A) $(ZIG_CLI) &: $(RUST_SOURCES) scripts/zig-cc scripts/zig-env.sh
	scripts/zig-env.sh
	$(ZIG_CARGO) --no-default-features -p zego-token -p zego-token-cli
endif

## glibc-floor: no ELF file of the zig build, nor any in dist/ (archives opened), needs more than GLIBC_2.17
glibc-floor: lib-glibc217 tools
	GLIBC_MAX=$(GLIBC_MAX) scripts/glibc-floor.sh $(ZIG_SO) $(ZIG_CLI) $(wildcard dist)

## bench-glibc217: make bench's C benchmark linked against each library (default and zig),
## run alternately, each API's ns/token compared (BENCH_ITERS; limit BENCH_ZIG_LIMIT percent)
BENCH_ZIG_LIMIT ?= 3
$(CDIR)/bench-glibc217: bench.c $(FLOOR_A) $(ZIG_SO) $(C_DEPS)
	$(CC) -O2 -maes -msse4.1 -pthread -Iinclude $< -L$(abspath $(ZIG_RELEASE)) -lzego_token \
	  -Wl,-rpath,$(abspath $(ZIG_RELEASE)) $(FLOOR_LINK) -o $@
bench-glibc217: $(CDIR)/bench $(CDIR)/bench-glibc217
	scripts/bench-compare.sh $(BENCH_ITERS) $(BENCH_ZIG_LIMIT) $(CDIR)/bench $(CDIR)/bench-glibc217
## bench-zig: the same (the zig-linked library of dist/ against the default cargo-linked one)
.PHONY: bench-zig
bench-zig: bench-glibc217

# ---- make dist pieces ----
DIST_C := dist/c/zego-token-$(VERSION)-linux-x86_64.tar.gz
.PHONY: dist-c
## dist-c: the C tarball (include/, lib/ shared + static, relocatable .pc, CMake package, bin/)
dist-c: $(DIST_C)
$(DIST_C): $(ZIG_SO) $(ZIG_A) $(ZIG_CLI) $(NATIVE_LIBS_FILE) $(HEADER) packaging/*.in scripts/dist-c.sh | tools
	scripts/dist-c.sh $(VERSION) x86_64 $(ZIG_SO) $(ZIG_A) $(ZIG_CLI)
DIST_GROUPS += dist-c

DIST_DEB := dist/deb/libzego-token$(MAJOR)_$(VERSION)-1_amd64.deb dist/deb/libzego-token-dev_$(VERSION)-1_amd64.deb
.PHONY: dist-deb
## dist-deb: libzego-token0 and libzego-token-dev (.deb, dpkg-deb over make install's tree; lintian)
dist-deb: $(DIST_DEB)
$(DIST_DEB) &: $(ZIG_SO) $(ZIG_A) $(NATIVE_LIBS_FILE) $(HEADER) packaging/*.in packaging/deb/copyright \
		scripts/dist-deb.sh | tools
	scripts/dist-deb.sh $(VERSION) x86_64 $(ZIG_SO) $(ZIG_A)
DIST_GROUPS += dist-deb

DIST_GO := dist/go/zegotoken/lib/linux_amd64/libzego_token.a
.PHONY: dist-go
## dist-go: the Go module with libzego_token.a for linux/amd64 inside (no pkg-config needed)
dist-go: $(DIST_GO)
$(DIST_GO): $(ZIG_A) $(NATIVE_LIBS_FILE) $(wildcard bindings/go/*.go bindings/go/*.h bindings/go/go.mod \
		bindings/go/README.md) scripts/dist-go.sh
	scripts/dist-go.sh $(ZIG_A) $(NATIVE_LIBS_FILE)
DIST_GROUPS += dist-go

DIST_PHP := dist/php/zego-token-$(VERSION).zip
.PHONY: dist-php
## dist-php: the composer package with libzego_token.so.0 inside (loaded from the package's directory)
dist-php: $(DIST_PHP)
$(DIST_PHP): $(ZIG_SO) $(ZIG_A) $(NATIVE_LIBS_FILE) $(shell find bindings/php -type f) scripts/dist-php.sh | tools
	scripts/dist-php.sh $(VERSION) $(ZIG_SO) $(ZIG_A)
DIST_GROUPS += dist-php

DIST_PY := dist/python/zego_token-$(VERSION).tar.gz
.PHONY: dist-python
## dist-python: the sdist (crate inside) and an abi3 manylinux_2_17 wheel built from it (zig, auditwheel)
dist-python: $(DIST_PY)
$(DIST_PY): $(RUST_SOURCES) $(shell find bindings/python -type f -not -path '*/__pycache__/*' \
		-not -path '*/build/*' -not -path '*.egg-info*') scripts/dist-python.sh scripts/zig-cc | tools
	scripts/dist-python.sh $(VERSION)
DIST_GROUPS += dist-python

## dist-test: every artifact above installed as a new user on a fresh server would (no cargo or
## rustc on PATH, no LD_LIBRARY_PATH, nothing installed system-wide), then the glibc floor over
## all of dist/ (scripts/dist-test.sh; DIST_TEST_PARTS="python c deb go php floor" by default)
DIST_TEST_PARTS ?=
# It needs every DIST_GROUPS target, also those of the mk/ files read after this one (node,
# java): $$ defers the list to the second expansion, after every file is read.
.SECONDEXPANSION:
dist-test: $$(DIST_GROUPS)
	scripts/dist-test.sh $(DIST_TEST_PARTS)
TEST_GROUPS += dist-test

.PHONY: dist-floor
## dist-floor: all of dist/ built (every DIST_GROUPS target), then the glibc floor over every ELF
## file in it, inside every archive (dist-test's floor part alone)
dist-floor: $$(DIST_GROUPS) | tools
	scripts/dist-test.sh floor
