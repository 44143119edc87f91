package io.sfsync.reverse;

/** How a reverse sync writes its rows: upsert by an external id field, or update by the record Id. */
public enum ReverseOperation {
    /** {@code PATCH /composite/sobjects/{SObject}/{ExternalIdField}}, Bulk {@code upsert}: new keys insert. */
    UPSERT,
    /** {@code PATCH /composite/sobjects}, Bulk {@code update}: every row names an existing record by its Id. */
    UPDATE;

    /** Keyed on {@code Id} a run updates; on any other field it upserts. */
    public static ReverseOperation keyedOn(String keyField) {
        return "Id".equalsIgnoreCase(keyField) ? UPDATE : UPSERT;
    }

    /** The name Salesforce's Bulk API and the result use ({@code upsert}, {@code update}). */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
