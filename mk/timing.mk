# Timing tests of CBC decode and verify (tests/timing.rs): a failing CBC token must take the same
# time whatever it decrypts to (padding valid or not, first byte `{` or not), measured dudect
# style in release mode. Needs cargo only; about 10 s after the build.
.PHONY: timing-test timing-build
## timing-build: tests/timing.rs built in release (make test builds it with the other groups)
timing-build:
	$(CARGO) test --release --locked --test timing --no-run
TEST_GROUPS += timing-test

## timing-test: Welch t-tests and the padding-guess ranks of tests/timing.rs, with their statistics
timing-test:
	$(CARGO) test --release --locked --test timing -- --nocapture --test-threads=1
