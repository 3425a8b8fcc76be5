/*
 * The C side of bench.py, loaded into the same Python process (ctypes) so that each round of a
 * Python API is timed right beside a round of the C call it wraps, under the same load: bench.sh
 * links it with the static library the wheel was built from. Not part of the package.
 * Each function makes n tokens with the same inputs as bench.py (and examples/c/bench.c: the
 * length-delimited calls, each token allocated and freed) and returns the elapsed nanoseconds,
 * or -1 on an error.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "zego_token.h"

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t bench_oneshot(int32_t gcm, const char *user, const char *secret, const char *payload, int64_t n) {
    size_t ul = strlen(user), sl = strlen(secret), pl = strlen(payload);
    int64_t t = now_ns(), i;
    for (i = 0; i < n; i++) {
        char *tok;
        int32_t rc = gcm ? zego_generate_token04_gcm_n(1, user, ul, secret, sl, 3600, payload, pl, &tok)
                         : zego_generate_token04_n(1, user, ul, secret, sl, 3600, payload, pl, &tok);
        if (rc != ZEGO_SUCCESS) return -1;
        zego_string_free(tok);
    }
    return now_ns() - t;
}

int64_t bench_generator(int32_t gcm, const char *user, const char *secret, const char *payload, int64_t n) {
    size_t ul = strlen(user), pl = strlen(payload);
    ZegoToken04Generator *gen;
    int64_t t, i;
    if (zego_token04_generator_new_n(1, secret, strlen(secret), gcm ? ZEGO_TOKEN_MODE_GCM : ZEGO_TOKEN_MODE_CBC,
                                     &gen) != ZEGO_SUCCESS)
        return -1;
    t = now_ns();
    for (i = 0; i < n; i++) {
        char *tok;
        if (zego_token04_generator_generate_n(gen, user, ul, 3600, payload, pl, &tok) != ZEGO_SUCCESS) {
            zego_token04_generator_free(gen);
            return -1;
        }
        zego_string_free(tok);
    }
    t = now_ns() - t;
    zego_token04_generator_free(gen);
    return t;
}
