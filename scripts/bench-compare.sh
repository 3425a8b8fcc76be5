#!/usr/bin/env bash
# Runs make bench's C benchmark built against two libraries, alternately (A B A B A B), and
# compares each API's ns/token: the median over the runs of B's figure over A's, raw and relative
# to each run's own floor. Fails if any API of B is more than LIMIT percent slower (vs floor).
# Usage: scripts/bench-compare.sh ITERS LIMIT BENCH_A BENCH_B   (RUNS=3)
set -euo pipefail
# A pipe into grep -q can end before its writer does (SIGPIPE, a failure under pipefail): read all.
has() { local in; in=$(cat); grep -q "$@" <<<"$in"; }
iters=$1 limit=$2 a=$3 b=$4 runs=${RUNS:-3}
dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-compare.XXXXXX")
trap 'rm -rf "$dir"' EXIT
for i in $(seq "$runs"); do
  for side in a b; do
    prog=$a; [ $side = b ] && prog=$b
    # 100000 RSS tokens: the RSS part is not compared here.
    "$prog" "$iters" 100000 "$dir/$side$i.json" > "$dir/$side$i.txt"
    ldd "$prog" | has libzego_token || { echo "bench-compare: $prog loads no libzego_token" >&2; exit 1; }
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
# Each run measures its own floor (the crates floor, interleaved with the APIs): an API's time over
# the floor's in the same run cancels the machine's drift between runs (large on a shared VM).
print(f"{'figure':<16} {'A ns':>9} {'B ns':>9} {'B/A raw':>8} {'B/A vs floor':>13}")
for k in [k for k in A[0] if k in B[0]]:  # (an API new in one of them is left out)
    a = statistics.median(r[k] for r in A)
    b = statistics.median(r[k] for r in B)
    raw = statistics.median(B[i][k] / A[i][k] for i in range(runs))
    norm = statistics.median((B[i][k] / B[i]["floor"]) / (A[i][k] / A[i]["floor"]) for i in range(runs))
    slow = norm > 1 + limit / 100 and not k.startswith("floor")
    bad += slow
    print(f"{k:<16} {a:>9.1f} {b:>9.1f} {raw:>8.3f} {norm:>13.3f}{'  SLOWER than ' + str(limit) + '%' if slow else ''}")
print(f"B within {limit}% of A on every API (time over the run's own floor, median of {runs} runs)" if not bad
      else f"B slower than {limit}% on {bad} APIs")
sys.exit(1 if bad else 0)
PY
