"""Tests of the installed zego_token package (run by ci-test.sh from outside the repository).

Tokens are checked with an independent decoder written here on the `cryptography` package, not
only with the library's own decode. ZEGO_TOKEN_TEST_DATA names the folder of the shared vectors
(tests/data of the repository by default).
"""
import base64
import dataclasses
import functools
import gc
import glob
import importlib.metadata
import io
import json
import logging
import os
import shutil
import struct
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import zego_token
from zego_token import (
    Claims,
    Generator,
    ZegoTokenError,
    build_rtc_room_payload,
    compat,
    decode,
    generate_token04,
    token_hint,
    verify,
)

SECRET = "fa94dd0f974cf2e293728a526b028271"
OTHER_SECRET = "0123456789abcdef0123456789abcdef"
DATA = os.environ.get("ZEGO_TOKEN_TEST_DATA") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tests", "data")
PACKAGE_DIR = os.path.dirname(os.path.abspath(zego_token.__file__))


def unchecked(value: object) -> Any:
    """``value`` typed as Any: the call it is passed to gets an argument of the wrong type on
    purpose (the TypeError or the error code is what is tested)."""
    return value


def load(name: str) -> Any:
    with open(os.path.join(DATA, name), encoding="utf-8") as f:
        return json.load(f)


def independent_decode(token: str, secret: str) -> tuple[str, dict[str, Any]]:
    """token04 -> (mode, header expire, claims dict), with `cryptography` only."""
    assert token.startswith("04")
    raw = base64.b64decode(token[2:], validate=True)
    expire, iv_len = struct.unpack(">qH", raw[:10])
    iv = raw[10:10 + iv_len]
    (ct_len,) = struct.unpack(">H", raw[10 + iv_len:12 + iv_len])
    ct = raw[12 + iv_len:12 + iv_len + ct_len]
    rest = raw[12 + iv_len + ct_len:]
    assert len(ct) == ct_len
    key = secret.encode()
    if rest == b"":
        assert iv_len == 16
        dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        padded = dec.update(ct) + dec.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        plain = unpadder.update(padded) + unpadder.finalize()
        mode = "cbc"
    else:
        assert rest == b"\x01" and iv_len == 12
        plain = AESGCM(key).decrypt(iv, ct, None)
        mode = "gcm"
    claims: dict[str, Any] = json.loads(plain.decode("utf-8"))
    assert claims["expire"] == expire
    return mode, claims


def check_token(token: str, mode: str, app_id: int, user_id: str, payload: str, ttl: int,
                secret: str = SECRET) -> dict[str, Any]:
    got_mode, c = independent_decode(token, secret)
    assert got_mode == mode
    assert (c["app_id"], c["user_id"], c["payload"]) == (app_id, user_id, payload)
    assert c["expire"] - c["ctime"] == ttl
    assert abs(c["ctime"] - time.time()) < 60
    return c


# ---- the package as installed -------------------------------------------------------------

def test_installed_package_is_one_native_module() -> None:
    # The library is linked into zego_token._native: the package's only compiled file.
    if os.environ.get("ZEGO_TOKEN_EXPECT_BUNDLED"):
        assert "site-packages" in PACKAGE_DIR
    native = glob.glob(os.path.join(PACKAGE_DIR, "*.so"))
    assert [os.path.basename(n) for n in native] == ["_native.abi3.so"], native
    assert zego_token.library_path() == native[0]
    # One version: the crate's, in the package metadata and in the library alike.
    assert zego_token.library_version() == zego_token.__version__
    assert importlib.metadata.version("zego-token") == zego_token.__version__
    assert os.path.isfile(os.path.join(PACKAGE_DIR, "py.typed"))


def test_error_constants() -> None:
    from zego_token import _codes
    assert len(_codes.NAMES) >= 30
    for code, name in _codes.NAMES.items():
        assert getattr(ZegoTokenError, name) == code, name
    assert ZegoTokenError.USER_ID_INVALID == 3 and ZegoTokenError.TOKEN_MODE_NOT_ALLOWED == 134
    with pytest.raises(ZegoTokenError) as e:
        generate_token04(1, "", SECRET, 60)
    assert e.value.code == e.value.USER_ID_INVALID
    assert e.value.message == _codes.MESSAGES[3]


def test_public_api_is_typed() -> None:
    import inspect
    for fn in (decode, verify, build_rtc_room_payload, Generator.__init__,
               compat.generate_token04, token_hint):
        sig = inspect.signature(fn)
        assert all(p.annotation is not inspect.Parameter.empty
                   for name, p in sig.parameters.items() if name != "self"), fn
        assert sig.return_annotation is not inspect.Signature.empty, fn
    # generate_token04 and Generator.generate are C (typed for checkers in TYPE_CHECKING
    # blocks); their signatures:
    assert list(inspect.signature(Generator.generate).parameters) == [
        "self", "user_id", "effective_time_in_seconds", "payload"]
    sig = inspect.signature(generate_token04)
    assert list(sig.parameters) == ["app_id", "user_id", "secret", "effective_time_in_seconds",
                                    "payload", "mode"]
    assert (sig.parameters["payload"].default, sig.parameters["mode"].default) == ("", "cbc")


# ---- generate_token04 ---------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["cbc", "gcm"])
def test_generate_round_trip_checked_independently(mode: str) -> None:
    user = "用户-\"quote\"-😀"
    payload = '{"room_id":"r\\"1","privilege":{"1":1,"2":0},"stream_id_list":null}'
    token = generate_token04(42, user, SECRET, 600, payload, mode=mode)
    c = check_token(token, mode, 42, user, payload, 600)
    claims = decode(token, SECRET)
    assert claims == {"app_id": 42, "user_id": user, "nonce": c["nonce"], "ctime": c["ctime"],
                      "expire": c["expire"], "payload": payload, "mode": mode}


def test_generate_default_mode_is_cbc_and_payload_optional() -> None:
    token = generate_token04(7, "u", SECRET, 60)
    check_token(token, "cbc", 7, "u", "", 60)


@pytest.mark.parametrize("mode", ["cbc", "gcm"])
def test_generate_long_token_beyond_the_thread_buffer(mode: str) -> None:
    payload = "p" * 5000
    token = generate_token04(9, "u", SECRET, 60, payload, mode=mode)
    assert len(token) > 5000
    check_token(token, mode, 9, "u", payload, 60)
    # and a short one right after, from the thread's buffer again
    check_token(generate_token04(9, "v", SECRET, 60, mode=mode), mode, 9, "v", "", 60)


def test_generate_extremes_of_int_arguments() -> None:
    token = generate_token04(0xFFFFFFFF, "u" * 64, SECRET, 1, mode="gcm")
    check_token(token, "gcm", 0xFFFFFFFF, "u" * 64, "", 1)


ERROR_ARGS: list[tuple[tuple[int, str, str, int, str], int]] = [
    ((0, "u", SECRET, 60, ""), 1),
    ((-1, "u", SECRET, 60, ""), 1),
    ((2 ** 32, "u", SECRET, 60, ""), 1),
    ((0, "", "short", 0, ""), 1),          # the official order: app id first
    ((1, "", SECRET, 60, ""), 3),
    ((1, "u" * 65, SECRET, 60, ""), 3),
    ((1, "a\0b", SECRET, 60, ""), 3),      # a NUL would cut the string short in C
    ((1, "\udcff", SECRET, 60, ""), 3),    # not UTF-8
    ((1, "", "short", 0, ""), 3),
    ((1, "u", "short", 60, ""), 5),
    ((1, "u", SECRET + "\0x", 60, ""), 5),
    ((1, "u", SECRET, 0, ""), 6),
    ((1, "u", SECRET, -1, ""), 6),
    ((1, "u", SECRET, 2 ** 63 - 1, ""), 6),
    ((1, "u", SECRET, 2 ** 64, ""), 6),
    ((1, "u", SECRET, -(2 ** 64), ""), 6),
    ((1, "u", SECRET, 60, "p" * 70000), 102),
    ((1, "u", SECRET, 60, "\udcff"), 101),
    ((1, "u", SECRET, 60, "a\0b"), 101),
]


@pytest.mark.parametrize("mode", ["cbc", "gcm"])
@pytest.mark.parametrize("args,code", ERROR_ARGS)
def test_generate_error_codes(mode: str, args: tuple[int, str, str, int, str],
                              code: int) -> None:
    with pytest.raises(ZegoTokenError) as e:
        generate_token04(*args, mode=mode)
    assert e.value.code == code
    assert e.value.message and SECRET not in str(e.value)
    assert str(e.value).endswith(f"(code {code})")


def test_secret_length_counts_bytes() -> None:
    secret = "é" * 16  # 32 bytes of UTF-8
    check_token(generate_token04(1, "u", secret, 60), "cbc", 1, "u", "", 60, secret=secret)
    with pytest.raises(ZegoTokenError) as e:
        generate_token04(1, "u", "é" * 32, 60)
    assert e.value.code == 5


def test_generate_error_table_of_the_shared_vectors() -> None:
    errors = load("token04-vectors.json")["errors"]
    assert len(errors) >= 8
    for case in errors:
        args = (case["app_id"], case["user_id"], case["secret"], case["effective_time_in_seconds"],
                case["payload"])
        # "extension": no official code; this library's own (102, payload too large)
        code = 102 if case["error_code"] == "extension" else case["error_code"]
        for mode in ("cbc", "gcm"):
            with pytest.raises(ZegoTokenError) as e:
                generate_token04(*args, mode=mode)
            assert e.value.code == code, case["name"]
        if code < 100:
            info = compat.generate_token04(*args)
            assert (info.token, info.error_code) == ("", code), case["name"]
        else:
            with pytest.raises(ZegoTokenError) as e:
                compat.generate_token04(*args)
            assert e.value.code == code


def test_generate_mode_and_types() -> None:
    with pytest.raises(ZegoTokenError) as e:
        generate_token04(1, "u", SECRET, 60, mode="ecb")
    assert e.value.code == 106
    bad_args: list[tuple[Any, ...]] = [(1.0, "u", SECRET, 60), (1, b"u", SECRET, 60),
                                       (1, "u", None, 60), (1, "u", SECRET, 60.0),
                                       (1, "u", SECRET, "60")]
    for bad in bad_args:
        with pytest.raises(TypeError):
            generate_token04(*bad)
    with pytest.raises(TypeError):
        generate_token04(1, "u", SECRET, 60, payload=unchecked(None))


# ---- decode -------------------------------------------------------------------------------

def test_vectors_decode() -> None:
    cases = load("token04-vectors.json")["cases"]
    assert len(cases) >= 10
    for c in cases:
        claims = decode(c["token"], c["secret"])
        assert claims.mode == c["mode"], c["name"]
        assert (claims.app_id, claims.user_id, claims.payload) == (c["app_id"], c["user_id"],
                                                                   c["payload"])
        assert (claims["ctime"], claims["nonce"]) == (c["ctime"], c["nonce"])
        # the independent decoder agrees on the vectors too
        mode, raw = independent_decode(c["token"], c["secret"])
        assert mode == c["mode"] and raw["user_id"] == c["user_id"]


def test_foreign_tokens_decode() -> None:
    tokens = load("token04-foreign.json")["tokens"]
    assert tokens
    for t in tokens:
        claims = decode(t["token"], t["secret"])
        assert (claims.app_id, claims.user_id, claims.payload) == (t["app_id"], t["user_id"],
                                                                   t["payload"])
        assert claims.expire - claims.ctime == t["effective_time_in_seconds"]


def test_claims_attribute_and_item_access() -> None:
    token = generate_token04(3, "alice", SECRET, 100, "pl", mode="gcm")
    c = decode(token, SECRET)
    assert isinstance(c, Claims)
    assert c.user_id == c["user_id"] == "alice"
    assert list(c) == ["app_id", "user_id", "nonce", "ctime", "expire", "payload", "mode"]
    assert len(c) == 7 and "mode" in c and "secret" not in c
    d = dict(c)
    assert d["payload"] == "pl" and d["mode"] == "gcm" and c == d
    with pytest.raises(KeyError):
        c["secret"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        unchecked(c).user_id = "mallory"


def test_decode_errors() -> None:
    gcm = generate_token04(1, "u", SECRET, 60, mode="gcm")
    cbc = generate_token04(1, "u", SECRET, 60)
    cases = [
        (("05AAAA", SECRET), 120),
        (("04!!!!", SECRET), 121),
        ((gcm + "\0", SECRET), 121),
        ((gcm, "short"), 5),
        ((gcm, SECRET + "\0"), 5),
        ((gcm, OTHER_SECRET), 127),
        ((cbc, OTHER_SECRET), 126),
        (("04" + base64.b64encode(b"\0" * 9).decode(), SECRET), 122),
    ]
    for args, code in cases:
        with pytest.raises(ZegoTokenError) as e:
            decode(*args)
        assert e.value.code == code, args
    # a tampered GCM token fails authentication
    raw = bytearray(base64.b64decode(gcm[2:]))
    raw[30] ^= 1
    with pytest.raises(ZegoTokenError) as e:
        decode("04" + base64.b64encode(bytes(raw)).decode(), SECRET)
    assert e.value.code == 127
    with pytest.raises(TypeError):
        decode(unchecked(gcm.encode()), SECRET)


def _token_with_plus() -> str:
    for i in range(500):
        token = generate_token04(1, f"u{i}", SECRET, 60, mode="gcm")
        if "+" in token:
            return token
    raise AssertionError("no token with a '+' in 500")


def test_token_hint() -> None:
    from zego_token import _native
    good = _token_with_plus()
    spaced = good.replace("+", " ")
    hint = token_hint(spaced)
    assert hint is not None and "spaces" in hint and "'+'" in hint
    assert hint == _native.token_hint(spaced)
    assert token_hint(good) is None
    assert "whitespace" in (token_hint(good + "\n") or "")
    assert "quotes" in (token_hint(f'"{good}"') or "")
    assert '"04"' in (token_hint(good[2:]) or "")
    assert "longer than any token04" in (token_hint("04" + "A" * 100000) or "")
    assert "not plain text" in (token_hint("04\ud800") or "")  # a lone surrogate: not UTF-8
    assert "not plain text" in (token_hint(good + "\0") or "")
    with pytest.raises(TypeError):
        token_hint(unchecked(spaced.encode()))


def test_decode_and_verify_errors_carry_the_hint() -> None:
    import pickle
    good = _token_with_plus()
    spaced = good.replace("+", " ")
    hint = token_hint(spaced)
    calls: list[Callable[[], object]] = [
        lambda: decode(spaced, SECRET),
        lambda: decode(spaced, "short"),  # every failed decode: a bad secret too
        lambda: verify(spaced, SECRET, 1),
        lambda: verify(spaced, SECRET, 1 << 40),
    ]
    for call in calls:
        with pytest.raises(ZegoTokenError) as e:
            call()
        assert e.value.hint == hint and hint is not None
        assert hint not in str(e.value)  # the message is the code's alone
        copy = pickle.loads(pickle.dumps(e.value))
        assert (copy.code, copy.message, copy.hint) == (e.value.code, e.value.message, hint)
    # A good token's failures, and every other call's, have none.
    others: list[tuple[Callable[[], object], int]] = [
        (lambda: decode(good, OTHER_SECRET), 127),
        (lambda: verify(good, SECRET, 2), 132),
        (lambda: verify(good, SECRET, -1), 132),
        (lambda: generate_token04(0, "u", SECRET, 60), 1),
    ]
    for call, code in others:
        with pytest.raises(ZegoTokenError) as e:
            call()
        assert (e.value.code, e.value.hint) == (code, None)
    assert ZegoTokenError(121, "m").hint is None


# ---- verify -------------------------------------------------------------------------------

def test_verify_accepts_gcm_only_by_default() -> None:
    gcm = generate_token04(5, "u", SECRET, 60, "p", mode="gcm")
    c = verify(gcm, SECRET, 5)
    assert (c.app_id, c.user_id, c.payload, c.mode) == (5, "u", "p", "gcm")
    cbc = generate_token04(5, "u", SECRET, 60, "p")
    with pytest.raises(ZegoTokenError) as e:
        verify(cbc, SECRET, 5)
    assert e.value.code == 134
    with pytest.raises(ZegoTokenError) as e:
        verify(cbc, OTHER_SECRET, 5)       # rejected before anything is decrypted
    assert e.value.code == 134
    c = verify(cbc, SECRET, 5, allow_cbc=True)
    assert (c.user_id, c.mode) == ("u", "cbc")
    assert verify(gcm, SECRET, 5, allow_cbc=True).mode == "gcm"


def test_verify_app_id_expiry_and_now() -> None:
    token = generate_token04(5, "u", SECRET, 100, mode="gcm")
    c = decode(token, SECRET)
    for app_id in (6, 0, -1, 2 ** 32 + 5):
        with pytest.raises(ZegoTokenError) as e:
            verify(token, SECRET, app_id)
        assert e.value.code == 132, app_id
    assert verify(token, SECRET, 5, now=c.expire - 1).expire == c.expire
    # time.time() works as is: a float is taken down to whole seconds
    assert verify(token, SECRET, 5, now=c.expire - 0.5).expire == c.expire
    with pytest.raises(ZegoTokenError) as e:
        verify(token, SECRET, 5, now=float(c.expire))
    assert e.value.code == 133
    for now in (c.expire, c.expire + 1, 2 ** 70):
        with pytest.raises(ZegoTokenError) as e:
            verify(token, SECRET, 5, now=now)
        assert e.value.code == 133, now
    assert verify(token, SECRET, 5, now=-(2 ** 70)).user_id == "u"
    expired = generate_token04(5, "u", SECRET, 1, mode="gcm")
    assert verify(expired, SECRET, 5).user_id == "u"     # now defaults to the current time
    with pytest.raises(ZegoTokenError) as e:
        verify(expired, SECRET, 5, now=int(time.time()) + 2)
    assert e.value.code == 133
    with pytest.raises(ZegoTokenError) as e:
        verify(token, OTHER_SECRET, 5)
    assert e.value.code == 127


# ---- build_rtc_room_payload ---------------------------------------------------------------

def test_room_payload_format() -> None:
    assert build_rtc_room_payload("demo") == \
        '{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}'
    assert build_rtc_room_payload("demo", True, True, ["s1", "s2"]) == \
        '{"room_id":"demo","privilege":{"1":1,"2":1},"stream_id_list":["s1","s2"]}'
    assert build_rtc_room_payload("", False, False, []) == \
        '{"room_id":"","privilege":{"1":0,"2":0},"stream_id_list":[]}'
    odd = 'r"\\\n😀'
    p = json.loads(build_rtc_room_payload(odd, unchecked(1), unchecked(0), iter(["a\"b", "ü"])))
    assert p == {"room_id": odd, "privilege": {"1": 1, "2": 0}, "stream_id_list": ["a\"b", "ü"]}


def test_room_payload_in_a_token() -> None:
    payload = build_rtc_room_payload("room-1", True, True, ["stream-1"])
    gen = Generator(77, SECRET)
    check_token(gen.generate("u", 3600, payload), "gcm", 77, "u", payload, 3600)


def test_room_payload_errors() -> None:
    cases: list[tuple[dict[str, Any], int]] = [
        ({"room_id": "r", "can_login_room": 2}, 112),
        ({"room_id": "r", "can_publish_stream": -1}, 112),
        ({"room_id": "r", "can_login_room": 2 ** 40}, 112),
        ({"room_id": "r\0x"}, 110),
        ({"room_id": "\udcff"}, 110),
        ({"room_id": "r", "stream_ids": ["ok", "a\0b"]}, 111),
        ({"room_id": "r", "stream_ids": ["\udcff"]}, 111),
    ]
    for kwargs, code in cases:
        with pytest.raises(ZegoTokenError) as e:
            build_rtc_room_payload(**kwargs)
        assert e.value.code == code, kwargs
    with pytest.raises(TypeError):
        build_rtc_room_payload("r", stream_ids="abc")
    with pytest.raises(TypeError):
        build_rtc_room_payload("r", stream_ids=unchecked([1]))


# ---- Generator ----------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["gcm", "cbc"])
def test_generator_tokens(mode: str) -> None:
    with Generator(11, SECRET, mode) as gen:
        for i in range(20):
            user = f"user-{i}"
            check_token(gen.generate(user, 300 + i, f"p{i}"), mode, 11, user, f"p{i}", 300 + i)
        long_payload = "x" * 3000
        check_token(gen.generate("u", 60, long_payload), mode, 11, "u", long_payload, 60)
    assert gen.closed


def test_generator_defaults_to_gcm() -> None:
    gen = Generator(12, SECRET)
    assert gen.mode == "gcm" and gen.app_id == 12 and not gen.closed
    check_token(gen.generate("u", 60), "gcm", 12, "u", "", 60)


def test_generator_errors() -> None:
    new_args: list[tuple[tuple[Any, ...], int]] = [
        ((0, SECRET), 1), ((-5, SECRET), 1), ((1, "short"), 5), ((1, SECRET + "\0"), 5),
        ((1, SECRET, "ecb"), 106), ((0, "short", "ecb"), 1), ((1, "short", "ecb"), 5)]
    for args, code in new_args:
        with pytest.raises(ZegoTokenError) as e:
            Generator(*args)
        assert e.value.code == code, args
    gen = Generator(1, SECRET, "cbc")
    generate_args: list[tuple[tuple[Any, ...], int]] = [
        (("", 60), 3), (("a\0b", 60), 3), (("u", 0), 6), (("u", 2 ** 63), 6),
        (("u", 60, "\udcff"), 101), (("u", 60, "p" * 70000), 102)]
    for args, code in generate_args:
        with pytest.raises(ZegoTokenError) as e:
            gen.generate(*args)
        assert e.value.code == code, args
    with pytest.raises(TypeError):
        gen.generate(unchecked(None), 60)


def test_generator_close_and_finalizer() -> None:
    gen = Generator(1, SECRET)
    gen.close()
    gen.close()  # idempotent
    with pytest.raises(ZegoTokenError) as e:
        gen.generate("u", 60)
    assert e.value.code == 100 and "closed" in e.value.message
    assert "closed" in repr(gen)
    # generators dropped without close() are freed by the finalizer: no growth over many
    for _ in range(2000):
        Generator(1, SECRET).generate("u", 60)
    gc.collect()
    before = rss_kib()
    for _ in range(20000):
        Generator(1, SECRET).generate("u", 60)
    gc.collect()
    assert rss_kib() - before < 2048


def test_shared_generator_across_threads() -> None:
    gen = Generator(21, SECRET, "gcm")
    tokens: list[tuple[str, int, str]] = []
    errors: list[Exception] = []
    barrier = threading.Barrier(8)

    def work(k: int) -> None:
        try:
            barrier.wait()
            mine = []
            for i in range(400):
                payload = f"t{k}-{i}" * (1 + i % 60)   # some tokens spill past the buffer
                mine.append((gen.generate(f"user-{k}", 60, payload), k, payload))
            tokens.extend(mine)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(tokens) == 8 * 400 and len({t for t, _, _ in tokens}) == 8 * 400
    for token, k, payload in tokens[::7]:
        check_token(token, "gcm", 21, f"user-{k}", payload, 60)


def test_one_shot_across_threads() -> None:
    errors: list[Exception] = []

    def work(k: int) -> None:
        try:
            for i in range(300):
                t = generate_token04(7, f"u{k}", SECRET, 60, "p" * (i * 5),
                                     mode=("cbc", "gcm")[k % 2])
                _mode, c = independent_decode(t, SECRET)
                assert c["user_id"] == f"u{k}" and c["payload"] == "p" * (i * 5)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_close_while_other_threads_generate() -> None:
    for _ in range(20):
        gen = Generator(1, SECRET)
        results: list[str | int] = []

        def work(gen: Generator, results: list[str | int]) -> None:
            for _ in range(200):
                try:
                    results.append(gen.generate("u", 60))
                except ZegoTokenError as e:
                    results.append(e.code)

        threads = [threading.Thread(target=work, args=(gen, results)) for _ in range(3)]
        for t in threads:
            t.start()
        gen.close()
        for t in threads:
            t.join()
        assert all(r == 100 if isinstance(r, int) else independent_decode(r, SECRET)[0] == "gcm"
                   for r in results)


# ---- compat -------------------------------------------------------------------------------

def test_compat_shape() -> None:
    info = compat.generate_token04(1, "demo", SECRET, 3600, "")
    assert isinstance(info, compat.TokenInfo)
    assert (info.error_code, info.error_message) == (compat.ERROR_CODE_SUCCESS, "success")
    check_token(info.token, "cbc", 1, "demo", "", 3600)
    payload = json.dumps({"room_id": "demo", "privilege": {1: 1, 2: 1}, "stream_id_list": None})
    info = compat.generate_token04(app_id=1, user_id="demo", secret=SECRET,
                                   effective_time_in_seconds=3600, payload=payload)
    check_token(info.token, "cbc", 1, "demo", payload, 3600)
    assert compat.generate_token04(1, "demo", SECRET, 60, None).error_code == 0


def test_compat_codes_are_returned_not_raised() -> None:
    cases: list[tuple[tuple[Any, ...], int]] = [
        ((0, "u", SECRET, 60, ""), 1), (("1", "u", SECRET, 60, ""), 1),
        ((True, "u", SECRET, 60, ""), 1),
        ((None, None, None, None, ""), 1),
        ((1, "", SECRET, 60, ""), 3), ((1, 5, SECRET, 60, ""), 3), ((1, 5, "short", "x", ""), 3),
        ((1, "u", "short", 60, ""), 5), ((1, "u", None, 60, ""), 5),
        ((1, "u", SECRET, 0, ""), 6), ((1, "u", SECRET, 60.5, ""), 6),
        ((1, "u", SECRET, 2 ** 70, ""), 6),
    ]
    for args, code in cases:
        info = compat.generate_token04(*args)
        assert (info.token, info.error_code) == ("", code), args
        assert info.error_message
    assert compat.ERROR_CODE_EFFECTIVE_TIME_IN_SECONDS_INVALID == 6
    with pytest.raises(ZegoTokenError) as e:
        compat.generate_token04(1, "u", SECRET, 60, "p" * 70000)
    assert e.value.code == 102


# ---- strict types ------------------------------------------------------------------------

@pytest.mark.parametrize("loose", ["false", "0", "", "true", [0], [], 0, 1, None, 1.0])
def test_verify_allow_cbc_must_be_a_bool(loose: Any) -> None:
    # "false", "0" and [0] are truthy: taken as "true", they would accept unauthenticated tokens
    for token in (generate_token04(5, "u", SECRET, 60), generate_token04(5, "u", SECRET, 60,
                                                                        mode="gcm")):
        with pytest.raises(TypeError, match="allow_cbc must be bool"):
            verify(token, SECRET, 5, allow_cbc=loose)


def test_bool_is_no_integer_argument() -> None:
    gcm = generate_token04(1, "u", SECRET, 60, mode="gcm")
    gen = Generator(1, SECRET)
    calls: list[Callable[[], object]] = [
        lambda: generate_token04(True, "u", SECRET, 60),
        lambda: generate_token04(1, "u", SECRET, True),
        lambda: generate_token04(1, "u", SECRET, False, mode="gcm"),
        lambda: Generator(True, SECRET),
        lambda: gen.generate("u", True),
        lambda: verify(gcm, SECRET, True),
        lambda: verify(gcm, SECRET, 1, now=True),
        lambda: verify(gcm, SECRET, 1, now=False)]
    for call in calls:
        with pytest.raises(TypeError, match="must be int"):
            call()
    # the official module's codes: a bool is no int there either
    assert compat.generate_token04(True, "u", SECRET, 60, "").error_code == 1
    assert compat.generate_token04(1, "u", SECRET, True, "").error_code == 6


# ---- the secret never reaches a traceback, a repr or a log ---------------------------------

# Module globals, so that the calls below (lambdas with no locals of their own) and their
# frames hold neither.
GCM_TOKEN = generate_token04(5, "u", SECRET, 3600, mode="gcm")
CBC_TOKEN = generate_token04(5, "u", SECRET, 3600)


def everything_reported(call: Callable[[], object]) -> str:
    """All an error reporter could show of the exception ``call()`` raises: str and repr, the
    traceback with every frame's locals (``capture_locals=True``: what Sentry-like reporters and
    ``pytest --showlocals`` show), and a ``logging.exception`` record."""
    try:
        call()
    except (ZegoTokenError, TypeError) as e:
        stream = io.StringIO()
        log = logging.getLogger("zego-token-test")
        handler = logging.StreamHandler(stream)
        log.addHandler(handler)
        try:
            log.exception("call failed")
        finally:
            log.removeHandler(handler)
        tb = traceback.TracebackException.from_exception(e, capture_locals=True)
        return "\n".join([str(e), repr(e), "".join(tb.format()), stream.getvalue()])
    raise AssertionError("no exception")


SECRET_CALLS: list[tuple[str, Callable[[], object], type[Exception]]] = [
    ("decode of a bad token", lambda: decode("04AAAA", SECRET), ZegoTokenError),
    ("decode with another secret", lambda: decode(GCM_TOKEN, OTHER_SECRET), ZegoTokenError),
    ("decode of a non-str token", lambda: decode(unchecked(5), SECRET), TypeError),
    ("decode with a bytes secret", lambda: decode(GCM_TOKEN, unchecked(SECRET.encode())),
     TypeError),
    ("verify of a CBC token", lambda: verify(CBC_TOKEN, SECRET, 5), ZegoTokenError),
    ("verify for another app", lambda: verify(GCM_TOKEN, SECRET, 6), ZegoTokenError),
    ("verify with a loose allow_cbc",
     lambda: verify(CBC_TOKEN, SECRET, 5, allow_cbc=unchecked("no")), TypeError),
    ("verify with a bad app id", lambda: verify(GCM_TOKEN, SECRET, unchecked("5")), TypeError),
    ("verify with a bytes secret", lambda: verify(GCM_TOKEN, unchecked(SECRET.encode()), 5),
     TypeError),
    ("generate_token04 of a bad user", lambda: generate_token04(1, "", SECRET, 60), ZegoTokenError),
    ("generate_token04 with a bytes secret",
     lambda: generate_token04(1, "u", unchecked(SECRET.encode()), 60), TypeError),
    ("Generator of app 0", lambda: Generator(0, SECRET), ZegoTokenError),
    ("Generator of mode ecb", lambda: Generator(1, SECRET, "ecb"), ZegoTokenError),
    ("Generator with a bytes secret", lambda: Generator(1, unchecked(SECRET.encode())),
     TypeError),
    ("Generator.generate of a bad user", lambda: Generator(1, SECRET).generate("", 60),
     ZegoTokenError),
    ("compat of a bad payload", lambda: compat.generate_token04(1, "u", SECRET, 60, "\udcff"),
     ZegoTokenError),
]


@pytest.mark.parametrize("name,call,kind", SECRET_CALLS, ids=[c[0] for c in SECRET_CALLS])
def test_secret_and_token_never_reach_a_traceback(name: str, call: Callable[[], object],
                                                  kind: type[Exception]) -> None:
    with pytest.raises(kind):
        call()
    text = everything_reported(call)
    assert name and "Traceback" in text and kind.__name__ in text, text
    # the traceback holds the frames of the package's own functions (decode, verify, ...)
    for secret in (SECRET, OTHER_SECRET):
        assert secret[:8] not in text and secret[-8:] not in text, text
    for token in (GCM_TOKEN, CBC_TOKEN):
        assert token[20:40] not in text, text


def test_secret_never_reaches_a_repr() -> None:
    for mode in ("gcm", "cbc"):
        gen = Generator(7, SECRET, mode)
        shown = [repr(gen), str(gen), f"{gen!r} {gen}"]
        shown += [repr(getattr(gen, a, None)) for a in dir(gen) if not a.startswith("__")]
        gen.close()
        shown.append(repr(gen))
        assert all(SECRET[:8] not in x and SECRET[-8:] not in x for x in shown), shown
        assert "app_id=7" in shown[0] and mode in shown[0], shown[0]
        # the generator keeps no reference to the secret
        assert not any(r == SECRET for r in gc.get_referents(gen))
    c = decode(GCM_TOKEN, SECRET)
    assert SECRET[:8] not in repr(c) and SECRET[:8] not in str(dict(c))


# ---- resources and loading ----------------------------------------------------------------

def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def test_no_leak_across_100k_calls() -> None:
    gen = Generator(1, SECRET)

    def run(n: int) -> None:
        for _ in range(n):
            decode(generate_token04(1, "user", SECRET, 60, "payload"), SECRET)
            verify(gen.generate("user", 60, "x" * 1500), SECRET, 1)
            try:
                generate_token04(1, "user", "short", 60)
            except ZegoTokenError:
                pass

    run(5000)
    before = rss_kib()
    run(50000)
    after = rss_kib()
    # A leak of one token (~250 bytes) or one claims set per call would add over 12 MiB.
    assert after - before < 4096, (before, after)


def run_python(code: str, **env_changes: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("ZEGO_TOKEN_LIB", None)
    env.update(env_changes)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          cwd="/", check=False)


def test_zego_token_lib_is_not_read() -> None:
    # The library is linked in: the variable the earlier, dlopen()ing package read changes nothing.
    r = run_python("import zego_token as z; print(z.library_path()); "
                   "print(z.generate_token04(1, 'u', 'x' * 32, 60)[:2])",
                   ZEGO_TOKEN_LIB="/nonexistent/libzego_token.so")
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [zego_token.library_path(), "04"]


def test_clear_error_when_the_native_module_is_missing(tmp_path: Path) -> None:
    broken = tmp_path / "zego_token"
    shutil.copytree(PACKAGE_DIR, broken, ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    r = run_python("import zego_token", PYTHONPATH=str(tmp_path))
    assert r.returncode != 0
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: zego_token: the compiled part of the package "
                           "(zego_token._native) is missing"), r.stderr
    assert "pip install" in last, last


# ---- the conformance table (tests/data/conformance.json; format in CONTRIBUTING.md) ----
# Python strings hold NULs and Python ints are unbounded; a str cannot hold bytes that are not
# UTF-8, and there is no NULL string: entries needing those are for other layers.
PY_CAPABILITIES = {"nul", "whitespace", "empty_secret", "wide_app_id", "wide_lifetime"}


def _conf_str(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if "repeat" in v:
        return str(v.get("prefix", "") + v["repeat"] * v["count"])
    raise AssertionError(f"string input {v!r}")


def _conf_int(v: Any) -> int:
    return int(v)


def _conf_code(f: Callable[[], Any]) -> tuple[int, Any]:
    try:
        return 0, f()
    except ZegoTokenError as e:
        return e.code, None


def _conf_generator(app: int, secret: str, mode: str, user: str, ttl: int, payload: str) -> str:
    return Generator(app, secret, mode).generate(user, ttl, payload)


def _conf_generate(e: dict[str, Any], failures: list[str]) -> None:
    app, user, secret = _conf_int(e["app_id"]), _conf_str(e["user_id"]), _conf_str(e["secret"])
    ttl, payload = _conf_int(e["effective_time_in_seconds"]), _conf_str(e["payload"])
    for mode in ("cbc", "gcm"):
        runs: list[tuple[str, Callable[[], str]]] = [
            ("generate_" + mode, functools.partial(
                zego_token.generate_token04, app, user, secret, ttl, payload, mode=mode)),
            ("generator",
             functools.partial(_conf_generator, app, secret, mode, user, ttl, payload)),
        ]
        for call, f in runs:
            rc, tok = _conf_code(f)
            if rc != e["expect"][call]:
                failures.append(f"{e['name']}: {call} ({mode}) gave {rc}")
            elif tok is not None:
                c = decode(tok, secret)
                if (c.app_id, c.user_id, c.payload, c.expire - c.ctime, c.mode) != \
                        (app, user, payload, ttl, mode):
                    failures.append(f"{e['name']}: {call} token does not decode to its inputs")


def _conf_decode(e: dict[str, Any], failures: list[str]) -> None:
    token, secret = _conf_str(e["token"]), _conf_str(e["secret"])
    app, now = _conf_int(e["app_id"]), _conf_int(e["now"])
    calls: tuple[tuple[str, Callable[[], Claims]], ...] = (
        ("decode", lambda: decode(token, secret)),
        ("verify", lambda: verify(token, secret, app, now)),
        ("verify_allow_cbc", lambda: verify(token, secret, app, now, allow_cbc=True)),
    )
    for call, f in calls:
        rc, c = _conf_code(f)
        if rc != e["expect"][call]:
            failures.append(f"{e['name']}: {call} gave {rc}")
        elif c is not None and "claims" in e:
            got = {k: getattr(c, k) for k in e["claims"]}
            if got != e["claims"]:
                failures.append(f"{e['name']}: {call} claims {got!r}")


def _conf_room(e: dict[str, Any], failures: list[str]) -> None:
    ids = None if e["stream_ids"] is None else [_conf_str(i) for i in e["stream_ids"]]
    rc, p = _conf_code(lambda: build_rtc_room_payload(
        _conf_str(e["room_id"]), e["can_login_room"], e["can_publish_stream"], ids))
    if rc != e["expect"] or p != e.get("payload"):
        failures.append(f"{e['name']}: room payload gave {rc} {p!r}")


def test_conformance_table() -> None:
    table = load("conformance.json")
    runnable = [e for k in ("generate", "decode", "room_payload") for e in table[k]
                if set(e["needs"]) <= PY_CAPABILITIES]
    assert len(runnable) >= 100
    failures: list[str] = []
    for kind, run in (("generate", _conf_generate), ("decode", _conf_decode),
                      ("room_payload", _conf_room)):
        for e in table[kind]:
            if set(e["needs"]) <= PY_CAPABILITIES:
                run(e, failures)
    assert not failures, "\n".join(failures)
