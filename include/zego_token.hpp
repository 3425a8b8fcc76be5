// zego_token.hpp - header-only C++17 wrapper over zego_token.h.
//
//   std::string token = zego::generate_token04(app_id, "user", secret, 3600);          // throws zego::Error
//   std::string token; int32_t rc = zego::generate_token04(app_id, "user", secret, 3600, "", token);  // no throw
//
// Strings go in and out as std::string; strings the library returns are freed by RAII. Strings go
// to the library's length-delimited calls (data() and size()), so the library alone checks them:
// an embedded NUL or bytes that are not UTF-8 give that argument's code, in the official order,
// exactly as in C and every binding. This wrapper checks nothing itself. Every function is
// thread-safe.
#ifndef ZEGO_TOKEN_HPP
#define ZEGO_TOKEN_HPP

#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "zego_token.h"

namespace zego {

/// The encryption mode of a token.
enum class Mode : int32_t { Cbc = ZEGO_TOKEN_MODE_CBC, Gcm = ZEGO_TOKEN_MODE_GCM };

/// A failed call: `code()` is the library's code (ZEGO_*), `what()` its message. For decode and
/// verify, `hint()` is the library's hint for the token (zego_token04_hint_n: the likely
/// mistake, such as a '+' turned into a space), or "" when it shows none. Neither ever contains
/// any part of the token or the secret.
class Error : public std::runtime_error {
  public:
    explicit Error(int32_t code, const char *hint = nullptr)
        : std::runtime_error(zego_error_message(code)), code_(code), hint_(hint ? hint : "") {}
    int32_t code() const noexcept { return code_; }
    const char *hint() const noexcept { return hint_; }

  private:
    int32_t code_;
    const char *hint_;  // static (the library's), never freed
};

/// The library's hint for a malformed token (a '+' that became a space, a trailing newline,
/// quotes, URL encoding, a missing "04", a truncated token...), or "" when it shows none. It never
/// contains any part of the token. Throws only std::bad_alloc.
inline std::string token04_hint(const std::string &token) {
    const char *h = zego_token04_hint_n(token.data(), token.size());
    return h ? h : "";
}

/// The claims of a decoded token.
struct Claims {
    uint32_t app_id = 0;
    std::string user_id;
    int64_t nonce = 0;
    int64_t ctime = 0;
    int64_t expire = 0;
    std::string payload;
    Mode mode = Mode::Cbc;
};

namespace detail {
struct StringFree {
    void operator()(char *s) const noexcept { zego_string_free(s); }
};
using OwnedString = std::unique_ptr<char, StringFree>;

inline void check(int32_t rc) {
    if (rc != ZEGO_SUCCESS) throw Error(rc);
}

/// check() for decode and verify: the error carries the token's hint.
inline void check_token(int32_t rc, const std::string &token) {
    if (rc != ZEGO_SUCCESS) throw Error(rc, zego_token04_hint_n(token.data(), token.size()));
}

/// Moves a library string into `out`; returns ZEGO_INTERNAL_ERROR if copying fails.
inline int32_t take(char *raw, std::string &out) noexcept {
    OwnedString owned(raw);
    try {
        out.assign(owned.get());
    } catch (...) {
        return ZEGO_INTERNAL_ERROR;
    }
    return ZEGO_SUCCESS;
}

inline int32_t take_claims(ZegoToken04Claims &c, Claims &out) noexcept {
    int32_t rc = ZEGO_SUCCESS;
    try {
        Claims tmp;
        tmp.app_id = c.app_id;
        tmp.user_id = c.user_id;
        tmp.nonce = c.nonce;
        tmp.ctime = c.ctime;
        tmp.expire = c.expire;
        tmp.payload = c.payload;
        tmp.mode = static_cast<Mode>(c.mode);
        out = std::move(tmp);
    } catch (...) {
        rc = ZEGO_INTERNAL_ERROR;
    }
    zego_token04_claims_free(&c);
    return rc;
}

}  // namespace detail

/// Generates a token into `out` (left unchanged on error); returns the code. Never throws.
inline int32_t generate_token04(uint32_t app_id, const std::string &user_id, const std::string &secret,
                                int64_t effective_time_in_seconds, const std::string &payload, std::string &out,
                                Mode mode = Mode::Cbc) noexcept {
    char *raw = nullptr;
    int32_t rc = mode == Mode::Gcm
                     ? zego_generate_token04_gcm_n(app_id, user_id.data(), user_id.size(), secret.data(), secret.size(),
                                                   effective_time_in_seconds, payload.data(), payload.size(), &raw)
                     : zego_generate_token04_n(app_id, user_id.data(), user_id.size(), secret.data(), secret.size(),
                                               effective_time_in_seconds, payload.data(), payload.size(), &raw);
    return rc == ZEGO_SUCCESS ? detail::take(raw, out) : rc;
}

/// Generates a token; throws zego::Error.
inline std::string generate_token04(uint32_t app_id, const std::string &user_id, const std::string &secret,
                                    int64_t effective_time_in_seconds, const std::string &payload = "",
                                    Mode mode = Mode::Cbc) {
    std::string out;
    detail::check(generate_token04(app_id, user_id, secret, effective_time_in_seconds, payload, out, mode));
    return out;
}

/// Decodes a token into `out`; returns the code. Never throws.
inline int32_t decode(const std::string &token, const std::string &secret, Claims &out) noexcept {
    ZegoToken04Claims c;
    int32_t rc = zego_token04_decode_n(token.data(), token.size(), secret.data(), secret.size(), &c);
    return rc == ZEGO_SUCCESS ? detail::take_claims(c, out) : rc;
}

/// Decodes a token; throws zego::Error.
inline Claims decode(const std::string &token, const std::string &secret) {
    Claims out;
    detail::check_token(decode(token, secret, out), token);
    return out;
}

/// Accepts a GCM token (CBC too with `flags` = ZEGO_VERIFY_ALLOW_CBC) issued for `expected_app_id`
/// that has not expired (`expire > now`); returns the code. Never throws.
inline int32_t verify(const std::string &token, const std::string &secret, uint32_t expected_app_id,
                      int64_t now_unix_seconds, Claims &out, uint32_t flags = 0) noexcept {
    ZegoToken04Claims c;
    int32_t rc = zego_token04_verify_flags_n(token.data(), token.size(), secret.data(), secret.size(), expected_app_id,
                                             now_unix_seconds, flags, &c);
    return rc == ZEGO_SUCCESS ? detail::take_claims(c, out) : rc;
}

/// As above; throws zego::Error.
inline Claims verify(const std::string &token, const std::string &secret, uint32_t expected_app_id,
                     int64_t now_unix_seconds, uint32_t flags = 0) {
    Claims out;
    detail::check_token(verify(token, secret, expected_app_id, now_unix_seconds, out, flags), token);
    return out;
}

/// The payload of a strict token (room, privileges, optional stream ids); throws zego::Error.
inline std::string build_rtc_room_payload(const std::string &room_id, bool can_login_room, bool can_publish_stream,
                                          const std::optional<std::vector<std::string>> &stream_ids = std::nullopt) {
    std::vector<const char *> ptrs;
    std::vector<size_t> lens;
    if (stream_ids) {
        for (const std::string &s : *stream_ids) {
            ptrs.push_back(s.data());
            lens.push_back(s.size());
        }
    }
    // An empty list is "no stream" ([]), not NULL ("any stream"): never pass an empty vector's data().
    static const char *const no_ids[1] = {nullptr};
    static const size_t no_lens[1] = {0};
    const char *const *ids = stream_ids ? (ptrs.empty() ? no_ids : ptrs.data()) : nullptr;
    const size_t *id_lens = stream_ids ? (lens.empty() ? no_lens : lens.data()) : nullptr;
    char *raw = nullptr;
    detail::check(zego_build_rtc_room_payload_n(room_id.data(), room_id.size(), can_login_room ? 1 : 0,
                                                can_publish_stream ? 1 : 0, ids, id_lens, ptrs.size(), &raw));
    std::string out;
    detail::check(detail::take(raw, out));
    return out;
}

/// A reusable generator for one app id, secret and mode: thread-safe, movable, not copyable.
class Generator {
  public:
    /// Throws zego::Error.
    Generator(uint32_t app_id, const std::string &secret, Mode mode = Mode::Gcm) {
        ZegoToken04Generator *g = nullptr;
        detail::check(
            zego_token04_generator_new_n(app_id, secret.data(), secret.size(), static_cast<int32_t>(mode), &g));
        handle_.reset(g);
    }

    /// A new token into `out`; returns the code. Never throws.
    int32_t generate(const std::string &user_id, int64_t effective_time_in_seconds, const std::string &payload,
                     std::string &out) const noexcept {
        char *raw = nullptr;
        int32_t rc = zego_token04_generator_generate_n(handle_.get(), user_id.data(), user_id.size(),
                                                       effective_time_in_seconds, payload.data(), payload.size(), &raw);
        return rc == ZEGO_SUCCESS ? detail::take(raw, out) : rc;
    }

    /// A new token; throws zego::Error.
    std::string generate(const std::string &user_id, int64_t effective_time_in_seconds,
                         const std::string &payload = "") const {
        std::string out;
        detail::check(generate(user_id, effective_time_in_seconds, payload, out));
        return out;
    }

  private:
    struct Free {
        void operator()(ZegoToken04Generator *g) const noexcept { zego_token04_generator_free(g); }
    };
    std::unique_ptr<ZegoToken04Generator, Free> handle_;
};

}  // namespace zego

#endif  // ZEGO_TOKEN_HPP
