/*
 * generate.c - print a general token04 for a user.
 *
 *   ZEGO_APP_ID=1 ZEGO_SERVER_SECRET=<32 bytes> ZEGO_USER_ID=demo ./generate [cbc|gcm]
 *
 * Defaults: app id 1, the sample secret, user "demo", CBC. Keep the secret in the environment
 * (or your config store), not on the command line where other users can see it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zego_token.h"

static const char *env_or(const char *name, const char *fallback) {
    const char *v = getenv(name);
    return (v != NULL && v[0] != '\0') ? v : fallback;
}

int main(int argc, char **argv) {
    const char *app_id_text = env_or("ZEGO_APP_ID", "1");
    const char *secret = env_or("ZEGO_SERVER_SECRET", "fa94dd0f974cf2e293728a526b028271");
    const char *user_id = env_or("ZEGO_USER_ID", "demo");
    int gcm = argc > 1 && strcmp(argv[1], "gcm") == 0;
    char *end = NULL;
    unsigned long app_id = strtoul(app_id_text, &end, 10);
    char *token = NULL;
    int32_t rc;

    if (end == app_id_text || *end != '\0' || app_id > 0xffffffffUL) {
        fprintf(stderr, "ZEGO_APP_ID must be a number from 1 to 4294967295\n");
        return 2;
    }
    rc = gcm ? zego_generate_token04_gcm((uint32_t)app_id, user_id, secret, 3600, "", &token)
             : zego_generate_token04((uint32_t)app_id, user_id, secret, 3600, "", &token);
    if (rc != ZEGO_SUCCESS) {
        fprintf(stderr, "error %d: %s\n", (int)rc, zego_error_message(rc));
        return 1;
    }
    printf("%s\n", token);
    zego_string_free(token);
    return 0;
}
