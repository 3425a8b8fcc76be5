#!/usr/bin/env python3
"""Writes tests/data/conformance.json, the one conformance table every layer runs.

The inputs and expected codes are written out below, by hand; only the malformed tokens are
derived (from the vectors in tests/data/token04-vectors.json, or sealed here with fixed IVs so
that every run writes the same bytes). Run it after editing an entry, and commit both files:
`scripts/conformance-table.py` (or `--check`, which fails if the committed table differs).
The format is described in CONTRIBUTING.md, "Bindings contract".
"""
import base64
import json
import os
import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "conformance.json")
VECTORS = json.load(open(os.path.join(ROOT, "tests", "data", "token04-vectors.json")))

SECRET = "fa94dd0f974cf2e293728a526b028271"
MAX_SAFE = 2**53 - 1
I64_MAX = 2**63 - 1
I64_MIN = -(2**63)
U32_MAX = 2**32 - 1
# The longest token text (src/decode.rs MAX_TOKEN_LEN): "04" + base64 of the longest packed token.
MAX_PACKED = 8 + 2 + 16 + 2 + 65519 + 16 + 1
MAX_TOKEN_LEN = 2 + (MAX_PACKED + 2) // 3 * 4


def vector(name):
    return next(c for c in VECTORS["cases"] if c["name"] == name)


def claims_of(case):
    return {
        "app_id": case["app_id"],
        "user_id": case["user_id"],
        "nonce": case["nonce"],
        "ctime": case["ctime"],
        "expire": case["ctime"] + case["effective_time_in_seconds"],
        "payload": case["payload"],
        "mode": case["mode"],
    }


CBC = vector("seed-general-cbc")
GCM = vector("seed-general-gcm")
NOW = CBC["ctime"]  # both seed vectors: ctime 1700000000, expire 1700003600
EXPIRE = CBC["ctime"] + CBC["effective_time_in_seconds"]


def unpack(token):
    return base64.b64decode(token[2:], validate=True)


def pack(packed):
    return "04" + base64.b64encode(packed).decode()


def packed(expire, iv, ct, mode_byte=None):
    out = struct.pack(">qH", expire, len(iv)) + iv + struct.pack(">H", len(ct)) + ct
    if mode_byte is not None:
        out += bytes([mode_byte])
    return out


def gcm_sealed(plaintext, expire=EXPIRE, secret=SECRET):
    iv = b"conformance!"  # 12 bytes, fixed so that the table is reproducible
    ct = AESGCM(secret.encode()).encrypt(iv, plaintext, None)
    return pack(packed(expire, iv, ct, 1))


def cbc_sealed(plaintext, expire=EXPIRE, secret=SECRET, pad=True):
    iv = b"0123456789abcdef"
    if pad:
        n = 16 - len(plaintext) % 16
        plaintext += bytes([n]) * n
    enc = Cipher(algorithms.AES(secret.encode()), modes.CBC(iv)).encryptor()
    return pack(packed(expire, iv, enc.update(plaintext) + enc.finalize()))


def claims_json(user_id="demo", expire=EXPIRE, payload="", app_id=1):
    return json.dumps(
        {"app_id": app_id, "user_id": user_id, "nonce": 1, "ctime": NOW, "expire": expire,
         "payload": payload},
        separators=(",", ":"),
    ).encode()


def hexs(b):
    return {"hex": b.hex()}


def integer(n):
    """An integer input: a JSON number when a double holds it exactly, else decimal digits."""
    return n if -MAX_SAFE <= n <= MAX_SAFE else str(n)


# ---- generate entries: (name, app_id, user_id, secret, ttl, payload, cbc, gcm, generator) ----
# Strings: a JSON string (its UTF-8 bytes; \u0000 is a NUL byte), {"hex": ...} (raw bytes),
# {"repeat": s, "count": n} (s n times), null (a NULL pointer), {"null_len": n} (NULL with length n).
U64 = "u" * 64
E32 = "\u00e9" * 32
GOOD = dict(app_id=1, user_id="demo", secret=SECRET, ttl=3600, payload="")
GEN = []


def gen(name, note="", expect=None, generator=None, **kw):
    args = dict(GOOD, **kw)
    code = 0 if expect is None else expect
    GEN.append((name, note, args, code, code if generator is None else generator))


gen("valid", "the plain case")
gen("valid-payload", payload='{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}')
gen("valid-null-payload", "NULL payload means no payload", payload=None)
gen("app-id-zero", expect=1, app_id=0)
gen("app-id-max", app_id=U32_MAX)
gen("app-id-negative", "outside uint32: layers with wider integers", expect=1, app_id=-1)
gen("app-id-2-pow-32", "outside uint32: layers with wider integers", expect=1, app_id=2**32)
gen("user-id-empty", expect=3, user_id="")
gen("user-id-64-bytes", user_id=U64)
gen("user-id-65-bytes", expect=3, user_id=U64 + "u")
gen("user-id-64-bytes-multibyte", user_id=E32)
gen("user-id-65-bytes-multibyte", expect=3, user_id=E32 + "x")
gen("user-id-nul-inside", expect=3, user_id="de\u0000mo")
gen("user-id-nul-at-end", expect=3, user_id="demo\u0000")
gen("user-id-not-utf8", expect=3, user_id=hexs(b"de\xffmo"))
gen("user-id-lone-surrogate-bytes", "CESU/WTF-8 bytes of U+D800", expect=3,
    user_id=hexs(b"\xed\xa0\x80"))
gen("user-id-null", expect=3, user_id=None)
gen("user-id-null-with-length", expect=3, user_id={"null_len": 4})
gen("secret-empty", expect=5, generator=5, secret="")
gen("secret-31-bytes", expect=5, generator=5, secret=SECRET[:31])
gen("secret-33-bytes", expect=5, generator=5, secret=SECRET + "0")
gen("secret-nul-inside", "32 bytes with a NUL", expect=5, generator=5,
    secret=SECRET[:10] + "\u0000" + SECRET[11:])
gen("secret-nul-after-32", "32 good bytes, then a NUL", expect=5, generator=5,
    secret=SECRET + "\u0000")
gen("secret-not-utf8", "32 bytes, not UTF-8", expect=5, generator=5,
    secret=hexs(SECRET[:31].encode() + b"\xff"))
gen("secret-null", expect=5, generator=5, secret=None)
gen("secret-null-with-length", expect=5, generator=5, secret={"null_len": 32})
gen("ttl-zero", expect=6, ttl=0)
gen("ttl-negative", expect=6, ttl=-1)
gen("ttl-one", ttl=1)
gen("ttl-hundred-years", ttl=3155760000)
gen("ttl-i64-max", "ctime + ttl overflows int64", expect=6, ttl=I64_MAX)
gen("ttl-i64-min", expect=6, ttl=I64_MIN)
gen("ttl-2-pow-63", "outside int64: layers with wider integers", expect=6, ttl=2**63)
gen("payload-nul-inside", expect=101, payload="a\u0000b")
gen("payload-not-utf8", expect=101, payload=hexs(b"\xc3("))
gen("payload-null-with-length", expect=101, payload={"null_len": 2})
gen("payload-too-large", "65520 bytes: no token can hold it", expect=102,
    payload={"repeat": "p", "count": 65520})
gen("payload-too-large-after-escaping", "under the limit, but JSON escaping doubles it", expect=102,
    payload={"repeat": "\"", "count": 40000})
gen("payload-nul-and-ttl-invalid", "the lifetime (6) is checked before the payload", expect=6,
    ttl=-1, payload="a\u0000b")
gen("payload-nul-and-secret-short", "the secret (5) before the payload", expect=5, generator=5,
    secret="12345", payload="a\u0000b")
gen("all-invalid", "every argument invalid: app id first", expect=1, generator=1,
    app_id=0, user_id="", secret="12345", ttl=0, payload=hexs(b"\xff"))
gen("all-invalid-but-app-id", "one-shot: user id (3); a generator checks its secret first", expect=3,
    generator=5, user_id="", secret="12345", ttl=0, payload=hexs(b"\xff"))
gen("all-invalid-with-nuls", "NULs in every string", expect=3, generator=5,
    user_id="\u0000", secret="\u0000" * 32, ttl=0, payload="\u0000")
gen("user-id-nul-and-secret-short", expect=3, generator=5, user_id="a\u0000", secret="12345")
gen("secret-short-and-ttl-zero", expect=5, generator=5, secret="12345", ttl=0)
gen("user-id-not-utf8-and-secret-not-utf8", expect=3, generator=5, user_id=hexs(b"\xff"),
    secret=hexs(b"\xff" * 32))

# ---- decode entries: (name, note, token, secret, verify app id, now, decode, verify, verify_cbc) ----
DEC = []


def dec(name, token, codes, note="", secret=SECRET, app_id=1, now=NOW, claims=None):
    d, v, vc = codes
    DEC.append((name, note, token, secret, app_id, now, d, v, vc, claims))


cbc_t, gcm_t = CBC["token"], GCM["token"]
cbc_p, gcm_p = unpack(cbc_t), unpack(gcm_t)
dec("cbc-valid", cbc_t, (0, 134, 0), "verify refuses CBC unless allowed", claims=claims_of(CBC))
dec("gcm-valid", gcm_t, (0, 0, 0), claims=claims_of(GCM))
for name in ("seed-strict-gcm", "unicode-user-tricky-payload-gcm", "max-app-id-64-byte-user-post-2038-gcm",
             "unicode-user-tricky-payload-cbc"):
    c = vector(name)
    v = 0 if c["mode"] == "gcm" else 134
    dec("vector-" + name, c["token"], (0, v, 0), secret=c["secret"], app_id=c["app_id"],
        now=c["ctime"], claims=claims_of(c))
dec("gcm-expired-at-expire", gcm_t, (0, 133, 133), "expire <= now is expired", now=EXPIRE,
    claims=claims_of(GCM))
dec("gcm-valid-one-second-before", gcm_t, (0, 0, 0), now=EXPIRE - 1, claims=claims_of(GCM))
dec("cbc-expired", cbc_t, (0, 134, 133), now=EXPIRE, claims=claims_of(CBC))
dec("gcm-wrong-app-id", gcm_t, (0, 132, 132), app_id=2, claims=claims_of(GCM))
dec("cbc-wrong-app-id", cbc_t, (0, 134, 132), app_id=2, claims=claims_of(CBC))
dec("gcm-wrong-app-id-and-expired", gcm_t, (0, 132, 132), "app id before expiry", app_id=2,
    now=EXPIRE, claims=claims_of(GCM))
other = "0123456789abcdef0123456789abcdef"
dec("gcm-wrong-secret", gcm_t, (127, 127, 127), secret=other)
dec("cbc-wrong-secret", cbc_t, (126, 134, 126), secret=other)
# The secret is checked before the token is looked at: a bad secret gives 5 whatever the token.
for label, tok in (("valid-token", gcm_t), ("null-token", None), ("empty-token", ""),
                   ("not-utf8-token", hexs(b"04\xff")), ("nul-token", "x\u0000"),
                   ("bad-prefix", "xx"), ("cbc-token", cbc_t)):
    dec("secret-5-bytes-" + label, tok, (5, 5, 5), secret="12345")
dec("secret-empty", gcm_t, (5, 5, 5), secret="")
dec("secret-33-bytes", gcm_t, (5, 5, 5), secret=SECRET + "0")
dec("secret-nul-inside", gcm_t, (5, 5, 5), secret=SECRET[:5] + "\u0000" + SECRET[6:])
dec("secret-not-utf8", gcm_t, (5, 5, 5), secret=hexs(SECRET[:31].encode() + b"\x80"))
dec("secret-null", gcm_t, (5, 5, 5), secret=None)
dec("secret-null-with-length", gcm_t, (5, 5, 5), secret={"null_len": 32})
dec("token-null", None, (100, 100, 100))
dec("token-null-with-length", {"null_len": 10}, (100, 100, 100))
dec("token-empty", "", (120, 120, 120))
dec("token-bad-prefix", "03" + gcm_t[2:], (120, 120, 120))
dec("token-lowercase-prefix-only", "0", (120, 120, 120))
dec("token-nul-only", "x\u0000", (121, 121, 121), "a NUL anywhere in a token is a bad character")
dec("token-nul-at-end", gcm_t + "\u0000", (121, 121, 121))
dec("token-nul-inside", gcm_t[:20] + "\u0000" + gcm_t[21:], (121, 121, 121))
dec("token-not-utf8", hexs(b"04" + gcm_t[2:].encode() + b"\xff"), (121, 121, 121))
dec("token-prefix-only", "04", (122, 122, 122), "nothing after the prefix: no header")
dec("token-bad-base64-char", gcm_t[:10] + "!" + gcm_t[11:], (121, 121, 121))
dec("token-space-for-plus", gcm_t.replace("+", " ") if "+" in gcm_t else gcm_t[:10] + " " + gcm_t[11:],
    (121, 121, 121), "a URL query turned '+' into ' '")
dec("token-trailing-newline", gcm_t + "\n", (121, 121, 121))
dec("token-leading-space", " " + gcm_t, (120, 120, 120))
dec("token-unpadded-base64", gcm_t.rstrip("="), (121, 121, 121) if gcm_t.endswith("=") else (121, 121, 121))
dec("token-base64url", pack(gcm_p).replace("+", "-").replace("/", "_")
    if any(ch in gcm_t for ch in "+/") else gcm_t[:10] + "-" + gcm_t[11:], (121, 121, 121))
dec("token-too-long", {"repeat": "A", "count": MAX_TOKEN_LEN + 2}, (121, 121, 121),
    "longer than any token04 (the repeat follows the prefix 04: see prefix_repeat)")
for n, label in ((4, "inside-expire"), (9, "inside-iv-length"), (14, "inside-iv"),
                 (23, "inside-ct-length"), (40, "inside-ct")):
    dec("gcm-truncated-" + label, pack(gcm_p[:n]), (122, 122, 122))
dec("gcm-cut-before-mode-byte", pack(gcm_p[:-1]), (125, 125, 125),
    "without its mode byte a GCM token reads as CBC, whose IV is 16 bytes")
dec("cbc-truncated-last-byte", pack(cbc_p[:-1]), (122, 122, 122))
dec("gcm-trailing-data", pack(gcm_p + b"\x01"), (123, 123, 123))
dec("cbc-trailing-data", pack(cbc_p + b"\x00\x00"), (123, 123, 123))
dec("cbc-trailing-zero-mode-byte", pack(cbc_p + b"\x00"), (123, 123, 123),
    "a CBC token has no mode byte: a trailing 0x00 would give two strings for one token")
dec("gcm-mode-byte-2", pack(gcm_p[:-1] + b"\x02"), (124, 124, 124))
dec("cbc-with-mode-byte-1", pack(cbc_p + b"\x01"), (125, 125, 125), "GCM mode byte, CBC IV length")
dec("gcm-mode-byte-0", pack(gcm_p[:-1] + b"\x00"), (123, 123, 123),
    "0x00 is no mode byte (CBC tokens have none): trailing data")
tampered = bytearray(gcm_p)
tampered[30] ^= 1
dec("gcm-tampered-ciphertext", pack(bytes(tampered)), (127, 127, 127))
dec("gcm-header-expire-changed", pack(struct.pack(">q", EXPIRE + 1) + gcm_p[8:]), (131, 131, 131),
    "the header is not authenticated; the claims disagree")
dec("cbc-header-expire-changed", pack(struct.pack(">q", EXPIRE + 1) + cbc_p[8:]), (126, 134, 126))
dec("gcm-plaintext-not-utf8", gcm_sealed(b"\xff\xfe"), (128, 128, 128))
dec("gcm-plaintext-not-json", gcm_sealed(b"not json"), (129, 129, 129))
dec("gcm-plaintext-json-array", gcm_sealed(b"[1]"), (129, 129, 129))
dec("gcm-claims-missing", gcm_sealed(b'{"app_id":1}'), (130, 130, 130))
dec("gcm-claims-app-id-too-big", gcm_sealed(claims_json(app_id=2**32)), (130, 130, 130))
dec("gcm-claims-user-id-nul", gcm_sealed(claims_json(user_id="a\u0000b")), (130, 130, 130),
    "a claim with a NUL cannot cross the C ABI, so no layer accepts it")
dec("gcm-claims-payload-nul", gcm_sealed(claims_json(payload="\u0000")), (130, 130, 130))
dec("gcm-sealed-here-valid", gcm_sealed(claims_json()), (0, 0, 0),
    claims={"app_id": 1, "user_id": "demo", "nonce": 1, "ctime": NOW, "expire": EXPIRE,
            "payload": "", "mode": "gcm"})
dec("cbc-bad-padding",  cbc_sealed(claims_json() + b"\x00" * (16 - len(claims_json()) % 16), pad=False), (126, 134, 126))
dec("cbc-not-json", cbc_sealed(b"not json"), (126, 134, 126))
dec("cbc-claims-user-id-nul", cbc_sealed(claims_json(user_id="a\u0000b")), (126, 134, 126))
dec("cbc-sealed-here-valid", cbc_sealed(claims_json()), (0, 134, 0),
    claims={"app_id": 1, "user_id": "demo", "nonce": 1, "ctime": NOW, "expire": EXPIRE,
            "payload": "", "mode": "cbc"})

# ---- room payload entries: (name, room_id, login, publish, stream_ids, code, payload) ----
ROOM = [
    ("room-and-login", "demo", True, False, None, 0,
     '{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}'),
    ("any-room", "", True, True, None, 0,
     '{"room_id":"","privilege":{"1":1,"2":1},"stream_id_list":null}'),
    ("streams", "r", False, True, ["s1", "s\"2"], 0,
     '{"room_id":"r","privilege":{"1":0,"2":1},"stream_id_list":["s1","s\\"2"]}'),
    ("empty-stream-list", "r", True, True, [], 0,
     '{"room_id":"r","privilege":{"1":1,"2":1},"stream_id_list":[]}'),
    ("room-id-nul", "a\u0000b", True, False, None, 110, None),
    ("room-id-not-utf8", hexs(b"\xff"), True, False, None, 110, None),
    ("stream-id-nul", "r", True, True, ["ok", "s\u0000"], 111, None),
    ("stream-id-not-utf8", "r", True, True, [hexs(b"\xfe")], 111, None),
    ("room-and-stream-invalid", hexs(b"\xff"), True, True, [hexs(b"\xfe")], 110, None),
]


# ---- needs: derived from the inputs, by the rule in CONTRIBUTING.md ----
def string_bytes(v):
    """(bytes or None, needs) of a string input."""
    if v is None:
        return None, {"null"}
    if isinstance(v, str):
        b = v.encode()
    elif "hex" in v:
        b = bytes.fromhex(v["hex"])
    elif "repeat" in v:
        b = v.get("prefix", "").encode() + v["repeat"].encode() * v["count"]
    else:
        return None, {"null_len"}
    needs = set()
    if b"\0" in b:
        needs.add("nul")
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        needs.add("non_utf8")
    return b, needs


def needs_of(strings, app_id=None, ttl=None, secrets=(), tokens=()):
    needs = set()
    for s in strings:
        needs |= string_bytes(s)[1]
    for t in tokens:
        b = string_bytes(t)[0]
        if b is not None and b != b.strip() and b.strip():
            needs.add("whitespace")
    for s in secrets:
        if s == "":
            needs.add("empty_secret")
    if app_id is not None and not 0 <= app_id <= U32_MAX:
        needs.add("wide_app_id")
    if ttl is not None and not I64_MIN <= ttl <= I64_MAX:
        needs.add("wide_lifetime")
    return sorted(needs)


def build():
    generate = []
    for name, note, a, code, gcode in GEN:
        e = {"name": name}
        if note:
            e["note"] = note
        e["needs"] = needs_of([a["user_id"], a["secret"], a["payload"]], a["app_id"], a["ttl"],
                              [a["secret"]])
        e["app_id"] = integer(a["app_id"])
        e["user_id"] = a["user_id"]
        e["secret"] = a["secret"]
        e["effective_time_in_seconds"] = integer(a["ttl"])
        e["payload"] = a["payload"]
        e["expect"] = {"generate_cbc": code, "generate_gcm": code, "generator": gcode}
        generate.append(e)
    decode = []
    for name, note, token, secret, app_id, now, d, v, vc, claims in DEC:
        e = {"name": name}
        if note:
            e["note"] = note
        if isinstance(token, dict) and "repeat" in token:
            token = {"prefix": "04", **token}
        e["needs"] = needs_of([token, secret], secrets=[secret], tokens=[token])
        e["token"] = token
        e["secret"] = secret
        e["app_id"] = integer(app_id)
        e["now"] = integer(now)
        e["expect"] = {"decode": d, "verify": v, "verify_allow_cbc": vc}
        if claims is not None:
            e["claims"] = claims
        decode.append(e)
    room = []
    for name, room_id, login, publish, streams, code, payload in ROOM:
        e = {"name": name,
             "needs": needs_of([room_id] + list(streams or [])),
             "room_id": room_id, "can_login_room": login, "can_publish_stream": publish,
             "stream_ids": streams, "expect": code}
        if payload is not None:
            e["payload"] = payload
        room.append(e)
    return {
        "about": "The conformance table: inputs and the code every layer (C ABI, C++, Go, Python, "
                 "PHP, Node.js, Java, the CLI) must return for them. Format: CONTRIBUTING.md, "
                 "'Bindings contract'. Written by scripts/conformance-table.py; edit the script, "
                 "not this file.",
        "format_version": 1,
        "generate": generate,
        "decode": decode,
        "room_payload": room,
    }


def main():
    text = json.dumps(build(), indent=1, ensure_ascii=True) + "\n"
    if "--check" in sys.argv[1:]:
        if open(OUT).read() != text:
            sys.exit("tests/data/conformance.json differs from what scripts/conformance-table.py "
                     "writes: run it and commit the table")
        return
    with open(OUT, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
