/*
 * abi_check.c - the ABI of zego_token.h as released, checked at compile time.
 *
 * Every function keeps its exact signature, every constant its value, every struct its layout
 * (on LP64 targets). Changing any of them fails the build of this file, which `make test` compiles
 * as C99 and as C++. A deliberate break must update this file and bump the major version.
 * Adding new functions and constants is not a break and needs no change here.
 */
#include <stddef.h>
#include <stdint.h>

#include "zego_token.h"

#define ABI_ASSERT(name, cond) typedef char abi_##name[(cond) ? 1 : -1]

/* Constants. */
ABI_ASSERT(success, ZEGO_SUCCESS == 0);
ABI_ASSERT(app_id, ZEGO_APP_ID_INVALID == 1);
ABI_ASSERT(user_id, ZEGO_USER_ID_INVALID == 3);
ABI_ASSERT(secret, ZEGO_SECRET_INVALID == 5);
ABI_ASSERT(ttl, ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID == 6);
ABI_ASSERT(null_arg, ZEGO_NULL_ARGUMENT == 100);
ABI_ASSERT(payload_invalid, ZEGO_PAYLOAD_INVALID == 101);
ABI_ASSERT(payload_large, ZEGO_PAYLOAD_TOO_LARGE == 102);
ABI_ASSERT(random, ZEGO_RANDOM_FAILED == 103);
ABI_ASSERT(internal, ZEGO_INTERNAL_ERROR == 104);
ABI_ASSERT(buffer, ZEGO_BUFFER_TOO_SMALL == 105);
ABI_ASSERT(mode, ZEGO_MODE_INVALID == 106);
ABI_ASSERT(iv, ZEGO_IV_INVALID == 107);
ABI_ASSERT(flags, ZEGO_FLAGS_INVALID == 108);
ABI_ASSERT(buffer_invalid, ZEGO_BUFFER_INVALID == 109);
ABI_ASSERT(room, ZEGO_ROOM_ID_INVALID == 110);
ABI_ASSERT(stream, ZEGO_STREAM_ID_INVALID == 111);
ABI_ASSERT(privilege, ZEGO_PRIVILEGE_INVALID == 112);
ABI_ASSERT(t_prefix, ZEGO_TOKEN_PREFIX_INVALID == 120);
ABI_ASSERT(t_b64, ZEGO_TOKEN_BASE64_INVALID == 121);
ABI_ASSERT(t_trunc, ZEGO_TOKEN_TRUNCATED == 122);
ABI_ASSERT(t_trail, ZEGO_TOKEN_TRAILING_DATA == 123);
ABI_ASSERT(t_mode, ZEGO_TOKEN_MODE_INVALID == 124);
ABI_ASSERT(t_iv, ZEGO_TOKEN_IV_LENGTH_INVALID == 125);
ABI_ASSERT(t_decrypt, ZEGO_TOKEN_DECRYPT_FAILED == 126);
ABI_ASSERT(t_auth, ZEGO_TOKEN_AUTHENTICATION_FAILED == 127);
ABI_ASSERT(t_utf8, ZEGO_TOKEN_PLAINTEXT_NOT_UTF8 == 128);
ABI_ASSERT(t_json, ZEGO_TOKEN_PLAINTEXT_NOT_JSON == 129);
ABI_ASSERT(t_claims, ZEGO_TOKEN_CLAIMS_INVALID == 130);
ABI_ASSERT(t_expire, ZEGO_TOKEN_EXPIRE_MISMATCH == 131);
ABI_ASSERT(t_appid, ZEGO_TOKEN_APP_ID_MISMATCH == 132);
ABI_ASSERT(t_expired, ZEGO_TOKEN_EXPIRED == 133);
ABI_ASSERT(t_mode_not_allowed, ZEGO_TOKEN_MODE_NOT_ALLOWED == 134);
ABI_ASSERT(allow_cbc, ZEGO_VERIFY_ALLOW_CBC == 1);
ABI_ASSERT(mode_cbc, ZEGO_TOKEN_MODE_CBC == 0);
ABI_ASSERT(mode_gcm, ZEGO_TOKEN_MODE_GCM == 1);
ABI_ASSERT(max_user, ZEGO_MAX_USER_ID_BYTES == 64);
ABI_ASSERT(secret_bytes, ZEGO_SECRET_BYTES == 32);

/* Struct layout (LP64). */
#if defined(__LP64__) || defined(_LP64)
ABI_ASSERT(claims_size, sizeof(ZegoToken04Claims) == 56);
ABI_ASSERT(claims_app_id, offsetof(ZegoToken04Claims, app_id) == 0);
ABI_ASSERT(claims_user_id, offsetof(ZegoToken04Claims, user_id) == 8);
ABI_ASSERT(claims_nonce, offsetof(ZegoToken04Claims, nonce) == 16);
ABI_ASSERT(claims_ctime, offsetof(ZegoToken04Claims, ctime) == 24);
ABI_ASSERT(claims_expire, offsetof(ZegoToken04Claims, expire) == 32);
ABI_ASSERT(claims_payload, offsetof(ZegoToken04Claims, payload) == 40);
ABI_ASSERT(claims_mode, offsetof(ZegoToken04Claims, mode) == 48);
#endif

/* Function signatures: each initialisation fails to compile if the signature changes. */
typedef int32_t (*generate_t)(uint32_t, const char *, const char *, int64_t, const char *, char **);
static generate_t abi_generate = zego_generate_token04;
static generate_t abi_generate_gcm = zego_generate_token04_gcm;
static void (*abi_string_free)(char *) = zego_string_free;
static const char *(*abi_error_message)(int32_t) = zego_error_message;
static const char *(*abi_version)(void) = zego_token_version;
static int32_t (*abi_decode)(const char *, const char *, ZegoToken04Claims *) = zego_token04_decode;
static int32_t (*abi_verify)(const char *, const char *, uint32_t, int64_t, ZegoToken04Claims *) =
    zego_token04_verify;
static int32_t (*abi_verify_flags)(const char *, const char *, uint32_t, int64_t, uint32_t, ZegoToken04Claims *) =
    zego_token04_verify_flags;
static void (*abi_claims_free)(ZegoToken04Claims *) = zego_token04_claims_free;
static int32_t (*abi_payload)(const char *, int32_t, int32_t, const char *const *, size_t, char **) =
    zego_build_rtc_room_payload;
static int32_t (*abi_gen_new)(uint32_t, const char *, int32_t, ZegoToken04Generator **) =
    zego_token04_generator_new;
static int32_t (*abi_gen_generate)(const ZegoToken04Generator *, const char *, int64_t, const char *,
                                   char **) = zego_token04_generator_generate;
static int32_t (*abi_gen_into)(const ZegoToken04Generator *, const char *, int64_t, const char *, char *,
                               size_t, size_t *) = zego_token04_generator_generate_into;
static size_t (*abi_max_len)(size_t, size_t) = zego_token04_max_len;
static void (*abi_gen_free)(ZegoToken04Generator *) = zego_token04_generator_free;

int main(void) {
    /* Use every pointer so that nothing is optimised away or warned about. */
    return !(abi_generate && abi_generate_gcm && abi_string_free && abi_error_message && abi_version &&
             abi_decode && abi_verify && abi_verify_flags && abi_claims_free && abi_payload && abi_gen_new && abi_gen_generate &&
             abi_gen_into && abi_max_len && abi_gen_free);
}
