"""ns/token through the installed zego_token package, against the C ABI's figures of the same run.

    python bench.py [C_JSON] [ROUNDS] [TOKENS_PER_ROUND]      (bench.sh runs it; make bench runs that)

The APIs are measured in many short rounds (about 1 ms: shorter than a time slice, so that a
loaded machine preempts few of them), interleaved, so that the machine's drift affects them
alike; each figure is the median of its rounds. The inputs are those of examples/c/bench.c: user
"user-000001", lifetime 3600 s, the payload of build_rtc_room_payload("room-0001", True, True).
Targets (issue #11): one-shot generate_token04 (CBC) at most 4x the C one-shot CBC;
Generator.generate at most 3x the C generator of the same mode.
"""
import json
import statistics
import sys
import time

import zego_token
from zego_token import Generator, build_rtc_room_payload, generate_token04

SECRET = "fa94dd0f974cf2e293728a526b028271"
USER = "user-000001"
PAYLOAD = build_rtc_room_payload("room-0001", True, True)


def oneshot(mode):
    def run(n, f=generate_token04, clock=time.perf_counter):
        t = clock()
        for _ in range(n):
            f(1, USER, SECRET, 3600, PAYLOAD, mode)
        return clock() - t
    return run


def generator(mode):
    gen = Generator(1, SECRET, mode)

    def run(n, f=gen.generate, clock=time.perf_counter):
        t = clock()
        for _ in range(n):
            f(USER, 3600, PAYLOAD)
        return clock() - t
    return run


APIS = {
    "oneshot_cbc": ("generate_token04 (one-shot, CBC)", oneshot("cbc")),
    "oneshot_gcm": ("generate_token04 (one-shot, GCM)", oneshot("gcm")),
    "generator_gcm": ("Generator.generate (GCM)", generator("gcm")),
    "generator_cbc": ("Generator.generate (CBC)", generator("cbc")),
}
# (our figure, C figure to compare with, target ratio)
TARGETS = [
    ("oneshot_cbc", "oneshot_cbc", 4.0),
    ("generator_gcm", "generator_gcm", 3.0),
    ("generator_cbc", "generator_cbc", 3.0),
]


def measure(rounds, n):
    samples = {key: [] for key in APIS}
    for _, run in APIS.values():
        run(n)  # warm up
    for _ in range(rounds):
        for key, (_, run) in APIS.items():
            samples[key].append(run(n) / n * 1e9)
    return {key: statistics.median(v) for key, v in samples.items()}


def main():
    c_json = sys.argv[1] if len(sys.argv) > 1 else None
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 201
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    print("python %s, zego_token %s, library %s (%s)" % (
        sys.version.split()[0], zego_token.__version__, zego_token.library_version(),
        zego_token.library_path()))
    print("%d rounds of %d tokens per API, interleaved; medians" % (rounds, n))
    ns = measure(rounds, n)
    if not c_json:
        for key, (name, _) in APIS.items():
            print("%-40s %8.0f ns/token" % ("python " + name, ns[key]))
        return 0
    with open(c_json, encoding="utf-8") as f:
        c = json.load(f)
    print("%-42s %9s  %-20s %8s  %5s  target" % ("Python API", "ns/token", "against C", "ns/token", "ratio"))
    missed = 0
    for key, c_key, target in TARGETS:
        ratio = ns[key] / c[c_key]
        ok = ratio <= target
        missed += not ok
        print("%-42s %9.0f  %-20s %8.0f  %5.2f  <= %.0fx %s" % (
            "python " + APIS[key][0], ns[key], c_key, c[c_key], ratio, target, "met" if ok else "missed"))
    print("(also: python one-shot GCM %.0f ns/token, %.2fx C one-shot GCM)"
          % (ns["oneshot_gcm"], ns["oneshot_gcm"] / c["oneshot_gcm"]))
    print(json.dumps({k: round(v, 1) for k, v in ns.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
