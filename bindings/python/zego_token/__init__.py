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
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional

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


def _load_native() -> tuple[Any, Any, str]:
    try:
        from ._native import ffi, lib  # the cffi extension compiled when the wheel was built
    except ImportError as e:
        raise ImportError(
            "zego_token: the compiled part of the package (zego_token._native) is missing or "
            "broken (%s). Install the package with pip (pip install zego-token, or "
            "pip install ./bindings/python in the repository) instead of importing it from the "
            "source tree." % e
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
    if err != ffi.NULL:
        raise ImportError("zego_token: cannot load the zego-token library from %s: %s. To fix: %s."
                          % (how, ffi.string(err).decode("utf-8", "replace"), advice))
    return ffi, lib, path


_ffi, _lib, _path = _load_native()

# Hot-path names, bound once.
_unpack = _ffi.unpack
_zt_generate = _lib.zt_generate
_zt_generator_generate = _lib.zt_generator_generate
_NULL = _ffi.NULL
_MODES = {"cbc": 0, "gcm": 1}
_MODE_NAMES = ("cbc", "gcm")
_BUF_LEN = 1024  # a token shorter than this is written into the thread's buffer; longer ones are allocated
_U32 = 0xFFFFFFFF
_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1
_NULL_ARGUMENT, _MODE_INVALID = 100, 106
_CLOSED = _ffi.cast("ZegoToken04Generator *", 0)  # a closed Generator's handle: C sees NULL


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


def _error(code: int) -> ZegoTokenError:
    return ZegoTokenError(code, _ffi.string(_lib.zt_error_message(code)).decode("utf-8"))


class _Scratch(threading.local):
    """Per-thread output buffer (the C calls run without the GIL, so buffers are not shared)."""

    def __init__(self) -> None:
        self.buf = _ffi.new("char[]", _BUF_LEN)
        self.spill = _ffi.new("char **")


_scratch = _Scratch()


def _finish(n: int, scratch: _Scratch) -> str:
    """A result other than a short token: an error code, or a long token allocated by C."""
    if n < 0:
        raise _error(-n)
    if n < _BUF_LEN:
        return _unpack(scratch.buf, n).decode("ascii")
    p = scratch.spill[0]
    scratch.spill[0] = _NULL
    try:
        return _unpack(p, n).decode("ascii")
    finally:
        _lib.zt_string_free(p)


def _text(value: Any, name: str) -> bytes:
    """UTF-8 for C; lone surrogates pass through so that the library reports them by code."""
    if not isinstance(value, str):
        raise TypeError("%s must be str, not %s" % (name, type(value).__name__))
    return value.encode("utf-8", "surrogatepass")


def _integer(value: Any, name: str, low: int, high: int, out_of_range: int) -> int:
    """An int for C; a value out of the C type's range becomes one the library rejects alike."""
    if not isinstance(value, int):
        raise TypeError("%s must be int, not %s" % (name, type(value).__name__))
    return value if low <= value <= high else out_of_range


def _mode(mode: Any) -> int:
    if isinstance(mode, str) and mode in _MODES:
        return _MODES[mode]
    raise _error(_MODE_INVALID)


def generate_token04(app_id: int, user_id: str, secret: str, effective_time_in_seconds: int,
                     payload: str = "", mode: str = "cbc") -> str:
    """A new token04 string. ``mode`` is ``"cbc"`` (the default: the official SDKs' format) or
    ``"gcm"`` (authenticated). Raises ZegoTokenError: 1 app id, 3 user id, 5 secret, 6 lifetime
    (checked in that order, as the official SDKs do), then 101/102 payload, 106 mode."""
    try:
        u = user_id.encode()
        s = secret.encode()
        p = payload.encode()
        scratch = _scratch
        n = _zt_generate(_MODES[mode], app_id, u, len(u), s, len(s), effective_time_in_seconds,
                         p, len(p), scratch.buf, _BUF_LEN, scratch.spill)
    except (AttributeError, KeyError, TypeError, OverflowError, UnicodeEncodeError):
        # Something the fast path could not pass as is: check and convert it argument by argument.
        gcm = _mode(mode)
        app = _integer(app_id, "app_id", 0, _U32, 0)
        u = _text(user_id, "user_id")
        s = _text(secret, "secret")
        ttl = _integer(effective_time_in_seconds, "effective_time_in_seconds", _I64_MIN, _I64_MAX,
                       _I64_MAX)
        p = _text(payload, "payload")
        scratch = _scratch
        n = _zt_generate(gcm, app, u, len(u), s, len(s), ttl, p, len(p), scratch.buf, _BUF_LEN,
                         scratch.spill)
    if 0 <= n < _BUF_LEN:
        return _unpack(scratch.buf, n).decode()
    return _finish(n, scratch)


class Generator:
    """A reusable generator for one app id, secret and mode (``"gcm"`` by default, or ``"cbc"``).

    The key is expanded once, and the secret is not kept. Share one generator between threads
    freely. ``close()`` (or leaving a ``with`` block) frees it at once; otherwise it is freed when
    it is garbage-collected. A call still running in another thread keeps it alive until it
    returns; calls after ``close()`` raise ZegoTokenError (code 100)."""

    __slots__ = ("_handle", "app_id", "mode", "__weakref__")

    def __init__(self, app_id: int, secret: str, mode: str = "gcm") -> None:
        self._handle: Any = _CLOSED
        # The library checks app id, then secret, then mode: an unknown mode is passed as -1.
        m = _MODES.get(mode, -1) if isinstance(mode, str) else -1
        app = _integer(app_id, "app_id", 0, _U32, 0)
        s = _text(secret, "secret")
        out = _ffi.new("ZegoToken04Generator **")
        rc = _lib.zt_generator_new(app, s, len(s), m, out)
        if rc != 0:
            raise _error(rc)
        self._handle = _ffi.gc(out[0], _lib.zt_generator_free)
        self.app_id: int = app_id
        self.mode: str = mode

    def generate(self, user_id: str, effective_time_in_seconds: int, payload: str = "") -> str:
        """A new token for ``user_id``; errors as for :func:`generate_token04` (3, 6, 101, 102)."""
        try:
            u = user_id.encode()
            p = payload.encode()
            scratch = _scratch
            n = _zt_generator_generate(self._handle, u, len(u), effective_time_in_seconds, p,
                                       len(p), scratch.buf, _BUF_LEN, scratch.spill)
        except (AttributeError, TypeError, OverflowError, UnicodeEncodeError):
            u = _text(user_id, "user_id")
            ttl = _integer(effective_time_in_seconds, "effective_time_in_seconds", _I64_MIN,
                           _I64_MAX, _I64_MAX)
            p = _text(payload, "payload")
            scratch = _scratch
            n = _zt_generator_generate(self._handle, u, len(u), ttl, p, len(p), scratch.buf,
                                       _BUF_LEN, scratch.spill)
        if 0 <= n < _BUF_LEN:
            return _unpack(scratch.buf, n).decode()
        if n == -_NULL_ARGUMENT and self._handle is _CLOSED:
            raise ZegoTokenError(_NULL_ARGUMENT, "the generator is closed")
        return _finish(n, scratch)

    def close(self) -> None:
        """Frees the generator (zeroizing its key) once no call is using it. Idempotent."""
        self._handle = _CLOSED

    @property
    def closed(self) -> bool:
        return self._handle is _CLOSED

    def __enter__(self) -> "Generator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = " closed" if self._handle is _CLOSED else ""
        return "<zego_token.Generator app_id=%r mode=%r%s>" % (self.app_id, self.mode, state)


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
    t = _text(token, "token")
    s = _text(secret, "secret")
    c = _ffi.new("ZegoToken04Claims *")
    rc = _lib.zt_decode(t, len(t), s, len(s), c)
    if rc != 0:
        raise _error(rc)
    return _claims(c)


_APP_ID_MISMATCH = 132


def verify(token: str, secret: str, app_id: int, now: Optional[int] = None,
           allow_cbc: bool = False) -> Claims:
    """The claims of ``token`` if it is accepted: a GCM token (CBC too only with
    ``allow_cbc=True``: CBC tokens are not authenticated) that decrypts with ``secret``, was
    issued for ``app_id`` and has not expired at ``now`` (Unix seconds; default: the current
    time). Raises ZegoTokenError: 134 CBC not allowed, 132 other app id, 133 expired, or a decode
    error."""
    t = _text(token, "token")
    s = _text(secret, "secret")
    if now is None:
        now = int(time.time())
    when = _integer(now, "now", _I64_MIN, _I64_MAX, 0)
    if when != now:  # beyond int64: every token has expired, or none has
        when = _I64_MAX if now > 0 else _I64_MIN
    # No token carries an app id outside 0..2^32-1: check it against 0, and call a match a mismatch.
    app = _integer(app_id, "app_id", 0, _U32, -1)
    c = _ffi.new("ZegoToken04Claims *")
    rc = _lib.zt_verify(t, len(t), s, len(s), max(app, 0), when, 1 if allow_cbc else 0, c)
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
