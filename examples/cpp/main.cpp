// The C++ wrapper in use: generate (both modes), decode, verify, a strict payload, a generator, and
// errors as exceptions and as codes. Prints a token; exits non-zero if anything is not as expected.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "zego_token.hpp"

static int failures = 0;
#define EXPECT(cond)                                                    \
    do {                                                                \
        if (!(cond)) {                                                  \
            std::fprintf(stderr, "FAIL line %d: %s\n", __LINE__, #cond); \
            failures++;                                                 \
        }                                                               \
    } while (0)

int main() {
    const char *env_secret = std::getenv("ZEGO_SERVER_SECRET");
    const std::string secret = env_secret ? env_secret : "fa94dd0f974cf2e293728a526b028271";

    std::string payload = zego::build_rtc_room_payload("demo", true, false, std::vector<std::string>{"s1"});
    EXPECT(payload == R"({"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":["s1"]})");

    std::string token = zego::generate_token04(1, "user \"é\"", secret, 3600, payload, zego::Mode::Gcm);
    zego::Claims c = zego::decode(token, secret);
    EXPECT(c.app_id == 1 && c.user_id == "user \"é\"" && c.payload == payload && c.mode == zego::Mode::Gcm);
    EXPECT(c.expire - c.ctime == 3600);
    EXPECT(zego::verify(token, secret, 1, c.ctime).user_id == c.user_id);

    try {
        zego::generate_token04(0, "user", secret, 3600);
        EXPECT(false);
    } catch (const zego::Error &e) {
        EXPECT(e.code() == ZEGO_APP_ID_INVALID);
    }
    try {
        zego::verify(token, secret, 2, 0);
        EXPECT(false);
    } catch (const zego::Error &e) {
        EXPECT(e.code() == ZEGO_TOKEN_APP_ID_MISMATCH && std::string(e.what()).find("app_id") != std::string::npos);
    }
    {
        // verify takes GCM only, unless CBC is allowed
        std::string cbc_token = zego::generate_token04(1, "user", secret, 3600);
        try {
            zego::verify(cbc_token, secret, 1, 0);
            EXPECT(false);
        } catch (const zego::Error &e) {
            EXPECT(e.code() == ZEGO_TOKEN_MODE_NOT_ALLOWED);
        }
        EXPECT(zego::verify(cbc_token, secret, 1, 0, ZEGO_VERIFY_ALLOW_CBC).mode == zego::Mode::Cbc);
    }
    std::string out = "unchanged";
    EXPECT(zego::generate_token04(1, "user", "short", 3600, "", out) == ZEGO_SECRET_INVALID && out == "unchanged");
    EXPECT(zego::generate_token04(1, std::string("a\0b", 3), secret, 3600, "", out) == ZEGO_USER_ID_INVALID);

    zego::Generator gen(1, secret, zego::Mode::Cbc);
    zego::Generator moved = std::move(gen);
    std::string cbc = moved.generate("user", 60);
    EXPECT(zego::decode(cbc, secret).mode == zego::Mode::Cbc);
    EXPECT(moved.generate("", 60, "", out) == ZEGO_USER_ID_INVALID);

    std::printf("%s\n", token.c_str());
    return failures == 0 ? 0 : 1;
}
