"""cffi (API mode, out-of-line) build script for ``zego_token._native``; setup.py names it.

_native carries every call but the two hot ones (generate_token04 and Generator.generate, which
speedups.c implements on the CPython API).

The extension does not link against libzego_token: it opens the library with dlopen() at import
(the copy bundled in the wheel, or the file named by ZEGO_TOKEN_LIB) and calls it through
function pointers whose types come from the real header, so a drifted signature fails to compile.

Strings cross as (pointer, length) pairs to the library's length-delimited (_n) calls: the
library's one rule for NULs, UTF-8 and lengths gives each argument its own code, in its own order
of checks; this module checks nothing itself.
"""
import os

from cffi import FFI

HERE = os.path.dirname(os.path.abspath(__file__))
# The crate's committed header (bindings/python -> repository root).
INCLUDE = os.path.normpath(os.path.join(HERE, "..", "..", "include"))

CDEF = """
typedef struct {
    uint32_t app_id;
    char *user_id;
    int64_t nonce;
    int64_t ctime;
    int64_t expire;
    char *payload;
    int32_t mode;
} ZegoToken04Claims;

const char *zt_load(const char *path);
const char *zt_version(void);
const char *zt_error_message(int32_t code);
void zt_string_free(char *s);
int32_t zt_decode(const char *token, size_t token_len, const char *secret, size_t secret_len,
                  ZegoToken04Claims *out);
int32_t zt_verify(const char *token, size_t token_len, const char *secret, size_t secret_len,
                  uint32_t app_id, int64_t now, uint32_t flags, ZegoToken04Claims *out);
void zt_claims_free(ZegoToken04Claims *claims);
int32_t zt_build_rtc_room_payload(const char *room_id, size_t room_id_len, int32_t can_login_room,
                                  int32_t can_publish_stream, const char **stream_ids,
                                  const size_t *stream_id_lens, size_t count, char **out);
"""

SOURCE = r"""
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include "zego_token.h"

/* The library's functions, resolved by zt_load; their types are the header's. */
#define ZT_FUNCTIONS(X) \
    X(zego_string_free) X(zego_error_message) X(zego_token_version) X(zego_token04_decode_n) \
    X(zego_token04_verify_flags_n) X(zego_token04_claims_free) X(zego_build_rtc_room_payload_n)
#define ZT_DECLARE(name) static __typeof__(name) *p_##name;
ZT_FUNCTIONS(ZT_DECLARE)

static char zt_load_error[1024];

/* NULL on success, else a message. Called once, at import (under the import lock). */
static const char *zt_load(const char *path) {
    const char *err;
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        err = dlerror();
        snprintf(zt_load_error, sizeof zt_load_error, "%s", err ? err : "dlopen failed");
        return zt_load_error;
    }
#define ZT_RESOLVE(name) \
    if ((*(void **)&p_##name = dlsym(h, #name)) == NULL) { \
        snprintf(zt_load_error, sizeof zt_load_error, \
                 "%s does not export %s (not libzego_token " ZEGO_TOKEN_VERSION " or newer?)", path, #name); \
        dlclose(h); \
        return zt_load_error; \
    }
    ZT_FUNCTIONS(ZT_RESOLVE)
    return NULL;
}

static const char *zt_version(void) { return p_zego_token_version(); }
static const char *zt_error_message(int32_t code) { return p_zego_error_message(code); }
static void zt_string_free(char *s) { p_zego_string_free(s); }

static int32_t zt_decode(const char *token, size_t token_len, const char *secret, size_t secret_len,
                         ZegoToken04Claims *out) {
    return p_zego_token04_decode_n(token, token_len, secret, secret_len, out);
}

static int32_t zt_verify(const char *token, size_t token_len, const char *secret, size_t secret_len,
                         uint32_t app_id, int64_t now, uint32_t flags, ZegoToken04Claims *out) {
    return p_zego_token04_verify_flags_n(token, token_len, secret, secret_len, app_id, now, flags, out);
}

static void zt_claims_free(ZegoToken04Claims *claims) { p_zego_token04_claims_free(claims); }

static int32_t zt_build_rtc_room_payload(const char *room_id, size_t room_id_len, int32_t can_login_room,
                                         int32_t can_publish_stream, const char **stream_ids,
                                         const size_t *stream_id_lens, size_t count, char **out) {
    return p_zego_build_rtc_room_payload_n(room_id, room_id_len, can_login_room, can_publish_stream,
                                           stream_ids, stream_id_lens, count, out);
}
"""

ffibuilder = FFI()
ffibuilder.cdef(CDEF)
ffibuilder.set_source(
    "zego_token._native",
    SOURCE,
    include_dirs=[INCLUDE],
    libraries=["dl"],
)

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
