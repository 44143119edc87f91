package io.sfsync.emulator.dml;

import io.sfsync.emulator.ApiException;

import java.util.List;

/**
 * One record's DML error as Salesforce reports it per record: a status code, a message and the fields involved. REST
 * writes it as {@code {"statusCode":..,"message":..,"fields":[..]}}; Bulk API 2.0 writes it into {@code sf__Error}.
 */
public record RowError(String statusCode, String message, List<String> fields) {
    public RowError {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /** The error of a record that failed only because another in the same all-or-none request did. */
    public static final RowError ROLLED_BACK = new RowError("ALL_OR_NONE_OPERATION_ROLLED_BACK",
            "Record rolled back because not all records were valid and the request was using AllOrNone header",
            List.of());

    public static RowError of(ApiException e) {
        return new RowError(e.errorCode(), e.getMessage(), e.fields());
    }

    /**
     * The {@code sf__Error} cell of a Bulk API 2.0 failed result: {@code CODE:message:fields --}, as a real org writes
     * it (jsforce's bulk2 integration test expects {@code REQUIRED_FIELD_MISSING:Required fields are missing:
     * [Name]:Name --}).
     */
    public String bulkText() {
        return statusCode + ":" + message + ":" + (fields.isEmpty() ? "" : String.join(",", fields) + " ") + "--";
    }
}
