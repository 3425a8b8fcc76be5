package io.github.zegotoken;

/**
 * The JNI entry points of {@code libzego_token_jni} (bindings/java/native). Package-private: the
 * public API wraps every method, and {@link #generateFixed} (fixed clock, nonce and IV) exists for
 * the byte-exact vector tests only, so no public method reaches it.
 *
 * <p>Every method throws {@link ZegoTokenException} with the core's code on bad input; none ever
 * prints anything.
 */
final class Native {
    static {
        NativeLoader.load();
    }

    private Native() {}

    static native String version();

    /** The core's error table: {code, C constant name, message} triples, flattened. */
    static native String[] errorTable();

    static native String generate(int mode, long appId, String userId, String secret,
            long effectiveTimeInSeconds, String payload);

    /** For the vector tests only: ctime, nonce and IV fixed, which makes tokens predictable. */
    static native String generateFixed(int mode, long appId, String userId, String secret,
            long effectiveTimeInSeconds, String payload, long ctime, long nonce, byte[] iv);

    static native long generatorNew(long appId, String secret, int mode);

    static native String generatorGenerate(long handle, String userId, long effectiveTimeInSeconds,
            String payload);

    static native void generatorFree(long handle);

    static native TokenClaims decode(String token, String secret);

    static native TokenClaims verify(String token, String secret, long expectedAppId,
            long nowUnixSeconds, boolean allowCbc);

    static native String tokenHint(String token);

    static native String buildRtcRoomPayload(String roomId, boolean canLoginRoom,
            boolean canPublishStream, String[] streamIds);
}
