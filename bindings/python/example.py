"""Print a GCM token and its claims: ZEGO_TOKEN_LIB=... python3 example.py"""
import os

from zego_token import decode, generate_token04

secret = os.environ.get("ZEGO_SERVER_SECRET", "fa94dd0f974cf2e293728a526b028271")
token = generate_token04(1, "demo", secret, 3600, mode="gcm")
print(token)
print(decode(token, secret))
