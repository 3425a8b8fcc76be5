#!/usr/bin/env bash
# ns/token through the Java API against the C ABI's figures of the same run (make java-bench):
#   bindings/java/bench.sh target/bench/c.json
# Builds the jar (mvn package, tests skipped), compiles bench/Bench.java against it and runs it
# from outside the repository: the one-shot (CBC) against C's one-shot (target <= 2.5x), the
# Generator (CBC, GCM) against C's generator of the same mode (<= 2.5x), and the Generator
# against a plain-Java generator doing the official SDK's per-token work (>= 5x faster).
# JAVA_BENCH_ROUNDS and JAVA_BENCH_N set the rounds and the tokens per round.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
C_JSON=$(cd "$(dirname "${1:?usage: bindings/java/bench.sh C_JSON}")" && pwd)/$(basename "$1")
"$ROOT/scripts/ensure-tools.sh" javac:openjdk-17-jdk-headless mvn:maven
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)
(cd "$HERE" && mvn -B -ntp -q -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package)
B=$ROOT/target/java-bench
rm -rf "$B" && mkdir -p "$B"
cp "$HERE/target/zego-token-$version.jar" "$B/zego-token.jar"
javac --release 8 -Xlint:-options -d "$B" -cp "$B/zego-token.jar" "$HERE/bench/Bench.java"
cd /
java -cp "$B/zego-token.jar:$B" Bench "$C_JSON" "${JAVA_BENCH_ROUNDS:-201}" "${JAVA_BENCH_N:-300}"
