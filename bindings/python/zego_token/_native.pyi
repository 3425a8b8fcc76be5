# Types of the cffi extension zego_token._native (../build_ffi.py), for type checkers: cffi ships
# no stubs, and its cdata objects are dynamic (fields and indexing follow the C declaration), so
# cdata is Any here and only what Python code gets out of it is typed.
from typing import Any, TypeAlias

CData: TypeAlias = Any

class FFI:
    NULL: CData
    def new(self, cdecl: str, init: object = ..., /) -> CData: ...
    def string(self, cdata: CData, maxlen: int = ..., /) -> bytes: ...

class Lib:
    def zt_load(self, path: bytes, /) -> CData: ...
    def zt_version(self) -> CData: ...
    def zt_error_message(self, code: int, /) -> CData: ...
    def zt_string_free(self, s: CData, /) -> None: ...
    def zt_decode(
        self, token: bytes, token_len: int, secret: bytes, secret_len: int, out: CData, /
    ) -> int: ...
    def zt_verify(
        self,
        token: bytes,
        token_len: int,
        secret: bytes,
        secret_len: int,
        app_id: int,
        now: int,
        flags: int,
        out: CData,
        /,
    ) -> int: ...
    def zt_claims_free(self, claims: CData, /) -> None: ...
    def zt_build_rtc_room_payload(
        self,
        room_id: bytes,
        room_id_len: int,
        can_login_room: int,
        can_publish_stream: int,
        stream_ids: CData,
        stream_id_lens: CData,
        count: int,
        out: CData,
        /,
    ) -> int: ...

ffi: FFI
lib: Lib
