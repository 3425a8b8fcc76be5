package io.github.zegotoken;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.json.JSONObject;

/** The repository's shared test data, and an independent token04 decoder on javax.crypto. */
final class TestData {
    static final String SECRET = "fa94dd0f974cf2e293728a526b028271";

    private TestData() {}

    static Path repoRoot() {
        String root = System.getProperty("zegotoken.repoRoot");
        if (root == null) {
            throw new IllegalStateException("zegotoken.repoRoot is not set (run the tests with mvn)");
        }
        return Paths.get(root);
    }

    static JSONObject load(String name) throws IOException {
        Path p = repoRoot().resolve("tests/data").resolve(name);
        return new JSONObject(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
    }

    static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** What the independent decoder read from a token. */
    static final class Opened {
        final long headerExpire;
        final Mode mode;
        final byte[] iv;
        final String plaintext;
        final JSONObject json;

        Opened(long headerExpire, Mode mode, byte[] iv, String plaintext) {
            this.headerExpire = headerExpire;
            this.mode = mode;
            this.iv = iv;
            this.plaintext = plaintext;
            this.json = new JSONObject(plaintext);
        }
    }

    /**
     * Decodes a token04 with javax.crypto only: the format as the brief states it, written
     * independently of the library.
     */
    static Opened open(String token, String secret) throws GeneralSecurityException {
        if (!token.startsWith("04")) {
            throw new IllegalArgumentException("no 04 prefix");
        }
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(token.substring(2)));
        long expire = b.getLong();
        byte[] iv = new byte[b.getShort() & 0xffff];
        b.get(iv);
        byte[] ct = new byte[b.getShort() & 0xffff];
        b.get(ct);
        Mode mode;
        if (b.remaining() == 0) {
            mode = Mode.CBC;
        } else if (b.remaining() == 1 && b.get() == 1) {
            mode = Mode.GCM;
        } else {
            throw new IllegalArgumentException("trailing bytes");
        }
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "AES");
        Cipher cipher;
        if (mode == Mode.CBC) {
            if (iv.length != 16) {
                throw new IllegalArgumentException("CBC IV length " + iv.length);
            }
            cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
        } else {
            if (iv.length != 12) {
                throw new IllegalArgumentException("GCM nonce length " + iv.length);
            }
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
        }
        String plaintext = new String(cipher.doFinal(ct), StandardCharsets.UTF_8);
        return new Opened(expire, mode, iv, plaintext);
    }
}
