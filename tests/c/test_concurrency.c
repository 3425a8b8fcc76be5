/*
 * test_concurrency.c - many threads and forked children generating at once: every token decodes,
 * no two tokens share an IV, no two share (IV, nonce).
 *
 * 8 threads x 100,000 tokens (one-shot CBC and GCM, a shared generator, _into), then 6 forked
 * children x 20,000 tokens (every API, both modes) while the parent, whose buffered random bytes
 * the children inherited, makes 20,000 more. Two children each come from fork(), from _Fork()
 * (glibc 2.34+: no pthread_atfork handlers run) and from the raw fork system call (nothing of libc
 * runs): syscall(SYS_fork) where the kernel has one (x86_64), else a clone with SIGCHLD and nothing
 * else (aarch64 has no fork system call; see raw_fork below).
 * Without fork protection the children would repeat the parent's and each other's IVs.
 * Smaller sizes for slow runs (valgrind): test_concurrency PER_THREAD PER_CHILD.
 * Prints "N passed, M failed".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* _Fork, syscall */
#endif
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tokhelp.h"
#include "zego_token.h"

enum { THREADS = 8, CHILDREN = 6 };
/* A fork straight from the kernel, past libc. aarch64 (and every architecture that came after
 * fork(2) was made optional) has no SYS_fork: clone(SIGCHLD) is the same system call there. The
 * clone argument order differs (x86_64: flags, stack, parent_tid, child_tid, tls; aarch64:
 * flags, stack, parent_tid, tls, child_tid), but here every argument after the flags is 0. */
#ifdef SYS_fork
#define RAW_FORK_NAME "syscall(SYS_fork)"
static pid_t raw_fork(void) { return (pid_t)syscall(SYS_fork); }
#else
#define RAW_FORK_NAME "syscall(SYS_clone, SIGCHLD)"
static pid_t raw_fork(void) { return (pid_t)syscall(SYS_clone, (long)SIGCHLD, 0L, 0L, 0L, 0L); }
#endif
static const char *const FORK_KIND[3] = {"fork()", "_Fork()", RAW_FORK_NAME};
static size_t PER_THREAD = 100000, PER_CHILD = 20000;
#define TOTAL ((size_t)THREADS * PER_THREAD + (size_t)(CHILDREN + 1) * PER_CHILD)

struct record {
    unsigned char iv[16];
    int64_t nonce;
    int32_t mode;
    int32_t ok; /* generated and decoded back to its inputs */
};

static const char *SECRET = "fa94dd0f974cf2e293728a526b028271";
static struct record *records;
static ZegoToken04Generator *shared_gcm;
static int passed, failed;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (cond) passed++;                                                            \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

/* Generates one token with API `kind`, decodes it and fills `r`. */
static void make_one(int kind, struct record *r) {
    char *tok = NULL;
    char buf[512];
    size_t len;
    int32_t rc;
    ZegoToken04Claims c;
    switch (kind % 4) {
    case 0: rc = zego_generate_token04(9, "user", SECRET, 60, "p", &tok); break;
    case 1: rc = zego_generate_token04_gcm(9, "user", SECRET, 60, "p", &tok); break;
    case 2: rc = zego_token04_generator_generate(shared_gcm, "user", 60, "p", &tok); break;
    default:
        rc = zego_token04_generator_generate_into(shared_gcm, "user", 60, "p", buf, sizeof buf, &len);
        break;
    }
    r->ok = 0;
    if (rc != ZEGO_SUCCESS) return;
    {
        const char *t = tok ? tok : buf;
        int iv_len = token_iv(t, r->iv);
        if (zego_token04_decode(t, SECRET, &c) == ZEGO_SUCCESS) {
            r->nonce = c.nonce;
            r->mode = c.mode;
            r->ok = iv_len == (c.mode == ZEGO_TOKEN_MODE_GCM ? 12 : 16) && c.app_id == 9 &&
                    strcmp(c.user_id, "user") == 0 && strcmp(c.payload, "p") == 0 &&
                    c.expire - c.ctime == 60;
            zego_token04_claims_free(&c);
        }
    }
    zego_string_free(tok);
}

static void *thread_main(void *arg) {
    size_t t = (size_t)arg, i;
    for (i = 0; i < PER_THREAD; i++) make_one((int)t, &records[t * PER_THREAD + i]);
    return NULL;
}

static int cmp_iv(const void *a, const void *b) {
    const struct record *x = (const struct record *)a, *y = (const struct record *)b;
    int c = memcmp(x->iv, y->iv, 16);
    return c != 0 ? c : (x->nonce > y->nonce) - (x->nonce < y->nonce);
}

int main(int argc, char **argv) {
    pthread_t th[THREADS];
    pid_t pids[CHILDREN];
    int pipes[CHILDREN][2];
    size_t i, base, bad = 0, dup_iv = 0, dup_pair = 0;
    int k, status;

    if (argc > 2) {
        PER_THREAD = (size_t)strtoul(argv[1], NULL, 10);
        PER_CHILD = (size_t)strtoul(argv[2], NULL, 10);
    }
    base = (size_t)THREADS * PER_THREAD;
    records = (struct record *)calloc(TOTAL, sizeof *records);
    if (zego_token04_generator_new(9, SECRET, ZEGO_TOKEN_MODE_GCM, &shared_gcm) != ZEGO_SUCCESS) return 1;

    for (i = 0; i < THREADS; i++) pthread_create(&th[i], NULL, thread_main, (void *)i);
    for (i = 0; i < THREADS; i++) pthread_join(th[i], NULL);

    /* The parent has generated tokens on this thread: its random state is warm. */
    for (i = 0; i < 100; i++) make_one(0, &records[base]);
    fflush(NULL);
    for (k = 0; k < CHILDREN; k++) {
        if (pipe(pipes[k]) != 0) return 1;
        switch (k % 3) {
        case 0: pids[k] = fork(); break;
        case 1: pids[k] = _Fork(); break;
        default: pids[k] = raw_fork(); break;
        }
        if (pids[k] == 0) {
            struct record r;
            close(pipes[k][0]);
            for (i = 0; i < PER_CHILD; i++) {
                make_one((int)i % 4, &r); /* one-shot CBC and GCM, generator, _into */
                if (write(pipes[k][1], &r, sizeof r) != (ssize_t)sizeof r) _exit(2);
            }
            close(pipes[k][1]);
            _exit(0);
        }
        close(pipes[k][1]);
    }
    /* The parent goes on with the state the children inherited. */
    for (i = 0; i < PER_CHILD; i++) make_one((int)i % 4, &records[base + i]);
    for (k = 0; k < CHILDREN; k++) {
        size_t got = 0;
        struct record *dst = &records[base + (size_t)(k + 1) * PER_CHILD];
        while (got < PER_CHILD * sizeof(struct record)) {
            ssize_t n = read(pipes[k][0], (char *)dst + got, PER_CHILD * sizeof(struct record) - got);
            if (n <= 0) break;
            got += (size_t)n;
        }
        close(pipes[k][0]);
        if (got != PER_CHILD * sizeof(struct record)) fprintf(stderr, "child %d (%s) sent too little\n", k, FORK_KIND[k % 3]);
        CHECK(got == PER_CHILD * sizeof(struct record));
        CHECK(waitpid(pids[k], &status, 0) == pids[k] && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }

    for (i = 0; i < TOTAL; i++) bad += !records[i].ok;
    qsort(records, TOTAL, sizeof *records, cmp_iv);
    for (i = 1; i < TOTAL; i++) {
        if (memcmp(records[i - 1].iv, records[i].iv, 16) == 0) {
            dup_iv++;
            if (records[i - 1].nonce == records[i].nonce) dup_pair++;
        }
    }
    printf("fork: %d children (fork(), _Fork(), " RAW_FORK_NAME ") and the parent, %zu tokens each\n",
           CHILDREN, PER_CHILD);
    printf("concurrency: %zu tokens, %zu not decodable, %zu duplicate IVs, %zu duplicate (IV, nonce)\n",
           TOTAL, bad, dup_iv, dup_pair);
    CHECK(bad == 0);
    CHECK(dup_iv == 0);
    CHECK(dup_pair == 0);
    zego_token04_generator_free(shared_gcm);
    free(records);
    printf("concurrency: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
