import json
import os
import subprocess
import sys
import threading

import pytest

import zego_token
from zego_token import ZegoTokenError, decode, generate_token04

SECRET = "fa94dd0f974cf2e293728a526b028271"
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tests", "data")


def load(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return json.load(f)


def test_vectors_decode():
    cases = load("token04-vectors.json")["cases"]
    assert len(cases) == 14
    for c in cases:
        claims = decode(c["token"], c["secret"])
        assert claims["mode"] == c["mode"], c["name"]
        assert (claims["app_id"], claims["user_id"], claims["payload"]) == (c["app_id"], c["user_id"], c["payload"])
        assert (claims["ctime"], claims["nonce"]) == (c["ctime"], c["nonce"])


def test_foreign_tokens_decode():
    for t in load("token04-foreign.json")["tokens"]:
        claims = decode(t["token"], t["secret"])
        assert (claims["app_id"], claims["user_id"], claims["payload"]) == (t["app_id"], t["user_id"], t["payload"])
        assert claims["expire"] - claims["ctime"] == t["effective_time_in_seconds"]


@pytest.mark.parametrize("mode", ["cbc", "gcm"])
def test_round_trip(mode):
    user = "用户-\"quote\"-😀"
    payload = '{"room_id":"r\\"1","privilege":{"1":1,"2":0},"stream_id_list":null}'
    token = generate_token04(42, user, SECRET, 600, payload, mode=mode)
    assert token.startswith("04")
    claims = decode(token, SECRET)
    assert claims["app_id"] == 42 and claims["user_id"] == user and claims["payload"] == payload
    assert claims["expire"] - claims["ctime"] == 600 and claims["mode"] == mode


@pytest.mark.parametrize("mode", ["cbc", "gcm"])
@pytest.mark.parametrize("args,code", [
    ((0, "u", SECRET, 60, ""), 1),
    ((1, "", SECRET, 60, ""), 3),
    ((1, "u" * 65, SECRET, 60, ""), 3),
    ((1, "a\0b", SECRET, 60, ""), 3),
    ((1, "u", "short", 60, ""), 5),
    ((1, "u", SECRET, 0, ""), 6),
    ((1, "u", SECRET, -1, ""), 6),
    ((1, "u", SECRET, 2 ** 63 - 1, ""), 6),
    ((1, "u", SECRET, 60, "p" * 70000), 102),
    ((1, "u", SECRET, 60, "\udcff"), 101),
])
def test_error_codes(mode, args, code):
    with pytest.raises(ZegoTokenError) as e:
        generate_token04(*args, mode=mode)
    assert e.value.code == code
    assert e.value.message and SECRET not in str(e.value)


def test_decode_errors():
    with pytest.raises(ZegoTokenError) as e:
        decode("05AAAA", SECRET)
    assert e.value.code == 120
    with pytest.raises(ZegoTokenError) as e:
        decode(generate_token04(1, "u", SECRET, 60, mode="gcm"), "0123456789abcdef0123456789abcdef")
    assert e.value.code == 127


def test_threads():
    tokens, errors = [], []

    def work():
        try:
            for _ in range(300):
                t = generate_token04(7, "user", SECRET, 60, mode="gcm")
                assert decode(t, SECRET)["app_id"] == 7
                tokens.append(t)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(tokens)) == 8 * 300


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4


def test_no_leak_across_100k_calls():
    def run(n):
        for _ in range(n):
            decode(generate_token04(1, "user", SECRET, 60, "payload"), SECRET)
            try:
                generate_token04(1, "user", "short", 60)
            except ZegoTokenError:
                pass

    run(10000)
    before = rss_kib()
    run(100000)
    after = rss_kib()
    # A leak of one token (~250 bytes) per call would add ~24 MiB.
    assert after - before < 4096, (before, after)


def test_missing_library_names_both_ways():
    env = dict(os.environ, ZEGO_TOKEN_LIB="/nonexistent/libzego_token.so")
    code = "import zego_token\ntry:\n zego_token.generate_token04(1,'u','x'*32,60)\nexcept OSError as e:\n print(e)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.dirname(os.path.abspath(zego_token.__file__)))).stdout
    assert "ZEGO_TOKEN_LIB" in out and "system loader path" in out and "/nonexistent" in out
