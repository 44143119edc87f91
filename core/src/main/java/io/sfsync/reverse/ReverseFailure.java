package io.sfsync.reverse;

/**
 * One row Salesforce (or sfsync, before sending) refused, as it lands in the failures table.
 *
 * @param keyValue the row's value of the key field (external id or Id), or null when it had none
 * @param statusCode Salesforce's code ({@code REQUIRED_FIELD_MISSING}, {@code STRING_TOO_LONG}, ...), or one of sfsync's
 *     for rows never sent ({@code SFSYNC_INVALID_VALUE}, {@code SFSYNC_MISSING_KEY}) or never processed
 *     ({@code UNPROCESSED})
 * @param message Salesforce's message, or sfsync's
 * @param fields the fields the error names, comma-separated, or null
 * @param rowJson the row's values as sent (column to value), JSON
 */
public record ReverseFailure(String keyValue, String statusCode, String message, String fields, String rowJson) {
    /** A row whose value cannot be one of its field's type: never sent. */
    public static final String INVALID_VALUE = "SFSYNC_INVALID_VALUE";
    /** A row without a key value: never sent. */
    public static final String MISSING_KEY = "SFSYNC_MISSING_KEY";
    /** A row of a Bulk job that Salesforce did not process (the job failed or was aborted first). */
    public static final String UNPROCESSED = "UNPROCESSED";
}
