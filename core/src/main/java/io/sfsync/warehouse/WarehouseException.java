package io.sfsync.warehouse;

/** A warehouse failure with a code from {@link WarehouseError} and a message that says what to do about it. */
public class WarehouseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final WarehouseError code;
    private final String detail;

    public WarehouseException(WarehouseError code, String message) {
        this(code, message, null);
    }

    public WarehouseException(WarehouseError code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.detail = message;
    }

    public WarehouseError code() {
        return code;
    }

    /** The message without the code prefix. */
    public String detail() {
        return detail;
    }
}
