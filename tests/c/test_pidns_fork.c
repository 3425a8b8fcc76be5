/*
 * test_pidns_fork.c - a forked child with the same process id as its parent must not repeat the
 * parent's IVs or nonces.
 *
 * Run as PID 1 of a new PID namespace (a container's init): `unshare --pid --fork --mount-proc
 * test_pidns_fork` (root). The program makes tokens (so its random buffer is warm), then calls
 * unshare(CLONE_NEWPID) and fork(): the child is PID 1 of a nested namespace, so getpid() gives
 * 1 in both, and a getpid() check alone cannot tell the child from the parent. Where the kernel
 * wipes the buffer's page in the child (MADV_WIPEONFORK) that does not matter; where it does not
 * (qemu-user accepts the advice and ignores it), only the library's pthread_atfork handler can.
 * The child and the parent then make PER tokens each (CBC and GCM, one-shot and a generator);
 * no IV may repeat, no (IV, nonce) pair either.
 *
 * The same with _Fork() (which runs no pthread_atfork handlers) is defended only by the wipe:
 * with `strict` as the first argument (native runs) it is checked too; without it (emulation,
 * where neither the wipe, nor atfork, nor getpid() sees that child) its repeats are only printed.
 *
 * Usage: test_pidns_fork [strict|report [PER]]  (default report 2000). Prints "N passed, M failed".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* _Fork, unshare, CLONE_NEWPID */
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tokhelp.h"
#include "zego_token.h"

struct record {
    unsigned char iv[16];
    int64_t nonce;
    int32_t ok; /* generated and decoded back to its inputs */
    int32_t pid; /* getpid() when it was made */
};

static const char *SECRET = "fa94dd0f974cf2e293728a526b028271";
static ZegoToken04Generator *gen;
static int passed, failed;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (cond) passed++;                                                            \
        else { failed++; fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); } \
    } while (0)

/* One token with API `kind` (CBC one-shot, GCM one-shot, GCM generator), decoded into `r`. */
static void make_one(int kind, struct record *r) {
    char *tok = NULL;
    int32_t rc;
    ZegoToken04Claims c;
    memset(r, 0, sizeof *r);
    r->pid = (int32_t)getpid();
    switch (kind % 3) {
    case 0: rc = zego_generate_token04(9, "user", SECRET, 60, "p", &tok); break;
    case 1: rc = zego_generate_token04_gcm(9, "user", SECRET, 60, "p", &tok); break;
    default: rc = zego_token04_generator_generate(gen, "user", 60, "p", &tok); break;
    }
    if (rc != ZEGO_SUCCESS) return;
    if (token_iv(tok, r->iv) > 0 && zego_token04_decode(tok, SECRET, &c) == ZEGO_SUCCESS) {
        r->nonce = c.nonce;
        r->ok = c.app_id == 9 && strcmp(c.user_id, "user") == 0 && strcmp(c.payload, "p") == 0;
        zego_token04_claims_free(&c);
    }
    zego_string_free(tok);
}

static int ns_fd = -1; /* our own PID namespace */

static int cmp_iv(const void *a, const void *b) {
    return memcmp(((const struct record *)a)->iv, ((const struct record *)b)->iv, 16);
}

/* Forks (fork() or _Fork()) a child into a new nested PID namespace; the child and the parent make
 * `per` tokens each; returns the number of IVs of the two sets that repeat (every one also a
 * repeated (IV, nonce)), or (size_t)-1 when the child could not be made or failed. */
static size_t one_case(int use_fork, size_t per, int *child_pid_in_ns) {
    struct record *recs = (struct record *)calloc(2 * per, sizeof *recs);
    size_t i, got = 0, dups = 0, bad = 0;
    int fds[2], status;
    pid_t child;
    if (recs == NULL || pipe(fds) != 0) return (size_t)-1;
    /* Back to our own namespace for children (after an earlier case, unshare would say EINVAL). */
    if (ns_fd >= 0 && setns(ns_fd, CLONE_NEWPID) != 0) {
        fprintf(stderr, "setns(/proc/self/ns/pid): %s\n", strerror(errno));
        return (size_t)-1;
    }
    if (unshare(CLONE_NEWPID) != 0) {
        fprintf(stderr, "unshare(CLONE_NEWPID): %s (needs root or CAP_SYS_ADMIN)\n", strerror(errno));
        return (size_t)-1;
    }
    fflush(NULL);
    child = use_fork ? fork() : _Fork();
    if (child < 0) {
        fprintf(stderr, "%s: %s\n", use_fork ? "fork" : "_Fork", strerror(errno));
        return (size_t)-1;
    }
    if (child == 0) {
        struct record r;
        close(fds[0]);
        for (i = 0; i < per; i++) {
            make_one((int)i, &r);
            if (write(fds[1], &r, sizeof r) != (ssize_t)sizeof r) _exit(2);
        }
        _exit(0);
    }
    close(fds[1]);
    for (i = 0; i < per; i++) make_one((int)i, &recs[i]);
    while (got < per * sizeof *recs) {
        ssize_t n = read(fds[0], (char *)&recs[per] + got, per * sizeof *recs - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(fds[0]);
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        got != per * sizeof *recs) {
        free(recs);
        return (size_t)-1;
    }
    *child_pid_in_ns = recs[per].pid;
    for (i = 0; i < 2 * per; i++) bad += !recs[i].ok;
    qsort(recs, 2 * per, sizeof *recs, cmp_iv);
    for (i = 1; i < 2 * per; i++)
        dups += memcmp(recs[i - 1].iv, recs[i].iv, 16) == 0 && recs[i - 1].nonce == recs[i].nonce;
    free(recs);
    return bad == 0 ? dups : (size_t)-1;
}

int main(int argc, char **argv) {
    int strict = argc > 1 && strcmp(argv[1], "strict") == 0;
    size_t per = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 2000, i, dups_fork, dups_fork2;
    int pid_fork = 0, pid_fork2 = 0;
    struct record warm;

    if (getpid() != 1) {
        fprintf(stderr, "test_pidns_fork must run as PID 1 of a new PID namespace: "
                        "unshare --pid --fork --mount-proc %s (as root)\n", argv[0]);
        return 1;
    }
    ns_fd = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
    CHECK(ns_fd >= 0);
    if (per == 0 || zego_token04_generator_new(9, SECRET, ZEGO_TOKEN_MODE_GCM, &gen) != ZEGO_SUCCESS) return 1;
    /* A warm buffer: the child inherits what the parent will hand out next. */
    for (i = 0; i < 30; i++) make_one((int)i, &warm);
    CHECK(warm.ok);

    dups_fork = one_case(1, per, &pid_fork);
    printf("pidns fork(): parent and child both PID %d, %zu tokens each, %zu repeated (IV, nonce)\n", pid_fork,
           per, dups_fork);
    CHECK(dups_fork != (size_t)-1);
    CHECK(pid_fork == 1); /* the premise: getpid() is the same in both */
    CHECK(dups_fork == 0);

    dups_fork2 = one_case(0, per, &pid_fork2);
    printf("pidns _Fork(): parent and child both PID %d, %zu tokens each, %zu repeated (IV, nonce)%s\n",
           pid_fork2, per, dups_fork2, strict ? "" : " (not checked: see SECURITY.md)");
    CHECK(dups_fork2 != (size_t)-1);
    CHECK(pid_fork2 == 1);
    if (strict) CHECK(dups_fork2 == 0);

    zego_token04_generator_free(gen);
    printf("pidns fork: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
