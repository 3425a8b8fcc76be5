"""cffi (API mode, out-of-line) build script for ``zego_token._native``; setup.py names it.

_native carries every call but the two hot ones (generate_token04 and Generator.generate, which
speedups.c implements on the CPython API).

The extension does not link against libzego_token: it opens the library with dlopen() at import
(the copy bundled in the wheel, or the file named by ZEGO_TOKEN_LIB) and calls it through
function pointers whose types come from the real header, so a drifted signature fails to compile.

Strings cross as (pointer, length) pairs: a Python string with an embedded NUL would otherwise be
cut short by C. Such a string is passed to the library as an invalid argument of its kind, so the
library reports the code it gives that argument, in its own order of checks.
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
    X(zego_string_free) X(zego_error_message) X(zego_token_version) X(zego_token04_decode) \
    X(zego_token04_verify_flags) X(zego_token04_claims_free) X(zego_build_rtc_room_payload)
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

/* A string is usable as is when it has no NUL before its end. */
#define ZT_CLEAN(s, n) ((s) != NULL && strlen(s) == (n))
static const char ZT_NOT_UTF8[] = "\xff";

static int32_t zt_decode(const char *token, size_t token_len, const char *secret, size_t secret_len,
                         ZegoToken04Claims *out) {
    return p_zego_token04_decode(ZT_CLEAN(token, token_len) ? token : ZT_NOT_UTF8,
                                 ZT_CLEAN(secret, secret_len) ? secret : NULL, out);
}

static int32_t zt_verify(const char *token, size_t token_len, const char *secret, size_t secret_len,
                         uint32_t app_id, int64_t now, uint32_t flags, ZegoToken04Claims *out) {
    return p_zego_token04_verify_flags(ZT_CLEAN(token, token_len) ? token : ZT_NOT_UTF8,
                                       ZT_CLEAN(secret, secret_len) ? secret : NULL, app_id, now,
                                       flags, out);
}

static void zt_claims_free(ZegoToken04Claims *claims) { p_zego_token04_claims_free(claims); }

/* stream_ids is the caller's own array: an id with a NUL inside is replaced there by a string
   that is not UTF-8, so that it gets its own code. */
static int32_t zt_build_rtc_room_payload(const char *room_id, size_t room_id_len, int32_t can_login_room,
                                         int32_t can_publish_stream, const char **stream_ids,
                                         const size_t *stream_id_lens, size_t count, char **out) {
    size_t i;
    if (room_id != NULL && !ZT_CLEAN(room_id, room_id_len)) room_id = ZT_NOT_UTF8;
    for (i = 0; stream_ids != NULL && i < count; i++)
        if (!ZT_CLEAN(stream_ids[i], stream_id_lens[i])) stream_ids[i] = ZT_NOT_UTF8;
    return p_zego_build_rtc_room_payload(room_id, can_login_room, can_publish_stream, stream_ids,
                                         count, out);
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
