package io.sfsync.snowflakeemulator.engine;

import java.time.Instant;

/**
 * One file a COPY INTO loaded, as {@code INFORMATION_SCHEMA.COPY_HISTORY()} serves it: the file (its path inside the
 * stage) and its stage, when it finished loading, its rows (loaded and parsed), its size as staged (compressed when
 * staged compressed), its status ({@code Loaded}), and the table it went into, by id and by name.
 */
public record CopyRecord(String fileName, String stageLocation, Instant lastLoadTime, long rowCount, long rowParsed,
        long fileSize, String status, long tableId, String database, String schema, String table, String queryId) {
}
