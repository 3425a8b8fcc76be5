package io.github.zegotoken;

/**
 * A drop-in for the official ZEGO Java SDK's {@code TokenServerAssistant}: the same method, the
 * same nested {@link TokenInfo} / {@link ErrorInfo} / {@link ErrorCode} shape and codes, CBC tokens
 * like the official one. Migrating is changing the import to
 * {@code io.github.zegotoken.TokenServerAssistant}.
 *
 * <p>Unlike the official class it never throws for bad input, never prints anything (not even with
 * {@link #VERBOSE}), and keeps no key material on the Java heap.
 */
public final class TokenServerAssistant {
    /**
     * Kept for source compatibility with the official class. It has no effect: nothing is ever
     * printed.
     */
    public static boolean VERBOSE = false;

    /** The privilege key for logging in to a room (for payloads built by hand). */
    public static final Integer PrivilegeKeyLogin = 1;
    /** The privilege key for publishing streams. */
    public static final Integer PrivilegeKeyPublish = 2;
    /** A privilege switched on. */
    public static final int PrivilegeEnable = 1;
    /** A privilege switched off. */
    public static final int PrivilegeDisable = 0;

    private TokenServerAssistant() {}

    /** The official error codes. */
    public enum ErrorCode {
        /** The token was generated. */
        SUCCESS(0),
        /** The app id is 0 (or outside the unsigned 32-bit range). */
        ILLEGAL_APP_ID(1),
        /** The user id is null, empty or longer than 64 bytes. */
        ILLEGAL_USER_ID(3),
        /** The secret is not 32 bytes. */
        ILLEGAL_SECRET(5),
        /** The lifetime is not positive. */
        ILLEGAL_EFFECTIVE_TIME(6),
        /**
         * Any other failure (the official class's catch-all): here an oversized or invalid
         * payload, or a failing random number generator; the message says which.
         */
        OTHER(-1);

        /** The official number. */
        public final int value;

        ErrorCode(int value) {
            this.value = value;
        }
    }

    /** What went wrong, if anything. */
    public static class ErrorInfo {
        /** {@link ErrorCode#SUCCESS} or the failing check. */
        public ErrorCode code = ErrorCode.SUCCESS;
        /** Empty on success, else a description (never an input value). */
        public String message = "";

        ErrorInfo() {}

        @Override
        public String toString() {
            return "{\"code\": " + code.value + ", \"message\": \"" + message + "\"}";
        }
    }

    /** A token, or why there is none. */
    public static class TokenInfo {
        /** The token; empty if {@code error.code} is not {@link ErrorCode#SUCCESS}. */
        public String data = "";
        /** The error information. */
        public ErrorInfo error = new ErrorInfo();

        TokenInfo() {}

        /** The error and the token's length; never the token itself (tokens are credentials). */
        @Override
        public String toString() {
            return "TokenInfo {\"error\": " + error + ", \"data\": \"<" + data.length()
                    + " characters>\"}";
        }
    }

    /**
     * A new CBC token04, checked in the official order: app id, user id, secret, lifetime.
     *
     * @param appId the app id ZEGO assigned (non-zero)
     * @param userId the user id, 1 to 64 bytes
     * @param secret the app's 32-character server secret
     * @param effectiveTimeInSeconds the lifetime in seconds, positive
     * @param payload the payload, or {@code null} or "" for none
     * @return the token in {@code data} if {@code error.code} is {@link ErrorCode#SUCCESS}
     */
    public static TokenInfo generateToken04(long appId, String userId, String secret,
            int effectiveTimeInSeconds, String payload) {
        TokenInfo info = new TokenInfo();
        try {
            info.data = Native.generate(Mode.CBC.value(), appId, userId, secret,
                    effectiveTimeInSeconds, payload);
        } catch (ZegoTokenException e) {
            info.error.code = official(e.code());
            info.error.message = message(e);
        }
        return info;
    }

    private static ErrorCode official(int code) {
        switch (code) {
            case ZegoTokenException.APP_ID_INVALID:
                return ErrorCode.ILLEGAL_APP_ID;
            case ZegoTokenException.USER_ID_INVALID:
                return ErrorCode.ILLEGAL_USER_ID;
            case ZegoTokenException.SECRET_INVALID:
                return ErrorCode.ILLEGAL_SECRET;
            case ZegoTokenException.EFFECTIVE_TIME_IN_SECONDS_INVALID:
                return ErrorCode.ILLEGAL_EFFECTIVE_TIME;
            default:
                return ErrorCode.OTHER;
        }
    }

    private static String message(ZegoTokenException e) {
        switch (e.code()) {
            case ZegoTokenException.APP_ID_INVALID:
                return "illegal appId: it must not be 0";
            case ZegoTokenException.USER_ID_INVALID:
                return "illegal userId: it must be non-empty and at most 64 bytes";
            case ZegoTokenException.SECRET_INVALID:
                return "illegal secret: it must be 32 characters";
            case ZegoTokenException.EFFECTIVE_TIME_IN_SECONDS_INVALID:
                return "illegal effectiveTimeInSeconds: it must be > 0";
            default:
                return e.getMessage();
        }
    }
}
