#!/usr/bin/env python3
"""token04 decoded with `cryptography` only (not with the library): claims checked.

An independent decoder for the tokens that artifacts and cross-built programs print (make
dist-test, make c-test-aarch64). Needs `cryptography`: scripts/zt-decode.sh runs it in the tools
venv target/dist-tools-venv, installing it there first.
Usage: zt-decode.py TOKEN cbc|gcm APP_ID USER_ID   (the sample secret; exit 0 when it decodes)
"""
import base64, json, struct, sys
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

token, mode, app_id, user = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
key = b"fa94dd0f974cf2e293728a526b028271"
assert token.startswith("04"), token
raw = base64.b64decode(token[2:], validate=True)
expire, iv_len = struct.unpack(">qH", raw[:10])
iv = raw[10:10 + iv_len]
(ct_len,) = struct.unpack(">H", raw[10 + iv_len:12 + iv_len])
ct, rest = raw[12 + iv_len:12 + iv_len + ct_len], raw[12 + iv_len + ct_len:]
assert len(ct) == ct_len
if mode == "cbc":
    assert rest == b"" and iv_len == 16
    d = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    u = padding.PKCS7(128).unpadder()
    plain = u.update(d.update(ct) + d.finalize()) + u.finalize()
else:
    assert mode == "gcm" and rest == b"\x01" and iv_len == 12
    plain = AESGCM(key).decrypt(iv, ct, None)
c = json.loads(plain)
assert list(c) == ["app_id", "user_id", "nonce", "ctime", "expire", "payload"], list(c)
assert c["app_id"] == app_id and c["user_id"] == user and c["expire"] == expire, c
