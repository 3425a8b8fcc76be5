# The Node.js package (bindings/node): an npm package on a napi-rs addon, one package per platform.
# The addon is a crate of its own (bindings/node/Cargo.toml, its own workspace and Cargo.lock:
# napi needs Rust 1.88, the library keeps its MSRV), built into target/node.
.PHONY: dist-node node-lint node-test node-bench dist-node-aarch64 node-test-aarch64

NODE_DIST := dist/node
NODE_SOURCES := $(shell find bindings/node/src bindings/node/npm -type f) bindings/node/Cargo.toml \
	bindings/node/Cargo.lock bindings/node/build.rs bindings/node/build.sh bindings/node/README.md \
	scripts/zig-cc scripts/zig-env.sh \
	$(RUST_SOURCES)
NODE_STAMP := target/node/dist.stamp

$(NODE_STAMP): $(NODE_SOURCES)
	bindings/node/build.sh $(abspath $(NODE_DIST))
	@touch $@

## dist-node: the npm tarballs (zego-token and @zego-token/linux-x64-gnu) into dist/node
## (dist-node-aarch64 adds @zego-token/linux-arm64-gnu's beside them)
dist-node: $(NODE_STAMP)

## node-lint: rustfmt and clippy (-D warnings) on the addon crate
# (With build.sh's linker, zig: cargo links build scripts with it, and a build script relinked
# by another linker would make the next dist-node rebuild everything after it.)
node-lint:
	$(CARGO) fmt --manifest-path bindings/node/Cargo.toml -- --check
	scripts/zig-env.sh
	CARGO_TARGET_DIR=target/node $(ZIG_LINKER) $(CARGO) clippy --manifest-path bindings/node/Cargo.toml \
	  --release --all-targets --locked -- -D warnings

## node-test: the tarballs installed with npm into a fresh app outside the repository, and
## every Node test run there with cargo off PATH (node --test, tsc --strict, the example server)
node-test: node-lint $(NODE_STAMP)
	@echo "== Node.js package"
	bindings/node/ci-test.sh $(abspath $(NODE_DIST))

## node-bench: the Node package side by side with the C benchmark, in one run
## (bench.sh alternates runs of $(CDIR)/bench with the Node rounds: every ratio is of one run)
node-bench: $(NODE_STAMP) $(CDIR)/bench
	NODE_BENCH_C=$(abspath $(CDIR)/bench) bindings/node/bench.sh $(abspath $(NODE_DIST))

# make bench runs bindings/node/bench.sh too (the Makefile's bench recipe), on the tarballs.
bench: $(NODE_STAMP)

TEST_GROUPS += node-test
DIST_GROUPS += dist-node

# ---- @zego-token/linux-arm64-gnu (issue #21): the addon built by Debian's rustc-web for aarch64
# and linked by zig for glibc 2.17 (mk/aarch64.mk's A64_ENV, as the library's aarch64 build), into
# target/node-aarch64; its tarball beside the x64 one in dist/node.
NODE_A64_STAMP := target/node-aarch64/dist.stamp
$(NODE_A64_STAMP): $(NODE_SOURCES) scripts/aarch64-toolchain.sh
	scripts/aarch64-toolchain.sh
	$(A64_ENV) bindings/node/build.sh $(abspath $(NODE_DIST)) linux-arm64-gnu
	GLIBC_MAX=2.17 scripts/glibc-floor.sh $(NODE_DIST)/zego-token-linux-arm64-gnu-$(VERSION).tgz
	@touch $@

## dist-node-aarch64: the npm tarball @zego-token/linux-arm64-gnu (aarch64, glibc 2.17) into dist/node
dist-node-aarch64: $(NODE_A64_STAMP)

## node-test-aarch64: the arm64 tarball and zego-token's installed by npm --cpu=arm64 into a fresh
## app, run by Debian's arm64 node under qemu-aarch64-static (bindings/node/ci-test-aarch64.sh)
node-test-aarch64: $(NODE_STAMP) $(NODE_A64_STAMP)
	@echo "== Node.js package on arm64 (qemu)"
	bindings/node/ci-test-aarch64.sh $(abspath $(NODE_DIST))

TEST_GROUPS += node-test-aarch64
DIST_GROUPS += dist-node-aarch64
