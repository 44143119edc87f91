package io.sfsync.emulator.auth;

/** An OAuth failure, answered as HTTP 400 with {@code {"error":..,"error_description":..}}. */
public final class OAuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String error;

    public OAuthException(String error, String description) {
        super(description);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
