"""ZEGO token04 generation, decoding and verification (Python binding of the zego-token library).

The library is linked into the package's one compiled module, ``zego_token._native`` (a C
extension on the stable ABI): nothing to load or set at run time. Every function and every
:class:`Generator` is thread-safe, and every failure raises :class:`ZegoTokenError` with the
library's numeric ``code``.

    >>> token = generate_token04(1, "demo", secret, 3600)          # CBC, as the official SDKs
    >>> gen = Generator(1, secret)                                  # GCM by default
    >>> claims = verify(gen.generate("demo", 3600), secret, app_id=1)
    >>> claims.user_id, claims["expire"] - claims["ctime"]
    ('demo', 3600)
"""
from __future__ import annotations

import math
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._codes import ErrorCodes

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "Claims",
    "Generator",
    "ZegoTokenError",
    "build_rtc_room_payload",
    "decode",
    "generate_token04",
    "library_path",
    "library_version",
    "token_hint",
    "verify",
]
class ZegoTokenError(ErrorCodes, Exception):
    """A failed call. ``code`` is the library's numeric code (1, 3, 5 and 6 are the official
    ZEGO codes, 100 and above the library's own: see the README); ``message`` describes it.
    Neither ever contains a secret. Every code is a constant of the class too, named as in the
    C header without ``ZEGO_``: ``ZegoTokenError.USER_ID_INVALID == 3``.

    ``hint``: for a failed :func:`decode` or :func:`verify`, the library's hint for the token
    (what :func:`token_hint` returns), ``None`` when it shows none and for every other call."""

    code: int
    message: str
    hint: str | None

    def __init__(self, code: int, message: str, hint: str | None = None) -> None:
        super().__init__(f"{message} (code {code:d})")
        self.code = code
        self.message = message
        self.hint = hint

    def __reduce__(self) -> Any:
        return (type(self), (self.code, self.message, self.hint))


try:
    # The one compiled module (native.c), the library linked into it.
    from . import _native
except ImportError as e:
    raise ImportError(
        "zego_token: the compiled part of the package (zego_token._native) is missing or broken "
        f"({e}). Install the package with pip (pip install ./bindings/python in the repository) "
        "and import the installed copy: a script run from bindings/python sees the source folder "
        "first (run it from elsewhere, or with python3 -P)."
    ) from e
_native.init(ZegoTokenError)

__version__: str = _native.version()
_MODE_NAMES = ("cbc", "gcm")
_U32 = 0xFFFFFFFF
_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1


def _str(value: Any, name: str) -> None:
    """TypeError unless ``value`` is a str (the C side reads its UTF-8 in place)."""
    if not isinstance(value, str):
        kind = type(value).__name__
        del value  # not left in this frame's locals (it may be a secret of the wrong type)
        raise TypeError(f"{name} must be str, not {kind}")


def _integer(value: Any, name: str, low: int, high: int, out_of_range: int) -> int:
    """An int for C; a value out of the C type's range becomes one the library rejects alike.
    ``bool`` is a subclass of ``int`` but not a number here: ``True`` is a TypeError."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be int, not {type(value).__name__}")
    return value if low <= value <= high else out_of_range


if TYPE_CHECKING:
    def generate_token04(app_id: int, user_id: str, secret: str, effective_time_in_seconds: int,
                         payload: str = "", mode: str = "cbc") -> str:
        """A new token04 string. ``mode`` is ``"cbc"`` (the default: the official SDKs' format)
        or ``"gcm"`` (authenticated). Raises ZegoTokenError: 106 for an unknown mode, then 1 app
        id, 3 user id, 5 secret, 6 lifetime (in that order, as the official SDKs check), 101/102
        payload. TypeError for an argument of the wrong type (a ``bool`` is no ``int`` here)."""
else:
    # The C function itself (the hot path: no Python frame, so no locals holding the secret).
    generate_token04 = _native.generate_token04


class Generator(_native.GeneratorBase):
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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = " closed" if self.closed else ""
        app_id, mode = getattr(self, "app_id", None), getattr(self, "mode", None)
        return f"<zego_token.Generator app_id={app_id!r} mode={mode!r}{state}>"


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


def _claims(c: tuple[int, str, int, int, int, str, int]) -> Claims:
    return Claims(app_id=c[0], user_id=c[1], nonce=c[2], ctime=c[3], expire=c[4], payload=c[5],
                  mode=_MODE_NAMES[c[6]])


def decode(token: str, secret: str) -> Claims:
    """The claims of a token of either mode, from any generator. Checks neither expiry nor app
    id (use :func:`verify` to accept a token). Raises ZegoTokenError: 5 secret, 120-131 token."""
    try:
        _str(token, "token")
        _str(secret, "secret")
        c = _native.decode(token, secret)
    finally:
        # The token and the secret are not left in this frame's locals, which a traceback with
        # capture_locals=True (or an error reporter that records locals) would show.
        del token, secret
    return _claims(c)


_APP_ID_MISMATCH = ErrorCodes.TOKEN_APP_ID_MISMATCH
_ALLOW_CBC = 1  # ZEGO_VERIFY_ALLOW_CBC


def verify(token: str, secret: str, app_id: int, now: float | None = None,
           allow_cbc: bool = False) -> Claims:
    """The claims of ``token`` if it is accepted: a GCM token (CBC too only with
    ``allow_cbc=True``: CBC tokens are not authenticated) that decrypts with ``secret``, was
    issued for ``app_id`` and has not expired at ``now`` (Unix seconds; default: the current
    time). Raises ZegoTokenError: 134 CBC not allowed, 132 other app id, 133 expired, or a decode
    error. TypeError for an argument of the wrong type: ``allow_cbc`` must be a ``bool`` (not
    ``"false"``, ``0`` or ``[0]``), ``app_id`` an ``int``, ``now`` an ``int`` or ``float`` (not a
    ``bool``)."""
    try:
        _str(token, "token")
        _str(secret, "secret")
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
        c = _native.verify(token, secret, max(app, 0), when, _ALLOW_CBC if allow_cbc else 0)
        hint = _native.token_hint(token) if app < 0 else None  # (it decoded: None, in fact)
    finally:
        # The token and the secret are not left in this frame's locals (see decode).
        del token, secret
    if app < 0:  # a token for app 0 matched the stand-in: it is not for this app id either
        raise ZegoTokenError(_APP_ID_MISMATCH, _native.error_message(_APP_ID_MISMATCH), hint)
    return _claims(c)


def token_hint(token: str) -> str | None:
    """The library's hint for a malformed token (``zego_token04_hint_n``): one of its fixed
    English sentences naming the likely mistake (a ``+`` that a URL query turned into a space, a
    trailing newline, quotes, URL encoding, a missing ``04``, a truncated token...), never any
    part of the token; ``None`` when the token shows none (it may still fail to decode: a wrong
    secret). :func:`decode` and :func:`verify` put it on their error's ``hint``."""
    try:
        _str(token, "token")
        return _native.token_hint(token)
    finally:
        del token  # not left in this frame's locals (see decode)


def _flag(value: Any, name: str) -> int:
    if isinstance(value, bool):
        return int(value)
    return _integer(value, name, -(1 << 31), (1 << 31) - 1, 2)  # other values: code 112


def build_rtc_room_payload(room_id: str, can_login_room: bool = True,
                           can_publish_stream: bool = False,
                           stream_ids: Iterable[str] | None = None) -> str:
    """The payload of a strict token, as the official samples build it, e.g.
    ``{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}``. ``room_id`` ""
    means any room; ``stream_ids`` None gives ``null`` (any stream), else a list of the ids.
    Raises ZegoTokenError: 110 room id, 111 stream id, 112 privilege not a bool/0/1."""
    _str(room_id, "room_id")
    login = _flag(can_login_room, "can_login_room")
    publish = _flag(can_publish_stream, "can_publish_stream")
    ids: list[str] | None = None
    if stream_ids is not None:
        if isinstance(stream_ids, (str, bytes)):
            raise TypeError("stream_ids must be a list of str, not a single "
                            f"{type(stream_ids).__name__}")
        ids = list(stream_ids)  # each one a str, or native.c raises TypeError
    return _native.build_rtc_room_payload(room_id, login, publish, ids)


def library_version() -> str:
    """The version of the library, "MAJOR.MINOR.PATCH" (the package's own: it is linked in)."""
    return _native.version()


def library_path() -> str:
    """The file the library is in: the package's compiled module, ``zego_token/_native*.so``."""
    return str(_native.__file__)
