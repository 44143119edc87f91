package io.sfsync.emulator;

import java.util.List;

/**
 * An error the emulated API returns: the HTTP status and Salesforce's error body
 * {@code [{"message":..,"errorCode":..,"fields":[..]}]}.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String errorCode;
    private final List<String> fields;

    public ApiException(int status, String errorCode, String message) {
        this(status, errorCode, message, null);
    }

    public ApiException(int status, String errorCode, String message, List<String> fields) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.fields = fields;
    }

    public static ApiException notFound() {
        return new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
    }

    public static ApiException badRequest(String errorCode, String message) {
        return new ApiException(400, errorCode, message);
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    /** Field names for DML errors; null when the error has no {@code fields} member. */
    public List<String> fields() {
        return fields;
    }
}
