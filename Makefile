# zego-token: `make demo` prints a token from the C example; `make test` runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

CARGO ?= cargo
CC ?= cc
CXX ?= c++
RELEASE := target/release
CDIR := target/c
LIBDIR := $(abspath $(RELEASE))
STATIC_LIBS := -lpthread -ldl -lm -lrt -lutil
CFLAGS_C := -std=c99 -Wall -Wextra -Werror -pedantic -Iinclude
CFLAGS_CXX := -x c++ -std=c++17 -Wall -Wextra -Werror -pedantic -Iinclude
SHARED_LINK := -L$(LIBDIR) -lzego_token -Wl,-rpath,$(LIBDIR)
STATIC_LINK := $(LIBDIR)/libzego_token.a $(STATIC_LIBS)
# the crates floor of the C benchmark (examples/crates_floor.rs, a static library)
FLOOR_LINK := -x none $(LIBDIR)/examples/libcrates_floor.a $(STATIC_LIBS)
VALGRIND := valgrind --quiet --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible

C_PROGRAMS := examples/c/generate examples/c/strict tests/c/test_abi tests/c/test_concurrency tests/c/abi_check
SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g

.PHONY: all demo test install install-test cpp-test bindings-test go-test python-test php-test lib tools rust-test lint header-check vectors-check c-test bench fuzz fuzz-smoke fuzz-tools clean

all: lib

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR := $(firstword $(subst ., ,$(VERSION)))

lib:
	$(CARGO) build --release --locked -p zego-token
	@# the SONAME is libzego_token.so.$(MAJOR): let programs linked in the tree find it
	@ln -sf libzego_token.so $(RELEASE)/libzego_token.so.$(MAJOR)

## demo: build the library and print a token from examples/c/generate.c
demo: lib
	@mkdir -p $(CDIR)
	$(CC) $(CFLAGS_C) examples/c/generate.c $(SHARED_LINK) -o $(CDIR)/generate
	$(CDIR)/generate

## test: every test: Rust, lints, header drift, C (shared + static, C and C++, valgrind)
test: tools vectors-check lint rust-test header-check c-test install-test bindings-test fuzz-smoke
	@echo "make test: all passed"

tools:
	scripts/ensure-tools.sh cc:gcc c++:g++ valgrind pkg-config git cmake go:golang-go php:php-cli readelf:binutils
	@python3 -c 'import pytest' 2>/dev/null || PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check pytest
	@php -r 'exit(extension_loaded("ffi") ? 0 : 1);' || { echo "error: PHP lacks the FFI extension" >&2; exit 1; }

vectors-check:
	@# The test data must be the shared ground truth, unedited.
	@if [ -d ../shared/vectors ]; then \
	  for f in token04-vectors.json token04-foreign.json; do \
	    cmp ../shared/vectors/$$f tests/data/$$f || { echo "tests/data/$$f differs from ../shared/vectors" >&2; exit 1; }; \
	  done; \
	fi

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

rust-test:
	$(CARGO) test --workspace --locked

header-check: lib
	@git diff --quiet -- include/zego_token.h || { echo "include/zego_token.h differs from what cbindgen generates: commit the regenerated header" >&2; git --no-pager diff --stat -- include/; exit 1; }
	@git ls-files --error-unmatch include/zego_token.h >/dev/null 2>&1 || { echo "include/zego_token.h is not committed" >&2; exit 1; }

c-test: lib
	@mkdir -p $(CDIR)
	@set -e; for prog in $(C_PROGRAMS); do \
	  name=$$(basename $$prog); \
	  $(CC) $(CFLAGS_C) -pthread $$prog.c $(SHARED_LINK) -o $(CDIR)/$$name-shared; \
	  $(CC) $(CFLAGS_C) -pthread $$prog.c $(STATIC_LINK) -o $(CDIR)/$$name-static; \
	  $(CXX) $(CFLAGS_CXX) $$prog.c $(SHARED_LINK) -pthread -o $(CDIR)/$$name-cxx; \
	done
	@# the benchmark must build warning-free too
	$(CARGO) build --release --locked --example crates_floor
	$(CC) $(CFLAGS_C) -maes -msse4.1 -pthread examples/c/bench.c $(SHARED_LINK) $(FLOOR_LINK) -o $(CDIR)/bench-c99
	$(CXX) $(CFLAGS_CXX) -maes -msse4.1 -pthread examples/c/bench.c $(SHARED_LINK) $(FLOOR_LINK) -o $(CDIR)/bench-cxx
	@for v in shared static cxx; do \
	  echo "== C tests ($$v)"; $(CDIR)/abi_check-$$v; $(CDIR)/test_abi-$$v; \
	  $(CDIR)/generate-$$v | grep -Eq '^04[A-Za-z0-9+/]+=*$$'; \
	  $(CDIR)/strict-$$v | grep -q '"stream_id_list":\["stream-1","stream-2"\]'; \
	done
	@echo "== concurrency and fork (static)"; $(CDIR)/test_concurrency-static
	@for v in shared static; do \
	  echo "== C tests under valgrind ($$v)"; \
	  $(VALGRIND) $(CDIR)/abi_check-$$v; \
	  $(VALGRIND) $(CDIR)/test_abi-$$v; \
	  $(VALGRIND) --trace-children=yes $(CDIR)/test_concurrency-$$v 2000 1000; \
	  $(VALGRIND) $(CDIR)/generate-$$v >/dev/null; \
	  $(VALGRIND) $(CDIR)/strict-$$v >/dev/null; \
	done
	@echo "== C tests under AddressSanitizer + UndefinedBehaviorSanitizer"
	@for prog in tests/c/test_abi tests/c/test_concurrency; do \
	  name=$$(basename $$prog); \
	  $(CC) $(CFLAGS_C) $(SANITIZE) -pthread $$prog.c $(SHARED_LINK) -o $(CDIR)/$$name-asan; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 $(CDIR)/$$name-asan; \
	done
	@echo "== exported symbols"
	@bad=$$(nm -D --defined-only $(LIBDIR)/libzego_token.so | awk '$$2 ~ /^[TDBRVW]$$/ {print $$3}' | grep -v '^zego_' || true); \
	  if [ -n "$$bad" ]; then echo "libzego_token.so exports symbols other than zego_*:" >&2; echo "$$bad" >&2; exit 1; fi; \
	  echo "only zego_* symbols: $$(nm -D --defined-only $(LIBDIR)/libzego_token.so | grep -c ' T zego_') functions"

## install: PREFIX (default /usr/local) and DESTDIR as usual
PREFIX ?= /usr/local
DESTDIR ?=
LIB_DEST = $(DESTDIR)$(PREFIX)/lib
SUBST = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' -e 's|@MAJOR@|$(MAJOR)|g'
install: lib
	install -d $(LIB_DEST)/pkgconfig $(LIB_DEST)/cmake/zego_token $(DESTDIR)$(PREFIX)/include
	install -m 0755 $(RELEASE)/libzego_token.so $(LIB_DEST)/libzego_token.so.$(VERSION)
	strip --strip-debug $(LIB_DEST)/libzego_token.so.$(VERSION)
	ln -sf libzego_token.so.$(VERSION) $(LIB_DEST)/libzego_token.so.$(MAJOR)
	ln -sf libzego_token.so.$(MAJOR) $(LIB_DEST)/libzego_token.so
	install -m 0644 $(RELEASE)/libzego_token.a $(LIB_DEST)/libzego_token.a
	strip --strip-debug $(LIB_DEST)/libzego_token.a
	install -m 0644 include/zego_token.h include/zego_token.hpp $(DESTDIR)$(PREFIX)/include/
	$(SUBST) packaging/zego_token.pc.in > $(LIB_DEST)/pkgconfig/zego_token.pc
	$(SUBST) packaging/zego_token-static.pc.in > $(LIB_DEST)/pkgconfig/zego_token-static.pc
	$(SUBST) packaging/zego_tokenConfig.cmake.in > $(LIB_DEST)/cmake/zego_token/zego_tokenConfig.cmake
	$(SUBST) packaging/zego_tokenConfigVersion.cmake.in > $(LIB_DEST)/cmake/zego_token/zego_tokenConfigVersion.cmake

## install-test: install into a temporary prefix, then build and run C programs with pkg-config
## (shared and static) and the C++ example with CMake (package config and pkg-config)
T := $(abspath target/install-test)
install-test: lib
	@rm -rf $(T) && mkdir -p $(T)
	@$(MAKE) --no-print-directory install PREFIX=$(T)/prefix >/dev/null
	@cd $(T)/prefix/lib && test -f libzego_token.so.$(VERSION) && test "$$(readlink libzego_token.so.$(MAJOR))" = libzego_token.so.$(VERSION) \
	  && test "$$(readlink libzego_token.so)" = libzego_token.so.$(MAJOR) && test -f libzego_token.a \
	  && readelf -d libzego_token.so.$(VERSION) | grep -q 'SONAME.*\[libzego_token.so.$(MAJOR)\]'
	@export PKG_CONFIG_PATH=$(T)/prefix/lib/pkgconfig; set -e; \
	  $(CC) $(CFLAGS_C) examples/c/generate.c $$(pkg-config --cflags --libs zego_token) \
	    -Wl,-rpath,$$(pkg-config --variable=libdir zego_token) -o $(T)/generate-shared; \
	  ldd $(T)/generate-shared | grep -q "libzego_token.so.$(MAJOR) => $(T)/prefix/lib/"; \
	  $(CC) $(CFLAGS_C) examples/c/generate.c $$(pkg-config --cflags --libs zego_token-static) -o $(T)/generate-static; \
	  ! ldd $(T)/generate-static | grep -q libzego_token; \
	  $(T)/generate-shared | grep -Eq '^04[A-Za-z0-9+/]+=*$$'; \
	  $(T)/generate-static gcm | grep -Eq '^04[A-Za-z0-9+/]+=*$$'
	@echo "install: pkg-config shared (zego_token) and static (zego_token-static) builds run"
	@$(MAKE) --no-print-directory install DESTDIR=$(T)/stage PREFIX=/opt/zt >/dev/null
	@test -f $(T)/stage/opt/zt/lib/libzego_token.so.$(VERSION) && test -f $(T)/stage/opt/zt/include/zego_token.hpp \
	  && grep -qx 'prefix=/opt/zt' $(T)/stage/opt/zt/lib/pkgconfig/zego_token.pc
	@echo "install: DESTDIR honoured"
	@for how in OFF ON; do \
	  cmake -S examples/cpp -B $(T)/cpp-$$how -DZEGO_USE_PKGCONFIG=$$how -DCMAKE_PREFIX_PATH=$(T)/prefix \
	    -DCMAKE_BUILD_RPATH=$(T)/prefix/lib >/dev/null \
	  && cmake --build $(T)/cpp-$$how >/dev/null \
	  && $(T)/cpp-$$how/zego_token_example | grep -Eq '^04[A-Za-z0-9+/]+=*$$' \
	  && echo "install: CMake example (pkg-config $$how) builds and runs" || exit 1; \
	done

## bindings-test: the Go, Python and PHP bindings, each installed and used the way its ecosystem
## does it, outside the repository (each script is the binding's whole test; see its README)
bindings-test: go-test python-test php-test
go-test: lib
	@echo "== Go binding"
	bindings/go/ci-test.sh
python-test: lib
	@echo "== Python binding"
	bindings/python/ci-test.sh
php-test: lib
	@echo "== PHP binding"
	bindings/php/ci-test.sh

## bench: the C benchmark through the C ABI (ns/token per API, the crates floor, two threads, RSS),
## then each binding against the C figures of the same run
BENCH_ITERS ?= 3000
BENCH_RSS_TOKENS ?= 10000000
BENCH_DIR := $(abspath target/bench)
bench: lib
	@mkdir -p $(CDIR) $(BENCH_DIR)
	$(CARGO) build --release --locked --example crates_floor
	$(CC) -O2 -maes -msse4.1 -pthread -Iinclude examples/c/bench.c $(SHARED_LINK) $(FLOOR_LINK) -o $(CDIR)/bench
	$(CDIR)/bench $(BENCH_ITERS) $(BENCH_RSS_TOKENS) $(BENCH_DIR)/c.json
	@echo "== bindings, against the C figures above ($(BENCH_DIR)/c.json)"
	bindings/go/bench.sh $(BENCH_DIR)/c.json
	bindings/python/bench.sh $(BENCH_DIR)/c.json
	bindings/php/bench.sh $(BENCH_DIR)/c.json

## fuzz: each cargo-fuzz target for FUZZ_SECONDS (default 300), seeded from the vectors
FUZZ_TARGETS := decode ffi_generate
FUZZ_SECONDS ?= 300
FUZZ := RUSTC_BOOTSTRAP=1 $(CARGO) fuzz
fuzz-tools:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked

fuzz: fuzz-tools
	scripts/fuzz-corpus.py
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz $$t ($(FUZZ_SECONDS) s)"; \
	  $(FUZZ) run $$t fuzz/corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 2>&1 | grep -E 'Done|stat::number_of_executed_units|ERROR|crash|panicked' ; \
	  test $${PIPESTATUS[0]} -eq 0; \
	done

## fuzz-smoke: each target briefly, so that they keep building and running (part of make test)
fuzz-smoke:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=15

clean:
	$(CARGO) clean
