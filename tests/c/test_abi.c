/*
 * test_abi.c - the C ABI from a C (and C++) caller: every error path, ownership, and outputs.
 * Built against the shared and the static library, and run under valgrind and sanitizers.
 * Prints "N passed, M failed" and exits non-zero on any failure.
 */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zego_token.h"
#include "tokhelp.h"

#include <unistd.h>

/* The official vector seed-general-cbc (secret fa94dd0f974cf2e293728a526b028271). */
static const char *SEED_GENERAL_CBC =
    "04AAAAAGVT/xAAEHVlNHFuaTljbWhsNDZnc3UAcGieV/8RWLPIXNBXC84djjPERi+SdPeBX4UPEMLO9wNaaPOH1hpJclAW"
    "nmQO7DU7kE3CyuIQa0YjIWNrPPQk/ml4f8RhPJ2vHQYtNK+Lmb3re3MaHhBf8wajqarSgke4uXgtXQEdUdWk8nrzV/2KMpk=";

static int passed = 0;
static int failed = 0;
/* Failures are reported here: the real stderr, saved before fds 1 and 2 are captured. */
static FILE *report;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (cond) {                                                                 \
            passed++;                                                               \
        } else {                                                                    \
            failed++;                                                               \
            fprintf(report, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
        }                                                                           \
    } while (0)

#define CHECK_RC(expr, expected)                                                    \
    do {                                                                            \
        int32_t rc_ = (expr);                                                       \
        if (rc_ == (expected)) {                                                    \
            passed++;                                                               \
        } else {                                                                    \
            failed++;                                                               \
            fprintf(report, "FAIL %s:%d: %s returned %d, expected %d\n", __FILE__,   \
                    __LINE__, #expr, (int)rc_, (int)(expected));                    \
        }                                                                           \
    } while (0)

static const char *SECRET = "fa94dd0f974cf2e293728a526b028271";
/* A non-NULL value that must be replaced by NULL on error. */
static char SENTINEL_BYTE;
#define SENTINEL (&SENTINEL_BYTE)

typedef int32_t (*generate_fn)(uint32_t, const char *, const char *, int64_t, const char *,
                               char **);

/* Calls gen and checks the code; on error also that *out was set to NULL. */
static void expect_generate(generate_fn gen, uint32_t app_id, const char *user, const char *secret,
                            int64_t ttl, const char *payload, int32_t expected, int line) {
    char *out = SENTINEL;
    int32_t rc = gen(app_id, user, secret, ttl, payload, &out);
    if (rc != expected) {
        failed++;
        fprintf(report, "FAIL line %d: generate returned %d, expected %d\n", line, (int)rc,
                (int)expected);
    } else if (rc != ZEGO_SUCCESS && out != NULL) {
        failed++;
        fprintf(report, "FAIL line %d: out_token not NULL on error\n", line);
    } else if (rc == ZEGO_SUCCESS && (out == NULL || out == SENTINEL || strncmp(out, "04", 2) != 0)) {
        failed++;
        fprintf(report, "FAIL line %d: bad token on success\n", line);
    } else {
        passed++;
    }
    if (rc == ZEGO_SUCCESS && out != SENTINEL) {
        zego_string_free(out);
    }
}
#define EXPECT_GEN(gen, app, user, secret, ttl, payload, code) \
    expect_generate(gen, app, user, secret, ttl, payload, code, __LINE__)

static char *repeat(char c, size_t n) {
    char *s = (char *)malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void test_generate_errors(generate_fn gen) {
    char *u64 = repeat('u', 64), *u65 = repeat('u', 65), *u100k = repeat('u', 100000);
    char *s31 = repeat('s', 31), *s32 = repeat('s', 32), *s33 = repeat('s', 33);
    char *big = repeat('p', 70000), *max_ok = repeat('p', 65400);
    const char bad_utf8[] = {'a', (char)0xff, 'b', 0};
    char bad_secret[33];
    memset(bad_secret, 'k', 32);
    bad_secret[5] = (char)0xc3; /* a lone lead byte: 32 bytes, not UTF-8 */
    bad_secret[32] = '\0';

    EXPECT_GEN(gen, 1, "demo", SECRET, 3600, "", ZEGO_SUCCESS);
    EXPECT_GEN(gen, 1, "demo", SECRET, 3600, NULL, ZEGO_SUCCESS);
    EXPECT_GEN(gen, 0, "demo", SECRET, 3600, "", ZEGO_APP_ID_INVALID);
    EXPECT_GEN(gen, UINT32_MAX, "demo", SECRET, 3600, "", ZEGO_SUCCESS);
    /* user_id */
    EXPECT_GEN(gen, 1, NULL, SECRET, 3600, "", ZEGO_USER_ID_INVALID);
    EXPECT_GEN(gen, 1, "", SECRET, 3600, "", ZEGO_USER_ID_INVALID);
    EXPECT_GEN(gen, 1, bad_utf8, SECRET, 3600, "", ZEGO_USER_ID_INVALID);
    EXPECT_GEN(gen, 1, u64, SECRET, 3600, "", ZEGO_SUCCESS);
    EXPECT_GEN(gen, 1, u65, SECRET, 3600, "", ZEGO_USER_ID_INVALID);
    EXPECT_GEN(gen, 1, u100k, SECRET, 3600, "", ZEGO_USER_ID_INVALID);
    /* secret */
    EXPECT_GEN(gen, 1, "demo", NULL, 3600, "", ZEGO_SECRET_INVALID);
    EXPECT_GEN(gen, 1, "demo", "", 3600, "", ZEGO_SECRET_INVALID);
    EXPECT_GEN(gen, 1, "demo", s31, 3600, "", ZEGO_SECRET_INVALID);
    EXPECT_GEN(gen, 1, "demo", s32, 3600, "", ZEGO_SUCCESS);
    EXPECT_GEN(gen, 1, "demo", s33, 3600, "", ZEGO_SECRET_INVALID);
    EXPECT_GEN(gen, 1, "demo", bad_secret, 3600, "", ZEGO_SECRET_INVALID);
    /* lifetime */
    EXPECT_GEN(gen, 1, "demo", SECRET, 0, "", ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID);
    EXPECT_GEN(gen, 1, "demo", SECRET, -1, "", ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID);
    EXPECT_GEN(gen, 1, "demo", SECRET, INT64_MIN, "", ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID);
    EXPECT_GEN(gen, 1, "demo", SECRET, INT64_MAX, "", ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID);
    EXPECT_GEN(gen, 1, "demo", SECRET, 1, "", ZEGO_SUCCESS);
    /* payload */
    EXPECT_GEN(gen, 1, "demo", SECRET, 3600, bad_utf8, ZEGO_PAYLOAD_INVALID);
    EXPECT_GEN(gen, 1, "demo", SECRET, 3600, big, ZEGO_PAYLOAD_TOO_LARGE);
    EXPECT_GEN(gen, 1, "demo", SECRET, 3600, max_ok, ZEGO_SUCCESS);
    /* first failure wins, in the official order, and the payload comes last */
    EXPECT_GEN(gen, 0, NULL, NULL, 0, bad_utf8, ZEGO_APP_ID_INVALID);
    EXPECT_GEN(gen, 1, NULL, NULL, 0, bad_utf8, ZEGO_USER_ID_INVALID);
    EXPECT_GEN(gen, 1, "demo", s31, 0, big, ZEGO_SECRET_INVALID);
    EXPECT_GEN(gen, 1, "demo", SECRET, 0, big, ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID);
    EXPECT_GEN(gen, 1, "demo", SECRET, -5, bad_utf8, ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID);
    /* NULL out_token */
    CHECK_RC(gen(1, "demo", SECRET, 3600, "", NULL), ZEGO_NULL_ARGUMENT);
    CHECK_RC(gen(0, NULL, NULL, 0, NULL, NULL), ZEGO_NULL_ARGUMENT);

    free(u64); free(u65); free(u100k); free(s31); free(s32); free(s33); free(big); free(max_ok);
}

static int cmp_iv(const void *a, const void *b) { return memcmp(a, b, 16); }

static void test_distinct_ivs(void) {
    enum { N = 10000 };
    unsigned char(*ivs)[16] = (unsigned char(*)[16])malloc(sizeof(unsigned char[16]) * N);
    int i, dups = 0, bad = 0;
    for (i = 0; i < N; i++) {
        char *tok = NULL;
        if (zego_generate_token04(1, "demo", SECRET, 3600, "", &tok) != ZEGO_SUCCESS) {
            bad++;
            continue;
        }
        if (token_iv(tok, ivs[i]) != 16) bad++;
        zego_string_free(tok);
    }
    qsort(ivs, N, 16, cmp_iv);
    for (i = 1; i < N; i++) {
        if (memcmp(ivs[i - 1], ivs[i], 16) == 0) dups++;
    }
    for (i = 0; i < 16; i++) {
        unsigned char c = ivs[N / 2][i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) bad++;
    }
    CHECK(bad == 0);
    CHECK(dups == 0);
    free(ivs);
}

static void test_messages_and_version(void) {
    int32_t code;
    CHECK(strcmp(zego_error_message(ZEGO_SUCCESS), "success") == 0);
    for (code = -5; code < 200; code++) {
        const char *m = zego_error_message(code);
        CHECK(m != NULL && m[0] != '\0');
        CHECK(strstr(m, SECRET) == NULL);
    }
    CHECK(strcmp(zego_error_message(99999), "unknown error code") == 0);
    CHECK(strcmp(zego_error_message(INT32_MIN), "unknown error code") == 0);
    CHECK(strstr(zego_error_message(ZEGO_SECRET_INVALID), "32") != NULL);
    CHECK(strcmp(zego_token_version(), ZEGO_TOKEN_VERSION) == 0);
    zego_string_free(NULL);
}

static void test_decode_round_trip(int gcm) {
    char *tok = NULL;
    ZegoToken04Claims c;
    const char *payload = "{\"room_id\":\"r\\\"1\",\"x\":\"\xc3\xa9\"}";
    int32_t rc = gcm ? zego_generate_token04_gcm(7, "user \xe2\x82\xac\"q", SECRET, 60, payload, &tok)
                     : zego_generate_token04(7, "user \xe2\x82\xac\"q", SECRET, 60, payload, &tok);
    CHECK_RC(rc, ZEGO_SUCCESS);
    CHECK_RC(zego_token04_decode(tok, SECRET, &c), ZEGO_SUCCESS);
    CHECK(c.app_id == 7);
    CHECK(strcmp(c.user_id, "user \xe2\x82\xac\"q") == 0);
    CHECK(strcmp(c.payload, payload) == 0);
    CHECK(c.expire - c.ctime == 60);
    CHECK(c.nonce >= 0 && c.nonce <= INT32_MAX);
    CHECK(c.mode == (gcm ? ZEGO_TOKEN_MODE_GCM : ZEGO_TOKEN_MODE_CBC));
    zego_token04_claims_free(&c);
    CHECK(c.user_id == NULL && c.payload == NULL);
    zego_token04_claims_free(&c); /* twice is harmless */
    zego_token04_claims_free(NULL);

    {
        /* verify accepts GCM only; with ZEGO_VERIFY_ALLOW_CBC, CBC too */
        uint32_t flags = gcm ? 0 : ZEGO_VERIFY_ALLOW_CBC;
        if (!gcm) {
            CHECK_RC(zego_token04_verify(tok, SECRET, 7, 0, &c), ZEGO_TOKEN_MODE_NOT_ALLOWED);
            CHECK(c.user_id == NULL && c.payload == NULL);
        }
        CHECK_RC(zego_token04_verify_flags(tok, SECRET, 7, c.ctime, flags, NULL), ZEGO_SUCCESS);
        CHECK_RC(zego_token04_verify_flags(tok, SECRET, 8, 0, flags, NULL), ZEGO_TOKEN_APP_ID_MISMATCH);
        CHECK_RC(zego_token04_verify_flags(tok, SECRET, 7, INT64_MAX, flags, &c), ZEGO_TOKEN_EXPIRED);
        CHECK(c.user_id == NULL && c.payload == NULL);
        CHECK_RC(zego_token04_verify_flags(tok, SECRET, 7, 0, flags | 4u, &c), ZEGO_FLAGS_INVALID);
        CHECK_RC(zego_token04_verify_flags(tok, SECRET, 7, 0, flags, &c), ZEGO_SUCCESS);
        CHECK(c.app_id == 7 && c.user_id != NULL);
        zego_token04_claims_free(&c);
        if (gcm) {
            CHECK_RC(zego_token04_verify(tok, SECRET, 7, 0, &c), ZEGO_SUCCESS);
            zego_token04_claims_free(&c);
        }
    }
    /* wrong secret: GCM fails authentication; CBC fails with the one CBC code, whether the garbage
     * has bad padding (255 times in 256) or fails later, on UTF-8 or JSON */
    if (gcm) {
        CHECK_RC(zego_token04_decode(tok, "0123456789abcdef0123456789abcdef", &c),
                 ZEGO_TOKEN_AUTHENTICATION_FAILED);
    } else {
        int k;
        CHECK_RC(zego_token04_decode(tok, "0123456789abcdef0123456789abcdef", &c), ZEGO_TOKEN_DECRYPT_FAILED);
        CHECK_RC(zego_token04_decode(SEED_GENERAL_CBC, "0123456789abcdef0123456789abcdef", &c),
                 ZEGO_TOKEN_DECRYPT_FAILED);
        for (k = 0; k < 600; k++) {
            char secret[33];
            snprintf(secret, sizeof secret, "%032d", k);
            CHECK_RC(zego_token04_decode(tok, secret, &c), ZEGO_TOKEN_DECRYPT_FAILED);
            CHECK_RC(zego_token04_verify_flags(tok, secret, 7, 0, ZEGO_VERIFY_ALLOW_CBC, &c),
                     ZEGO_TOKEN_DECRYPT_FAILED);
        }
    }
    CHECK(c.user_id == NULL);
    zego_string_free(tok);
}

static void test_decode_errors(void) {
    ZegoToken04Claims c;
    char *tok = NULL;
    size_t len;
    /* Official Go (CBC) and Node.js (GCM) tokens. */
    CHECK_RC(zego_token04_decode(
                 "04AAAAAGsKRwUAEGIxMXhtaG9rOXJhNTRtd28AcDAMzMrz/1POSFqIn6Yl2l2/En0CoGBh7MIOzPTDilWlszbY/"
                 "xM5kLP7tKY2NfpBXGQN63dgMWNK/MTMRcfT0x2z5y7W32nds1Sv9HnBmueeR+4ViQIb5bAiDBuxYqc1+lUpUU/"
                 "k9xFJ0MOAZmYhHqc=",
                 SECRET, &c),
             ZEGO_SUCCESS);
    CHECK(c.app_id == 1 && strcmp(c.user_id, "demo") == 0 && c.expire - c.ctime == 3600);
    zego_token04_claims_free(&c);
    CHECK_RC(zego_token04_decode(
                 "04AAAAAGsKRwUADDRuVi2nqEf0+0fH9AB05kqp2liM7oRA2IBYbJi7gZS/dvciE7nPtWG2R4ahV5N9WoTVtlRT"
                 "foFfgGMnrAbofXfJW5o0bCGd7Q7sPRwVdZPS90/3+NSpVQTshIwJQSqI43sgxSq2RUeOiVnVG1akm1TwTjZO7Z"
                 "O5z5RUmZ6FvIx6M6UB",
                 SECRET, &c),
             ZEGO_SUCCESS);
    CHECK(c.mode == ZEGO_TOKEN_MODE_GCM && strcmp(c.user_id, "demo") == 0);
    zego_token04_claims_free(&c);

    CHECK_RC(zego_token04_decode(NULL, SECRET, &c), ZEGO_NULL_ARGUMENT);
    CHECK_RC(zego_token04_decode("04AAAA", SECRET, NULL), ZEGO_NULL_ARGUMENT);
    CHECK_RC(zego_token04_decode("04AAAA", NULL, &c), ZEGO_SECRET_INVALID);
    CHECK_RC(zego_token04_decode("04AAAA", "short", &c), ZEGO_SECRET_INVALID);
    CHECK_RC(zego_token04_decode("", SECRET, &c), ZEGO_TOKEN_PREFIX_INVALID);
    CHECK_RC(zego_token04_decode("03AAAA", SECRET, &c), ZEGO_TOKEN_PREFIX_INVALID);
    CHECK_RC(zego_token04_decode("04!!!!", SECRET, &c), ZEGO_TOKEN_BASE64_INVALID);
    CHECK_RC(zego_token04_decode("04\xff\xfe", SECRET, &c), ZEGO_TOKEN_BASE64_INVALID);
    CHECK_RC(zego_token04_decode("04AAAA", SECRET, &c), ZEGO_TOKEN_TRUNCATED);
    CHECK(c.user_id == NULL && c.payload == NULL && c.app_id == 0);

    /* tamper with one character of a GCM token's ciphertext */
    CHECK_RC(zego_generate_token04_gcm(1, "demo", SECRET, 3600, "", &tok), ZEGO_SUCCESS);
    len = strlen(tok);
    tok[len - 10] = tok[len - 10] == 'A' ? 'B' : 'A';
    CHECK_RC(zego_token04_decode(tok, SECRET, &c), ZEGO_TOKEN_AUTHENTICATION_FAILED);
    zego_string_free(tok);
}

static void test_payload_builder(void) {
    char *p = SENTINEL;
    const char *streams[] = {"s1", "a\"b"};
    const char *with_null[] = {"s1", NULL};
    const char bad_utf8[] = {(char)0xff, 0};
    CHECK_RC(zego_build_rtc_room_payload("demo", 1, 0, NULL, 0, &p), ZEGO_SUCCESS);
    CHECK(strcmp(p, "{\"room_id\":\"demo\",\"privilege\":{\"1\":1,\"2\":0},\"stream_id_list\":null}") == 0);
    zego_string_free(p);
    CHECK_RC(zego_build_rtc_room_payload(NULL, 0, 1, streams, 2, &p), ZEGO_SUCCESS);
    CHECK(strcmp(p, "{\"room_id\":\"\",\"privilege\":{\"1\":0,\"2\":1},\"stream_id_list\":[\"s1\",\"a\\\"b\"]}") == 0);
    zego_string_free(p);
    CHECK_RC(zego_build_rtc_room_payload("r", 1, 1, streams, 0, &p), ZEGO_SUCCESS);
    CHECK(strcmp(p, "{\"room_id\":\"r\",\"privilege\":{\"1\":1,\"2\":1},\"stream_id_list\":[]}") == 0);
    zego_string_free(p);
    p = SENTINEL;
    CHECK_RC(zego_build_rtc_room_payload("r", 2, 0, NULL, 0, &p), ZEGO_PRIVILEGE_INVALID);
    CHECK(p == NULL);
    CHECK_RC(zego_build_rtc_room_payload("r", 0, -1, NULL, 0, &p), ZEGO_PRIVILEGE_INVALID);
    CHECK_RC(zego_build_rtc_room_payload("r", 1, 1, NULL, 3, &p), ZEGO_NULL_ARGUMENT);
    CHECK_RC(zego_build_rtc_room_payload("r", 1, 1, with_null, 2, &p), ZEGO_STREAM_ID_INVALID);
    CHECK_RC(zego_build_rtc_room_payload(bad_utf8, 1, 1, NULL, 0, &p), ZEGO_ROOM_ID_INVALID);
    CHECK_RC(zego_build_rtc_room_payload("r", 1, 1, NULL, 0, NULL), ZEGO_NULL_ARGUMENT);
    CHECK(p == NULL);
}

static void test_generator(int mode) {
    ZegoToken04Generator *g = (ZegoToken04Generator *)SENTINEL;
    char *tok = NULL;
    char buf[1024];
    size_t len = 12345, need;
    ZegoToken04Claims c;

    CHECK_RC(zego_token04_generator_new(1, SECRET, mode, NULL), ZEGO_NULL_ARGUMENT);
    CHECK_RC(zego_token04_generator_new(0, SECRET, mode, &g), ZEGO_APP_ID_INVALID);
    CHECK(g == NULL);
    CHECK_RC(zego_token04_generator_new(1, "short", mode, &g), ZEGO_SECRET_INVALID);
    CHECK_RC(zego_token04_generator_new(1, NULL, mode, &g), ZEGO_SECRET_INVALID);
    CHECK_RC(zego_token04_generator_new(1, SECRET, 2, &g), ZEGO_MODE_INVALID);
    CHECK_RC(zego_token04_generator_new(1, SECRET, -1, &g), ZEGO_MODE_INVALID);
    CHECK_RC(zego_token04_generator_new(1, "short", 9, &g), ZEGO_SECRET_INVALID);
    CHECK(g == NULL);
    CHECK_RC(zego_token04_generator_new(42, SECRET, mode, &g), ZEGO_SUCCESS);

    CHECK_RC(zego_token04_generator_generate(g, "demo", 3600, "p", &tok), ZEGO_SUCCESS);
    CHECK_RC(zego_token04_decode(tok, SECRET, &c), ZEGO_SUCCESS);
    CHECK(c.app_id == 42 && c.mode == mode && strcmp(c.payload, "p") == 0);
    zego_token04_claims_free(&c);
    zego_string_free(tok);
    CHECK_RC(zego_token04_generator_generate(NULL, "demo", 3600, "", &tok), ZEGO_NULL_ARGUMENT);
    CHECK(tok == NULL);
    CHECK_RC(zego_token04_generator_generate(g, "demo", 3600, "", NULL), ZEGO_NULL_ARGUMENT);
    CHECK_RC(zego_token04_generator_generate(g, NULL, 3600, "", &tok), ZEGO_USER_ID_INVALID);
    CHECK_RC(zego_token04_generator_generate(g, "demo", 0, "", &tok), ZEGO_EFFECTIVE_TIME_IN_SECONDS_INVALID);
    CHECK(tok == NULL);

    /* _into: ask for the size, fail with a short buffer, then succeed */
    CHECK_RC(zego_token04_generator_generate_into(g, "demo", 3600, "p", NULL, 0, &len), ZEGO_BUFFER_TOO_SMALL);
    need = len;
    CHECK(need == zego_token04_max_len(4, 1));
    CHECK(need > 100 && need < sizeof buf);
    CHECK_RC(zego_token04_generator_generate_into(g, "demo", 3600, "p", buf, 20, &len), ZEGO_BUFFER_TOO_SMALL);
    CHECK(len == need && buf[0] == '\0');
    CHECK_RC(zego_token04_generator_generate_into(g, "demo", 3600, "p", buf, need, &len), ZEGO_SUCCESS);
    CHECK(len == strlen(buf) && len < need);
    CHECK_RC(zego_token04_decode(buf, SECRET, &c), ZEGO_SUCCESS);
    CHECK(strcmp(c.user_id, "demo") == 0);
    zego_token04_claims_free(&c);
    /* exactly len + 1 bytes suffice; len bytes do not */
    CHECK_RC(zego_token04_generator_generate_into(g, "demo", 3600, "p", buf, sizeof buf, &len), ZEGO_SUCCESS);
    CHECK_RC(zego_token04_generator_generate_into(g, "demo", 3600, "p", buf, sizeof buf, NULL), ZEGO_SUCCESS);
    CHECK_RC(zego_token04_generator_generate_into(g, "", 3600, "p", buf, sizeof buf, &len), ZEGO_USER_ID_INVALID);
    CHECK(len == 0 && buf[0] == '\0');
    CHECK_RC(zego_token04_generator_generate_into(NULL, "demo", 3600, "p", buf, sizeof buf, &len), ZEGO_NULL_ARGUMENT);
    CHECK(zego_token04_max_len(64, 65519) > zego_token04_max_len(64, 100));

    /* the one-shot calls into a buffer: the same contract, and the official order first */
    {
        const size_t sl = strlen(SECRET);
        char big[1024];
        CHECK_RC(zego_generate_token04_into_n(42, "demo", 4, SECRET, sl, 3600, "p", 1, NULL, 0, &len), ZEGO_BUFFER_TOO_SMALL);
        CHECK(len == zego_token04_max_len(4, 1));
        CHECK_RC(zego_generate_token04_gcm_into_n(42, "demo", 4, SECRET, sl, 3600, "p", 1, buf, 20, &len), ZEGO_BUFFER_TOO_SMALL);
        CHECK(len == zego_token04_max_len(4, 1) && buf[0] == '\0');
        CHECK_RC(zego_generate_token04_into_n(42, "demo", 4, SECRET, sl, 3600, "p", 1, buf, sizeof buf, &len), ZEGO_SUCCESS);
        CHECK(len == strlen(buf));
        CHECK_RC(zego_token04_decode(buf, SECRET, &c), ZEGO_SUCCESS);
        CHECK(c.app_id == 42 && c.mode == ZEGO_TOKEN_MODE_CBC && strcmp(c.user_id, "demo") == 0 && strcmp(c.payload, "p") == 0);
        zego_token04_claims_free(&c);
        CHECK_RC(zego_generate_token04_gcm_into_n(42, "demo", 4, SECRET, sl, 3600, NULL, 0, buf, sizeof buf, NULL), ZEGO_SUCCESS);
        CHECK_RC(zego_token04_verify(buf, SECRET, 42, 0, &c), ZEGO_SUCCESS);
        CHECK(c.mode == ZEGO_TOKEN_MODE_GCM && strcmp(c.payload, "") == 0);
        zego_token04_claims_free(&c);
        /* every argument invalid: the app id's code; an error leaves "" and no length */
        CHECK_RC(zego_generate_token04_into_n(0, "", 0, "short", 5, 0, "p", 1, buf, sizeof buf, &len), ZEGO_APP_ID_INVALID);
        CHECK(len == 0 && buf[0] == '\0');
        CHECK_RC(zego_generate_token04_into_n(42, "demo", 4, "short", 5, 0, "p", 1, buf, sizeof buf, &len), ZEGO_SECRET_INVALID);
        CHECK_RC(zego_generate_token04_gcm_into_n(42, "de\0mo", 5, SECRET, sl, 3600, "p", 1, buf, sizeof buf, &len), ZEGO_USER_ID_INVALID);
        /* the buffer's own checks come first, and leave it untouched */
        memcpy(big, SECRET, sl);
        big[sl] = 'x';
        CHECK_RC(zego_generate_token04_into_n(0, "demo", 4, big, sl, 3600, "p", 1, big, sizeof big, &len), ZEGO_BUFFER_INVALID);
        CHECK(big[sl] == 'x' && len == 0);
        CHECK_RC(zego_generate_token04_gcm_into_n(0, "demo", 4, SECRET, sl, 3600, "p", 1, buf, (size_t)PTRDIFF_MAX + 1, &len), ZEGO_BUFFER_INVALID);
    }
    CHECK(zego_token04_max_len(SIZE_MAX, SIZE_MAX) == zego_token04_max_len(64, 65519 * 6));

    zego_token04_generator_free(g);
    zego_token04_generator_free(NULL);
}

/* Redirects fds 1 and 2 to a temporary file, to prove the library prints nothing. */
static int saved_out = -1, saved_err = -1;
static FILE *captured;

static void capture_start(void) {
    fflush(stdout);
    fflush(stderr);
    captured = tmpfile();
    saved_out = dup(1);
    saved_err = dup(2);
    dup2(fileno(captured), 1);
    dup2(fileno(captured), 2);
}

static long capture_end(void) {
    long n;
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);
    fseek(captured, 0, SEEK_END);
    n = ftell(captured);
    fclose(captured);
    return n;
}

/* The hint functions: a '+' turned into a space is named, a good token has no hint, and no hint
 * ever holds a piece of the token. */
static void test_hints(void) {
    char spaced[512];
    size_t n = strlen(SEED_GENERAL_CBC), i;
    const char *h;
    CHECK(n < sizeof spaced && strchr(SEED_GENERAL_CBC, '+') != NULL);
    for (i = 0; i <= n; i++) spaced[i] = SEED_GENERAL_CBC[i] == '+' ? ' ' : SEED_GENERAL_CBC[i];
    h = zego_token04_hint(spaced);
    CHECK(h != NULL && strstr(h, "contains spaces") != NULL && strstr(h, "'+'") != NULL);
    CHECK(h != NULL && h == zego_token04_hint_n(spaced, n));
    CHECK(zego_token04_hint(SEED_GENERAL_CBC) == NULL);
    CHECK(zego_token04_hint_n(SEED_GENERAL_CBC, n) == NULL);
    CHECK(zego_token04_hint(NULL) == NULL);
    CHECK(zego_token04_hint_n(NULL, 7) == NULL);
    /* Cut short: the truncated hint; with a newline: the whitespace hint. */
    h = zego_token04_hint_n(SEED_GENERAL_CBC, n - 4);
    CHECK(h != NULL && strstr(h, "truncated") != NULL);
    memcpy(spaced, SEED_GENERAL_CBC, n);
    spaced[n] = '\n';
    h = zego_token04_hint_n(spaced, n + 1);
    CHECK(h != NULL && strstr(h, "whitespace") != NULL && strstr(h, SEED_GENERAL_CBC + 2) == NULL);
    /* A length above the longest token is not read. */
    h = zego_token04_hint_n(SEED_GENERAL_CBC, SIZE_MAX);
    CHECK(h != NULL && strstr(h, "longer") != NULL);
}

int main(void) {
    long printed;
    report = fdopen(dup(2), "w");
    setvbuf(report, NULL, _IONBF, 0);
    capture_start();
    test_generate_errors(zego_generate_token04);
    test_generate_errors(zego_generate_token04_gcm);
    test_distinct_ivs();
    test_messages_and_version();
    test_decode_round_trip(0);
    test_decode_round_trip(1);
    test_decode_errors();
    test_payload_builder();
    test_hints();
    test_generator(ZEGO_TOKEN_MODE_CBC);
    test_generator(ZEGO_TOKEN_MODE_GCM);
    printed = capture_end();
    CHECK(printed == 0); /* nothing on stdout or stderr from the library */
    printf("c-abi: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
