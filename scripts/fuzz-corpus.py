#!/usr/bin/env python3
"""Seeds the fuzz corpora from the shared vectors (tests/data): every token as text for `decode`,
and every generation case and error case laid out as `ffi_generate` input."""
import json, os, struct, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
out = os.path.join(root, "fuzz", "corpus")
vectors = json.load(open(os.path.join(root, "tests", "data", "token04-vectors.json")))
foreign = json.load(open(os.path.join(root, "tests", "data", "token04-foreign.json")))

def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)

n = 0
for t in vectors["cases"] + foreign["tokens"]:
    put("decode", "tok%03d" % n, t["token"].encode())
    n += 1
for i, c in enumerate(vectors["cases"] + vectors["errors"]):
    ttl = max(min(c["effective_time_in_seconds"], 2**63 - 1), -2**63)
    head = struct.pack("<Iq", c["app_id"] & 0xffffffff, ttl) + bytes([i % 3])
    body = b"\0".join(s.encode() for s in (c["user_id"], c["secret"], c["payload"][:2000]))
    put("ffi_generate", "case%03d" % i, head + body)
print("fuzz corpus: %d decode seeds, %d generate seeds" % (n, i + 1), file=sys.stderr)
