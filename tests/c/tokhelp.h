/* tokhelp.h - helpers shared by the C tests: looking inside a token. */
#ifndef TOKHELP_H
#define TOKHELP_H
#include <stddef.h>
#include <string.h>

/* Standard base64 decoding; returns the length or -1. */
static long b64_decode(const char *in, unsigned char *out, size_t cap) {
    static const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned long acc = 0;
    int bits = 0;
    size_t n = 0;
    for (; *in && *in != '='; in++) {
        const char *p = strchr(alphabet, *in);
        if (p == NULL) return -1;
        acc = (acc << 6) | (unsigned long)(p - alphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (n >= cap) return -1;
            out[n++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    return (long)n;
}

/* Copies a token's IV (16 bytes CBC, 12 GCM; zero-padded to 16) into iv; returns its length or -1. */
static int token_iv(const char *token, unsigned char iv[16]) {
    unsigned char packed[1024];
    long n = b64_decode(token + 2, packed, sizeof packed);
    int iv_len;
    if (n < 10) return -1;
    iv_len = packed[8] << 8 | packed[9];
    if ((iv_len != 16 && iv_len != 12) || n < 10 + iv_len) return -1;
    memset(iv, 0, 16);
    memcpy(iv, packed + 10, (size_t)iv_len);
    return iv_len;
}
#endif
