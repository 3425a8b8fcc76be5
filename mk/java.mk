# The Java binding (bindings/java): a Maven artifact with the JNI library inside the jar.
.PHONY: java-test java-bench dist-java

## java-test: the JNI crate's fmt and clippy, mvn -B verify (JUnit 5 via Surefire), and the install
## test (a fresh Maven app outside the repository, offline, no cargo on PATH)
# dist-java first: both run Maven in bindings/java (one target/ dir), never side by side
# (make -j test builds every dist group for dist-test's glibc floor).
java-test: | dist-java
	@echo "== Java binding"
	bindings/java/ci-test.sh

## java-bench: the C benchmark, then the Java API against its figures (one run; BENCH_ITERS as in bench)
java-bench: $(CDIR)/bench
	@mkdir -p $(BENCH_DIR)
	$(CDIR)/bench $(BENCH_ITERS) 0 $(BENCH_DIR)/c.json
	bindings/java/bench.sh $(BENCH_DIR)/c.json

## dist-java: the jar (with the native library), sources and javadoc jars and the pom, in dist/java
dist-java:
	cd bindings/java && mvn -B -ntp -q -DskipTests package
	mkdir -p dist/java
	cp bindings/java/target/zego-token-$(VERSION).jar bindings/java/target/zego-token-$(VERSION)-sources.jar \
	  bindings/java/target/zego-token-$(VERSION)-javadoc.jar dist/java/
	cp bindings/java/pom.xml dist/java/zego-token-$(VERSION).pom

TEST_GROUPS += java-test
DIST_GROUPS += dist-java
