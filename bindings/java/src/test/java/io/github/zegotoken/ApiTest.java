package io.github.zegotoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ApiTest {
    private static final String SECRET = TestData.SECRET;

    private static int code(Executable e) {
        return assertThrows(ZegoTokenException.class, e).code();
    }

    @Test
    void versionIsTheCratesVersion() throws Exception {
        String cargo = new String(Files.readAllBytes(TestData.repoRoot().resolve("Cargo.toml")),
                StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^version = \"([^\"]+)\"").matcher(cargo);
        assertTrue(m.find());
        assertEquals(m.group(1), ZegoToken.version());
    }

    @Test
    void freshTokensOfBothModesOpenWithJavaxCrypto() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        String payload = "{\"room_id\":\"r\u00e9\ud83d\ude00\",\"x\":\"\\\"\"}";
        String[][] tokens = {
            {"cbc", ZegoToken.generateToken04(4294967295L, "u\u00fc\ud83d\ude00", SECRET, 600, payload)},
            {"gcm", ZegoToken.generateToken04Gcm(4294967295L, "u\u00fc\ud83d\ude00", SECRET, 600, payload)},
            {"cbc", TokenServerAssistant.generateToken04(4294967295L, "u\u00fc\ud83d\ude00", SECRET, 600, payload).data},
        };
        for (String[] t : tokens) {
            TestData.Opened o = TestData.open(t[1], SECRET);
            assertEquals(t[0].equals("gcm") ? Mode.GCM : Mode.CBC, o.mode);
            assertEquals(4294967295L, o.json.getLong("app_id"));
            assertEquals("u\u00fc\ud83d\ude00", o.json.getString("user_id"));
            assertEquals(payload, o.json.getString("payload"));
            long ctime = o.json.getLong("ctime");
            assertTrue(ctime >= before && ctime <= before + 5);
            assertEquals(ctime + 600, o.json.getLong("expire"));
            assertEquals(o.headerExpire, o.json.getLong("expire"));
            // Compact JSON, keys in the official order.
            String p = o.plaintext;
            int[] at = {p.indexOf("\"app_id\""), p.indexOf("\"user_id\""), p.indexOf("\"nonce\""),
                p.indexOf("\"ctime\""), p.indexOf("\"expire\""), p.indexOf("\"payload\"")};
            assertEquals(1, at[0], p);
            for (int i = 1; i < at.length; i++) {
                assertTrue(at[i] > at[i - 1], p);
            }
            if (o.mode == Mode.CBC) {
                assertTrue(new String(o.iv, StandardCharsets.US_ASCII).matches("[0-9a-z]{16}"));
            }
            TokenClaims c = ZegoToken.decode(t[1], SECRET);
            assertEquals(o.json.getLong("nonce"), c.nonce());
            assertEquals("u\u00fc\ud83d\ude00", c.userId());
            assertEquals(payload, c.payload());
        }
        // Fresh IVs: two tokens of the same inputs differ.
        assertNotEquals(ZegoToken.generateToken04Gcm(1, "u", SECRET, 1, ""),
                ZegoToken.generateToken04Gcm(1, "u", SECRET, 1, ""));
    }

    @Test
    void generationChecksInTheOfficialOrder() {
        assertEquals(1, code(() -> ZegoToken.generateToken04(0, "", "short", 0, null)));
        assertEquals(1, code(() -> ZegoToken.generateToken04(-1, "u", SECRET, 1, "")));
        assertEquals(1, code(() -> ZegoToken.generateToken04(4294967296L, "u", SECRET, 1, "")));
        assertEquals(3, code(() -> ZegoToken.generateToken04(1, null, null, 0, null)));
        assertEquals(3, code(() -> ZegoToken.generateToken04(1, "\ud800", SECRET, 1, "")));
        char[] long65 = new char[65];
        Arrays.fill(long65, 'a');
        assertEquals(3, code(() -> ZegoToken.generateToken04Gcm(1, new String(long65), SECRET, 1, "")));
        assertEquals(5, code(() -> ZegoToken.generateToken04(1, "u", null, 0, "\ud800")));
        assertEquals(5, code(() -> ZegoToken.generateToken04(1, "u", SECRET + "x", 0, "")));
        assertEquals(5, code(() -> ZegoToken.generateToken04(1, "u", SECRET.substring(1) + "\u00e9", 0, "")));
        assertEquals(6, code(() -> ZegoToken.generateToken04(1, "u", SECRET, 0, "\ud800")));
        assertEquals(6, code(() -> ZegoToken.generateToken04(1, "u", SECRET, Long.MAX_VALUE, "")));
        assertEquals(ZegoTokenException.PAYLOAD_INVALID,
                code(() -> ZegoToken.generateToken04(1, "u", SECRET, 1, "a\ud800")));
        char[] big = new char[70000];
        Arrays.fill(big, 'a');
        assertEquals(ZegoTokenException.PAYLOAD_TOO_LARGE,
                code(() -> ZegoToken.generateToken04Gcm(1, "u", SECRET, 1, new String(big))));
        // A null payload is no payload.
        assertEquals("", ZegoToken.decode(ZegoToken.generateToken04(1, "u", SECRET, 1, null), SECRET).payload());
    }

    @Test
    void verifyAcceptsGcmOnlyUnlessCbcIsAllowed() {
        long now = System.currentTimeMillis() / 1000;
        String gcm = ZegoToken.generateToken04Gcm(7, "u", SECRET, 100, "p");
        String cbc = ZegoToken.generateToken04(7, "u", SECRET, 100, "p");
        assertEquals("p", ZegoToken.verify(gcm, SECRET, 7).payload());
        assertEquals(ZegoTokenException.TOKEN_MODE_NOT_ALLOWED, code(() -> ZegoToken.verify(cbc, SECRET, 7)));
        assertEquals(Mode.CBC, ZegoToken.verify(cbc, SECRET, 7, now, true).mode());
        assertEquals(ZegoTokenException.TOKEN_APP_ID_MISMATCH, code(() -> ZegoToken.verify(gcm, SECRET, 8)));
        assertEquals(ZegoTokenException.TOKEN_APP_ID_MISMATCH,
                code(() -> ZegoToken.verify(gcm, SECRET, 7L + (1L << 32))));
        assertEquals(ZegoTokenException.TOKEN_EXPIRED, code(() -> ZegoToken.verify(gcm, SECRET, 7, now + 1000, false)));
        String other = "00000000000000000000000000000000";
        assertEquals(ZegoTokenException.TOKEN_AUTHENTICATION_FAILED, code(() -> ZegoToken.verify(gcm, other, 7)));
        assertEquals(ZegoTokenException.TOKEN_DECRYPT_FAILED, code(() -> ZegoToken.decode(cbc, other)));
        assertEquals(ZegoTokenException.NULL_ARGUMENT, code(() -> ZegoToken.decode(null, SECRET)));
        assertEquals(ZegoTokenException.SECRET_INVALID, code(() -> ZegoToken.decode(gcm, null)));
        assertEquals(ZegoTokenException.TOKEN_PREFIX_INVALID, code(() -> ZegoToken.decode("03" + gcm.substring(2), SECRET)));
        assertEquals(ZegoTokenException.TOKEN_BASE64_INVALID, code(() -> ZegoToken.decode("04!!!!", SECRET)));
        char[] huge = new char[200000];
        Arrays.fill(huge, 'A');
        assertEquals(ZegoTokenException.TOKEN_BASE64_INVALID, code(() -> ZegoToken.decode("04" + new String(huge), SECRET)));
        // A tampered GCM token never verifies.
        char[] t = gcm.toCharArray();
        t[20] = t[20] == 'A' ? 'B' : 'A';
        assertThrows(ZegoTokenException.class, () -> ZegoToken.verify(new String(t), SECRET, 7));
    }

    @Test
    void secretsNeverAppearInMessagesOrStrings() {
        String secret = "0123456789abcdef0123456789abcdeX";
        String token = ZegoToken.generateToken04Gcm(1, "u", secret, 60, "");
        ZegoTokenException[] errors = {
            assertThrows(ZegoTokenException.class, () -> ZegoToken.generateToken04(1, "u", secret + "y", 1, "")),
            assertThrows(ZegoTokenException.class, () -> ZegoToken.decode(token, secret.replace('X', 'Y'))),
            assertThrows(ZegoTokenException.class, () -> ZegoToken.verify(token, secret, 2)),
        };
        for (ZegoTokenException e : errors) {
            assertFalse(e.toString().contains(secret.substring(0, 16)), e.toString());
            assertFalse(e.toString().contains(token), e.toString());
        }
        try (Generator g = new Generator(1, secret)) {
            assertFalse(g.toString().contains(secret.substring(0, 8)));
        }
        TokenServerAssistant.TokenInfo info = TokenServerAssistant.generateToken04(1, "u", secret, 60, "");
        assertFalse(info.toString().contains(info.data));
        assertFalse(info.toString().contains(secret));
    }

    @Test
    void officialShapeNeverThrowsNorPrints() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true);
        TokenServerAssistant.VERBOSE = true;
        try {
            System.setOut(capture);
            System.setErr(capture);
            TokenServerAssistant.TokenInfo ok = TokenServerAssistant.generateToken04(1, "u", SECRET, 60, "");
            assertEquals(TokenServerAssistant.ErrorCode.SUCCESS, ok.error.code);
            assertEquals(0, ok.error.code.value);
            assertEquals("", ok.error.message);
            assertEquals(Mode.CBC, ZegoToken.decode(ok.data, SECRET).mode());
            Object[][] bad = {
                {0L, "u", SECRET, 1, TokenServerAssistant.ErrorCode.ILLEGAL_APP_ID, 1},
                {1L, null, SECRET, 1, TokenServerAssistant.ErrorCode.ILLEGAL_USER_ID, 3},
                {1L, "", SECRET, 1, TokenServerAssistant.ErrorCode.ILLEGAL_USER_ID, 3},
                {1L, "u", null, 1, TokenServerAssistant.ErrorCode.ILLEGAL_SECRET, 5},
                {1L, "u", "abc", 1, TokenServerAssistant.ErrorCode.ILLEGAL_SECRET, 5},
                {1L, "u", SECRET, 0, TokenServerAssistant.ErrorCode.ILLEGAL_EFFECTIVE_TIME, 6},
                {1L, "u", SECRET, -5, TokenServerAssistant.ErrorCode.ILLEGAL_EFFECTIVE_TIME, 6},
            };
            for (Object[] b : bad) {
                TokenServerAssistant.TokenInfo info = TokenServerAssistant.generateToken04((Long) b[0],
                        (String) b[1], (String) b[2], (Integer) b[3], null);
                assertEquals(b[4], info.error.code);
                assertEquals(b[5], info.error.code.value);
                assertEquals("", info.data);
                assertFalse(info.error.message.isEmpty());
            }
            TokenServerAssistant.TokenInfo other = TokenServerAssistant.generateToken04(1, "u", SECRET, 1, "\ud800");
            assertEquals(TokenServerAssistant.ErrorCode.OTHER, other.error.code);
            assertTrue(other.error.message.contains("101"), other.error.message);
        } finally {
            System.setOut(out);
            System.setErr(err);
            TokenServerAssistant.VERBOSE = false;
        }
        assertEquals(0, captured.size(), "printed: " + captured);
    }

    @Test
    void roomPayloadsAreTheOfficialJson() {
        assertEquals("{\"room_id\":\"demo\",\"privilege\":{\"1\":1,\"2\":0},\"stream_id_list\":null}",
                ZegoToken.buildRtcRoomPayload("demo", true, false, null));
        assertEquals("{\"room_id\":\"\",\"privilege\":{\"1\":0,\"2\":1},\"stream_id_list\":[\"a\",\"b\\\"\"]}",
                ZegoToken.buildRtcRoomPayload(null, false, true, Arrays.asList("a", "b\"")));
        assertEquals(ZegoTokenException.STREAM_ID_INVALID,
                code(() -> ZegoToken.buildRtcRoomPayload("r", true, true, Arrays.asList("a", null))));
        assertEquals(ZegoTokenException.ROOM_ID_INVALID,
                code(() -> ZegoToken.buildRtcRoomPayload("\udc00", true, true, null)));
    }
}
