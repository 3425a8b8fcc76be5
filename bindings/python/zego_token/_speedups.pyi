# Types of the C extension zego_token._speedups (../speedups.c), for type checkers.
from typing import Protocol

from . import ZegoTokenError

class _ErrorFactory(Protocol):
    def __call__(self, code: int, message: str = ..., /) -> ZegoTokenError: ...

def load(path: bytes, error_factory: _ErrorFactory, /) -> None: ...
def generate_token04(
    app_id: int,
    user_id: str,
    secret: str,
    effective_time_in_seconds: int,
    payload: str,
    mode: str,
    /,
) -> str: ...

class GeneratorBase:
    @property
    def closed(self) -> bool: ...
    def __init__(self, app_id: int, secret: str, mode: str = "gcm") -> None: ...
    def generate(self, user_id: str, effective_time_in_seconds: int, payload: str = "") -> str: ...
    def close(self) -> None: ...
