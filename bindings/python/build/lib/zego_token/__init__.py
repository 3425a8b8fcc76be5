"""ZEGO token04 generation and decoding through the zego-token shared library (ctypes).

The library is loaded on first use from the path in the ``ZEGO_TOKEN_LIB`` environment variable,
or else from the system loader path (``libzego_token.so.0``). Every function is thread-safe.

    >>> token = generate_token04(1, "demo", secret, 3600, mode="gcm")
    >>> decode(token, secret)["user_id"]
    'demo'
"""
import ctypes
import os
import threading

__all__ = ["generate_token04", "decode", "ZegoTokenError"]
__version__ = "0.1.0"


class ZegoTokenError(Exception):
    """A failed call: ``code`` is the library's numeric code, ``message`` its description."""

    def __init__(self, code, message):
        super().__init__("%s (code %d)" % (message, code))
        self.code = code
        self.message = message


class _Claims(ctypes.Structure):
    _fields_ = [
        ("app_id", ctypes.c_uint32),
        ("user_id", ctypes.c_void_p),
        ("nonce", ctypes.c_int64),
        ("ctime", ctypes.c_int64),
        ("expire", ctypes.c_int64),
        ("payload", ctypes.c_void_p),
        ("mode", ctypes.c_int32),
    ]


_lib = None
_lock = threading.Lock()
_GENERATE_ARGS = [ctypes.c_uint32, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int64, ctypes.c_char_p,
                  ctypes.POINTER(ctypes.c_void_p)]


def _load():
    global _lib
    with _lock:
        if _lib is not None:
            return _lib
        path = os.environ.get("ZEGO_TOKEN_LIB")
        candidates = [path] if path else ["libzego_token.so.0", "libzego_token.so"]
        errors = []
        for candidate in candidates:
            try:
                lib = ctypes.CDLL(candidate)
                break
            except OSError as e:
                errors.append(str(e))
        else:
            raise OSError(
                "cannot load the zego-token library: set ZEGO_TOKEN_LIB to the path of "
                "libzego_token.so, or install it on the system loader path (ld.so): " + "; ".join(errors))
        for name in ("zego_generate_token04", "zego_generate_token04_gcm"):
            fn = getattr(lib, name)
            fn.argtypes = _GENERATE_ARGS
            fn.restype = ctypes.c_int32
        lib.zego_string_free.argtypes = [ctypes.c_void_p]
        lib.zego_string_free.restype = None
        lib.zego_error_message.argtypes = [ctypes.c_int32]
        lib.zego_error_message.restype = ctypes.c_char_p
        lib.zego_token04_decode.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(_Claims)]
        lib.zego_token04_decode.restype = ctypes.c_int32
        lib.zego_token04_claims_free.argtypes = [ctypes.POINTER(_Claims)]
        lib.zego_token04_claims_free.restype = None
        _lib = lib
        return lib


def _error(lib, code):
    return ZegoTokenError(code, lib.zego_error_message(code).decode())


def _c(lib, value, code):
    """UTF-8 bytes for C; a NUL inside would cut the string short, so it is the argument's error."""
    if not isinstance(value, str):
        raise TypeError("expected str, got %s" % type(value).__name__)
    data = value.encode("utf-8", "surrogatepass")
    if b"\0" in data:
        raise _error(lib, code)
    return data


def generate_token04(app_id, user_id, secret, effective_time_in_seconds, payload="", mode="cbc"):
    """A new token04 string; ``mode`` is ``"cbc"`` (default, the original format) or ``"gcm"``.

    Raises ZegoTokenError with the official code (1 app id, 3 user id, 5 secret, 6 lifetime) or
    one of the library's own.
    """
    lib = _load()
    if mode not in ("cbc", "gcm"):
        raise _error(lib, 106)
    if not 0 <= app_id <= 0xFFFFFFFF or app_id == 0:
        raise _error(lib, 1)
    if not -(1 << 63) <= effective_time_in_seconds < (1 << 63):
        raise _error(lib, 6)
    user = _c(lib, user_id, 3)
    key = _c(lib, secret, 5)
    body = _c(lib, payload, 101)
    out = ctypes.c_void_p()
    fn = lib.zego_generate_token04_gcm if mode == "gcm" else lib.zego_generate_token04
    rc = fn(app_id, user, key, effective_time_in_seconds, body, ctypes.byref(out))
    if rc != 0:
        raise _error(lib, rc)
    try:
        return ctypes.string_at(out.value).decode("ascii")
    finally:
        lib.zego_string_free(out)


def decode(token, secret):
    """The claims of ``token`` as a dict: app_id, user_id, nonce, ctime, expire, payload, mode."""
    lib = _load()
    key = _c(lib, secret, 5)
    tok = _c(lib, token, 121)
    claims = _Claims()
    rc = lib.zego_token04_decode(tok, key, ctypes.byref(claims))
    if rc != 0:
        raise _error(lib, rc)
    try:
        return {
            "app_id": claims.app_id,
            "user_id": ctypes.string_at(claims.user_id).decode("utf-8"),
            "nonce": claims.nonce,
            "ctime": claims.ctime,
            "expire": claims.expire,
            "payload": ctypes.string_at(claims.payload).decode("utf-8"),
            "mode": "gcm" if claims.mode == 1 else "cbc",
        }
    finally:
        lib.zego_token04_claims_free(ctypes.byref(claims))
