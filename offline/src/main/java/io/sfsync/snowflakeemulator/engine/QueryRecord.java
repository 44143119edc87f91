package io.sfsync.snowflakeemulator.engine;

import java.time.Instant;

/**
 * One statement of the query history, as tests read it to count statements, COPYs and bytes staged: who ran it,
 * its session's {@code QUERY_TAG}, its text, its statement type, rows produced or changed, files and bytes it moved
 * (PUT: bytes uploaded as recorded when the driver reports back or the stage is read; COPY: files and bytes loaded),
 * its error code (null when it succeeded), when it started and how long it took.
 */
public record QueryRecord(String queryId, String sessionId, String user, String role, String queryTag,
        String sqlText, String statementType, long rows, long files, long bytes, String errorCode, Instant start,
        long elapsedMillis) {
}
