"""Drop-in replacement for the official ZEGO Python token04 module (``token04.py``).

Migrating is an import change::

    from zego_token.compat import generate_token04      # was: from src.token04 import generate_token04
    info = generate_token04(app_id, user_id, secret, 3600, payload)
    if info.error_code != ERROR_CODE_SUCCESS: ...

As in the official module, argument errors are returned, not raised: ``error_code`` 1 (app id),
3 (user id), 5 (secret) or 6 (effective time), with ``token`` "". Failures the official module
has no code for (a payload that is not valid UTF-8 or too large) raise ZegoTokenError.
Tokens are CBC, the format every official generator produced first and every ZEGO server
accepts; use :class:`zego_token.Generator` for GCM tokens.
"""
from __future__ import annotations

from typing import Any

from . import ZegoTokenError
from . import generate_token04 as _generate

__all__ = [
    "TokenInfo",
    "generate_token04",
    "ERROR_CODE_SUCCESS",
    "ERROR_CODE_APP_ID_INVALID",
    "ERROR_CODE_USER_ID_INVALID",
    "ERROR_CODE_SECRET_INVALID",
    "ERROR_CODE_EFFECTIVE_TIME_IN_SECONDS_INVALID",
]

ERROR_CODE_SUCCESS = 0
ERROR_CODE_APP_ID_INVALID = 1
ERROR_CODE_USER_ID_INVALID = 3
ERROR_CODE_SECRET_INVALID = 5
ERROR_CODE_EFFECTIVE_TIME_IN_SECONDS_INVALID = 6
_RETURNED = (ERROR_CODE_APP_ID_INVALID, ERROR_CODE_USER_ID_INVALID, ERROR_CODE_SECRET_INVALID,
             ERROR_CODE_EFFECTIVE_TIME_IN_SECONDS_INVALID)


class TokenInfo:
    """The official result shape: ``token`` ("" on error), ``error_code``, ``error_message``."""

    __slots__ = ("token", "error_code", "error_message")

    def __init__(self, token: str, error_code: int, error_message: str) -> None:
        self.token = token
        self.error_code = error_code
        self.error_message = error_message

    def __repr__(self) -> str:
        return "TokenInfo(token=%r, error_code=%r, error_message=%r)" % (
            self.token, self.error_code, self.error_message)


def generate_token04(app_id: Any, user_id: Any, secret: Any, effective_time_in_seconds: Any,
                     payload: Any) -> TokenInfo:
    """A CBC token04 in a TokenInfo, with the official module's signature and error codes.

    An argument of the wrong type gets its official code, in the official order of checks (a
    non-int app id gives 1 before anything else is looked at, and so on); ``payload`` None
    counts as ""."""
    # A value of the wrong type is replaced by one the library rejects with the same code, so
    # that the library's checks (in the official order) decide which code wins.
    try:
        token = _generate(
            app_id if type(app_id) is int else 0,
            user_id if type(user_id) is str else "",
            secret if type(secret) is str else "",
            effective_time_in_seconds if type(effective_time_in_seconds) is int else 0,
            "" if payload is None else payload,
        )
    except ZegoTokenError as e:
        if e.code in _RETURNED:
            return TokenInfo("", e.code, e.message)
        raise
    finally:
        # Not left in this frame's locals, which a traceback with capture_locals=True would show.
        del secret
    return TokenInfo(token, ERROR_CODE_SUCCESS, "success")
