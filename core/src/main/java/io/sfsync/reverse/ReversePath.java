package io.sfsync.reverse;

/** The API a reverse sync writes through. */
public enum ReversePath {
    /** sObject Collections, {@value ReverseSettings#MAX_BATCH} records a request. */
    REST,
    /** Bulk API 2.0 ingest jobs, one per CSV chunk. */
    BULK;

    /** As the result and the route spell it ({@code rest}, {@code bulk}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
