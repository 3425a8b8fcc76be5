"""zego_token in a few lines: python3 example.py (after pip install ./bindings/python).

Prints a GCM token from a reusable Generator, the claims that verify() accepts, a strict
token's room payload, a CBC token from the official call shape, and how an error looks.
"""
import os

import zego_token
from zego_token import Generator, ZegoTokenError, build_rtc_room_payload, generate_token04, verify
from zego_token.compat import generate_token04 as official_generate_token04

APP_ID = 1
SECRET = os.environ.get("ZEGO_SERVER_SECRET", "fa94dd0f974cf2e293728a526b028271")

# A server issuing many tokens: one Generator per app id and secret (GCM by default), shared by
# every thread.
with Generator(APP_ID, SECRET) as generator:
    token = generator.generate("demo", 3600)
    print(token)

    # The receiving side accepts only GCM tokens for its app id that have not expired.
    claims = verify(token, SECRET, APP_ID)
    print("verified:", claims.user_id, "mode", claims.mode,
          "valid for", claims["expire"] - claims["ctime"], "s")

    # A strict token: what the user may do in which room.
    payload = build_rtc_room_payload("room-1", can_login_room=True, can_publish_stream=True)
    print("strict payload:", payload)
    print("strict token:", generator.generate("demo", 3600, payload)[:24] + "...")

# The official SDKs' call: a CBC token (accepted by every ZEGO server).
print("one-shot CBC:", generate_token04(APP_ID, "demo", SECRET, 3600)[:24] + "...")

# The official Python module's exact shape: errors are returned as codes, not raised.
info = official_generate_token04(APP_ID, "demo", "too-short", 3600, "")
print("compat:", info.error_code, info.error_message)

try:
    generate_token04(0, "demo", SECRET, 3600)
except ZegoTokenError as e:
    print("error:", e.code, e.message)

print("library", zego_token.library_version(), "from", os.path.basename(zego_token.library_path()))
