# ---- the Python wheel for linux/arm64 (issue #21): manylinux_2_17_aarch64, abi3 ----
# Built from make dist-python's sdist with mk/aarch64.mk's toolchain (Debian's rustc-web, zig for
# glibc 2.17) and the headers of Debian's arm64 python3.11 (scripts/python-aarch64-sysroot.sh:
# bookworm arm64 debs unpacked into target/aarch64-py, nothing installed system-wide).
DIST_PY_A64 := dist/python/zego_token-$(VERSION)-cp310-abi3-manylinux2014_aarch64.manylinux_2_17_aarch64.whl
.PHONY: dist-python-aarch64 python-test-aarch64
## dist-python-aarch64: the manylinux_2_17_aarch64 abi3 wheel in dist/python/, beside the x86_64 one
dist-python-aarch64: $(DIST_PY_A64)
# (make dist-python empties dist/python/ first: this rule runs after it, and again whenever it ran.)
$(DIST_PY_A64): $(DIST_PY) scripts/dist-python-aarch64.sh scripts/python-aarch64-sysroot.sh \
		scripts/aarch64-toolchain.sh scripts/zig-cc | tools
	$(A64_ENV) scripts/dist-python-aarch64.sh $(VERSION)
	test -f $@
DIST_GROUPS += dist-python-aarch64
# make dist-test installs dist/python/'s x86_64 wheel: not while this one is being added (make -j).
dist-test: dist-python-aarch64

## python-test-aarch64: the aarch64 wheel unpacked and used by Debian's arm64 python3.11 under
## qemu-aarch64-static: the shared vectors' claims exact, their error codes, tokens of both modes
## decoded independently on the host, the glibc floor of the wheel (scripts/python-aarch64-test.sh)
python-test-aarch64: $(DIST_PY_A64) bindings/python/tests/check_installed.py
	scripts/python-aarch64-test.sh $(VERSION)
test-aarch64: python-test-aarch64
