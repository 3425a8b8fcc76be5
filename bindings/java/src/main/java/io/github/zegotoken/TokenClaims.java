package io.github.zegotoken;

/**
 * The claims of a decoded token04. Immutable; nothing in it is secret.
 */
public final class TokenClaims {
    private final long appId;
    private final String userId;
    private final long nonce;
    private final long ctime;
    private final long expire;
    private final String payload;
    private final Mode mode;

    /** Called by the native library (its signature is part of the JNI contract). */
    TokenClaims(long appId, String userId, long nonce, long ctime, long expire, String payload,
            int mode) {
        this.appId = appId;
        this.userId = userId;
        this.nonce = nonce;
        this.ctime = ctime;
        this.expire = expire;
        this.payload = payload;
        this.mode = Mode.fromValue(mode);
    }

    /** The app id the token was issued for (an unsigned 32-bit number). */
    public long appId() {
        return appId;
    }

    /** The user id. */
    public String userId() {
        return userId;
    }

    /** The JSON nonce. */
    public long nonce() {
        return nonce;
    }

    /** Creation time, Unix seconds. */
    public long ctime() {
        return ctime;
    }

    /** Expiry, Unix seconds. */
    public long expire() {
        return expire;
    }

    /** The payload string (empty when there is none). */
    public String payload() {
        return payload;
    }

    /** CBC or GCM. */
    public Mode mode() {
        return mode;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TokenClaims)) {
            return false;
        }
        TokenClaims c = (TokenClaims) o;
        return appId == c.appId && nonce == c.nonce && ctime == c.ctime && expire == c.expire
                && userId.equals(c.userId) && payload.equals(c.payload) && mode == c.mode;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(appId);
        h = 31 * h + userId.hashCode();
        h = 31 * h + Long.hashCode(nonce);
        h = 31 * h + Long.hashCode(ctime);
        h = 31 * h + Long.hashCode(expire);
        h = 31 * h + payload.hashCode();
        return 31 * h + mode.hashCode();
    }

    @Override
    public String toString() {
        return "TokenClaims{appId=" + appId + ", userId=" + userId + ", nonce=" + nonce
                + ", ctime=" + ctime + ", expire=" + expire + ", payload=" + payload
                + ", mode=" + mode + "}";
    }
}
