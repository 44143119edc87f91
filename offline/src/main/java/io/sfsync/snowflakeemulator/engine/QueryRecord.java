package io.sfsync.snowflakeemulator.engine;

import java.time.Instant;

/**
 * One statement of the query history, as tests read it to count statements, COPYs and bytes staged, and as
 * {@code INFORMATION_SCHEMA.QUERY_HISTORY()} serves it: who ran it, its session's {@code QUERY_TAG}, its text, its
 * statement type (the engine's own name) and Snowflake's {@code QUERY_TYPE}, rows produced or changed, files and bytes
 * it moved (PUT: the files and bytes of the local files it uploads, read when the statement runs; COPY: the staged
 * files and bytes it loaded), its error code (null when it succeeded), when it started and how long it took; the
 * session's database and schema, and the warehouse it ran on (null when it needs none: {@link QueryTypes}); rows
 * inserted (COPY: loaded), updated and deleted.
 */
public record QueryRecord(String queryId, String sessionId, String user, String role, String queryTag,
        String sqlText, String statementType, long rows, long files, long bytes, String errorCode, Instant start,
        long elapsedMillis, String queryType, String database, String schema, String warehouse, long rowsInserted,
        long rowsUpdated, long rowsDeleted) {

    /** When the statement ended. */
    public Instant end() {
        return start == null ? null : start.plusMillis(elapsedMillis);
    }

    /** Whether it ran on a warehouse (and counts towards the warehouse's running time). */
    public boolean usedWarehouse() {
        return warehouse != null;
    }
}
