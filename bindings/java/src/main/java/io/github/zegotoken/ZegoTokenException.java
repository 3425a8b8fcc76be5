package io.github.zegotoken;

/**
 * Why a zego-token operation failed: {@link #code()} is the library's stable number, the same in
 * every language (codes 1, 3, 5 and 6 are the official ZEGO ones; the others are at or above 100),
 * and the message never contains an input value, in particular never the secret or a token.
 * Every code is a constant of this class ({@link ErrorCodes}, generated from the library's error
 * table): {@code ZegoTokenException.SECRET_INVALID == 5}.
 *
 * <p>For a failed {@link ZegoToken#decode decode} or {@link ZegoToken#verify(String, String, long)
 * verify}, {@link #getHint()} (the {@code hint} attribute of the bindings contract) is the
 * library's hint for the token, as {@link ZegoToken#tokenHint(String)} returns it.
 *
 * <p>Unchecked, like {@link IllegalArgumentException}: bad input is a caller's error.
 */
public class ZegoTokenException extends RuntimeException implements ErrorCodes {
    private static final long serialVersionUID = 1L;

    private final int code;
    /** Set once, by decode and verify, before the exception reaches the caller. */
    private String hint;

    /** Called by the native library with the core's code and message. */
    ZegoTokenException(int code, String message) {
        super(message + " (code " + code + ")");
        this.code = code;
    }

    /** The stable numeric code (one of the constants of this class). */
    public int code() {
        return code;
    }

    /**
     * The library's hint for the token of a failed decode or verify: one of its fixed English
     * sentences naming the likely mistake (see {@link ZegoToken#tokenHint(String)}), never any
     * part of the token; {@code null} when the token shows none, and for every other operation.
     * It is not part of {@link #getMessage()}.
     *
     * @return the hint, or {@code null}
     */
    public String getHint() {
        return hint;
    }

    /** The exception with the hint of {@code token} set (decode and verify). */
    ZegoTokenException withHintOf(String token) {
        this.hint = Native.tokenHint(token);
        return this;
    }
}
