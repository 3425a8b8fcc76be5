package io.github.zegotoken;

import java.util.List;

/**
 * ZEGO token04 generation, decoding and verification, backed by the zego-token native library
 * bundled in this jar.
 *
 * <pre>{@code
 * String token = ZegoToken.generateToken04Gcm(appId, "user-1", secret, 3600, "");
 * TokenClaims claims = ZegoToken.verify(token, secret, appId);
 * }</pre>
 *
 * <p>Every method is thread-safe, never prints anything, and reports bad input with a
 * {@link ZegoTokenException} whose {@link ZegoTokenException#code() code} is the library's stable
 * number. Generation checks its inputs in the official order: app id (1), user id (3), secret (5),
 * lifetime (6), then the payload. For many tokens with one secret, a {@link Generator} is faster.
 */
public final class ZegoToken {
    private ZegoToken() {}

    /** The version of the native library (MAJOR.MINOR.PATCH). */
    public static String version() {
        return Native.version();
    }

    /**
     * A new CBC token04, the original format that every ZEGO server accepts (like the official
     * generateToken04).
     *
     * @param appId the app id (a non-zero unsigned 32-bit number)
     * @param userId 1 to 64 bytes of UTF-8
     * @param secret the app's 32-character server secret
     * @param effectiveTimeInSeconds the lifetime, positive
     * @param payload the payload, or {@code null} or "" for none
     * @return the token
     * @throws ZegoTokenException on bad input, with the first failing check's code
     */
    public static String generateToken04(long appId, String userId, String secret,
            long effectiveTimeInSeconds, String payload) {
        return Native.generate(Mode.CBC.value(), appId, userId, secret, effectiveTimeInSeconds,
                payload);
    }

    /**
     * A new GCM token04 (authenticated, the current recommendation). Same rules as
     * {@link #generateToken04}.
     *
     * @param appId the app id (a non-zero unsigned 32-bit number)
     * @param userId 1 to 64 bytes of UTF-8
     * @param secret the app's 32-character server secret
     * @param effectiveTimeInSeconds the lifetime, positive
     * @param payload the payload, or {@code null} or "" for none
     * @return the token
     * @throws ZegoTokenException on bad input, with the first failing check's code
     */
    public static String generateToken04Gcm(long appId, String userId, String secret,
            long effectiveTimeInSeconds, String payload) {
        return Native.generate(Mode.GCM.value(), appId, userId, secret, effectiveTimeInSeconds,
                payload);
    }

    /**
     * Decodes and decrypts a token of either mode and returns its claims. Checks neither the
     * expiry nor the app id, and accepts CBC tokens, which anyone can alter: use
     * {@link #verify(String, String, long)} to accept a token.
     *
     * @param token the token
     * @param secret the app's server secret
     * @return the claims
     * @throws ZegoTokenException if the token is malformed or does not decrypt with the secret
     */
    public static TokenClaims decode(String token, String secret) {
        try {
            return Native.decode(token, secret);
        } catch (ZegoTokenException e) {
            throw e.withHintOf(token);
        }
    }

    /**
     * Accepts a GCM token issued for {@code expectedAppId} that has not expired now; CBC tokens
     * are refused (code {@link ErrorCodes#TOKEN_MODE_NOT_ALLOWED}).
     *
     * @param token the token
     * @param secret the app's server secret
     * @param expectedAppId the app id the token must carry
     * @return the claims
     * @throws ZegoTokenException if the token is not accepted
     */
    public static TokenClaims verify(String token, String secret, long expectedAppId) {
        return verify(token, secret, expectedAppId, System.currentTimeMillis() / 1000, false);
    }

    /**
     * Like {@link #verify(String, String, long)} at a given time, and accepting CBC tokens only if
     * {@code allowCbc} is true. CBC tokens are not authenticated: allow them only for generators
     * that cannot make GCM tokens.
     *
     * @param token the token
     * @param secret the app's server secret
     * @param expectedAppId the app id the token must carry
     * @param nowUnixSeconds the time to check the expiry against (expire must be later)
     * @param allowCbc whether CBC tokens are accepted too
     * @return the claims
     * @throws ZegoTokenException if the token is not accepted
     */
    public static TokenClaims verify(String token, String secret, long expectedAppId,
            long nowUnixSeconds, boolean allowCbc) {
        try {
            return Native.verify(token, secret, expectedAppId, nowUnixSeconds, allowCbc);
        } catch (ZegoTokenException e) {
            throw e.withHintOf(token);
        }
    }

    /**
     * The library's hint for a malformed token: one of its fixed English sentences naming the
     * likely mistake (a {@code '+'} that a URL query turned into a space, a trailing newline,
     * quotes, URL encoding, a missing {@code "04"}, a truncated token...), never any part of the
     * token. Decode and verify put it on their exception ({@link ZegoTokenException#getHint()}).
     *
     * @param token the token, or {@code null}
     * @return the hint, or {@code null} when the token shows none (it may still fail to decode:
     *     a wrong secret) or is {@code null}
     */
    public static String tokenHint(String token) {
        return Native.tokenHint(token);
    }

    /**
     * The payload of a strict RTC room token, exactly as the official samples build it, e.g.
     * {@code {"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}}.
     *
     * @param roomId the room, or {@code null} or "" for any room
     * @param canLoginRoom privilege 1
     * @param canPublishStream privilege 2
     * @param streamIds the streams that may be published, or {@code null} for any
     * @return the payload JSON
     * @throws ZegoTokenException if a room or stream id is not valid Unicode, or a stream id is null
     */
    public static String buildRtcRoomPayload(String roomId, boolean canLoginRoom,
            boolean canPublishStream, List<String> streamIds) {
        String[] ids = streamIds == null ? null : streamIds.toArray(new String[0]);
        return Native.buildRtcRoomPayload(roomId, canLoginRoom, canPublishStream, ids);
    }
}
