package io.sfsync.reverse;

/**
 * What a reverse sync writes: the rows of a warehouse table or query into an sObject, keyed on an external id field
 * (upsert) or on {@code Id} (update).
 *
 * @param sobject the sObject's API name
 * @param table the source table {@code SCHEMA.TABLE}, or null when {@code query} gives the rows
 * @param query a SELECT in the warehouse's SQL, or null
 * @param keyField the external id field, or {@code Id}
 * @param failuresTable where refused rows land, {@code SCHEMA.TABLE}; null: the source table's name plus
 *     {@code sfsync.reverse.failures-suffix} ({@code SOBJECT} plus it in the default schema for a query)
 * @param dryRun look up and count, write nothing (neither to Salesforce nor to the failures table)
 */
public record ReverseRequest(String sobject, String table, String query, String keyField, String failuresTable,
        boolean dryRun) {
    public ReverseRequest {
        if (sobject == null || sobject.isBlank()) {
            throw new IllegalArgumentException("a reverse sync needs the sObject to write (SfsyncSObject)");
        }
        if ((table == null || table.isBlank()) == (query == null || query.isBlank())) {
            throw new IllegalArgumentException("a reverse sync reads either a table (SfsyncReverseTable) or a query"
                    + " (SfsyncReverseQuery), exactly one of them");
        }
        if (keyField == null || keyField.isBlank()) {
            throw new IllegalArgumentException("a reverse sync needs its key field (SfsyncReverseKey): an external id"
                    + " field to upsert on, or Id to update");
        }
    }

    /** What the run reads, for the result and the history: the table, or {@code query}. */
    public String source() {
        return table != null && !table.isBlank() ? table : "query";
    }
}
