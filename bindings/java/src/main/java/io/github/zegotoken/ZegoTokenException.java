package io.github.zegotoken;

/**
 * Why a zego-token operation failed: {@link #code()} is the library's stable number, the same in
 * every language (codes 1, 3, 5 and 6 are the official ZEGO ones; the others are at or above 100),
 * and the message never contains an input value, in particular never the secret or a token.
 *
 * <p>Unchecked, like {@link IllegalArgumentException}: bad input is a caller's error.
 */
public class ZegoTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code app_id} is 0, or outside the unsigned 32-bit range (official code 1). */
    public static final int APP_ID_INVALID = 1;
    /** The user id is null, empty, longer than 64 bytes of UTF-8, or not valid Unicode (official code 3). */
    public static final int USER_ID_INVALID = 3;
    /** The secret is null or not exactly 32 bytes of UTF-8 (official code 5). */
    public static final int SECRET_INVALID = 5;
    /** The lifetime is not positive, or the expiry does not fit in a long (official code 6). */
    public static final int EFFECTIVE_TIME_IN_SECONDS_INVALID = 6;
    /** A required argument (a token) is null, or the {@link Generator} is closed (100). */
    public static final int NULL_ARGUMENT = 100;
    /** The payload is not valid Unicode: it holds a lone surrogate (101). */
    public static final int PAYLOAD_INVALID = 101;
    /** The payload is too large for the token's 16-bit length field (102). */
    public static final int PAYLOAD_TOO_LARGE = 102;
    /** The operating system's random number generator failed (103). */
    public static final int RANDOM_FAILED = 103;
    /** An internal error, such as a caught panic; please report it (104). */
    public static final int INTERNAL_ERROR = 104;
    /** An output buffer is too small (C ABI only) (105). */
    public static final int BUFFER_TOO_SMALL = 105;
    /** The mode is neither CBC nor GCM (here: null) (106). */
    public static final int MODE_INVALID = 106;
    /** A fixed IV has the wrong length (tests only) (107). */
    public static final int IV_INVALID = 107;
    /** Unknown flag bits are set (C ABI only) (108). */
    public static final int FLAGS_INVALID = 108;
    /** A buffer length or overlap is invalid (C ABI only) (109). */
    public static final int BUFFER_INVALID = 109;
    /** A room id is not valid Unicode (110). */
    public static final int ROOM_ID_INVALID = 110;
    /** A stream id is null or not valid Unicode (111). */
    public static final int STREAM_ID_INVALID = 111;
    /** A privilege flag is neither 0 nor 1 (C ABI only) (112). */
    public static final int PRIVILEGE_INVALID = 112;
    /** The token does not start with "04" (120). */
    public static final int TOKEN_PREFIX_INVALID = 120;
    /** The token body is not valid base64, or is longer than any token04 (121). */
    public static final int TOKEN_BASE64_INVALID = 121;
    /** A length field of the token points past its end (122). */
    public static final int TOKEN_TRUNCATED = 122;
    /** The token has unexpected bytes after its ciphertext (123). */
    public static final int TOKEN_TRAILING_DATA = 123;
    /** The token's mode byte is neither 0 nor 1 (124). */
    public static final int TOKEN_MODE_INVALID = 124;
    /** The token's IV length does not match its mode (125). */
    public static final int TOKEN_IV_LENGTH_INVALID = 125;
    /** A CBC token could not be decrypted or its content is invalid (wrong secret or tampered) (126). */
    public static final int TOKEN_DECRYPT_FAILED = 126;
    /** A GCM token's tag does not verify (wrong secret or tampered) (127). */
    public static final int TOKEN_AUTHENTICATION_FAILED = 127;
    /** The decrypted plaintext is not UTF-8 (128). */
    public static final int TOKEN_PLAINTEXT_NOT_UTF8 = 128;
    /** The decrypted plaintext is not a JSON object (129). */
    public static final int TOKEN_PLAINTEXT_NOT_JSON = 129;
    /** A claim is missing or has the wrong type or range (130). */
    public static final int TOKEN_CLAIMS_INVALID = 130;
    /** The header expiry differs from the expire claim (131). */
    public static final int TOKEN_EXPIRE_MISMATCH = 131;
    /** The token was issued for another app id (verify only) (132). */
    public static final int TOKEN_APP_ID_MISMATCH = 132;
    /** The token has expired (verify only) (133). */
    public static final int TOKEN_EXPIRED = 133;
    /** The token is CBC and only GCM tokens are accepted (verify only) (134). */
    public static final int TOKEN_MODE_NOT_ALLOWED = 134;

    private final int code;

    /** Called by the native library with the core's code and message. */
    ZegoTokenException(int code, String message) {
        super(message + " (code " + code + ")");
        this.code = code;
    }

    /** The stable numeric code (one of the constants of this class). */
    public int code() {
        return code;
    }
}
