#!/usr/bin/env bash
# make dist-check-old: the artifacts in dist/ on an older userland than the build machine's,
# Debian 11 (bullseye: glibc 2.31, gcc 10, python 3.9, nodejs 12, openjdk 11), in a chroot.
# The root is debootstrapped once and cached (scripts/bullseye-root.sh, target/bullseye-root);
# each run works in a fresh overlay over it, so nothing a run installs stays. Inside, with no
# network and nothing of the build machine's on PATH:
#   c       the C tarball: examples/c/generate.c built with bullseye's gcc through its .pc
#           files, shared (rpath) and static, both run
#   deb     apt-get install ./libzego-token0_*.deb ./libzego-token-dev_*.deb, then generate.c
#           through pkg-config (shared and static), run
#   go      the Go module's test app: fully static, built outside; and dynamic, built inside
#           with bullseye's gcc 10 and this machine's Go toolchain mounted read-only
#           (bullseye's Go is 1.15, the module needs 1.19); both run inside
#   python  the abi3 wheel in a venv of bullseye's python3.9 (pip from bullseye, --no-index):
#           installed and used if its tag admits 3.9; otherwise pip must refuse it, and the
#           library inside the wheel is loaded with ctypes and makes tokens
#   node    the npm tarballs unpacked as npm lays them out (bullseye's nodejs has no npm) and
#           required under nodejs 12: it works, or fails as its engines field (node >= 20) says
#   java    the jar under openjdk 11: a class compiled outside (--release 8) makes tokens
# Every token is decoded inside the root by scripts/zt-decode.py on bullseye's
# python3-cryptography, not by the library. Prints one PASS/FAIL line per artifact, with times.
# Usage: scripts/dist-check-old.sh [PART...]   (as root; default: c deb go python node java)
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR=${VERSION%%.*}
parts=("$@"); [ ${#parts[@]} -gt 0 ] || parts=(c deb go python node java)
[ "$(id -u)" -eq 0 ] || { echo "dist-check-old: needs root (chroot, mount)" >&2; exit 1; }
base=$(scripts/bullseye-root.sh)
T=$(mktemp -d /tmp/zego-token-old.XXXXXX)
M=$T/root
mkdir -p "$T/u" "$T/w" "$M"
cleanup() {
  for m in "$M/gocache" "$M/usr/local/go" "$M/proc" "$M/dev" "$M"; do mountpoint -q "$m" && umount -l "$m"; done
  rm -rf "$T"
}
trap cleanup EXIT
mount -t overlay overlay -o "lowerdir=$base,upperdir=$T/u,workdir=$T/w" "$M"
mount -t proc proc "$M/proc"
mount --bind /dev "$M/dev"
W=$M/work
mkdir -p "$W"
cp scripts/zt-decode.py examples/c/generate.c "$W/"
echo "== dist-check-old: Debian $(cat "$M/etc/debian_version"), $(chroot "$M" /usr/bin/ldd --version | head -1)"

# Runs a script inside the root as a fresh login would (no host PATH, no LD_LIBRARY_PATH).
inside() { chroot "$M" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root \
  LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive bash -euo pipefail -c "cd /work; $(declare -f decode); $1"; }
# (Inside: the independent decoder on bullseye's python3 and python3-cryptography.)
decode() { python3 /work/zt-decode.py "$@" || { echo "token not decoded as $2 app $3 user $4: $1" >&2; return 1; }; }

part_c() {
  cp "dist/c/zego-token-$VERSION-linux-x86_64.tar.gz" "$W/"
  inside '
    mkdir c && tar -xzf zego-token-*-linux-x86_64.tar.gz -C c
    dir=$(echo /work/c/zego-token-*); export PKG_CONFIG_PATH=$dir/lib/pkgconfig
    gcc --version | head -1
    gcc -std=c99 -Wall -Wextra -Werror generate.c $(pkg-config --cflags --libs zego_token) -Wl,-rpath,$dir/lib -o gen-shared
    gcc -std=c99 -Wall -Wextra -Werror generate.c $(pkg-config --cflags --libs zego_token-static) -o gen-static
    ldd gen-shared | grep -q "libzego_token.so.'"$MAJOR"' => $dir/lib/"
    ! ldd gen-static | grep -q libzego_token
    decode "$(./gen-shared)" cbc 1 demo && decode "$(./gen-static gcm)" gcm 1 demo
    $dir/bin/zego-token --help > /dev/null
    echo "tarball: generate.c through zego_token.pc (shared) and zego_token-static.pc, tokens decoded; bin/zego-token runs"'
}

part_deb() {
  cp dist/deb/libzego-token"$MAJOR"_"$VERSION"-1_amd64.deb dist/deb/libzego-token-dev_"$VERSION"-1_amd64.deb "$W/"
  inside '
    apt-get install -y -qq ./libzego-token'"$MAJOR"'_*.deb ./libzego-token-dev_*.deb > apt.log 2>&1 || { cat apt.log; exit 1; }
    ldconfig -p | grep -q "libzego_token.so.'"$MAJOR"' "
    gcc -std=c99 -Wall -Wextra -Werror generate.c $(pkg-config --cflags --libs zego_token) -o deb-shared
    gcc -std=c99 -Wall -Wextra -Werror generate.c $(pkg-config --cflags --libs zego_token-static) -o deb-static
    ldd deb-shared | grep -Eq "libzego_token.so.'"$MAJOR"' => (/usr)?/lib/"
    decode "$(./deb-shared)" cbc 1 demo && decode "$(./deb-static gcm)" gcm 1 demo
    echo "apt-get install ./*.deb; pkg-config shared and static, tokens decoded"'
}

part_go() {
  . scripts/go-test-app.sh
  local g=$W/go
  mkdir -p "$g/app"
  cp -r dist/go/zegotoken "$g/zegotoken"
  write_go_app "$g/app" "$(cd "$g/zegotoken" && go list -m)" "$g/zegotoken"
  # Outside, with the build machine's gcc: a fully static binary, which must run anywhere.
  (cd "$g/app" && env GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOCACHE=$REPO/target/bullseye-go/host GOPATH=$T/go-path \
     PKG_CONFIG=/nonexistent/pkg-config go build -ldflags '-linkmode external -extldflags -static' \
     -o "$W/go-static" . > "$T/go-static.log" 2>&1) || { cat "$T/go-static.log"; exit 1; }
  # Inside, with bullseye's gcc 10 and glibc 2.31 (and this machine's Go toolchain, mounted
  # read-only: bullseye's Go is 1.15, the module needs 1.19): the default, dynamic build.
  sed -i "s|=> $g/zegotoken|=> /work/go/zegotoken|" "$g/app/go.mod"
  mkdir -p "$M/usr/local/go"
  mount --bind -o ro "$(go env GOROOT)" "$M/usr/local/go"
  # Go's build caches are kept in target/bullseye-go: a re-run compiles nothing it compiled before.
  mkdir -p "$REPO/target/bullseye-go/inside" "$M/gocache"
  mount --bind "$REPO/target/bullseye-go/inside" "$M/gocache"
  inside '
    export PATH=/usr/local/go/bin:$PATH GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod GOCACHE=/gocache GOPATH=/work/go/path
    go version
    (cd go/app && PKG_CONFIG=/nonexistent/pkg-config go build -o /work/go-dyn .)
    ldd go-dyn | grep -q libc.so.6 && ! ldd go-dyn | grep -q libzego_token
    for b in go-static go-dyn; do o=$(./$b); decode "$(sed -n 1p <<<"$o")" cbc 1234 go-user; decode "$(sed -n 2p <<<"$o")" gcm 1234 go-user; done
    echo "the module'"'"'s app: static (built outside) and dynamic (built inside with gcc 10): tokens decoded"'
}

part_python() {
  local wheel
  wheel=$(ls dist/python/zego_token-"$VERSION"-*manylinux*_x86_64.whl)
  cp "$wheel" "$W/"
  inside '
    python3 --version
    python3 -m venv venv
    whl=$(ls zego_token-*.whl)
    tag=$(sed -E "s/^zego_token-[^-]+-(cp[0-9]+)-.*/\1/" <<<"$whl")
    if [ "${tag#cp}" -le 39 ]; then
      venv/bin/pip install -q --no-index "$whl"
      t=$(venv/bin/python -c "import zego_token; print(zego_token.Generator(1, \"fa94dd0f974cf2e293728a526b028271\").generate(\"demo\", 600))")
      decode "$t" gcm 1 demo
      echo "wheel installed in a python3.9 venv: tokens decoded"
    else
      if venv/bin/pip install --no-index "$whl" > pip.log 2>&1; then echo "pip installed a $tag wheel on python 3.9"; exit 1; fi
      grep -q "is not a supported wheel on this platform" pip.log || { cat pip.log; exit 1; }
      echo "pip refuses the $tag wheel on python 3.9, as its tag and requires-python (>= 3.10) say"
      mkdir whl && python3 -c "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(\"whl\")" "$whl"
      t=$(python3 - <<"PY"
import ctypes, glob
lib = ctypes.CDLL(glob.glob("whl/zego_token/libzego_token*.so")[0])
out = ctypes.c_char_p()
rc = lib.zego_generate_token04_gcm(ctypes.c_uint32(1), b"demo", b"fa94dd0f974cf2e293728a526b028271",
                                   ctypes.c_int64(600), None, ctypes.byref(out))
assert rc == 0, rc
print(out.value.decode())
PY
)
      decode "$t" gcm 1 demo
      echo "the wheel'"'"'s libzego_token loads on glibc 2.31 (ctypes): a GCM token decoded"
    fi'
}

part_node() {
  cp dist/node/zego-token-"$VERSION".tgz dist/node/zego-token-linux-x64-gnu-"$VERSION".tgz "$W/"
  inside '
    echo "node $(node --version)"
    mkdir -p app/node_modules/@zego-token/linux-x64-gnu app/node_modules/zego-token
    tar -xzf zego-token-'"$VERSION"'.tgz -C app/node_modules/zego-token --strip-components=1
    tar -xzf zego-token-linux-x64-gnu-'"$VERSION"'.tgz -C app/node_modules/@zego-token/linux-x64-gnu --strip-components=1
    cd app
    if o=$(node -e "
      const z = require(\"zego-token\"); const s = \"fa94dd0f974cf2e293728a526b028271\";
      console.log(z.generateToken04(1, \"demo\", s, 600)); console.log(new z.Generator(1, s).generate(\"demo\", 600));" 2>&1); then
      decode "$(sed -n 1p <<<"$o")" cbc 1 demo; decode "$(sed -n 2p <<<"$o")" gcm 1 demo
      echo "the addon works under node $(node --version) (engines says >= 20): tokens decoded"
    else
      echo "under node $(node --version) the package fails to load, as its engines field (node >= 20) allows:"
      head -5 <<<"$o" | sed "s/^/      /"
      # The native part alone (N-API): does the addon load on glibc 2.31?
      v=$(node -e "console.log(require(\"@zego-token/linux-x64-gnu\").version())" 2>&1) \
        && echo "   (the addon alone loads under node $(node --version) on glibc 2.31: version $v)" \
        || echo "   (the addon alone does not load either: $v)"
      exit 3
    fi'
}

part_java() {
  local j=$T/java
  mkdir -p "$j"
  cp "dist/java/zego-token-$VERSION.jar" "$W/"
  cat > "$j/OldCheck.java" <<'JAVA'
import io.github.zegotoken.Generator;
import io.github.zegotoken.ZegoToken;

public class OldCheck {
    public static void main(String[] args) {
        String secret = "fa94dd0f974cf2e293728a526b028271";
        System.out.println(ZegoToken.generateToken04(1, "demo", secret, 600, ""));
        try (Generator g = new Generator(1, secret)) {
            System.out.println(g.generate("demo", 600));
        }
    }
}
JAVA
  javac --release 8 -nowarn -cp "$W/zego-token-$VERSION.jar" -d "$W" "$j/OldCheck.java" 2>&1 | grep -v '^warning' || true
  [ -f "$W/OldCheck.class" ] || { echo "javac failed"; return 1; }
  inside '
    java -version 2>&1 | head -1
    o=$(java -cp zego-token-'"$VERSION"'.jar:. OldCheck)
    decode "$(sed -n 1p <<<"$o")" cbc 1 demo; decode "$(sed -n 2p <<<"$o")" gcm 1 demo
    echo "the jar under openjdk 11: tokens decoded"'
}

declare -A result
failed=0
for part in "${parts[@]}"; do
  echo "== dist-check-old: $part"
  s=$SECONDS
  set +e; (set -e; "part_$part") 2>&1 | sed 's/^/   /'; rc=${PIPESTATUS[0]}; set -e
  case $rc in
    0) result[$part]="PASS" ;;
    3) result[$part]="UNSUPPORTED (documented)" ;;
    *) result[$part]="FAIL"; failed=1 ;;
  esac
  result[$part]="${result[$part]} ($((SECONDS - s)) s)"
done
echo "== dist-check-old on Debian 11 (bullseye, glibc 2.31):"
for part in "${parts[@]}"; do printf '   %-7s %s\n' "$part" "${result[$part]}"; done
[ $failed = 0 ] || { echo "dist-check-old: FAILED" >&2; exit 1; }
echo "dist-check-old: all passed"
