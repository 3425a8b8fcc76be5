#!/usr/bin/env bash
# ns/token of the Go binding against the C ABI figures of the same run (make bench):
#   bindings/go/bench.sh target/bench/c.json
# One-shot GenerateToken04 (CBC) against zego_generate_token04, Generator.Generate (GCM) against
# zego_token04_generator_generate (GCM); target for both: at most 1.6x the C call. The GCM one-shot
# and the CBC generator are shown too. Each Go figure is the median of GO_BENCH_COUNT runs.
# Then the same ratios measured in one process, Go and the same C calls (linked from the same
# libzego_token.a) timed alternately in short rounds, which the machine's drift between the C
# benchmark and this one cannot skew (cref.go and cref_test.go, built with -tags zegotoken_bench).
set -euo pipefail

c_json=${1:?usage: bench.sh C_JSON (the C figures written by examples/c/bench.c)}
c_json=$(cd "$(dirname "$c_json")" && pwd)/$(basename "$c_json")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
"$repo/scripts/ensure-tools.sh" go:golang-go pkg-config cc:gcc python3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zegotoken-go-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
make -s -C "$repo" install PREFIX="$tmp/prefix" >/dev/null
unset CGO_CFLAGS CGO_CPPFLAGS CGO_LDFLAGS GOFLAGS
export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig GOPROXY=off
# Build from a copy: Go's build cache does not key on pkg-config's output, so a package built in
# place against an earlier (since deleted) temporary prefix would be reused.
mod=$tmp/zegotoken
cp -r "$here/." "$mod"

count=${GO_BENCH_COUNT:-7}
iters=${GO_BENCH_ITERS:-100000}
echo "go: $(go version | cut -d' ' -f3), $count runs of $iters tokens per benchmark, statically linked"
(cd "$mod" && go test -tags zegotoken_bench -run '^$' \
  -bench '^Benchmark(GenerateToken04|GenerateToken04GCM|GeneratorGCM|GeneratorCBC)$' \
  -benchtime="${iters}x" -count="$count" .) >"$tmp/bench.txt"
(cd "$mod" && go test -tags zegotoken_bench -run '^TestInterleavedOverhead$' -count=1 -v .) >>"$tmp/bench.txt"

python3 - "$c_json" "$tmp/bench.txt" <<'EOF'
import json, re, statistics, sys
c = json.load(open(sys.argv[1]))
runs, inter = {}, {}
for line in open(sys.argv[2]):
    m = re.match(r'Benchmark(\w+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op', line)
    if m:
        runs.setdefault(m.group(1), []).append(float(m.group(3)))
    m = re.match(r'interleaved (\w+) go_ns ([\d.]+) c_ns ([\d.]+) ratio ([\d.]+)', line)
    if m:
        inter[m.group(1)] = [float(x) for x in m.group(2, 3, 4)]
TARGET = 1.6
rows = [  # Go benchmark, label, C key, has a target
    ("GenerateToken04", "GenerateToken04 (one-shot, CBC)", "oneshot_cbc", True),
    ("GeneratorGCM", "Generator.Generate (GCM)", "generator_gcm", True),
    ("GenerateToken04GCM", "GenerateToken04GCM (one-shot, GCM)", "oneshot_gcm", False),
    ("GeneratorCBC", "Generator.Generate (CBC)", "generator_cbc", False),
]
print(f"{'Go API':38} {'Go ns':>7} {'C ns':>7} {'Go/C':>6}  target")
missed = 0
for bench, label, key, has_target in rows:
    if bench not in runs or key not in c:
        sys.exit(f"missing figure: {bench} / {key}")
    go = statistics.median(runs[bench])
    ratio = go / c[key]
    verdict = ""
    if has_target:
        ok = ratio <= TARGET
        missed += not ok
        verdict = f"<= {TARGET}x: {'met' if ok else 'missed'}"
    print(f"{label:38} {go:7.0f} {c[key]:7.0f} {ratio:6.3f}  {verdict}")
print("go: overhead targets against the C benchmark's figures:", "met" if not missed else f"missed ({missed})")
print()
print("the same, measured in one process (Go and C alternately, median of the rounds' ratios):")
print(f"{'Go API':38} {'Go ns':>7} {'C ns':>7} {'Go/C':>6}  target")
missed_i = 0
for bench, label, key, has_target in rows:
    if bench not in inter:
        sys.exit(f"missing interleaved figure: {bench}")
    go, cns, ratio = inter[bench]
    verdict = ""
    if has_target:
        ok = ratio <= TARGET
        missed_i += not ok
        verdict = f"<= {TARGET}x: {'met' if ok else 'missed'}"
    print(f"{label:38} {go:7.0f} {cns:7.0f} {ratio:6.3f}  {verdict}")
print("go: overhead targets in one process:", "met" if not missed_i else f"missed ({missed_i})")
EOF
