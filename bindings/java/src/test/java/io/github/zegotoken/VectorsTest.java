package io.github.zegotoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** The shared vectors (tests/data), as tests/vectors.rs uses them. */
class VectorsTest {
    private static Mode mode(JSONObject c) {
        return c.getString("mode").equals("gcm") ? Mode.GCM : Mode.CBC;
    }

    @Test
    void fixedInputVectorsAreReproducedByteForByte() throws Exception {
        JSONArray cases = TestData.load("token04-vectors.json").getJSONArray("cases");
        int cbc = 0;
        int gcm = 0;
        for (int i = 0; i < cases.length(); i++) {
            JSONObject c = cases.getJSONObject(i);
            String name = c.getString("name");
            Mode mode = mode(c);
            String token = Native.generateFixed(mode.value(), c.getLong("app_id"),
                    c.getString("user_id"), c.getString("secret"),
                    c.getLong("effective_time_in_seconds"), c.getString("payload"),
                    c.getLong("ctime"), c.getLong("nonce"), TestData.hex(c.getString("iv_hex")));
            assertEquals(c.getString("token"), token, name);

            TokenClaims claims = ZegoToken.decode(token, c.getString("secret"));
            assertEquals(mode, claims.mode(), name);
            assertEquals(c.getLong("app_id"), claims.appId(), name);
            assertEquals(c.getString("user_id"), claims.userId(), name);
            assertEquals(c.getString("payload"), claims.payload(), name);
            assertEquals(c.getLong("nonce"), claims.nonce(), name);
            assertEquals(c.getLong("ctime"), claims.ctime(), name);
            assertEquals(c.getLong("ctime") + c.getLong("effective_time_in_seconds"),
                    claims.expire(), name);

            // The independent decoder reads the listed plaintext from the same token.
            TestData.Opened opened = TestData.open(token, c.getString("secret"));
            assertEquals(c.getString("plaintext"), opened.plaintext, name);
            if (mode == Mode.CBC) {
                cbc++;
            } else {
                gcm++;
            }
        }
        assertTrue(cbc >= 7 && gcm >= 7, "expected the vectors of both modes");
    }

    @Test
    void errorVectorsGiveTheirCodesInEveryApi() throws Exception {
        JSONArray errors = TestData.load("token04-vectors.json").getJSONArray("errors");
        assertTrue(errors.length() >= 14);
        for (int i = 0; i < errors.length(); i++) {
            JSONObject c = errors.getJSONObject(i);
            String name = c.getString("name");
            Object expected = c.get("error_code");
            long appId = c.getLong("app_id");
            String user = c.getString("user_id");
            String secret = c.getString("secret");
            long lifetime = c.getLong("effective_time_in_seconds");
            String payload = c.getString("payload");
            for (Mode mode : Mode.values()) {
                ZegoTokenException e = assertThrows(ZegoTokenException.class,
                        () -> Native.generate(mode.value(), appId, user, secret, lifetime, payload),
                        name);
                if ("extension".equals(expected)) {
                    assertEquals(ZegoTokenException.PAYLOAD_TOO_LARGE, e.code(), name);
                } else {
                    assertEquals(((Number) expected).intValue(), e.code(), name);
                }
                assertFalse(e.getMessage().contains(secret) && secret.length() > 0, name);
            }
            if (lifetime >= Integer.MIN_VALUE && lifetime <= Integer.MAX_VALUE) {
                TokenServerAssistant.TokenInfo info = TokenServerAssistant.generateToken04(appId,
                        user, secret, (int) lifetime, payload);
                assertEquals("", info.data, name);
                if ("extension".equals(expected)) {
                    assertEquals(TokenServerAssistant.ErrorCode.OTHER, info.error.code, name);
                } else {
                    assertEquals(((Number) expected).intValue(), info.error.code.value, name);
                }
            }
        }
    }

    @Test
    void foreignTokensDecode() throws Exception {
        JSONArray tokens = TestData.load("token04-foreign.json").getJSONArray("tokens");
        assertEquals(20, tokens.length());
        for (int i = 0; i < tokens.length(); i++) {
            JSONObject t = tokens.getJSONObject(i);
            String who = t.getString("producer");
            TokenClaims claims = ZegoToken.decode(t.getString("token"), t.getString("secret"));
            assertEquals(t.getLong("app_id"), claims.appId(), who);
            assertEquals(t.getString("user_id"), claims.userId(), who);
            assertEquals(t.getString("payload"), claims.payload(), who);
            assertEquals(t.getLong("effective_time_in_seconds"), claims.expire() - claims.ctime(), who);
            assertEquals(who.endsWith("gcm") ? Mode.GCM : Mode.CBC, claims.mode(), who);
            // verify: GCM only by default; CBC when allowed (at their creation time).
            long now = claims.ctime();
            if (claims.mode() == Mode.GCM) {
                assertEquals(claims, ZegoToken.verify(t.getString("token"), t.getString("secret"),
                        claims.appId(), now, false), who);
            } else {
                ZegoTokenException e = assertThrows(ZegoTokenException.class,
                        () -> ZegoToken.verify(t.getString("token"), t.getString("secret"),
                                claims.appId(), now, false), who);
                assertEquals(ZegoTokenException.TOKEN_MODE_NOT_ALLOWED, e.code(), who);
                assertEquals(claims, ZegoToken.verify(t.getString("token"), t.getString("secret"),
                        claims.appId(), now, true), who);
            }
        }
    }
}
