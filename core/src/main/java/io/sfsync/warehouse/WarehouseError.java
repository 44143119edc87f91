package io.sfsync.warehouse;

/** The codes every {@link WarehouseException} carries: what kind of problem it is, so callers can act on it. */
public enum WarehouseError {
    /** A schema, table, column or stage name does not match {@code [A-Za-z_][A-Za-z0-9_]*}. */
    INVALID_IDENTIFIER,
    /** A load was asked for something inconsistent (match field not in the schema, bad run id, reused batch). */
    INVALID_SPEC,
    /** The warehouse cannot be opened or reached (missing file system, file locked by another process). */
    UNREACHABLE,
    /** The warehouse is open but refuses writes (read-only file or file system). */
    READ_ONLY,
    /** The stage folder cannot be created or written. */
    STAGE_NOT_WRITABLE,
    /** A batch does not fit the target (unknown column, duplicate column, field without a column). */
    SCHEMA_MISMATCH,
    /** A value does not convert to its column's type. */
    TYPE_MISMATCH,
    /** Loading or merging failed for another reason; the target was left as it was. */
    LOAD_FAILED,
    /** A metadata query (table exists, columns, watermark) failed. */
    QUERY_FAILED,
    /** The run history could not be written. */
    HISTORY_FAILED,
    /** The warehouse's configuration is missing or contradictory (account, credentials, pool size). */
    INVALID_CONFIGURATION
}
