/* The C reference for bench.sh: the same calls as examples/c/bench.c, n times in one C loop, so
 * that bench.php can time PHP and C alternately in one process, each round a few milliseconds
 * apart (the machine's drift then affects both alike). Built by bench.sh only; not part of the
 * package. kind: 0 one-shot CBC, 1 one-shot GCM, 2 GCM generator, 3 CBC generator. */
#include <stdint.h>
#include "zego_token.h"

int32_t zt_cref(int kind, const char *user, const char *secret, const char *payload, long n);

int32_t zt_cref(int kind, const char *user, const char *secret, const char *payload, long n) {
    ZegoToken04Generator *g = NULL;
    int32_t rc = 0;
    if (kind >= 2) {
        rc = zego_token04_generator_new(1, secret, kind == 2 ? ZEGO_TOKEN_MODE_GCM : ZEGO_TOKEN_MODE_CBC, &g);
        if (rc != 0) return rc;
    }
    for (long i = 0; i < n && rc == 0; i++) {
        char *t = NULL;
        switch (kind) {
        case 0: rc = zego_generate_token04(1, user, secret, 3600, payload, &t); break;
        case 1: rc = zego_generate_token04_gcm(1, user, secret, 3600, payload, &t); break;
        default: rc = zego_token04_generator_generate(g, user, 3600, payload, &t);
        }
        zego_string_free(t);
    }
    zego_token04_generator_free(g);
    return rc;
}
