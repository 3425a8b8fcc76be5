"""ns/token through the Python binding (part of make bench)."""
import time

from zego_token import generate_token04

SECRET = "fa94dd0f974cf2e293728a526b028271"
PAYLOAD = '{"room_id":"room-0001","privilege":{"1":1,"2":1},"stream_id_list":null}'
for mode in ("cbc", "gcm"):
    n = 50000
    generate_token04(1, "user-000001", SECRET, 3600, PAYLOAD, mode=mode)
    t0 = time.perf_counter()
    for _ in range(n):
        generate_token04(1, "user-000001", SECRET, 3600, PAYLOAD, mode=mode)
    print("python generate_token04 (%s): %.0f ns/token" % (mode, (time.perf_counter() - t0) / n * 1e9))
