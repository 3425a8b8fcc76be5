#!/usr/bin/env bash
# The Java binding's whole test, run as a Java developer would (make java-test):
#  1. the JNI crate (bindings/java/native, its own workspace) is formatted and clippy-clean;
#  2. `mvn -B verify` builds it (Maven runs cargo), bundles the library in the jar under
#     native/linux-x86_64/, runs the JUnit 5 tests with Surefire, and builds the sources and
#     javadoc jars;
#  3. install test: the jar, its pom, sources and javadoc are installed into a scratch local
#     repository (a copy of the Maven cache, without any earlier zego-token), and a fresh Maven
#     application in a temporary folder outside the repository, built offline against it with no
#     cargo on PATH, generates, decodes and verifies tokens and checks them with javax.crypto.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MVN=(mvn -B -ntp -Dstyle.color=never)
M2=${ZEGO_TOKEN_M2:-$HOME/.m2/repository}
fail() { echo "  FAIL $*" >&2; exit 1; }

"$ROOT/scripts/ensure-tools.sh" javac:openjdk-17-jdk-headless mvn:maven
command -v cargo >/dev/null || fail "cargo is needed to build the JNI library"

version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1)
pom_version=$(sed -n '0,/<version>/s|.*<version>\(.*\)</version>.*|\1|p' "$HERE/pom.xml")
[ "$version" = "$pom_version" ] || fail "pom.xml version $pom_version is not the crate's $version"
jni_version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$HERE/native/Cargo.toml" | head -1)
[ "$version" = "$jni_version" ] || fail "native/Cargo.toml version $jni_version is not the crate's $version"

echo "java: 1. the JNI crate: cargo fmt --check, clippy -D warnings"
# With Maven's linker (pom.xml: zig, glibc 2.17), spelt exactly as pom.xml spells it: cargo
# links build scripts with it, and a build script relinked by another linker, or by the same
# one under another path string, rebuilds everything after it in mvn verify (measured: 32 s).
"$ROOT/scripts/zig-env.sh"
(cd "$HERE/native" && cargo fmt -- --check && CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER=$HERE/../../scripts/zig-cc \
  cargo clippy --release --locked --all-targets --quiet -- -D warnings)

echo "java: 2. mvn -B verify (cargo build, jar with the library, Surefire/JUnit 5, sources, javadoc)"
(cd "$HERE" && "${MVN[@]}" verify)
J=$HERE/target
jar=$J/zego-token-$version.jar
for f in "$jar" "$J/zego-token-$version-sources.jar" "$J/zego-token-$version-javadoc.jar"; do
  [ -s "$f" ] || fail "missing $f"
done
unzip -l "$jar" | grep -q ' native/linux-x86_64/libzego_token_jni.so$' || fail "the jar lacks native/linux-x86_64/libzego_token_jni.so"
cls=$(unzip -p "$jar" io/github/zegotoken/ZegoToken.class | od -An -tu1 -j6 -N2 | awk '{print $1*256+$2}')
[ "$cls" = 52 ] || fail "ZegoToken.class is class file version $cls, not 52 (Java 8)"
unzip -l "$jar" | grep -qiE 'org/json|junit' && fail "test dependencies leaked into the jar"

echo "java: 3. install test: a fresh Maven app outside the repository, offline, no cargo on PATH"
T=$(mktemp -d /tmp/zego-token-java.XXXXXX)
trap 'rm -rf "$T"' EXIT
# The install plugin (not part of verify) into the Maven cache once, then the cache is copied.
"${MVN[@]}" -q org.apache.maven.plugins:maven-install-plugin:3.1.3:help -f "$HERE/pom.xml" >/dev/null
mkdir -p "$T/m2"
cp -r "$M2/." "$T/m2/"
rm -rf "$T/m2/io/github/zegotoken"
"${MVN[@]}" -q -o -Dmaven.repo.local="$T/m2" org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file \
  -Dfile="$jar" -DpomFile="$HERE/pom.xml" \
  -Dsources="$J/zego-token-$version-sources.jar" -Djavadoc="$J/zego-token-$version-javadoc.jar"
[ -s "$T/m2/io/github/zegotoken/zego-token/$version/zego-token-$version.jar" ] || fail "install-file installed nothing"
cp -r "$HERE/install-test" "$T/app"
sed -i "s/@VERSION@/$version/" "$T/app/pom.xml"
clean_path=$(tr ':' '\n' <<<"$PATH" | grep -v -e cargo -e rustup | paste -sd: -)
(
  cd "$T/app"
  export PATH=$clean_path
  ! command -v cargo >/dev/null || fail "cargo is still on PATH"
  unset CARGO_HOME RUSTUP_HOME
  "${MVN[@]}" -q -o -Dmaven.repo.local="$T/m2" compile exec:exec
) | tee "$T/out.txt"
# (Maven's console library prints colour resets even in batch mode: strip them.)
sed 's/\x1b\[[0-9;]*m//g' "$T/out.txt" | grep -q '^install test: zego-token '"$version"' ' || fail "the app did not report success"
echo "java: all passed"
