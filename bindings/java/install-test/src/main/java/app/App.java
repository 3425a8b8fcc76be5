package app;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.zegotoken.Generator;
import io.github.zegotoken.Mode;
import io.github.zegotoken.TokenClaims;
import io.github.zegotoken.TokenServerAssistant;
import io.github.zegotoken.ZegoToken;

/** A Java user's program: generate, decode, verify, and check with javax.crypto. */
public class App {
    static final String SECRET = "fa94dd0f974cf2e293728a526b028271";

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** Decrypts a token with javax.crypto alone and returns the plaintext JSON. */
    static String open(String token, Mode mode) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(token.substring(2)));
        long expire = b.getLong();
        byte[] iv = new byte[b.getShort()];
        b.get(iv);
        byte[] ct = new byte[b.getShort() & 0xffff];
        b.get(ct);
        SecretKeySpec key = new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "AES");
        Cipher c;
        if (mode == Mode.GCM) {
            check(b.remaining() == 1 && b.get() == 1, "GCM mode byte");
            c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
        } else {
            check(b.remaining() == 0, "no CBC mode byte");
            c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
        }
        String json = new String(c.doFinal(ct), StandardCharsets.UTF_8);
        check(json.contains("\"expire\":" + expire + ","), "header expiry is the claim: " + json);
        return json;
    }

    public static void main(String[] args) throws Exception {
        String gcm = ZegoToken.generateToken04Gcm(1234567, "user-1", SECRET, 3600, "hello");
        TokenClaims claims = ZegoToken.verify(gcm, SECRET, 1234567);
        check(claims.userId().equals("user-1") && claims.payload().equals("hello"), "verify");
        String json = open(gcm, Mode.GCM);
        check(json.startsWith("{\"app_id\":1234567,\"user_id\":\"user-1\",\"nonce\":"), json);

        TokenServerAssistant.TokenInfo info =
                TokenServerAssistant.generateToken04(1234567, "user-2", SECRET, 60, "");
        check(info.error.code == TokenServerAssistant.ErrorCode.SUCCESS, "official shape");
        check(ZegoToken.decode(info.data, SECRET).mode() == Mode.CBC, "official is CBC");
        check(open(info.data, Mode.CBC).contains("\"user_id\":\"user-2\""), "CBC opens");

        try (Generator g = new Generator(1234567, SECRET)) {
            String t = g.generate("user-3", 60);
            check(open(t, Mode.GCM).contains("\"user_id\":\"user-3\""), "generator token opens");
        }
        System.out.println("install test: zego-token " + ZegoToken.version()
                + " from the local repository generates, decodes and verifies; javax.crypto agrees");
    }
}
