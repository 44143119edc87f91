package io.sfsync.sync;

/** A run failure with its {@link SyncError} code and a message a user can act on. */
public final class SyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final SyncError code;

    public SyncException(SyncError code, String message) {
        super(message);
        this.code = code;
    }

    public SyncException(SyncError code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public SyncError code() {
        return code;
    }
}
