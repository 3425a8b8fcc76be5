"""Checks an installed (or unpacked) zego_token wheel with the standard library only: what
scripts/python-aarch64-test.sh runs with Debian's arm64 python3.11 under qemu-aarch64-static,
where neither pytest nor cryptography is at hand. The tokens it makes are printed, one
``MODE APP_ID USER_ID TOKEN`` line each, for an independent decoder on the host.

    python check_installed.py DATA_DIR MACHINE     (DATA_DIR: the shared vectors' folder)

- the package is the one compiled module, on this machine's architecture, with one version;
- every shared vector decodes to exactly its fixed inputs (app id, user id, nonce, ctime, expire,
  payload, mode); verify accepts the GCM ones and refuses the CBC ones unless allowed;
- the tokens of the other official generators (token04-foreign.json) decode to their claims;
- every error vector gives its code in both modes, and the compat module returns the official ones;
- the room payload is the official samples' string; a closed Generator gives 100.
"""
from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import sys
from typing import Any

import zego_token
from zego_token import (
    Generator,
    ZegoTokenError,
    build_rtc_room_payload,
    compat,
    decode,
    generate_token04,
    verify,
)

SECRET = "fa94dd0f974cf2e293728a526b028271"  # the sample secret scripts/zt-decode.py knows


def code_of(call: Any, *args: Any, **kwargs: Any) -> int:
    try:
        call(*args, **kwargs)
    except ZegoTokenError as e:
        return e.code
    return 0


def main(argv: list[str]) -> int:
    data, machine = argv[1], argv[2]
    assert platform.machine() == machine, platform.machine()
    assert os.path.basename(zego_token.library_path()) == "_native.abi3.so"
    version = importlib.metadata.version("zego-token")
    assert zego_token.__version__ == version == zego_token.library_version(), version

    with open(os.path.join(data, "token04-vectors.json"), encoding="utf-8") as f:
        vectors = json.load(f)
    for c in vectors["cases"]:
        want = {"app_id": c["app_id"], "user_id": c["user_id"], "nonce": c["nonce"],
                "ctime": c["ctime"], "expire": c["ctime"] + c["effective_time_in_seconds"],
                "payload": c["payload"], "mode": c["mode"]}
        assert dict(decode(c["token"], c["secret"])) == want, c["name"]
        now = c["ctime"]  # (one vector lives 1 s: it expires at ctime + 1)
        if c["mode"] == "gcm":
            assert dict(verify(c["token"], c["secret"], c["app_id"], now)) == want, c["name"]
        else:
            assert code_of(verify, c["token"], c["secret"], c["app_id"], now) == 134, c["name"]
            assert dict(verify(c["token"], c["secret"], c["app_id"], now, allow_cbc=True)) == want
    for e in vectors["errors"]:
        args = (e["app_id"], e["user_id"], e["secret"], e["effective_time_in_seconds"],
                e["payload"])
        code = 102 if e["error_code"] == "extension" else e["error_code"]
        for mode in ("cbc", "gcm"):
            assert code_of(generate_token04, *args, mode=mode) == code, (e["name"], mode)
        if code < 100:
            assert compat.generate_token04(*args).error_code == code, e["name"]
    with open(os.path.join(data, "token04-foreign.json"), encoding="utf-8") as f:
        foreign = json.load(f)["tokens"]
    for t in foreign:
        got = decode(t["token"], t["secret"])
        assert (got.app_id, got.user_id, got.payload) == (t["app_id"], t["user_id"], t["payload"])
        assert got.expire - got.ctime == t["effective_time_in_seconds"]

    assert build_rtc_room_payload("demo", True, True, ["s1"]) == \
        '{"room_id":"demo","privilege":{"1":1,"2":1},"stream_id_list":["s1"]}'
    payload = build_rtc_room_payload("room-1")
    user = "a64-user"
    lines = [("cbc", 11, user, generate_token04(11, user, SECRET, 3600, payload)),
             ("gcm", 12, user, generate_token04(12, user, SECRET, 3600, mode="gcm"))]
    for app_id, mode in ((13, "gcm"), (14, "cbc")):
        with Generator(app_id, SECRET, mode) as gen:
            lines.append((mode, app_id, user, gen.generate(user, 60, payload)))
            assert decode(lines[-1][3], SECRET).mode == mode
        assert code_of(gen.generate, "u", 60) == 100
    assert verify(lines[1][3], SECRET, 12).user_id == user
    for line in lines:
        print(*line)
    print(f"check_installed: {len(vectors['cases'])} vectors, {len(vectors['errors'])} error "
          f"vectors, {len(foreign)} foreign tokens on {machine}, zego_token {version}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
