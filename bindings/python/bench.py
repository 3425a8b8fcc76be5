"""ns/token through the installed zego_token package, against the C calls it wraps, timed in the
same process, round beside round.

    python bench.py BENCH_C_SO [C_JSON] [ROUNDS] [TOKENS_PER_ROUND]     (bench.sh runs it)

BENCH_C_SO is bench_c.c built by bench.sh against the static library the wheel was built from;
it is loaded with ctypes, and each of its functions makes a whole round of tokens in C (one
ctypes call per round, not per token). For every API, each round times the C loop and the
Python loop right after each other (in alternating order), so that the machine's load at that
moment weighs on both: the ratio is the median of the rounds' ratios, the ns/token the medians of
their rounds. Rounds are short (about 1 ms: shorter than a time slice, so a loaded machine
preempts few of them). The inputs are examples/c/bench.c's: user "user-000001", lifetime 3600 s,
the payload of build_rtc_room_payload("room-0001", True, True).
Targets (issue #18): one-shot generate_token04 at most 1.5x the C one-shot call, Generator.generate
at most 1.5x the C generator of the same mode. C_JSON (make bench's C figures, a minute earlier)
is printed beside, for reference only.
"""
import ctypes
import json
import os
import statistics
import sys
import time

import zego_token
from zego_token import Generator, build_rtc_room_payload, generate_token04

SECRET = "fa94dd0f974cf2e293728a526b028271"
USER = "user-000001"
PAYLOAD = build_rtc_room_payload("room-0001", True, True)
TARGET = 1.5


def py_oneshot(mode):
    def run(n, f=generate_token04, clock=time.perf_counter_ns):
        t = clock()
        for _ in range(n):
            f(1, USER, SECRET, 3600, PAYLOAD, mode)
        return clock() - t
    return run


def py_generator(mode):
    gen = Generator(1, SECRET, mode)

    def run(n, f=gen.generate, clock=time.perf_counter_ns):
        t = clock()
        for _ in range(n):
            f(USER, 3600, PAYLOAD)
        return clock() - t
    return run


def c_loop(fn, gcm):
    args = (USER.encode(), SECRET.encode(), PAYLOAD.encode())

    def run(n):
        t = fn(1 if gcm else 0, *args, n)
        if t < 0:
            raise SystemExit("bench_c: the C call failed")
        return t
    return run


def main():
    c = ctypes.CDLL(os.path.abspath(sys.argv[1]))
    for name in ("bench_oneshot", "bench_generator"):
        f = getattr(c, name)
        f.restype = ctypes.c_int64
        f.argtypes = [ctypes.c_int32, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
                      ctypes.c_int64]
    c_json = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 201
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    # (name, Python loop, C loop, key of make bench's C figure)
    apis = [
        ("generate_token04 (one-shot, CBC)", py_oneshot("cbc"), c_loop(c.bench_oneshot, False),
         "oneshot_cbc"),
        ("generate_token04 (one-shot, GCM)", py_oneshot("gcm"), c_loop(c.bench_oneshot, True),
         "oneshot_gcm"),
        ("Generator.generate (GCM)", py_generator("gcm"), c_loop(c.bench_generator, True),
         "generator_gcm"),
        ("Generator.generate (CBC)", py_generator("cbc"), c_loop(c.bench_generator, False),
         "generator_cbc"),
    ]
    print("python %s, zego_token %s (%s); load average %s" % (
        sys.version.split()[0], zego_token.__version__, zego_token.library_path(),
        " ".join("%.2f" % x for x in os.getloadavg())))
    print("%d rounds of %d tokens per API, the C loop and the Python loop side by side; medians"
          % (rounds, n))
    samples = {name: ([], [], []) for name, _, _, _ in apis}
    for _, py, cl, _ in apis:  # warm up
        py(n)
        cl(n)
    for r in range(rounds):
        for name, py, cl, _ in apis:
            if r % 2:
                tp, tc = py(n), cl(n)
            else:
                tc, tp = cl(n), py(n)
            s = samples[name]
            s[0].append(tp / n)
            s[1].append(tc / n)
            s[2].append(tp / tc)
    figures = json.load(open(c_json, encoding="utf-8")) if c_json else {}
    print("%-36s %9s %9s %6s  target" % ("Python API", "Python ns", "C ns", "ratio"))
    out = {}
    for name, _, _, key in apis:
        py_ns, c_ns, ratio = (statistics.median(v) for v in samples[name])
        ok = ratio <= TARGET
        ref = " (make bench's C: %.0f ns)" % figures[key] if key in figures else ""
        print("%-36s %9.0f %9.0f %5.2fx  <= %.1fx %s%s" % (
            name, py_ns, c_ns, ratio, TARGET, "met" if ok else "missed", ref))
        out[key] = {"python_ns": round(py_ns, 1), "c_ns": round(c_ns, 1), "ratio": round(ratio, 3)}
    print("load average after: %s" % " ".join("%.2f" % x for x in os.getloadavg()))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
