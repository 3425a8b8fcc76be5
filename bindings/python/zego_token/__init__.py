"""ZEGO token04 generation, decoding and verification (Python binding of the zego-token library).

The wheel bundles the library (``zego_token/libzego_token*.so``) and loads it at import; the
environment variable ``ZEGO_TOKEN_LIB``, when set, names another copy to load instead. Every
function and every :class:`Generator` is thread-safe, and every failure raises
:class:`ZegoTokenError` with the library's numeric ``code``.

    >>> token = generate_token04(1, "demo", secret, 3600)          # CBC, as the official SDKs
    >>> gen = Generator(1, secret)                                  # GCM by default
    >>> claims = verify(gen.generate("demo", 3600), secret, app_id=1)
    >>> claims.user_id, claims["expire"] - claims["ctime"]
    ('demo', 3600)
"""
from __future__ import annotations

import glob
import math
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional

__all__ = [
    "generate_token04",
    "decode",
    "verify",
    "build_rtc_room_payload",
    "Generator",
    "Claims",
    "ZegoTokenError",
    "library_version",
    "library_path",
]
__version__ = "0.1.0"

_HERE = os.path.dirname(os.path.abspath(__file__))


class ZegoTokenError(Exception):
    """A failed call. ``code`` is the library's numeric code (1, 3, 5 and 6 are the official
    ZEGO codes, 100 and above the library's own: see the README); ``message`` describes it.
    Neither ever contains a secret."""

    code: int
    message: str

    def __init__(self, code: int, message: str) -> None:
        super().__init__("%s (code %d)" % (message, code))
        self.code = code
        self.message = message

    def __reduce__(self) -> Any:
        return (type(self), (self.code, self.message))


def _make_error(code: int, message: Optional[str] = None) -> ZegoTokenError:
    if message is None:
        message = _ffi.string(_lib.zt_error_message(code)).decode("utf-8")
    return ZegoTokenError(code, message)


_error = _make_error


def _load_native() -> tuple[Any, Any, Any, str]:
    try:
        # compiled when the wheel was built: cffi (_native) and the CPython API (_speedups)
        from . import _speedups
        from ._native import ffi, lib
    except ImportError as e:
        raise ImportError(
            "zego_token: the compiled part of the package (zego_token._native, _speedups) is "
            "missing or broken (%s). Install the package with pip (pip install ./bindings/python "
            "in the repository) and import the installed copy: a script run from "
            "bindings/python sees the source folder first (run it from elsewhere, or with "
            "python3 -P)." % e
        ) from e
    override = os.environ.get("ZEGO_TOKEN_LIB")
    if override:
        path, how = override, "ZEGO_TOKEN_LIB=%s" % override
        advice = ("point ZEGO_TOKEN_LIB to a libzego_token.so (built with `make lib`: "
                  "target/release/libzego_token.so), or unset it to use the copy in the wheel")
    else:
        bundled = sorted(glob.glob(os.path.join(_HERE, "libzego_token*.so")))
        path = bundled[0] if bundled else os.path.join(_HERE, "libzego_token.abi3.so")
        how = "the copy bundled in the package, %s" % path
        advice = ("reinstall the package (pip install --force-reinstall zego-token), or set "
                  "ZEGO_TOKEN_LIB to the path of a libzego_token.so")
    err = lib.zt_load(os.fsencode(path))
    message = ffi.string(err).decode("utf-8", "replace") if err != ffi.NULL else None
    if message is None:
        try:
            _speedups.load(os.fsencode(path), _make_error)
        except OSError as e:
            message = str(e)
    if message is not None:
        raise ImportError("zego_token: cannot load the zego-token library from %s: %s. To fix: %s."
                          % (how, message, advice))
    return ffi, lib, _speedups, path


_ffi, _lib, _speedups, _path = _load_native()

_fast_generate = _speedups.generate_token04
_NULL = _ffi.NULL
_MODE_NAMES = ("cbc", "gcm")
_U32 = 0xFFFFFFFF
_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


def _text(value: Any, name: str) -> bytes:
    """UTF-8 for C; lone surrogates pass through so that the library reports them by code."""
    if not isinstance(value, str):
        kind = type(value).__name__
        del value  # not left in this frame's locals (it may be a secret of the wrong type)
        raise TypeError("%s must be str, not %s" % (name, kind))
    return value.encode("utf-8", "surrogatepass")


def _integer(value: Any, name: str, low: int, high: int, out_of_range: int) -> int:
    """An int for C; a value out of the C type's range becomes one the library rejects alike.
    ``bool`` is a subclass of ``int`` but not a number here: ``True`` is a TypeError."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("%s must be int, not %s" % (name, type(value).__name__))
    return value if low <= value <= high else out_of_range


def generate_token04(app_id: int, user_id: str, secret: str, effective_time_in_seconds: int,
                     payload: str = "", mode: str = "cbc") -> str:
    """A new token04 string. ``mode`` is ``"cbc"`` (the default: the official SDKs' format) or
    ``"gcm"`` (authenticated). Raises ZegoTokenError: 106 for an unknown mode, then 1 app id,
    3 user id, 5 secret, 6 lifetime (in that order, as the official SDKs check), 101/102 payload.
    TypeError for an argument of the wrong type (a ``bool`` is no ``int`` here)."""
    try:
        return _fast_generate(app_id, user_id, secret, effective_time_in_seconds, payload, mode)
    finally:
        del secret  # not left in this frame's locals (see decode)


class Generator(_speedups.GeneratorBase):
    """A reusable generator for one app id, secret and mode (``"gcm"`` by default, or ``"cbc"``).

    The key is expanded once and the secret is not kept. Share one generator between threads
    freely: each call runs without the GIL. ``close()`` (or leaving a ``with`` block) frees it
    and zeroizes its key (once calls still running in other threads have returned); otherwise
    it is freed when garbage-collected. Calls after ``close()`` raise ZegoTokenError (code 100).
    Raises ZegoTokenError 1 (app id), 5 (secret), 106 (mode), checked in that order."""

    __slots__ = ("app_id", "mode")

    if TYPE_CHECKING:
        closed: bool

        def generate(self, user_id: str, effective_time_in_seconds: int, payload: str = "") -> str:
            """A new token for ``user_id``; ZegoTokenError 3, 6, 101 or 102 as for
            :func:`generate_token04`."""

        def close(self) -> None:
            """Frees the generator once no call is using it. Idempotent."""

    def __init__(self, app_id: int, secret: str, mode: str = "gcm") -> None:
        try:
            super().__init__(app_id, secret, mode)
        finally:
            # Not left in this frame's locals, which a traceback with capture_locals=True (or an
            # error reporter that records locals) would show.
            del secret
        self.app_id = app_id
        self.mode = mode

    def __enter__(self) -> "Generator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = " closed" if self.closed else ""
        return "<zego_token.Generator app_id=%r mode=%r%s>" % (
            getattr(self, "app_id", None), getattr(self, "mode", None), state)


_CLAIM_KEYS = ("app_id", "user_id", "nonce", "ctime", "expire", "payload", "mode")


@dataclass(frozen=True, eq=False)
class Claims(Mapping):  # type: ignore[type-arg]
    """The claims of a token: attributes (``c.user_id``) and a read-only mapping
    (``c["user_id"]``, ``dict(c)``, ``c == {...}``). ``mode`` is ``"cbc"`` or ``"gcm"``;
    ``ctime`` and ``expire`` are Unix seconds."""

    app_id: int
    user_id: str
    nonce: int
    ctime: int
    expire: int
    payload: str
    mode: str

    def __getitem__(self, key: str) -> Any:
        if key in _CLAIM_KEYS:
            return getattr(self, key)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(_CLAIM_KEYS)

    def __len__(self) -> int:
        return len(_CLAIM_KEYS)


def _claims(c: Any) -> Claims:
    try:
        return Claims(
            app_id=c.app_id,
            user_id=_ffi.string(c.user_id).decode("utf-8"),
            nonce=c.nonce,
            ctime=c.ctime,
            expire=c.expire,
            payload=_ffi.string(c.payload).decode("utf-8"),
            mode=_MODE_NAMES[c.mode],
        )
    finally:
        _lib.zt_claims_free(c)


def decode(token: str, secret: str) -> Claims:
    """The claims of a token of either mode, from any generator. Checks neither expiry nor app
    id (use :func:`verify` to accept a token). Raises ZegoTokenError: 5 secret, 120-131 token."""
    t = s = b""
    try:
        t = _text(token, "token")
        s = _text(secret, "secret")
        c = _ffi.new("ZegoToken04Claims *")
        rc = _lib.zt_decode(t, len(t), s, len(s), c)
    finally:
        # The token and the secret are not left in this frame's locals, which a traceback with
        # capture_locals=True (or an error reporter that records locals) would show.
        del token, secret, t, s
    if rc != 0:
        raise _error(rc)
    return _claims(c)


_APP_ID_MISMATCH = 132


def verify(token: str, secret: str, app_id: int, now: Optional[float] = None,
           allow_cbc: bool = False) -> Claims:
    """The claims of ``token`` if it is accepted: a GCM token (CBC too only with
    ``allow_cbc=True``: CBC tokens are not authenticated) that decrypts with ``secret``, was
    issued for ``app_id`` and has not expired at ``now`` (Unix seconds; default: the current
    time). Raises ZegoTokenError: 134 CBC not allowed, 132 other app id, 133 expired, or a decode
    error. TypeError for an argument of the wrong type: ``allow_cbc`` must be a ``bool`` (not
    ``"false"``, ``0`` or ``[0]``), ``app_id`` an ``int``, ``now`` an ``int`` or ``float`` (not a
    ``bool``)."""
    t = s = b""
    try:
        t = _text(token, "token")
        s = _text(secret, "secret")
        if not isinstance(allow_cbc, bool):
            raise TypeError(f"allow_cbc must be bool, not {type(allow_cbc).__name__}")
        if now is None:
            now = int(time.time())
        elif isinstance(now, float):  # time.time(): whole seconds, as the claims are
            now = math.floor(now)
        when = _integer(now, "now", _I64_MIN, _I64_MAX, 0)
        if when != now:  # beyond int64: every token has expired, or none has
            when = _I64_MAX if now > 0 else _I64_MIN
        # No token carries an app id outside 0..2^32-1: check it against 0, and call a match a
        # mismatch.
        app = _integer(app_id, "app_id", 0, _U32, -1)
        c = _ffi.new("ZegoToken04Claims *")
        rc = _lib.zt_verify(t, len(t), s, len(s), max(app, 0), when, 1 if allow_cbc else 0, c)
    finally:
        # The token and the secret are not left in this frame's locals (see decode).
        del token, secret, t, s
    if app < 0 and rc in (0, _APP_ID_MISMATCH):
        if rc == 0:
            _lib.zt_claims_free(c)
        rc = _APP_ID_MISMATCH
    if rc != 0:
        raise _error(rc)
    return _claims(c)


def _flag(value: Any, name: str) -> int:
    if isinstance(value, bool):
        return int(value)
    return _integer(value, name, -(1 << 31), (1 << 31) - 1, 2)  # other values: code 112


def build_rtc_room_payload(room_id: str, can_login_room: bool = True,
                           can_publish_stream: bool = False,
                           stream_ids: Optional[Iterable[str]] = None) -> str:
    """The payload of a strict token, as the official samples build it, e.g.
    ``{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}``. ``room_id`` ""
    means any room; ``stream_ids`` None gives ``null`` (any stream), else a list of the ids.
    Raises ZegoTokenError: 110 room id, 111 stream id, 112 privilege not a bool/0/1."""
    room = _text(room_id, "room_id")
    login = _flag(can_login_room, "can_login_room")
    publish = _flag(can_publish_stream, "can_publish_stream")
    if stream_ids is None:
        ids, lens, count, keep = _NULL, _NULL, 0, None
    else:
        if isinstance(stream_ids, (str, bytes)):
            raise TypeError("stream_ids must be a list of str, not a single %s"
                            % type(stream_ids).__name__)
        encoded = [_text(x, "stream id") for x in stream_ids]
        keep = [_ffi.new("char[]", b) for b in encoded]
        ids = _ffi.new("const char *[]", keep or 1)
        lens = _ffi.new("size_t[]", [len(b) for b in encoded] or 1)
        count = len(encoded)
    out = _ffi.new("char **")
    rc = _lib.zt_build_rtc_room_payload(room, len(room), login, publish, ids, lens, count, out)
    del keep
    if rc != 0:
        raise _error(rc)
    try:
        return _ffi.string(out[0]).decode("utf-8")
    finally:
        _lib.zt_string_free(out[0])


def library_version() -> str:
    """The version of the loaded library, "MAJOR.MINOR.PATCH"."""
    return _ffi.string(_lib.zt_version()).decode("ascii")


def library_path() -> str:
    """The file the library was loaded from (the bundled copy, or ZEGO_TOKEN_LIB)."""
    return _path
