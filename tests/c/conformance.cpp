// The conformance table (tests/data/conformance.json, format in CONTRIBUTING.md) through the C++
// wrapper, include/zego_token.hpp: every entry whose `needs` the wrapper can meet (std::string
// holds NULs and any bytes; there is no NULL string and no integer wider than the C types) must
// give the listed code. Usage: conformance-cxx path/to/conformance.json
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "zego_token.hpp"

namespace {

// ---- a minimal JSON reader: enough for the table (objects, arrays, strings, integers, bools,
// null) ----
struct Json {
    enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
    bool b = false;
    long long n = 0;
    std::string s;
    std::vector<Json> a;
    std::vector<std::pair<std::string, Json>> o;

    const Json *get(const std::string &key) const {
        for (const auto &kv : o)
            if (kv.first == key) return &kv.second;
        return nullptr;
    }
    const Json &operator[](const std::string &key) const {
        const Json *v = get(key);
        if (v == nullptr) {
            std::fprintf(stderr, "missing key %s\n", key.c_str());
            std::exit(2);
        }
        return *v;
    }
};

struct Parser {
    const std::string &t;
    size_t i = 0;

    [[noreturn]] void fail(const char *what) {
        std::fprintf(stderr, "JSON error at %zu: %s\n", i, what);
        std::exit(2);
    }
    void ws() {
        while (i < t.size() && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) i++;
    }
    bool eat(char c) {
        ws();
        if (i < t.size() && t[i] == c) {
            i++;
            return true;
        }
        return false;
    }
    unsigned hex4() {
        if (i + 4 > t.size()) fail("short \\u escape");
        unsigned v = static_cast<unsigned>(std::stoul(t.substr(i, 4), nullptr, 16));
        i += 4;
        return v;
    }
    static void utf8(std::string &out, unsigned cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xc0 | cp >> 6);
            out += static_cast<char>(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xe0 | cp >> 12);
            out += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        } else {
            out += static_cast<char>(0xf0 | cp >> 18);
            out += static_cast<char>(0x80 | (cp >> 12 & 0x3f));
            out += static_cast<char>(0x80 | (cp >> 6 & 0x3f));
            out += static_cast<char>(0x80 | (cp & 0x3f));
        }
    }
    std::string str() {
        if (!eat('"')) fail("expected a string");
        std::string out;
        while (i < t.size() && t[i] != '"') {
            char c = t[i++];
            if (c != '\\') {
                out += c;
                continue;
            }
            char e = t[i++];
            switch (e) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xd800 && cp < 0xdc00 && i + 6 <= t.size() && t[i] == '\\' && t[i + 1] == 'u') {
                        i += 2;
                        unsigned lo = hex4();
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    }
                    utf8(out, cp);
                    break;
                }
                default: out += e;
            }
        }
        i++;
        return out;
    }
    Json value() {
        ws();
        Json v;
        if (i >= t.size()) fail("unexpected end");
        char c = t[i];
        if (c == '{') {
            i++;
            v.kind = Json::Object;
            if (eat('}')) return v;
            do {
                std::string k = str();
                if (!eat(':')) fail("expected :");
                v.o.emplace_back(k, value());
            } while (eat(','));
            if (!eat('}')) fail("expected }");
        } else if (c == '[') {
            i++;
            v.kind = Json::Array;
            if (eat(']')) return v;
            do v.a.push_back(value());
            while (eat(','));
            if (!eat(']')) fail("expected ]");
        } else if (c == '"') {
            v.kind = Json::String;
            v.s = str();
        } else if (t.compare(i, 4, "true") == 0) {
            i += 4;
            v.kind = Json::Bool;
            v.b = true;
        } else if (t.compare(i, 5, "false") == 0) {
            i += 5;
            v.kind = Json::Bool;
        } else if (t.compare(i, 4, "null") == 0) {
            i += 4;
        } else {
            size_t end = i;
            while (end < t.size() && (t[end] == '-' || (t[end] >= '0' && t[end] <= '9'))) end++;
            if (end == i) fail("unexpected character");
            v.kind = Json::Number;
            v.n = std::stoll(t.substr(i, end - i));
            i = end;
        }
        return v;
    }
};

// ---- the table's inputs ----
std::string string_input(const Json &v) {
    if (v.kind == Json::String) return v.s;
    if (const Json *h = v.get("hex")) {
        std::string out;
        for (size_t k = 0; k + 1 < h->s.size(); k += 2)
            out += static_cast<char>(std::stoi(h->s.substr(k, 2), nullptr, 16));
        return out;
    }
    if (const Json *r = v.get("repeat")) {
        std::string out;
        if (const Json *p = v.get("prefix")) out = p->s;
        for (long long k = 0; k < v["count"].n; k++) out += r->s;
        return out;
    }
    std::fprintf(stderr, "a string input the wrapper cannot express\n");
    std::exit(2);
}

// An integer: a JSON number, or decimal digits beyond 2^53 (those outside int64 need
// wide_app_id / wide_lifetime, which this layer skips).
long long integer(const Json &v) {
    if (v.kind == Json::String) return std::stoll(v.s);
    if (v.kind != Json::Number) {
        std::fprintf(stderr, "integer outside the wrapper's range\n");
        std::exit(2);
    }
    return v.n;
}

bool runnable(const Json &e) {
    for (const Json &n : e["needs"].a)
        if (n.s != "nul" && n.s != "non_utf8" && n.s != "whitespace" && n.s != "empty_secret") return false;
    return true;
}

int failures = 0, checks = 0;

void expect(const Json &e, const char *call, int32_t got, long long want) {
    checks++;
    if (got != want) {
        failures++;
        std::fprintf(stderr, "FAIL %s: %s gave %d, want %lld\n", e["name"].s.c_str(), call, got, want);
    }
}

// A generated token decodes to its inputs.
void check_token(const Json &e, const std::string &token, zego::Mode mode, const std::string &user_id,
                 const std::string &payload, long long ttl) {
    zego::Claims c;
    int32_t rc = zego::decode(token, string_input(e["secret"]), c);
    checks++;
    if (rc != 0 || c.user_id != user_id || c.payload != payload || c.expire - c.ctime != ttl || c.mode != mode ||
        static_cast<long long>(c.app_id) != integer(e["app_id"])) {
        failures++;
        std::fprintf(stderr, "FAIL %s: the generated token does not decode to its inputs\n", e["name"].s.c_str());
    }
}

void generate_entry(const Json &e) {
    uint32_t app_id = static_cast<uint32_t>(integer(e["app_id"]));
    std::string user_id = string_input(e["user_id"]), secret = string_input(e["secret"]);
    const Json &p = e["payload"];
    std::string payload = p.kind == Json::Null ? std::string() : string_input(p);
    int64_t ttl = integer(e["effective_time_in_seconds"]);
    const Json &want = e["expect"];
    for (zego::Mode mode : {zego::Mode::Cbc, zego::Mode::Gcm}) {
        std::string token;
        int32_t rc = zego::generate_token04(app_id, user_id, secret, ttl, payload, token, mode);
        expect(e, mode == zego::Mode::Cbc ? "generate_cbc" : "generate_gcm", rc,
               want[mode == zego::Mode::Cbc ? "generate_cbc" : "generate_gcm"].n);
        if (rc == 0) check_token(e, token, mode, user_id, payload, ttl);
        // The throwing form gives the same code.
        int32_t thrown = 0;
        try {
            (void)zego::generate_token04(app_id, user_id, secret, ttl, payload, mode);
        } catch (const zego::Error &err) {
            thrown = err.code();
        }
        expect(e, "generate (throwing)", thrown, rc);
        int32_t grc = 0;
        std::string gtoken;
        try {
            zego::Generator g(app_id, secret, mode);
            grc = g.generate(user_id, ttl, payload, gtoken);
        } catch (const zego::Error &err) {
            grc = err.code();
        }
        expect(e, "generator", grc, want["generator"].n);
        if (grc == 0) check_token(e, gtoken, mode, user_id, payload, ttl);
    }
}

void check_claims(const Json &e, const zego::Claims &c) {
    const Json *w = e.get("claims");
    if (w == nullptr) return;
    checks++;
    if (static_cast<long long>(c.app_id) != (*w)["app_id"].n || c.user_id != (*w)["user_id"].s ||
        c.payload != (*w)["payload"].s || c.nonce != (*w)["nonce"].n || c.ctime != (*w)["ctime"].n ||
        c.expire != (*w)["expire"].n || (c.mode == zego::Mode::Gcm ? "gcm" : "cbc") != (*w)["mode"].s) {
        failures++;
        std::fprintf(stderr, "FAIL %s: claims differ\n", e["name"].s.c_str());
    }
}

void decode_entry(const Json &e) {
    std::string token = string_input(e["token"]), secret = string_input(e["secret"]);
    uint32_t app_id = static_cast<uint32_t>(integer(e["app_id"]));
    int64_t now = integer(e["now"]);
    const Json &want = e["expect"];
    zego::Claims c;
    int32_t rc = zego::decode(token, secret, c);
    expect(e, "decode", rc, want["decode"].n);
    if (rc == 0) check_claims(e, c);
    zego::Claims v;
    rc = zego::verify(token, secret, app_id, now, v);
    expect(e, "verify", rc, want["verify"].n);
    if (rc == 0) check_claims(e, v);
    zego::Claims vc;
    rc = zego::verify(token, secret, app_id, now, vc, ZEGO_VERIFY_ALLOW_CBC);
    expect(e, "verify_allow_cbc", rc, want["verify_allow_cbc"].n);
    if (rc == 0) check_claims(e, vc);
}

void room_entry(const Json &e) {
    std::string room = string_input(e["room_id"]);
    std::optional<std::vector<std::string>> ids;
    if (e["stream_ids"].kind == Json::Array) {
        ids.emplace();
        for (const Json &s : e["stream_ids"].a) ids->push_back(string_input(s));
    }
    int32_t rc = 0;
    std::string payload;
    try {
        payload = zego::build_rtc_room_payload(room, e["can_login_room"].b, e["can_publish_stream"].b, ids);
    } catch (const zego::Error &err) {
        rc = err.code();
    }
    expect(e, "room_payload", rc, e["expect"].n);
    checks++;
    if (rc == 0 && payload != e["payload"].s) {
        failures++;
        std::fprintf(stderr, "FAIL %s: payload %s\n", e["name"].s.c_str(), payload.c_str());
    }
}

}  // namespace

// The hints: a '+' turned into a space is named by zego::token04_hint and by the error decode
// and verify throw; a good token has none.
void hint_checks(const std::string &secret) {
    std::string token;
    for (int i = 0; i < 200 && token.find('+') == std::string::npos; i++)
        token = zego::generate_token04(1, "u", secret, 3600, "", zego::Mode::Gcm);
    std::string spaced = token;
    for (char &ch : spaced)
        if (ch == '+') ch = ' ';
    std::string hint = zego::token04_hint(spaced);
    checks++;
    if (token.find('+') == std::string::npos || hint.find("'+'") == std::string::npos ||
        !zego::token04_hint(token).empty()) {
        failures++;
        std::fprintf(stderr, "FAIL hints: token04_hint\n");
    }
    for (int verify = 0; verify < 2; verify++) {
        checks++;
        try {
            if (verify) (void)zego::verify(spaced, secret, 1, 0);
            else (void)zego::decode(spaced, secret);
            failures++;
            std::fprintf(stderr, "FAIL hints: a spaced token decoded\n");
        } catch (const zego::Error &err) {
            if (err.code() != ZEGO_TOKEN_BASE64_INVALID || hint != err.hint()) {
                failures++;
                std::fprintf(stderr, "FAIL hints: the error's hint is \"%s\"\n", err.hint());
            }
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s conformance.json\n", argv[0]);
        return 2;
    }
    std::ifstream f(argv[1], std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string text = ss.str();
    Parser p{text};
    Json table = p.value();
    int ran = 0, skipped = 0;
    for (const char *section : {"generate", "decode", "room_payload"}) {
        for (const Json &e : table[section].a) {
            if (!runnable(e)) {
                skipped++;
                continue;
            }
            ran++;
            if (std::string(section) == "generate") generate_entry(e);
            else if (std::string(section) == "decode") decode_entry(e);
            else room_entry(e);
        }
    }
    hint_checks("fa94dd0f974cf2e293728a526b028271");
    if (ran < 100) {
        std::fprintf(stderr, "only %d entries ran\n", ran);
        return 1;
    }
    std::printf("C++ wrapper conformance: %d entries (%d checks), %d skipped by their needs, %d failures\n", ran,
                checks, skipped, failures);
    return failures == 0 ? 0 : 1;
}
