package io.github.zegotoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The library's hints: ZegoToken.tokenHint and the hint on every failed decode and verify. */
class HintTest {
    private static final String SECRET = TestData.SECRET;
    private static final String OTHER = "0123456789abcdef0123456789abcdef";

    /** A GCM token with a '+' in it (the base64 of 0xfb, 0xfc...). */
    private static String tokenWithPlus() {
        for (int i = 0; i < 500; i++) {
            String t = ZegoToken.generateToken04Gcm(42, "u" + i, SECRET, 60, "");
            if (t.indexOf('+') >= 0) {
                return t;
            }
        }
        throw new AssertionError("no token with a '+' in 500");
    }

    @Test
    void aTokenWhosePlusBecameASpaceGetsTheSpacesHint() {
        String good = tokenWithPlus();
        String spaced = good.replace('+', ' ');
        String hint = ZegoToken.tokenHint(spaced);
        assertNotNull(hint);
        assertTrue(hint.contains("spaces") && hint.contains("'+'"), hint);
        assertNull(ZegoToken.tokenHint(good), "a good token has none");
        assertNull(ZegoToken.tokenHint(null));
        assertTrue(ZegoToken.tokenHint(good + "\n").contains("whitespace"));
        assertTrue(ZegoToken.tokenHint("\"" + good + "\"").contains("quotes"));
        assertTrue(ZegoToken.tokenHint(good.substring(2)).contains("\"04\""));
        char[] a = new char[100000];
        Arrays.fill(a, 'A');
        assertTrue(ZegoToken.tokenHint("04" + new String(a)).contains("longer than any token04"));
        assertTrue(ZegoToken.tokenHint("04\ud800").contains("not plain text"));
        assertTrue(ZegoToken.tokenHint(good + "\0").contains("not plain text"));
    }

    @Test
    void everyFailedDecodeAndVerifyCarriesTheTokensHint() throws Exception {
        String good = tokenWithPlus();
        final String spaced = good.replace('+', ' ');
        String hint = ZegoToken.tokenHint(spaced);
        assertNotNull(hint);
        List<Executable> calls = Arrays.<Executable>asList(
                () -> ZegoToken.decode(spaced, SECRET),
                () -> ZegoToken.decode(spaced, "short"),
                () -> ZegoToken.verify(spaced, SECRET, 42),
                () -> ZegoToken.verify(spaced, SECRET, 42, 0, true),
                () -> ZegoToken.verify(spaced, SECRET, -1, 0, true));
        for (Executable call : calls) {
            ZegoTokenException e = assertThrows(ZegoTokenException.class, call);
            assertEquals(hint, e.getHint());
            assertFalse(e.getMessage().contains(hint), "the hint is not in the message");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(e);
            }
            try (ObjectInputStream in = new ObjectInputStream(
                    new ByteArrayInputStream(bytes.toByteArray()))) {
                ZegoTokenException copy = (ZegoTokenException) in.readObject();
                assertEquals(hint, copy.getHint());
                assertEquals(e.code(), copy.code());
            }
        }
        // A good token's failures, and every other call's, carry none.
        ZegoTokenException e = assertThrows(ZegoTokenException.class,
                () -> ZegoToken.decode(good, OTHER));
        assertEquals(ZegoTokenException.TOKEN_AUTHENTICATION_FAILED, e.code());
        assertNull(e.getHint());
        e = assertThrows(ZegoTokenException.class, () -> ZegoToken.verify(good, SECRET, 43));
        assertEquals(ZegoTokenException.TOKEN_APP_ID_MISMATCH, e.code());
        assertNull(e.getHint());
        e = assertThrows(ZegoTokenException.class,
                () -> ZegoToken.generateToken04(0, "u", SECRET, 60, ""));
        assertEquals(ZegoTokenException.APP_ID_INVALID, e.code());
        assertNull(e.getHint());
    }
}
