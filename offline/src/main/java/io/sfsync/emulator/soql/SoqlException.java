package io.sfsync.emulator.soql;

/** A SOQL error as Salesforce reports it: errorCode MALFORMED_QUERY, INVALID_FIELD or INVALID_TYPE, and its message. */
public final class SoqlException extends RuntimeException {
    public static final String MALFORMED_QUERY = "MALFORMED_QUERY";
    public static final String INVALID_FIELD = "INVALID_FIELD";
    public static final String INVALID_TYPE = "INVALID_TYPE";

    private final String errorCode;

    public SoqlException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
