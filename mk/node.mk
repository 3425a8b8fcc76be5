# The Node.js package (bindings/node): an npm package on a napi-rs addon, one package per platform.
# The addon is a crate of its own (bindings/node/Cargo.toml, its own workspace and Cargo.lock:
# napi needs Rust 1.88, the library keeps its MSRV), built into target/node.
.PHONY: dist-node node-lint node-test node-bench

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

## node-bench: the Node package against the C benchmark's figures of the same run
node-bench: $(NODE_STAMP) $(CDIR)/bench
	@mkdir -p $(BENCH_DIR)
	$(CDIR)/bench $(BENCH_ITERS) 0 $(BENCH_DIR)/c.json
	bindings/node/bench.sh $(abspath $(NODE_DIST)) $(BENCH_DIR)/c.json

# make bench runs bindings/node/bench.sh too (the Makefile's bench recipe), on the tarballs.
bench: $(NODE_STAMP)

TEST_GROUPS += node-test
DIST_GROUPS += dist-node
