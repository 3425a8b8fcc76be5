package io.github.zegotoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * The bindings contract's conformance table (tests/data/conformance.json, format in
 * CONTRIBUTING.md): every entry whose needs Java has, with the listed code from every API.
 */
class ConformanceTest {
    /**
     * Java strings carry a NUL; app ids are longs; a token may hold whitespace; a secret may be
     * empty. Java has no non-UTF-8 strings and no NULL-with-length.
     */
    private static final Set<String> CAPABILITIES = new HashSet<String>(
            Arrays.asList("nul", "wide_app_id", "whitespace", "empty_secret"));

    private static JSONObject table() throws Exception {
        if (!java.nio.file.Files.exists(TestData.repoRoot().resolve("tests/data/conformance.json"))) {
            fail("tests/data/conformance.json is missing (it comes with the C ABI's bindings"
                    + " contract, branch cabi): this runner needs it");
        }
        JSONObject t = TestData.load("conformance.json");
        assertEquals(1, t.getInt("format_version"));
        return t;
    }

    private static boolean runs(JSONObject entry) {
        JSONArray needs = entry.getJSONArray("needs");
        for (int i = 0; i < needs.length(); i++) {
            if (!CAPABILITIES.contains(needs.getString(i))) {
                return false;
            }
        }
        return true;
    }

    /** A string input: a JSON string or {"repeat", "count", "prefix"}; null is not run here. */
    private static String str(Object v) {
        if (v instanceof String) {
            return (String) v;
        }
        JSONObject o = (JSONObject) v;
        if (o.has("repeat")) {
            StringBuilder b = new StringBuilder(o.optString("prefix", ""));
            for (int i = 0; i < o.getInt("count"); i++) {
                b.append(o.getString("repeat"));
            }
            return b.toString();
        }
        throw new IllegalArgumentException("string input not runnable in Java: " + o);
    }

    /** An integer input: a number, or a string of decimal digits. */
    private static long integer(Object v) {
        return v instanceof String ? Long.parseLong((String) v) : ((Number) v).longValue();
    }

    interface Call {
        Object run();
    }

    private static int code(Call c) {
        try {
            c.run();
            return 0;
        } catch (ZegoTokenException e) {
            return e.code();
        }
    }

    @Test
    void generateEntries() throws Exception {
        JSONArray entries = table().getJSONArray("generate");
        int ran = 0;
        for (int i = 0; i < entries.length(); i++) {
            JSONObject e = entries.getJSONObject(i);
            if (!runs(e)) {
                continue;
            }
            ran++;
            String name = e.getString("name");
            long app = integer(e.get("app_id"));
            String user = str(e.get("user_id"));
            String secret = str(e.get("secret"));
            long lifetime = integer(e.get("effective_time_in_seconds"));
            String payload = str(e.get("payload"));
            JSONObject expect = e.getJSONObject("expect");

            String[] token = new String[1];
            int cbc = code(() -> token[0] = ZegoToken.generateToken04(app, user, secret, lifetime, payload));
            assertEquals(expect.getInt("generate_cbc"), cbc, name + " generate_cbc");
            if (cbc == 0) {
                checkToken(name, token[0], secret, app, user, payload, lifetime, Mode.CBC);
            }
            if (lifetime >= Integer.MIN_VALUE && lifetime <= Integer.MAX_VALUE) {
                TokenServerAssistant.TokenInfo info = TokenServerAssistant.generateToken04(app, user,
                        secret, (int) lifetime, payload);
                int official = info.error.code.value;
                assertEquals(cbc, official == -1 ? cbc : official, name + " TokenServerAssistant");
                assertEquals(cbc == 0 || cbc >= 100, official == 0 || official == -1, name);
                if (official == 0) {
                    checkToken(name, info.data, secret, app, user, payload, lifetime, Mode.CBC);
                }
            }
            int gcm = code(() -> token[0] = ZegoToken.generateToken04Gcm(app, user, secret, lifetime, payload));
            assertEquals(expect.getInt("generate_gcm"), gcm, name + " generate_gcm");
            if (gcm == 0) {
                checkToken(name, token[0], secret, app, user, payload, lifetime, Mode.GCM);
            }
            for (Mode mode : Mode.values()) {
                int got = code(() -> {
                    try (Generator g = new Generator(app, secret, mode)) {
                        token[0] = g.generate(user, lifetime, payload);
                        return token[0];
                    }
                });
                assertEquals(expect.getInt("generator"), got, name + " generator " + mode);
                if (got == 0) {
                    checkToken(name, token[0], secret, app, user, payload, lifetime, mode);
                }
            }
        }
        assertTrue(ran >= 30, "ran only " + ran + " generate entries");
    }

    private static void checkToken(String name, String token, String secret, long app, String user,
            String payload, long lifetime, Mode mode) {
        TokenClaims c = ZegoToken.decode(token, secret);
        assertEquals(app, c.appId(), name);
        assertEquals(user, c.userId(), name);
        assertEquals(payload, c.payload(), name);
        assertEquals(lifetime, c.expire() - c.ctime(), name);
        assertEquals(mode, c.mode(), name);
    }

    @Test
    void decodeEntries() throws Exception {
        JSONArray entries = table().getJSONArray("decode");
        int ran = 0;
        for (int i = 0; i < entries.length(); i++) {
            JSONObject e = entries.getJSONObject(i);
            if (!runs(e)) {
                continue;
            }
            ran++;
            String name = e.getString("name");
            String token = str(e.get("token"));
            String secret = str(e.get("secret"));
            long app = integer(e.get("app_id"));
            long now = integer(e.get("now"));
            JSONObject expect = e.getJSONObject("expect");
            JSONObject claims = e.optJSONObject("claims");
            List<TokenClaims> got = new ArrayList<TokenClaims>();
            assertEquals(expect.getInt("decode"),
                    code(() -> got.add(ZegoToken.decode(token, secret))), name + " decode");
            assertEquals(expect.getInt("verify"),
                    code(() -> got.add(ZegoToken.verify(token, secret, app, now, false))), name + " verify");
            assertEquals(expect.getInt("verify_allow_cbc"),
                    code(() -> got.add(ZegoToken.verify(token, secret, app, now, true))),
                    name + " verify_allow_cbc");
            if (claims != null) {
                for (TokenClaims c : got) {
                    assertEquals(integer(claims.get("app_id")), c.appId(), name);
                    assertEquals(claims.getString("user_id"), c.userId(), name);
                    assertEquals(integer(claims.get("nonce")), c.nonce(), name);
                    assertEquals(integer(claims.get("ctime")), c.ctime(), name);
                    assertEquals(integer(claims.get("expire")), c.expire(), name);
                    assertEquals(claims.getString("payload"), c.payload(), name);
                    assertEquals(claims.getString("mode"), c.mode().name().toLowerCase(), name);
                }
            } else if (!got.isEmpty() && !e.has("claims")) {
                fail(name + ": a call succeeded but the entry lists no claims");
            }
        }
        assertTrue(ran >= 40, "ran only " + ran + " decode entries");
    }

    @Test
    void roomPayloadEntries() throws Exception {
        JSONArray entries = table().getJSONArray("room_payload");
        int ran = 0;
        for (int i = 0; i < entries.length(); i++) {
            JSONObject e = entries.getJSONObject(i);
            if (!runs(e)) {
                continue;
            }
            ran++;
            String name = e.getString("name");
            String room = str(e.get("room_id"));
            List<String> ids = null;
            if (!e.isNull("stream_ids")) {
                ids = new ArrayList<String>();
                JSONArray a = e.getJSONArray("stream_ids");
                for (int j = 0; j < a.length(); j++) {
                    ids.add(str(a.get(j)));
                }
            }
            List<String> streams = ids;
            String[] out = new String[1];
            int got = code(() -> out[0] = ZegoToken.buildRtcRoomPayload(room,
                    e.getBoolean("can_login_room"), e.getBoolean("can_publish_stream"), streams));
            assertEquals(e.getInt("expect"), got, name);
            if (got == 0) {
                assertEquals(e.getString("payload"), out[0], name);
            }
        }
        assertTrue(ran >= 5, "ran only " + ran + " room_payload entries");
    }
}
