#!/usr/bin/env bash
# Runs make bench's C benchmark built against two libraries, alternately (A B A B A B), and
# compares each API's ns/token: the median over the runs of B's figure over A's. Fails if any
# API of B is more than LIMIT percent slower than A.
# Usage: scripts/bench-compare.sh ITERS LIMIT BENCH_A BENCH_B   (RUNS=3)
set -euo pipefail
iters=$1 limit=$2 a=$3 b=$4 runs=${RUNS:-3}
dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-compare.XXXXXX")
trap 'rm -rf "$dir"' EXIT
for i in $(seq "$runs"); do
  for side in a b; do
    prog=$a; [ $side = b ] && prog=$b
    # 100000 RSS tokens: the RSS part is not compared here.
    "$prog" "$iters" 100000 "$dir/$side$i.json" > "$dir/$side$i.txt"
    ldd "$prog" | grep -q libzego_token || { echo "bench-compare: $prog loads no libzego_token" >&2; exit 1; }
  done
done
echo "A = $a ($(ldd "$a" | awk '/libzego_token/ {print $3}'))"
echo "B = $b ($(ldd "$b" | awk '/libzego_token/ {print $3}'))"
python3 - "$dir" "$runs" "$limit" <<'PY'
import json, statistics, sys
d, runs, limit = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
A = [json.load(open(f"{d}/a{i}.json")) for i in range(1, runs + 1)]
B = [json.load(open(f"{d}/b{i}.json")) for i in range(1, runs + 1)]
bad = 0
print(f"{'figure':<40} {'A ns':>9} {'B ns':>9} {'B/A':>7}")
for k in A[0]:
    a = statistics.median(r[k] for r in A)
    b = statistics.median(r[k] for r in B)
    # the ratio within each pair of neighbouring runs, then its median
    ratio = statistics.median(B[i][k] / A[i][k] for i in range(runs))
    slow = ratio > 1 + limit / 100 and "floor" not in k
    bad += slow
    print(f"{k:<40} {a:>9.1f} {b:>9.1f} {ratio:>7.3f}{'  SLOWER than ' + str(limit) + '%' if slow else ''}")
print(f"B within {limit}% of A on every API" if not bad else f"B slower than {limit}% on {bad} APIs")
sys.exit(1 if bad else 0)
PY
