package io.github.zegotoken;

/** How a token04 is encrypted. The numbers are the official ones. */
public enum Mode {
    /**
     * AES-256-CBC with PKCS#7 padding and a 16-character IV; no mode byte. The original format,
     * accepted by every ZEGO server, but not authenticated: anyone can alter a CBC token's bytes.
     */
    CBC(0),
    /** AES-256-GCM with a random 12-byte nonce and a tag: authenticated. The current recommendation. */
    GCM(1);

    private final int value;

    Mode(int value) {
        this.value = value;
    }

    /** The official number of the mode: 0 for CBC, 1 for GCM. */
    public int value() {
        return value;
    }

    static Mode fromValue(int value) {
        return value == 0 ? CBC : GCM;
    }
}
