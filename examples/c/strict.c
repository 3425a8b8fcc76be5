/*
 * strict.c - print a strict token04: the user may log in to one room and publish two streams.
 *
 *   ZEGO_APP_ID=1 ZEGO_SERVER_SECRET=<32 bytes> ./strict [room_id]
 */
#include <stdio.h>
#include <stdlib.h>

#include "zego_token.h"

int main(int argc, char **argv) {
    const char *secret = getenv("ZEGO_SERVER_SECRET");
    const char *app_id_text = getenv("ZEGO_APP_ID");
    const char *room_id = argc > 1 ? argv[1] : "demo";
    const char *streams[] = {"stream-1", "stream-2"};
    uint32_t app_id = (uint32_t)strtoul(app_id_text ? app_id_text : "1", NULL, 10);
    char *payload = NULL;
    char *token = NULL;
    int32_t rc;

    if (secret == NULL || secret[0] == '\0') {
        secret = "fa94dd0f974cf2e293728a526b028271";
    }
    rc = zego_build_rtc_room_payload(room_id, 1, 1, streams, 2, &payload);
    if (rc != ZEGO_SUCCESS) {
        fprintf(stderr, "payload error %d: %s\n", (int)rc, zego_error_message(rc));
        return 1;
    }
    rc = zego_generate_token04_gcm(app_id, "demo", secret, 3600, payload, &token);
    if (rc != ZEGO_SUCCESS) {
        fprintf(stderr, "token error %d: %s\n", (int)rc, zego_error_message(rc));
        zego_string_free(payload);
        return 1;
    }
    printf("payload: %s\ntoken:   %s\n", payload, token);
    zego_string_free(token);
    zego_string_free(payload);
    return 0;
}
