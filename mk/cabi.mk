# The one C boundary (issue #18): the conformance table through the C++ wrapper, and the drift
# checks of the conformance table and of the generated mirrors. (The C ABI runs the table in
# tests/conformance.rs, part of rust-test.)
.PHONY: generate mirrors-check conformance-check cxx-conformance

## generate: write every generated mirror of the C API (bindings' header copies, error-code
## constants, cffi declarations, the Go module's testdata) from include/ , src/error.rs, tests/data
generate:
	scripts/generate-mirrors.py

## mirrors-check: fail if a committed mirror differs from what `make generate` writes
mirrors-check:
	scripts/generate-mirrors.py --check

## conformance-check: tests/data/conformance.json is what scripts/conformance-table.py writes
## (the script seals its crafted tokens with python3-cryptography, installed here when missing)
conformance-check:
	@python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet cryptography
	scripts/conformance-table.py --check

# (C_DEPS is defined after mk/*.mk are included, so the prerequisites are written out here.)
$(CDIR)/conformance-cxx: tests/c/conformance.cpp include/zego_token.hpp $(HEADER) $(LIB_SO) | $(CDIR) tools
	$(CXX) -std=c++17 -Wall -Wextra -Werror -pedantic -Iinclude $< $(SHARED_LINK) -o $@

## cxx-conformance: the conformance table through the C++ wrapper
cxx-conformance: $(CDIR)/conformance-cxx
	$(CDIR)/conformance-cxx tests/data/conformance.json

TEST_GROUPS += mirrors-check conformance-check cxx-conformance
# make check needs python3 (standard library) for the mirrors' drift check; no network.
check: mirrors-check cxx-conformance
