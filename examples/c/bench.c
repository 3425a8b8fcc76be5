/*
 * bench.c - ns/token through the C ABI, against the floor of the cryptographic work itself.
 *
 *   make bench            (or: ./bench [tokens-per-round [RSS-tokens [figures.json]]])
 *
 * A floor does only what any token04 generator must: AES-256 key expansion, AES-256-CBC of a
 * plaintext of the same length, and base64 of a packed token of the same length. Two floors:
 * the crates floor (benches/crates_floor/lib.rs, linked in: the `aes`, `cbc` and `base64` crates,
 * which the library uses), against which the "x floor" column is given, and the AES-NI floor
 * written here directly on the instructions, the physical reference, which checks itself against
 * an official test vector before measuring.
 * All APIs are measured in many short rounds, interleaved, so that the machine's drift (large on
 * shared virtual machines) affects them alike. Each ratio is the median over the rounds of the
 * ratio within a round (the API's time over the floor's time a few milliseconds apart); the
 * ns/token column is the median of the API's own rounds.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zego_token.h"

static const char *SECRET = "fa94dd0f974cf2e293728a526b028271";
static const char *USER = "user-000001";
static char payload[256];

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ---- the floor: AES-256 on AES-NI, CBC, base64 ---- */

/* w ^= w<<32 ^ w<<64 ^ w<<96, then ^ t: one step of the AES-256 key schedule. */
static __m128i mix(__m128i w, __m128i t) {
    __m128i s = _mm_slli_si128(w, 4);
    w = _mm_xor_si128(w, s);
    s = _mm_slli_si128(s, 4);
    w = _mm_xor_si128(w, s);
    s = _mm_slli_si128(s, 4);
    w = _mm_xor_si128(w, s);
    return _mm_xor_si128(w, t);
}

/* The key schedule with SubWord from aesenclast on a broadcast word: about three times faster
 * than aeskeygenassist on recent Intel cores (and as fast as the library's own), so that the
 * floor is the fastest straightforward key expansion, not a slow one. */
static void aes256_expand(const unsigned char *key, __m128i ks[15]) {
    __m128i a = _mm_loadu_si128((const __m128i *)key);
    __m128i b = _mm_loadu_si128((const __m128i *)(key + 16));
    const __m128i rot_last = _mm_set1_epi32(0x0c0f0e0d);
    int rcon = 1, i;
    ks[0] = a;
    ks[1] = b;
    for (i = 2; i < 15; i += 2) {
        a = mix(a, _mm_aesenclast_si128(_mm_shuffle_epi8(b, rot_last), _mm_set1_epi32(rcon)));
        ks[i] = a;
        if (i == 14) break;
        b = mix(b, _mm_aesenclast_si128(_mm_shuffle_epi32(a, 0xff), _mm_setzero_si128()));
        ks[i + 1] = b;
        rcon <<= 1;
    }
}

static void aes256_cbc(const __m128i ks[15], const unsigned char *iv, unsigned char *buf, size_t len) {
    __m128i prev = _mm_loadu_si128((const __m128i *)iv);
    size_t off;
    int r;
    for (off = 0; off < len; off += 16) {
        __m128i b = _mm_xor_si128(_mm_loadu_si128((const __m128i *)(buf + off)), prev);
        b = _mm_xor_si128(b, ks[0]);
        for (r = 1; r < 14; r++) b = _mm_aesenc_si128(b, ks[r]);
        prev = _mm_aesenclast_si128(b, ks[14]);
        _mm_storeu_si128((__m128i *)(buf + off), prev);
    }
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t base64(const unsigned char *in, size_t n, char *out) {
    size_t i, o = 0;
    for (i = 0; i + 3 <= n; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = B64[v >> 18];
        out[o++] = B64[(v >> 12) & 63];
        out[o++] = B64[(v >> 6) & 63];
        out[o++] = B64[v & 63];
    }
    if (i < n) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0);
        out[o++] = B64[v >> 18];
        out[o++] = B64[(v >> 12) & 63];
        out[o++] = i + 1 < n ? B64[(v >> 6) & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}

/* Lengths of a real token with this payload (set in main). */
static size_t pt_len, packed_len;
static unsigned char floor_pt[1024], floor_packed[1024];
static char floor_out[2048];

/* One token's cryptographic work, as a minimal generator would do it: the plaintext goes into the
 * packed buffer after the 28-byte header, is padded and CBC-encrypted in place, and the whole
 * packed buffer (header and ciphertext) is base64-encoded. */
static void floor_once(void) {
    __m128i ks[15];
    size_t ct_len = (pt_len / 16 + 1) * 16, i;
    unsigned char *ct = floor_packed + 28;
    aes256_expand((const unsigned char *)SECRET, ks);
    memcpy(ct, floor_pt, pt_len);
    for (i = pt_len; i < ct_len; i++) ct[i] = (unsigned char)(ct_len - pt_len);
    aes256_cbc(ks, floor_packed + 10, ct, ct_len);
    base64(floor_packed, 28 + ct_len, floor_out);
}

/* The floor is real AES-256-CBC: it must reproduce the official vector seed-general-cbc. */
static int floor_self_check(void) {
    static const char *pt = "{\"app_id\":1,\"user_id\":\"demo\",\"nonce\":123456789,\"ctime\":1700000000,"
                            "\"expire\":1700003600,\"payload\":\"\"}";
    static const char *token =
        "04AAAAAGVT/xAAEHVlNHFuaTljbWhsNDZnc3UAcGieV/8RWLPIXNBXC84djjPERi+SdPeBX4UPEMLO9wNaaPOH1hpJclAW"
        "nmQO7DU7kE3CyuIQa0YjIWNrPPQk/ml4f8RhPJ2vHQYtNK+Lmb3re3MaHhBf8wajqarSgke4uXgtXQEdUdWk8nrzV/2KMpk=";
    unsigned char packed[256] = {0, 0, 0, 0, 0x65, 0x53, 0xff, 0x10, 0, 16};
    char out[512];
    __m128i ks[15];
    size_t n = strlen(pt), ct = (n / 16 + 1) * 16, i;
    memcpy(packed + 10, "ue4qni9cmhl46gsu", 16);
    packed[26] = (unsigned char)(ct >> 8);
    packed[27] = (unsigned char)ct;
    memcpy(packed + 28, pt, n);
    for (i = n; i < ct; i++) packed[28 + i] = (unsigned char)(ct - n);
    aes256_expand((const unsigned char *)SECRET, ks);
    aes256_cbc(ks, packed + 10, packed + 28, ct);
    out[0] = '0';
    out[1] = '4';
    base64(packed, 28 + ct, out + 2);
    return strcmp(out, token) == 0;
}

/* ---- the crates floor (benches/crates_floor/lib.rs) ---- */
#ifdef __cplusplus
extern "C" {
#endif
void crates_floor_setup(size_t pt_len, size_t packed_len);
size_t crates_floor_once(void);
#ifdef __cplusplus
}
#endif
static void crates_floor(void) { (void)crates_floor_once(); }

/* ---- the library ---- */

static ZegoToken04Generator *gen_cbc, *gen_gcm;
static char *tok_cbc, *tok_gcm;

static void must(int32_t rc) {
    if (rc != ZEGO_SUCCESS) {
        fprintf(stderr, "error %d: %s\n", (int)rc, zego_error_message(rc));
        exit(1);
    }
}

static void oneshot_cbc(void) { char *t; must(zego_generate_token04(1, USER, SECRET, 3600, payload, &t)); zego_string_free(t); }
static void oneshot_gcm(void) { char *t; must(zego_generate_token04_gcm(1, USER, SECRET, 3600, payload, &t)); zego_string_free(t); }
static void generator_cbc(void) { char *t; must(zego_token04_generator_generate(gen_cbc, USER, 3600, payload, &t)); zego_string_free(t); }
static void generator_gcm(void) { char *t; must(zego_token04_generator_generate(gen_gcm, USER, 3600, payload, &t)); zego_string_free(t); }
static void into_cbc(void) { char b[512]; size_t n; must(zego_token04_generator_generate_into(gen_cbc, USER, 3600, payload, b, sizeof b, &n)); }
static void into_gcm(void) { char b[512]; size_t n; must(zego_token04_generator_generate_into(gen_gcm, USER, 3600, payload, b, sizeof b, &n)); }
static void decode_cbc(void) { ZegoToken04Claims c; must(zego_token04_decode(tok_cbc, SECRET, &c)); zego_token04_claims_free(&c); }
static void decode_gcm(void) { ZegoToken04Claims c; must(zego_token04_decode(tok_gcm, SECRET, &c)); zego_token04_claims_free(&c); }
/* the length-delimited calls (what the bindings use), the lengths known to the caller */
static size_t user_len, secret_len, payload_len, tok_cbc_len, tok_gcm_len;
static void oneshot_cbc_n(void) { char *t; must(zego_generate_token04_n(1, USER, user_len, SECRET, secret_len, 3600, payload, payload_len, &t)); zego_string_free(t); }
static void generator_gcm_n(void) { char *t; must(zego_token04_generator_generate_n(gen_gcm, USER, user_len, 3600, payload, payload_len, &t)); zego_string_free(t); }
static void decode_gcm_n(void) { ZegoToken04Claims c; must(zego_token04_decode_n(tok_gcm, tok_gcm_len, SECRET, secret_len, &c)); zego_token04_claims_free(&c); }
static void decode_cbc_n(void) { ZegoToken04Claims c; must(zego_token04_decode_n(tok_cbc, tok_cbc_len, SECRET, secret_len, &c)); zego_token04_claims_free(&c); }
/* the one-shot calls into a buffer (what the Go and PHP one-shot functions use) */
static void oneshot_cbc_into(void) { char b[512]; size_t n; must(zego_generate_token04_into_n(1, USER, user_len, SECRET, secret_len, 3600, payload, payload_len, b, sizeof b, &n)); }
static void oneshot_gcm_into(void) { char b[512]; size_t n; must(zego_generate_token04_gcm_into_n(1, USER, user_len, SECRET, secret_len, 3600, payload, payload_len, b, sizeof b, &n)); }

#define MAX_ROUNDS 255
struct bench { const char *name; void (*fn)(void); double samples[MAX_ROUNDS]; };
static struct bench benches[] = {
    {"crates floor (aes + cbc + base64 crates)", crates_floor, {0}},
    {"AES-NI floor (hand-written, reference)", floor_once, {0}},
    {"zego_generate_token04 (one-shot, CBC)", oneshot_cbc, {0}},
    {"zego_generate_token04_gcm (one-shot, GCM)", oneshot_gcm, {0}},
    {"generator_generate (CBC)", generator_cbc, {0}},
    {"generator_generate (GCM)", generator_gcm, {0}},
    {"generator_generate_into (CBC)", into_cbc, {0}},
    {"generator_generate_into (GCM)", into_gcm, {0}},
    {"zego_token04_decode (CBC)", decode_cbc, {0}},
    {"zego_token04_decode (GCM)", decode_gcm, {0}},
    {"zego_generate_token04_n (one-shot, CBC)", oneshot_cbc_n, {0}},
    {"generator_generate_n (GCM)", generator_gcm_n, {0}},
    {"zego_token04_decode_n (CBC)", decode_cbc_n, {0}},
    {"zego_token04_decode_n (GCM)", decode_gcm_n, {0}},
    {"zego_generate_token04_into_n (one-shot, CBC)", oneshot_cbc_into, {0}},
    {"zego_generate_token04_gcm_into_n (one-shot, GCM)", oneshot_gcm_into, {0}},
};
#define NBENCH (sizeof benches / sizeof benches[0])

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n) {
    double tmp[MAX_ROUNDS];
    memcpy(tmp, v, (size_t)n * sizeof *v);
    qsort(tmp, (size_t)n, sizeof *tmp, cmp_double);
    return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

/* The median over the rounds of a[r] / b[r]. */
static double median_ratio(const double *a, const double *b, int n) {
    double q[MAX_ROUNDS];
    int r;
    for (r = 0; r < n; r++) q[r] = a[r] / b[r];
    return median(q, n);
}

static double run_for(void (*fn)(void), long iters) {
    double t0 = now_ns();
    long i;
    for (i = 0; i < iters; i++) fn();
    return (now_ns() - t0) / (double)iters;
}

#define THREAD_ROUNDS 21
struct thread_arg { long iters; double ns; };

static void *thread_main(void *p) {
    struct thread_arg *a = (struct thread_arg *)p;
    a->ns = run_for(into_cbc, a->iters);
    return NULL;
}

/* Tokens per second with `threads` threads, each generating `iters` tokens. */
static double throughput(int threads, long iters) {
    pthread_t th[8];
    struct thread_arg args[8];
    double t0 = now_ns(), elapsed;
    int i;
    for (i = 0; i < threads; i++) {
        args[i].iters = iters;
        pthread_create(&th[i], NULL, thread_main, &args[i]);
    }
    for (i = 0; i < threads; i++) pthread_join(th[i], NULL);
    elapsed = now_ns() - t0;
    return (double)threads * (double)iters / elapsed * 1e9;
}

static long rss_kib(void) {
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
        fclose(f);
    }
    return rss * 4;
}

int main(int argc, char **argv) {
    int rounds = 101, r;
    size_t b;
    long iters = argc > 1 ? atol(argv[1]) : 3000;
    long rss_tokens = argc > 2 ? atol(argv[2]) : 10000000;
    const char *figures = argc > 3 ? argv[3] : NULL;
    char *p = NULL;
    unsigned char tmp[1024];
    double one[THREAD_ROUNDS], two[THREAD_ROUNDS];
    long rss0, rss1, rss2, i;

    if (!floor_self_check()) {
        fprintf(stderr, "floor self-check failed: the AES-NI floor does not reproduce the vector\n");
        return 1;
    }
    must(zego_build_rtc_room_payload("room-0001", 1, 1, NULL, 0, &p));
    strcpy(payload, p);
    zego_string_free(p);
    must(zego_token04_generator_new(1, SECRET, ZEGO_TOKEN_MODE_CBC, &gen_cbc));
    must(zego_token04_generator_new(1, SECRET, ZEGO_TOKEN_MODE_GCM, &gen_gcm));
    must(zego_generate_token04(1, USER, SECRET, 3600, payload, &tok_cbc));
    must(zego_generate_token04_gcm(1, USER, SECRET, 3600, payload, &tok_gcm));
    user_len = strlen(USER);
    secret_len = strlen(SECRET);
    payload_len = strlen(payload);
    tok_cbc_len = strlen(tok_cbc);
    tok_gcm_len = strlen(tok_gcm);
    {
        /* the floor's lengths are those of a real token */
        size_t toklen = strlen(tok_cbc), k, bits = 0;
        unsigned acc = 0;
        packed_len = 0;
        for (k = 2; k < toklen && tok_cbc[k] != '='; k++) {
            acc = acc << 6 | (unsigned)(strchr(B64, tok_cbc[k]) - B64);
            bits += 6;
            if (bits >= 8) { bits -= 8; tmp[packed_len++] = (unsigned char)(acc >> bits); }
        }
        pt_len = ((size_t)tmp[26] << 8 | tmp[27]) - 1;
        memset(floor_pt, 'x', pt_len);
        memcpy(floor_packed, tmp, packed_len);
        crates_floor_setup(pt_len, packed_len);
    }

    printf("zego-token %s bench: payload %zu bytes, plaintext ~%zu bytes, packed %zu bytes\n",
           zego_token_version(), strlen(payload), pt_len, packed_len);
    for (b = 0; b < NBENCH; b++) run_for(benches[b].fn, iters / 4); /* warm up */
    for (r = 0; r < rounds; r++)
        for (b = 0; b < NBENCH; b++) benches[b].samples[r] = run_for(benches[b].fn, iters);
    printf("%d rounds of %ld tokens per API, interleaved\n", rounds, iters);
    printf("%-48s %10s %8s\n", "API", "ns/token", "x floor");
    for (b = 0; b < NBENCH; b++) {
        double m = median(benches[b].samples, rounds);
        printf("%-48s %10.0f %8.2f\n", benches[b].name, m,
               b == 0 ? 1.0 : median_ratio(benches[b].samples, benches[0].samples, rounds));
    }
    if (figures != NULL) {
        /* ns/token per API, for the bindings' benchmarks to compare against */
        static const char *keys[NBENCH] = {"floor", "floor_aesni", "oneshot_cbc", "oneshot_gcm", "generator_cbc", "generator_gcm",
                                           "into_cbc", "into_gcm", "decode_cbc", "decode_gcm",
                                           "oneshot_cbc_n", "generator_gcm_n", "decode_cbc_n", "decode_gcm_n",
                                           "oneshot_cbc_into", "oneshot_gcm_into"};
        FILE *f = fopen(figures, "w");
        if (f == NULL) { perror(figures); return 1; }
        fprintf(f, "{");
        for (b = 0; b < NBENCH; b++)
            fprintf(f, "%s\"%s\": %.1f", b ? ", " : "", keys[b], median(benches[b].samples, rounds));
        fprintf(f, "}\n");
        fclose(f);
    }
    {
        double oneshot = median_ratio(benches[2].samples, benches[0].samples, rounds);
        double gen = median_ratio(benches[4].samples, benches[0].samples, rounds);
        double into = median_ratio(benches[6].samples, benches[0].samples, rounds);
        double g1 = median_ratio(benches[3].samples, benches[2].samples, rounds);
        double g2 = median_ratio(benches[5].samples, benches[4].samples, rounds);
        double g3 = median_ratio(benches[7].samples, benches[6].samples, rounds);
        printf("GCM / CBC: one-shot %.2f, generator %.2f, _into %.2f\n", g1, g2, g3);
        {
            /* the length-delimited calls against the NUL-terminated ones, same run */
            double n1 = median_ratio(benches[10].samples, benches[2].samples, rounds);
            double n2 = median_ratio(benches[11].samples, benches[5].samples, rounds);
            double n3 = median_ratio(benches[12].samples, benches[8].samples, rounds);
            double n4 = median_ratio(benches[13].samples, benches[9].samples, rounds);
            printf("_n (ptr, len) / NUL-terminated: one-shot CBC %.2f, generator GCM %.2f, decode CBC %.2f, "
                   "decode GCM %.2f\n", n1, n2, n3, n4);
            printf("one-shot into a buffer / allocated: CBC %.2f, GCM %.2f\n",
                   median_ratio(benches[14].samples, benches[2].samples, rounds),
                   median_ratio(benches[15].samples, benches[3].samples, rounds));
        }
        printf("targets vs the crates floor: one-shot CBC %.2f <= 1.25 %s, generator %.2f <= 1.10 %s, "
               "_into %.2f <= 1.00 %s, GCM/CBC %.2f <= 1.20 %s\n",
               oneshot, oneshot <= 1.25 ? "met" : "MISSED", gen, gen <= 1.10 ? "met" : "MISSED", into,
               into <= 1.00 ? "met" : "MISSED", g1 > g2 ? (g1 > g3 ? g1 : g3) : (g2 > g3 ? g2 : g3),
               (g1 <= 1.2 && g2 <= 1.2 && g3 <= 1.2) ? "met" : "MISSED");
    }

    /* Alternate one and two threads; the speed-up is the median of the rounds' ratios. */
    for (r = 0; r < THREAD_ROUNDS; r++) {
        one[r] = throughput(1, iters * 20);
        two[r] = throughput(2, iters * 20);
    }
    printf("threads (%d rounds): 1 -> %.0f tokens/s, 2 -> %.0f tokens/s, speed-up %.2fx\n", THREAD_ROUNDS,
           median(one, THREAD_ROUNDS), median(two, THREAD_ROUNDS), median_ratio(two, one, THREAD_ROUNDS));

    rss0 = rss_kib();
    for (i = 0; i < rss_tokens / 2; i++) generator_cbc();
    rss1 = rss_kib();
    for (i = 0; i < rss_tokens / 2; i++) into_gcm();
    rss2 = rss_kib();
    printf("RSS: %ld KiB before, %ld KiB after %ld allocating tokens, %ld KiB after %ld more into a buffer\n",
           rss0, rss1, rss_tokens / 2, rss2, rss_tokens / 2);

    zego_string_free(tok_cbc);
    zego_string_free(tok_gcm);
    zego_token04_generator_free(gen_cbc);
    zego_token04_generator_free(gen_gcm);
    return 0;
}
